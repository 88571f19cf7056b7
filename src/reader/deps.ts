/**
 * The reader's one doorway into the features: everything the public site may ask of the
 * domain, bound to a database. Routes and views see only this.
 */
import type { Config } from '../config/config.ts';
import type { Db } from '../db/schema.ts';
import type { ArticleDetail, ArticleListItem } from '../features/articles/article.ts';
import {
  articleAvailability,
  getArticleForPreview,
  getListItems,
  getPublishedArticle,
  listPublished,
  type ArticlePage,
} from '../features/articles/articles.service.ts';
import type { Channel } from '../features/channels/channel.ts';
import { channelAncestry, channelTree, childChannels, getChannelByPath, subtreeIds } from '../features/channels/channels.service.ts';
import { articlesInMonth, articlesOnDay, articlesSince, daysWithArticles, monthsWithArticles, type ArchiveEntry, type ArchiveMonth } from '../features/articles/archive.service.ts';
import { feedPage, focusItems, type FeedPage, type FocusItem } from '../features/feed/feed.service.ts';
import type { Media } from '../features/media/media.ts';
import type { Mood, MoodState, RankedArticle, RankingPeriod } from '../features/moods/mood.ts';
import { castVote, moodRanking, moodSet, moodState } from '../features/moods/moods.service.ts';
import { VoteBatcher } from '../features/moods/vote-batcher.ts';
import type { Dialect } from '../db/database.ts';
import { verifyPreview } from '../features/preview/preview.ts';
import { relatedArticles } from '../features/related/related.service.ts';
import { signingSecret } from '../features/settings/settings.service.ts';
import { currentTopics, topicBySlug, topicPage, topicsForArticle, type Topic, type TopicPage } from '../features/topics/topics.service.ts';
import { articleTagNames } from '../features/tags/tags.service.ts';
import { mostRead, type ViewCounter } from '../features/views/view-counter.ts';
import type { Clock } from '../shared/clock.ts';
import type { Keyset } from '../shared/cursor.ts';
import type { SearchBackend, SearchCursor } from '../search/backends/backend.ts';
import { searchArticles, type SearchResult } from '../search/search.service.ts';
import { PageTag } from '../features/invalidation/page-tags.ts';
import { FOCUS_ITEMS, RELATED_ITEMS } from './block-sizes.ts';
import { hashAddress } from './reader-id.ts';
import type { SharedReads } from './shared-reads.ts';

export interface ReaderDeps {
  readonly site: {
    readonly name: string;
    readonly locale: Config['site']['locale'];
    readonly timeZone: string;
    readonly publicUrl: string;
    readonly secureCookies: boolean;
    /** Feeds carry whole articles, not just summaries. */
    readonly feedFullContent: boolean;
    /** The WeChat official account's app id, when one is configured for share cards. */
    readonly weChatAppId: string | null;
  };
  getPublishedArticle(id: number): Promise<ArticleDetail | null>;
  /** Whether a missing article was withdrawn (410) or never published (404). */
  isWithdrawn(id: number): Promise<boolean>;
  /** The article a signed preview link opens, or null when the link is bad or expired. */
  previewArticle(id: number, exp: string, sig: string): Promise<ArticleDetail | null>;
  getChannelByPath(path: string): Promise<Channel | null>;
  channelAncestry(channel: Channel): Promise<Channel[]>;
  childChannels(channel: Channel): Promise<Channel[]>;
  listPublished(opts: { channel: Channel | null; after: Keyset | null; limit: number }): Promise<ArticlePage>;
  articlesById(ids: readonly number[]): Promise<ArticleListItem[]>;
  feed(opts: { channel: Channel | null; after: Keyset | null; exclude: ReadonlySet<number> }): Promise<FeedPage>;
  focus(channel: Channel | null): Promise<FocusItem[]>;
  related(articleId: number): Promise<ArticleListItem[]>;
  topics(): Promise<Array<Topic & { banner: Media | null }>>;
  topicsOfArticle(articleId: number): Promise<Array<{ id: number; slug: string; title: string }>>;
  tagsOf(articleId: number): Promise<string[]>;
  topicPage(slug: string): Promise<TopicPage | null>;
  moods(): Promise<Mood[]>;
  moodState(articleId: number, readerId: string | null): Promise<MoodState>;
  /** Votes (in its own transaction); resolves only once the vote is committed. */
  vote(input: { articleId: number; readerId: string; moodKey: string; ip: string }): Promise<MoodState>;
  moodRanking(input: { moodKey: string; period: RankingPeriod; channel: Channel | null; limit: number }): Promise<RankedArticle[]>;
  mostRead(input: { period: 'today' | 'week'; channel: Channel | null; limit: number }): Promise<Array<ArticleListItem & { views: number }>>;
  recordView(articleId: number, channelId: number): void;
  search(input: { query: string; channel: Channel | null; from: Date | null; to: Date | null; after: SearchCursor | null; limit: number }): Promise<SearchResult>;
  /** For feeds: the newest of a published topic, or null when there is none by that slug. */
  topicArticles(slug: string, limit: number): Promise<{ title: string; intro: string; items: ArticleListItem[] } | null>;
  allChannels(): Promise<Channel[]>;
  monthsWithArticles(): Promise<ArchiveMonth[]>;
  articlesInMonth(month: string, limit: number): Promise<ArchiveEntry[]>;
  daysWithArticles(month: string): Promise<string[]>;
  articlesOnDay(day: string, limit: number): Promise<ArchiveEntry[]>;
  articlesSince(since: Date, limit: number): Promise<ArchiveEntry[]>;
  now(): Date;
}

