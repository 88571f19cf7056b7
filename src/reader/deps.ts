/**
 * The reader's one doorway into the features: everything the public site may ask of the
 * domain, bound to a database. Routes and views see only this.
 */
import type { Config } from '../config/config.ts';
import type { Db } from '../db/schema.ts';
import type { ArticleDetail } from '../features/articles/article.ts';
import {
  articleAvailability,
  getArticleForPreview,
  getPublishedArticle,
  listPublished,
  type ArticlePage,
} from '../features/articles/articles.service.ts';
import { verifyPreview } from '../features/preview/preview.ts';
import { signingSecret } from '../features/settings/settings.service.ts';
import type { Clock } from '../shared/clock.ts';
import type { Channel } from '../features/channels/channel.ts';
import { channelAncestry, childChannels, getChannelByPath } from '../features/channels/channels.service.ts';
import type { Keyset } from '../shared/cursor.ts';

export interface ReaderDeps {
  readonly site: {
    readonly name: string;
    readonly locale: Config['site']['locale'];
    readonly timeZone: string;
    readonly publicUrl: string;
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
}

export function createReaderDeps(db: Db, config: Config, clock: Clock): ReaderDeps {
  return {
    site: { ...config.site, publicUrl: config.publicUrl },
    getPublishedArticle: (id) => getPublishedArticle(db, id),
    isWithdrawn: async (id) => (await articleAvailability(db, id)) === 'withdrawn',
    previewArticle: async (id, exp, sig) => {
      const secret = await signingSecret(db, clock, config.secretKey);
      return verifyPreview(id, exp, sig, clock.now(), secret) ? getArticleForPreview(db, id) : null;
    },
    getChannelByPath: (path) => getChannelByPath(db, path),
    channelAncestry: (channel) => channelAncestry(db, channel),
    childChannels: (channel) => childChannels(db, channel),
    listPublished: (opts) => listPublished(db, opts),
  };
}
