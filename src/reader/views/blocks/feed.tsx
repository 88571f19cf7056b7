/**
 * 推荐阅读 with 加载更多: curated items first, then the newest, each with its summary and
 * time as in the reference page. Without JavaScript "load more" is a link to the next
 * page; with it, the next items are fetched and appended here.
 */
import type { Messages } from '../../i18n/messages.ts';
import type { ArticleListEntry } from '../article-list.tsx';

export interface FeedModel {
  readonly curated: readonly ArticleListEntry[];
  readonly items: readonly ArticleListEntry[];
  readonly nextUrl: string | null;
}

export function FeedItems(props: { items: readonly ArticleListEntry[]; badge?: string }): JSX.Element {
  return (
    <>
      {props.items.map((item) => (
        <li class="feed__item">
          <h3 class="feed__title">
            {props.badge ? (
              <span class="badge" safe>
                {props.badge}
              </span>
            ) : (
              ''
            )}
            <a href={item.url} safe>
              {item.title}
            </a>
          </h3>
          {item.summary ? (
            <p class="feed__summary" safe>
              {item.summary}
            </p>
          ) : (
            ''
          )}
          <time class="feed__time" datetime={item.time.iso} safe>
            {item.time.text}
          </time>
        </li>
      ))}
    </>
  );
}

export function LoadMore(props: { t: Messages; nextUrl: string | null }): JSX.Element {
  if (!props.nextUrl) return '';
  return (
    <a class="feed__more" href={props.nextUrl} rel="next" data-load-more data-loading={props.t.loadingMore} data-done={props.t.noMore} safe>
      {props.t.loadMore}
    </a>
  );
}

export function FeedBlock(props: { t: Messages; model: FeedModel; headingLevel?: 2 | 1 }): JSX.Element {
  const { t, model } = props;
  const Heading = props.headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section class="block feed" id="feed" aria-labelledby="feed-h">
      <Heading id="feed-h" class="section-title" safe>
        {t.recommended}
      </Heading>
      <ul class="feed__list" data-feed-list aria-live="polite">
        <FeedItems items={model.curated} badge={t.curatedBadge} />
        <FeedItems items={model.items} />
      </ul>
      <LoadMore t={t} nextUrl={model.nextUrl} />
    </section>
  );
}