export function createReaderDeps(
  db: Db,
  dialect: Dialect,
  config: Config,
  clock: Clock,
  views: ViewCounter,
  searchBackend: SearchBackend,
  shared: SharedReads | null,
): ReaderDeps {
  const tz = config.site.timeZone;
  // Site-wide reads go through the shared memo when there is one (see shared-reads.ts).
  const memo = <T,>(key: string, tags: readonly string[], read: () => Promise<T>): Promise<T> => (shared ? shared.get(key, tags, read) : read());
  const site = [PageTag.site];
  const lists = [PageTag.lists];
  // SQLite has one writer: votes arriving together commit together (vote-batcher.ts).
  const votes = dialect === 'sqlite' ? new VoteBatcher(db, clock) : null;
  // The secret never changes once stored: read it once per process.
  let stored: Promise<string> | null = null;
  const secret = () => {
    stored ??= signingSecret(db, clock, config.secretKey).catch((error: unknown) => {
      stored = null;
      throw error;
    });
    return stored;
  };
  return {
    site: { ...config.site, publicUrl: config.publicUrl, secureCookies: config.secureCookies, feedFullContent: config.feedFullContent, weChatAppId: config.wechat?.appId ?? null },
    getPublishedArticle: (id) => getPublishedArticle(db, id),
    isWithdrawn: async (id) => (await articleAvailability(db, id)) === 'withdrawn',
    previewArticle: async (id, exp, sig) => (verifyPreview(id, exp, sig, clock.now(), await secret()) ? getArticleForPreview(db, id) : null),
    getChannelByPath: (path) => memo(`channel:${path}`, site, () => getChannelByPath(db, path)),
    channelAncestry: (channel) => memo(`ancestry:${channel.id}`, site, () => channelAncestry(db, channel)),
    childChannels: (channel) => memo(`children:${channel.id}`, site, () => childChannels(db, channel)),
    listPublished: (opts) => listPublished(db, opts),
    articlesById: (ids) => getListItems(db, ids),
    feed: (opts) => feedPage(db, clock, opts),
    focus: (channel) => memo(`focus:${channel?.id ?? ''}`, lists, () => focusItems(db, channel, FOCUS_ITEMS)),
    related: (id) => relatedArticles(db, id, RELATED_ITEMS),
    topics: () => memo('topics', [PageTag.topics], () => currentTopics(db)),
    topicsOfArticle: (id) => topicsForArticle(db, id),
    tagsOf: (id) => articleTagNames(db, id),
    topicPage: (slug) => topicPage(db, slug),
    moods: () => memo('moods', site, () => moodSet(db)),
    moodState: (id, readerId) => moodState(db, id, readerId),
    vote: async ({ ip, ...input }) => {
      const ipHash = hashAddress(ip, await secret());
      const vote = { ...input, ipHash, timeZone: tz };
      return votes ? votes.cast(vote) : db.transaction().execute((trx) => castVote(trx, clock, vote));
    },
    moodRanking: (input) =>
      memo(`ranking:${input.moodKey}:${input.period}:${input.channel?.id ?? ''}:${input.limit}`, [...site, ...lists], () => moodRanking(db, clock, { ...input, timeZone: tz })),
    mostRead: (input) => memo(`most-read:${input.period}:${input.channel?.id ?? ''}:${input.limit}`, lists, () => mostRead(db, clock, { ...input, timeZone: tz })),
    recordView: (articleId, channelId) => views.record(articleId, channelId),
    topicArticles: async (slug, limit) => {
      const topic = await topicBySlug(db, slug);
      if (!topic) return null;
      const page = await listPublished(db, { topicId: topic.id, limit });
      return { title: topic.title, intro: topic.intro, items: [...page.items] };
    },
    allChannels: () => memo('channels', site, () => channelTree(db)),
    monthsWithArticles: () => monthsWithArticles(db, tz),
    articlesInMonth: (month, limit) => articlesInMonth(db, month, tz, limit),
    daysWithArticles: (month) => daysWithArticles(db, month, tz),
    articlesOnDay: (day, limit) => articlesOnDay(db, day, tz, limit),
    articlesSince: (since, limit) => articlesSince(db, since, clock.now(), limit),
    now: () => clock.now(),
    search: async ({ channel, ...input }) =>
      searchArticles(db, searchBackend, { ...input, channelIds: channel && channel.path !== '' ? await subtreeIds(db, channel) : null }),
  };
}
