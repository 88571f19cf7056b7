/**
 * Feeds and sitemaps: /feed.xml and /atom.xml for the site, each topic's under
 * /topics/<slug>/, each channel's under its path (served through the channel route, see
 * channelFeed); robots.txt, the sitemap index, per-month article sitemaps, the sections
 * sitemap and the news sitemap of the last 48 hours.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { articlePath } from '../../features/articles/article-path.ts';
import type { ArticleListItem } from '../../features/articles/article.ts';
import { channelUrl, isValidSlug, type Channel } from '../../features/channels/channel.ts';
import { PageTag } from '../../features/invalidation/page-tags.ts';
import { AppError } from '../../platform/errors.ts';
import type { ReaderDeps } from '../deps.ts';
import { absolutizeLinks, renderFeed, type FeedEntry, type FeedFormat } from './feeds.ts';
import { NEWS_MAX_URLS, newsLanguage, newsSitemap, SITEMAP_MAX_URLS, sitemapIndex, urlSet } from './sitemaps.ts';

const FEED_ITEMS = 20;
const NEWS_WINDOW_MS = 48 * 3600_000;
/** Feeds and sitemaps may be five minutes old in browsers and CDNs (changes still purge this server's copy). */
const XML_MAX_AGE = 300;
/** Feeds and sitemaps list articles under channel and topic names. */
const LIST_TAGS = [PageTag.site, PageTag.lists, PageTag.topics];
const FEED_FILE = /^(feed|atom)\.xml$/;
// Years 1900–2999: outside them a month has no storable bounds on every database (year 0, the month after 9999-12).
const ARCHIVE_FILE = /^articles-((?:19|2\d)\d{2}-(?:0[1-9]|1[0-2]))(?:-(0[1-9]|[12]\d|3[01]))?\.xml$/;

/** The feed format a file name asks for (feed.xml is RSS, atom.xml is Atom), or null. */
export function feedFormatOf(file: string): FeedFormat | null {
  const m = FEED_FILE.exec(file);
  return m ? (m[1] === 'atom' ? 'atom' : 'rss') : null;
}

function sendXml(req: FastifyRequest, reply: FastifyReply, xml: string, type: string, tags: readonly string[] = LIST_TAGS, maxAge = XML_MAX_AGE): FastifyReply {
  return req.server.pageSender.send(req, reply, { body: xml, contentType: `${type}; charset=utf-8`, tags, maxAge });
}

async function entriesFor(deps: ReaderDeps, items: readonly ArticleListItem[]): Promise<FeedEntry[]> {
  const { publicUrl, timeZone, feedFullContent } = deps.site;
  const [channels, details] = await Promise.all([deps.allChannels(), Promise.all(items.map((a) => deps.getPublishedArticle(a.id)))]);
  const names = new Map(channels.map((c) => [c.id, c.name]));
  return details.flatMap((a) =>
    a
      ? [
          {
            url: `${publicUrl}${articlePath(a.id, a.publishedAt, timeZone)}`,
            title: a.title,
            summary: a.summary,
            publishedAt: a.publishedAt,
            updatedAt: a.revisedAt ?? a.publishedAt,
            channelName: names.get(a.channelId) ?? null,
            authors: a.reporters.length > 0 ? a.reporters.map((r) => r.name) : a.byline ? [a.byline] : [],
            contentHtml: feedFullContent ? absolutizeLinks(a.bodyHtml, publicUrl) : null,
          },
        ]
      : [],
  );
}

async function sendFeed(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderDeps,
  format: FeedFormat,
  list: { title: string; description: string; pagePath: string; items: readonly ArticleListItem[]; tags: readonly string[] },
): Promise<FastifyReply> {
  const { publicUrl, locale, name } = deps.site;
  const xml = renderFeed(
    {
      title: list.title,
      description: list.description,
      pageUrl: `${publicUrl}${list.pagePath}`,
      rssUrl: `${publicUrl}${list.pagePath}feed.xml`,
      atomUrl: `${publicUrl}${list.pagePath}atom.xml`,
      language: locale,
      siteName: name,
      entries: await entriesFor(deps, list.items),
      now: deps.now(),
    },
    format,
  );
  return sendXml(req, reply, xml, format === 'rss' ? 'application/rss+xml' : 'application/atom+xml', list.tags);
}

/** A channel's feed: the channel route hands over paths ending in feed.xml or atom.xml. */
export async function channelFeed(req: FastifyRequest, reply: FastifyReply, deps: ReaderDeps, channel: Channel, format: FeedFormat): Promise<FastifyReply> {
  const page = await deps.listPublished({ channel, after: null, limit: FEED_ITEMS });
  const path = channelUrl(channel);
  const title = channel.path === '' ? deps.site.name : `${channel.name}_${deps.site.name}`;
  return sendFeed(req, reply, deps, format, { title, description: title, pagePath: path, items: page.items, tags: LIST_TAGS });
}

