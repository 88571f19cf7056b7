/**
 * RSS 2.0 and Atom documents for a list of articles (the site, a channel or a topic), built
 * with the `feed` package. Pure: a model in, XML out.
 */
import { Feed } from 'feed';

export type FeedFormat = 'rss' | 'atom';

export interface FeedEntry {
  readonly url: string;
  readonly title: string;
  readonly summary: string;
  readonly publishedAt: Date;
  readonly updatedAt: Date;
  readonly channelName: string | null;
  readonly authors: readonly string[];
  /** Full body HTML with absolute links, when the site publishes full content in feeds. */
  readonly contentHtml: string | null;
}

export interface FeedModel {
  readonly title: string;
  readonly description: string;
  /** The HTML page this feed follows. */
  readonly pageUrl: string;
  readonly rssUrl: string;
  readonly atomUrl: string;
  readonly language: string;
  readonly siteName: string;
  readonly entries: readonly FeedEntry[];
  /** When there are no entries: the feed still needs an updated time. */
  readonly now: Date;
}

export function renderFeed(model: FeedModel, format: FeedFormat): string {
  const updated = model.entries.reduce((max, e) => (e.updatedAt > max ? e.updatedAt : max), new Date(0));
  const feed = new Feed({
    id: format === 'atom' ? model.atomUrl : model.pageUrl,
    title: model.title,
    description: model.description,
    link: model.pageUrl,
    language: model.language,
    updated: model.entries.length > 0 ? updated : model.now,
    generator: 'Masthead',
    feedLinks: { rss: model.rssUrl, atom: model.atomUrl },
    copyright: `© ${model.siteName}`,
    ttl: 5,
  });
  for (const e of model.entries) {
    feed.addItem({
      id: e.url,
      guid: e.url,
      link: e.url,
      title: e.title,
      date: e.updatedAt,
      published: e.publishedAt,
      description: e.summary || undefined,
      content: e.contentHtml ?? undefined,
      // RSS 2.0's <author> must be an e-mail address; reporters' names go in Atom only.
      author: format === 'atom' ? e.authors.map((name) => ({ name })) : undefined,
      category: e.channelName ? [{ name: e.channelName, term: e.channelName }] : undefined,
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

/**
 * Makes root-relative links and image sources absolute: feed readers show the HTML away
 * from the site. Bodies are sanitised, so attributes are always double-quoted.
 */
export function absolutizeLinks(html: string, origin: string): string {
  return html
    .replace(/\b(src|href|poster)="\/(?!\/)/g, `$1="${origin}/`)
    .replace(/\bsrcset="([^"]*)"/g, (_m, set: string) => `srcset="${set.replace(/(^|,\s*)\/(?!\/)/g, `$1${origin}/`)}"`);
}
