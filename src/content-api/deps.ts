/**
 * The content API's doorway into the features: public, published content only, bound to
 * a database and to the dialect's search engine.
 */
import type { Config } from '../config/config.ts';
import type { Db } from '../db/schema.ts';
import { articlePath } from '../features/articles/article-path.ts';
import type { ArticleDetail, ArticleListItem } from '../features/articles/article.ts';
import { getPublishedArticle, listPublished, type ArticlePage } from '../features/articles/articles.service.ts';
import { channelUrl, type Channel } from '../features/channels/channel.ts';
import { channelAncestry, channelTree, getChannelById, getChannelByPath, subtreeIds } from '../features/channels/channels.service.ts';
import { primaryUrl } from '../features/media/media.ts';
import { articleTagNames, tagBySlug } from '../features/tags/tags.service.ts';
import { currentTopics, topicBySlug, topicPage, topicsForArticle, type TopicPage } from '../features/topics/topics.service.ts';
import type { SearchBackend } from '../search/backends/backend.ts';
import { searchArticles, type SearchResult } from '../search/search.service.ts';
import type { Keyset } from '../shared/cursor.ts';
import type { SearchCursor } from '../search/backends/backend.ts';

export interface ApiDeps {
  readonly publicUrl: string;
  readonly timeZone: string;
  articleUrl(a: { id: number; publishedAt: Date }): string;
  channelRef(channelId: number): Promise<Channel | null>;
  list(opts: { channelPath?: string; tagSlug?: string; topicSlug?: string; after: Keyset | null; limit: number }): Promise<ArticlePage | null>;
  article(id: number): Promise<ArticleDetail | null>;
  breadcrumb(channel: Channel): Promise<Channel[]>;
  tagsOf(id: number): Promise<string[]>;
  topicsOf(id: number): Promise<Array<{ slug: string; title: string }>>;
  channels(): Promise<Channel[]>;
  topics(): Promise<Array<{ slug: string; title: string; intro: string; banner: string | null }>>;
  topic(slug: string): Promise<(TopicPage & { bannerUrl: string | null }) | null>;
  search(input: { query: string; channelPath?: string; from: Date | null; to: Date | null; after: SearchCursor | null; limit: number }): Promise<SearchResult | null>;
  coverUrl(a: ArticleDetail): string | null;
}

export function createApiDeps(db: Db, config: Config, backend: SearchBackend): ApiDeps {
  const tz = config.site.timeZone;
  const channelCache = new Map<number, Channel | null>();
  return {
    publicUrl: config.publicUrl,
    timeZone: tz,
    articleUrl: (a) => `${config.publicUrl}${articlePath(a.id, a.publishedAt, tz)}`,
    async channelRef(id) {
      if (!channelCache.has(id)) channelCache.set(id, await getChannelById(db, id));
      return channelCache.get(id) ?? null;
    },
    async list(opts) {
      const channel = opts.channelPath ? await getChannelByPath(db, opts.channelPath) : null;
      if (opts.channelPath && !channel) return null;
      const tag = opts.tagSlug ? await tagBySlug(db, opts.tagSlug) : null;
      if (opts.tagSlug && !tag) return null;
      const topic = opts.topicSlug ? await topicBySlug(db, opts.topicSlug) : null;
      if (opts.topicSlug && !topic) return null;
      return listPublished(db, { channel, tagId: tag?.id, topicId: topic?.id, after: opts.after, limit: opts.limit });
    },
    article: (id) => getPublishedArticle(db, id),
    breadcrumb: (channel) => channelAncestry(db, channel),
    tagsOf: (id) => articleTagNames(db, id),
    topicsOf: (id) => topicsForArticle(db, id),
    channels: () => channelTree(db),
    topics: async () => (await currentTopics(db)).map((t) => ({ slug: t.slug, title: t.title, intro: t.intro, banner: t.banner ? `${config.publicUrl}${primaryUrl(t.banner)}` : null })),
    topic: async (slug) => {
      const page = await topicPage(db, slug);
      return page ? { ...page, bannerUrl: page.banner ? `${config.publicUrl}${primaryUrl(page.banner)}` : null } : null;
    },
    async search(input) {
      const channel = input.channelPath ? await getChannelByPath(db, input.channelPath) : null;
      if (input.channelPath && !channel) return null;
      const channelIds = channel && channel.path !== '' ? await subtreeIds(db, channel) : null;
      return searchArticles(db, backend, { query: input.query, channelIds, from: input.from, to: input.to, after: input.after, limit: input.limit });
    },
    coverUrl: (a) => (a.coverImageUrl ? (a.coverImageUrl.startsWith('http') ? a.coverImageUrl : `${config.publicUrl}${a.coverImageUrl}`) : null),
  };
}

export function channelRefOf(publicUrl: string, c: Channel) {
  return { id: c.id, name: c.name, path: c.path, url: `${publicUrl}${channelUrl(c)}` };
}

export type { ArticleListItem };
