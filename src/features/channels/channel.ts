export interface Channel {
  readonly id: number;
  readonly parentId: number | null;
  readonly slug: string;
  readonly name: string;
  /** Slugs joined by '/', '' for the root. */
  readonly path: string;
  readonly position: number;
}

/** The reader URL of a channel: / for the root, /local/society/ below it. */
export function channelUrl(channel: Pick<Channel, 'path'>): string {
  return channel.path === '' ? '/' : `/${channel.path}/`;
}

/** First-level slugs the app's own routes use; a channel may not take them. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'api', 'assets', 'media', 'newsroom', 'search', 'feeds', 'feed', 'rss', 'atom', 'sitemap',
  'topics', 'topic', 'tags', 'tag', 'moods', 'healthz', 'metrics', 'robots', 'favicon', 'static', 'preview',
]);

const SLUG = /^[a-z][a-z0-9-]{0,62}$/;

export function isValidSlug(slug: string, atTopLevel: boolean): boolean {
  return SLUG.test(slug) && !(atTopLevel && RESERVED_SLUGS.has(slug));
}
