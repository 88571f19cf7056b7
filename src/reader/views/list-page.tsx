/**
 * The home page and channel pages: the channel's sub-channels, its visual focus and
 * recommended feed (curated first, then the newest, with load more), and beside them the
 * most read, the mood ranking and the special reports.
 */
import { Breadcrumb } from './breadcrumb.tsx';
import type { FeedModel } from './blocks/feed.tsx';
import { FeedBlock } from './blocks/feed.tsx';
import { FocusBlock, type FocusEntry } from './blocks/focus.tsx';
import { MoodRankingBlock, type MoodRankingModel } from './blocks/mood-ranking.tsx';
import { MostReadBlock } from './blocks/most-read.tsx';
import { TopicsBlock, type TopicEntry } from './blocks/topics.tsx';
import type { ArticleListEntry } from './article-list.tsx';
import { Layout, type NavLink, type PageHead, type Shell } from './layout.tsx';

export interface ListPageModel {
  readonly head: PageHead;
  readonly heading: string;
  /** Visually hidden heading (the home page's name is already in the header). */
  readonly headingHidden: boolean;
  readonly trail: readonly NavLink[] | null;
  readonly children: readonly NavLink[];
  readonly focus: readonly FocusEntry[];
  readonly feed: FeedModel;
  readonly mostRead: ReadonlyArray<ArticleListEntry & { views: number }>;
  readonly ranking: MoodRankingModel;
  readonly topics: readonly TopicEntry[];
}

export function ListPage(props: { shell: Shell; page: ListPageModel }): JSX.Element {
  const { shell, page } = props;
  const { t } = shell;
  return (
    <Layout shell={shell} head={page.head}>
      <main id="main" class="page page--list">
        {page.trail ? <Breadcrumb t={t} trail={page.trail} /> : ''}
        <h1 class={page.headingHidden ? 'visually-hidden' : 'page__title'} safe>
          {page.heading}
        </h1>
        {page.children.length > 0 ? (
          <nav class="subchannels" aria-label={t.subChannels}>
            <ul>
              {page.children.map((c) => (
                <li>
                  <a href={c.url} safe>
                    {c.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          ''
        )}
        <div class="page-grid">
          <div class="page-grid__main">
            <FocusBlock t={t} items={page.focus} />
            <FeedBlock t={t} model={page.feed} />
          </div>
          <div class="page-grid__side">
            <MostReadBlock t={t} items={page.mostRead} />
            <MoodRankingBlock t={t} model={page.ranking} />
            <TopicsBlock t={t} items={page.topics} />
          </div>
        </div>
      </main>
    </Layout>
  );
}
