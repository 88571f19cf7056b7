/** 最多阅读: this week's most read stories. */
import type { Messages } from '../../i18n/messages.ts';
import type { ArticleListEntry } from '../article-list.tsx';

export function MostReadBlock(props: { t: Messages; items: ReadonlyArray<ArticleListEntry & { views: number }> }): JSX.Element {
  if (props.items.length === 0) return '';
  return (
    <section class="block most-read" aria-labelledby="most-read-h">
      <h2 id="most-read-h" class="section-title" safe>
        {props.t.mostRead}
      </h2>
      <ol class="link-list link-list--ranked">
        {props.items.map((item) => (
          <li>
            <a href={item.url} safe>
              {item.title}
            </a>
            <span class="count" safe>
              {props.t.views(item.views)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
