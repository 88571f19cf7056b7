/** 相关阅读: articles like this one, computed when it was published. */
import type { Messages } from '../../i18n/messages.ts';
import type { ArticleListEntry } from '../article-list.tsx';

export function RelatedBlock(props: { t: Messages; items: readonly ArticleListEntry[] }): JSX.Element {
  if (props.items.length === 0) return '';
  return (
    <section class="block related" aria-labelledby="related-h">
      <h2 id="related-h" class="section-title" safe>
        {props.t.related}
      </h2>
      <ul class="link-list">
        {props.items.map((item) => (
          <li>
            <a href={item.url} safe>
              {item.title}
            </a>
            <time datetime={item.time.iso} safe>
              {item.time.text.slice(0, 10)}
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}