export async function syndicationRoutes(instance: FastifyInstance, opts: { deps: ReaderDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { publicUrl, timeZone } = deps.site;

  for (const file of ['feed.xml', 'atom.xml']) {
    const format = feedFormatOf(file) as FeedFormat;
    app.get(`/${file}`, async (req, reply) => {
      const root = await deps.getChannelByPath('');
      if (!root) throw new AppError('NOT_FOUND');
      return channelFeed(req, reply, deps, root, format);
    });
    app.get(`/topics/:slug/${file}`, { schema: { params: Type.Object({ slug: Type.String({ maxLength: 64 }) }) } }, async (req, reply) => {
      const topic = isValidSlug(req.params.slug, false) ? await deps.topicArticles(req.params.slug, FEED_ITEMS) : null;
      if (!topic) throw new AppError('TOPIC_NOT_FOUND');
      const title = `${topic.title}_${deps.site.name}`;
      const tags = [PageTag.site, PageTag.topics, ...topic.items.map((a) => PageTag.article(a.id))];
      return sendFeed(req, reply, deps, format, { title, description: topic.intro || title, pagePath: `/topics/${req.params.slug}/`, items: topic.items, tags });
    });
  }

  app.get('/robots.txt', async (req, reply) => {
    const lines = [
      'User-agent: *',
      'Disallow: /newsroom/',
      'Disallow: /preview/',
      'Disallow: /search/',
      'Disallow: /api/',
      '',
      `Sitemap: ${publicUrl}/sitemap.xml`,
      `Sitemap: ${publicUrl}/sitemaps/news.xml`,
      '',
    ];
    return app.pageSender.send(req, reply, { body: lines.join('\n'), contentType: 'text/plain; charset=utf-8', tags: [PageTag.site], maxAge: 3600 });
  });

  app.get('/sitemap.xml', async (req, reply) => {
    const months = await deps.monthsWithArticles();
    const recent = await deps.articlesSince(new Date(deps.now().getTime() - NEWS_WINDOW_MS), 1);
    const entries: Array<{ url: string; lastModified: Date | null }> = [{ url: `${publicUrl}/sitemaps/sections.xml`, lastModified: null }];
    if (recent.length > 0) entries.push({ url: `${publicUrl}/sitemaps/news.xml`, lastModified: null });
    for (const { month, count, lastModified } of months) {
      if (count <= SITEMAP_MAX_URLS) entries.push({ url: `${publicUrl}/sitemaps/articles-${month}.xml`, lastModified });
      // A day's newest change is not known without reading the day: its entry goes without.
      else for (const day of await deps.daysWithArticles(month)) entries.push({ url: `${publicUrl}/sitemaps/articles-${day}.xml`, lastModified: null });
    }
    return sendXml(req, reply, sitemapIndex(entries), 'application/xml');
  });

  app.get('/sitemaps/sections.xml', async (req, reply) => {
    const [channels, topics] = await Promise.all([deps.allChannels(), deps.topics()]);
    // The home page answers before the root channel exists; it keeps this <urlset> from being
    // empty, which the sitemaps.org schema forbids.
    const home = channels.some((c) => c.path === '') ? [] : [{ url: `${publicUrl}/`, lastModified: null, changeFrequency: 'hourly' as const }];
    const entries = [
      ...home,
      ...channels.map((c) => ({ url: `${publicUrl}${channelUrl(c)}`, lastModified: null, changeFrequency: 'hourly' as const })),
      ...topics.map((t) => ({ url: `${publicUrl}/topics/${t.slug}/`, lastModified: null, changeFrequency: 'daily' as const })),
    ];
    return sendXml(req, reply, urlSet(entries), 'application/xml');
  });

  app.get('/sitemaps/news.xml', async (req, reply) => {
    const since = new Date(deps.now().getTime() - NEWS_WINDOW_MS);
    const recent = await deps.articlesSince(since, NEWS_MAX_URLS);
    // An empty news sitemap is invalid to Google: there is none until something is published.
    if (recent.length === 0) throw new AppError('NOT_FOUND');
    const xml = newsSitemap(
      { name: deps.site.name, language: newsLanguage(deps.site.locale) },
      recent.map((a) => ({ url: `${publicUrl}${articlePath(a.id, a.publishedAt, timeZone)}`, title: a.title, publishedAt: a.publishedAt })),
    );
    return sendXml(req, reply, xml, 'application/xml', LIST_TAGS, 60);
  });

  app.get('/sitemaps/:file', { schema: { params: Type.Object({ file: Type.String({ maxLength: 40 }) }) } }, async (req, reply) => {
    const m = ARCHIVE_FILE.exec(req.params.file);
    if (!m) throw new AppError('NOT_FOUND');
    const month = m[1] as string;
    const entries = m[2] ? await deps.articlesOnDay(`${month}-${m[2]}`, SITEMAP_MAX_URLS) : await deps.articlesInMonth(month, SITEMAP_MAX_URLS);
    if (entries.length === 0) throw new AppError('NOT_FOUND');
    const xml = urlSet(entries.map((a) => ({ url: `${publicUrl}${articlePath(a.id, a.publishedAt, timeZone)}`, lastModified: a.lastModified })));
    return sendXml(req, reply, xml, 'application/xml');
  });
}
