/**
 * The engagement blocks around an article or a list (blocks 10–15 of the page anatomy):
 * related reading, moods and their ranking, visual focus, special topics, most read, and
 * the recommended feed. The feed leaves out every article another block on the same page
 * already shows, and its "load more" link carries that list so later pages do too.
 */
import { escapeHtml } from '@kitajs/html';
import type { ArticleListItem } from '../features/articles/article.ts';
import { channelUrl, type Channel } from '../features/channels/channel.ts';
import { pictureHtml } from '../features/media/figures.ts';
import type { MoodState } from '../features/moods/mood.ts';
import { encodeCursor, type Keyset } from '../shared/cursor.ts';
import { MAX_EXCLUDED, MOST_READ_ITEMS, RANKING_ITEMS } from './block-sizes.ts';
import type { ReaderDeps } from './deps.ts';
import type { Messages } from './i18n/messages.ts';
import { listEntry } from './page-models.ts';
import type { ArticleListEntry } from './views/article-list.tsx';
import type { FeedModel } from './views/blocks/feed.tsx';
import type { FocusEntry } from './views/blocks/focus.tsx';
import type { MoodRankingModel } from './views/blocks/mood-ranking.tsx';
import type { MoodsModel } from './views/blocks/moods.tsx';
import type { TopicEntry } from './views/blocks/topics.tsx';

/** The carousel is as wide as the column. */
const FOCUS_SIZES = '(min-width: 44rem) 42rem, 100vw';
const TOPIC_SIZES = '(min-width: 44rem) 20rem, 100vw';

export interface Blocks {
  readonly focus: readonly FocusEntry[];
  readonly topics: readonly TopicEntry[];
  readonly ranking: MoodRankingModel;
  readonly mostRead: ReadonlyArray<ArticleListEntry & { views: number }>;
  readonly feed: FeedModel;
}

export function moodsModel(t: Messages, articleId: number, state: MoodState, status: string | null): MoodsModel {
  const en = t.htmlLang === 'en';
  return {
    action: `/api/v1/articles/${articleId}/moods`,
    stateUrl: `/api/v1/articles/${articleId}/moods`,
    tallies: state.tallies.map((m) => ({ key: m.key, name: en ? m.nameEn : m.nameZh, icon: m.icon, count: m.count })),
    choice: state.choice,
    status,
  };
}

export function parseExclude(text: string | undefined): Set<number> {
  const ids = (text ?? '')
    .split(',')
    .slice(0, MAX_EXCLUDED)
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  return new Set(ids);
}

export function feedNextUrl(base: string, next: Keyset | null, exclude: ReadonlySet<number>): string | null {
  if (!next) return null;
  const params = new URLSearchParams({ after: encodeCursor(next) });
  const ids = [...exclude];
  if (ids.length > 0) params.set('exclude', ids.join(','));
  return `${base}?${params}#feed`;
}

/**
 * Every block for a page about `channel` (null: the whole site). `shown` holds the ids
 * already on the page (the article itself, its related list); the blocks add theirs.
 * Most read belongs to list pages; the article page keeps to the capture's blocks.
 */
export async function loadBlocks(
  deps: ReaderDeps,
  t: Messages,
  opts: { channel: Channel | null; shown: ReadonlySet<number>; after: Keyset | null; feedBase: string; firstPage: boolean; mostRead: boolean },
): Promise<Blocks> {
  const { timeZone } = deps.site;
  const en = t.htmlLang === 'en';
  const shown = new Set(opts.shown);
  const firstPage = opts.firstPage;

  const [focus, topics, moods, mostRead] = firstPage
    ? await Promise.all([
        deps.focus(opts.channel),
        deps.topics(),
        deps.moods(),
        opts.mostRead ? deps.mostRead({ period: 'week', channel: opts.channel, limit: MOST_READ_ITEMS }) : [],
      ])
    : [[], [], [], []];
  for (const f of focus) shown.add(f.id);
  for (const m of mostRead) shown.add(m.id);

  const rankingLists = await Promise.all(moods.map((m) => deps.moodRanking({ moodKey: m.key, period: 'week', channel: opts.channel, limit: RANKING_ITEMS })));
  const rankedItems = await deps.articlesById([...new Set(rankingLists.flat().map((r) => r.articleId))]);
  const byId = new Map(rankedItems.map((a) => [a.id, a]));
  for (const id of byId.keys()) shown.add(id);

  // Later pages get the first page's list through the "load more" link, and keep leaving those out.
  const exclude = shown;
  const feed = await deps.feed({ channel: opts.channel, after: opts.after, exclude });
  const toEntry = (a: ArticleListItem) => listEntry(a, timeZone);

  return {
    focus: focus.map((f) => ({
      url: toEntry({ id: f.id, kind: 'article', title: f.title, summary: f.summary, channelId: 0, publishedAt: f.publishedAt }).url,
      title: f.title,
      pictureHtml: f.media ? pictureHtml(f.media, f.title, FOCUS_SIZES) : `<img src="${escapeHtml(f.coverUrl)}" alt="" loading="lazy">`,
    })),
    topics: topics.map((topic) => ({
      url: `/topics/${topic.slug}/`,
      title: topic.title,
      intro: topic.intro,
      pictureHtml: topic.banner ? pictureHtml(topic.banner, '', TOPIC_SIZES) : '',
    })),
    ranking: {
      pageUrl: '/moods/',
      moods: moods.map((m, i) => ({
        key: m.key,
        name: en ? m.nameEn : m.nameZh,
        icon: m.icon,
        items: (rankingLists[i] ?? []).flatMap((r) => {
          const a = byId.get(r.articleId);
          return a ? [{ ...toEntry(a), count: r.count }] : [];
        }),
      })),
    },
    mostRead: mostRead.map((m) => ({ ...toEntry(m), views: m.views })),
    feed: {
      curated: feed.curated.map(toEntry),
      items: feed.items.map(toEntry),
      nextUrl: feedNextUrl(opts.feedBase, feed.next, exclude),
    },
  };
}

export function channelBase(channel: Channel | null): string {
  return channel ? channelUrl(channel) : '/';
}
