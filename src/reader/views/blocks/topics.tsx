/** 独家策划: the current special reports; and the ones an article belongs to. */
import type { Messages } from '../../i18n/messages.ts';

export interface TopicEntry {
  readonly url: string;
  readonly title: string;
  readonly intro: string;
  /** <picture> markup from the media library, or ''. Trusted. */
  readonly pictureHtml: string;
}

export function TopicsBlock(props: { t: Messages; items: readonly TopicEntry[] }): JSX.Element {
  const { t, items } = props;
  if (items.length === 0) return '';
  return (
    <section class="block topics" aria-labelledby="topics-h">
      <h2 id="topics-h" class="section-title">
        <a href="/topics/" safe>
          {t.topics}
        </a>
      </h2>
      <ul class="topics__list">
        {items.map((item) => {
          const safePicture = item.pictureHtml;
          return (
            <li class="topics__item">
              <a href={item.url}>
                {safePicture}
                <strong safe>{item.title}</strong>
              </a>
              {item.intro ? <p safe>{item.intro}</p> : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ArticleTopics(props: { t: Messages; topics: ReadonlyArray<{ url: string; title: string }> }): JSX.Element {
  if (props.topics.length === 0) return '';
  return (
    <p class="article__topics">
      <span safe>{props.t.articleTopics}</span>
      {props.topics.map((topic) => (
        <a href={topic.url} class="tag" safe>
          {topic.title}
        </a>
      ))}
    </p>
  );
}
