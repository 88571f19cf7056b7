/**
 * The public site: home page, channel pages, article pages and signed previews. Handlers
 * gather a view model through ReaderDeps and hand it to a pure view.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { articlePath } from '../features/articles/article-path.ts';
import type { ArticleDetail } from '../features/articles/article.ts';
import { channelUrl, isValidSlug, type Channel } from '../features/channels/channel.ts';
import type { AssetBundle } from '../platform/assets.ts';
import type { Locale } from '../config/config.ts';
import type { MoodState } from '../features/moods/mood.ts';
import { AppError, userMessage } from '../platform/errors.ts';
import { decodeCursor } from '../shared/cursor.ts';
import { toHtml } from '../shared/to-html.ts';
import { channelBase, loadBlocks, moodsModel, parseExclude } from './blocks.ts';
import type { ReaderDeps } from './deps.ts';
import type { Messages } from './i18n/messages.ts';
import { channelLink, creditLine, displayTime, FOLD_MIN_CHARS, listEntry, loadShell } from './page-models.ts';
import { qrSvg } from './qr.ts';
import { breadcrumbLd, newsArticleLd, shareImage, webSiteLd } from './structured-data.ts';
import { readerIdOf } from './reader-id.ts';
import { PageTag } from '../features/invalidation/page-tags.ts';
import { mediaIdsIn } from '../features/media/figures.ts';
import { channelFeed, feedFormatOf } from './syndication/syndication.routes.ts';
import { ArticlePage } from './views/article-page.tsx';
import { FeedItems, LoadMore } from './views/blocks/feed.tsx';
import { ListPage } from './views/list-page.tsx';
import { MAX_EXCLUDE_CHARS } from './block-sizes.ts';

const ListQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 64 })),
  exclude: Type.Optional(Type.String({ maxLength: MAX_EXCLUDE_CHARS })),
  fragment: Type.Optional(Type.Literal('1')),
});
const ArticleParams = Type.Object({
  ym: Type.String(),
  dd: Type.String(),
  id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }),
});
const ArticleQuery = Type.Object({ mood: Type.Optional(Type.String({ maxLength: 20 })) });

const HTML = 'text/html; charset=utf-8';
/** Every list and article page shows the shell, the newest lists and the topics block. */
const LIST_PAGE_TAGS = [PageTag.site, PageTag.lists, PageTag.topics];

function sendHtml(reply: FastifyReply, html: string, cache = 'public, max-age=60'): FastifyReply {
  return reply.type(HTML).header('cache-control', cache).send(html);
}

export async function readerRoutes(instance: FastifyInstance, opts: { deps: ReaderDeps; assets: AssetBundle }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps, assets } = opts;
  const { timeZone, publicUrl } = deps.site;

  async function listPage(req: FastifyRequest, reply: FastifyReply, channel: Channel | null, query: { after?: string; exclude?: string; fragment?: '1' }) {
    const cursor = query.after === undefined ? null : decodeCursor(query.after);
    if (query.after !== undefined && !cursor) throw new AppError('INVALID_CURSOR');
    const shell = await loadShell(deps, assets, req.cspNonce);
    const { t } = shell;
    const base = channelBase(channel);
    const blocks = await loadBlocks(deps, t, { channel, shown: parseExclude(query.exclude), after: cursor, feedBase: base, firstPage: !cursor, mostRead: true });
    if (query.fragment) {
      // "Load more" with JavaScript: just the next items and the next link, to append.
      return sendHtml(reply, toHtml(<FeedItems items={blocks.feed.items} />) + toHtml(<LoadMore t={t} nextUrl={blocks.feed.nextUrl} />));
    }
    const isHome = !channel || channel.path === '';
    const [trail, children] = await Promise.all([
      channel && !isHome ? deps.channelAncestry(channel) : Promise.resolve(null),
      channel && !isHome ? deps.childChannels(channel) : Promise.resolve([]),
    ]);
    const heading = isHome ? deps.site.name : (channel?.name ?? '');
    const topLevel = trail?.[1];
    const trailLinks = trail ? trail.map((c) => channelLink(t, c)) : null;
    const html = toHtml(
      <ListPage
        shell={shell}
        page={{
          head: {
            title: isHome ? deps.site.name : `${heading}_${deps.site.name}`,
            canonicalUrl: `${publicUrl}${base}`,
            currentNav: topLevel ? channelUrl(topLevel) : '/',
            feed: isHome ? undefined : { title: `${heading}_${deps.site.name}`, path: base },
            social: { type: 'website', siteName: deps.site.name, title: isHome ? deps.site.name : `${heading}_${deps.site.name}`, description: heading, url: `${publicUrl}${base}`, image: null, locale: deps.site.locale },
            jsonLd: isHome ? [webSiteLd(deps.site)] : [breadcrumbLd((trailLinks ?? []).map((c) => ({ name: c.name, url: `${publicUrl}${c.url}` })))],
          },
          heading,
          headingHidden: isHome,
          trail: trailLinks,
          children: children.map((c) => channelLink(t, c)),
          focus: blocks.focus,
          feed: blocks.feed,
          mostRead: blocks.mostRead,
          ranking: blocks.ranking,
          topics: blocks.topics,
        }}
      />,
    );
    return app.pageSender.send(req, reply, { body: html, contentType: HTML, tags: LIST_PAGE_TAGS });
  }

  app.get('/', { schema: { querystring: ListQuery } }, async (req, reply) => listPage(req, reply, await deps.getChannelByPath(''), req.query));

  /** The article page's view model: shared by the public page and signed previews. */
  async function articlePageHtml(req: FastifyRequest, article: ArticleDetail, opts: { preview: boolean; moodOutcome?: string }): Promise<{ html: string; tags: string[] }> {
    const path = articlePath(article.id, article.publishedAt, timeZone);
    // Shared caches keep public pages: only the private page after a form vote shows the
    // reader's own choice; everywhere else the script fetches it.
    const readerId = opts.moodOutcome ? readerIdOf(req) : null;
    const [shell, ancestry, related, moodState, topics, tags] = await Promise.all([
      loadShell(deps, assets, req.cspNonce),
      deps.channelAncestry(article.channel),
      deps.related(article.id),
      deps.moodState(article.id, readerId),
      deps.topicsOfArticle(article.id),
      deps.tagsOf(article.id),
    ]);
    const { t } = shell;
    const url = `${publicUrl}${path}`;
    const topLevel = ancestry[1];
    const trail = ancestry.map((c) => channelLink(t, c));
    const image = shareImage(article, publicUrl);
    const section = ancestry.length > 1 ? article.channel.name : null;
    const blocks = await loadBlocks(deps, t, {
      channel: null,
      shown: new Set([article.id, ...related.map((r) => r.id)]),
      after: null,
      feedBase: '/',
      firstPage: true,
      mostRead: false,
    });
    const pageTags = [...LIST_PAGE_TAGS, PageTag.article(article.id), ...related.map((r) => PageTag.article(r.id)), ...mediaIdsIn(article.bodyHtml).map(PageTag.media)];
    const html = toHtml(
      <ArticlePage
        shell={shell}
        page={{
          head: {
            title: `${article.title}_${deps.site.name}`,
            description: article.summary,
            canonicalUrl: opts.preview ? undefined : url,
            currentNav: topLevel ? channelUrl(topLevel) : '/',
            noindex: opts.preview,
            social: {
              type: 'article',
              siteName: deps.site.name,
              title: article.title,
              description: article.summary,
              url,
              image,
              locale: deps.site.locale,
              publishedTime: article.publishedAt.toISOString(),
              modifiedTime: (article.revisedAt ?? article.publishedAt).toISOString(),
              section: section ?? undefined,
              tags,
            },
            jsonLd: [
              newsArticleLd(deps.site, article, { url, image, section, keywords: tags }),
              breadcrumbLd([...trail.map((c) => ({ name: c.name, url: `${publicUrl}${c.url}` })), { name: article.title, url }]),
            ],
          },
          title: article.title,
          trail,
          source: article.source,
          publishedAt: displayTime(article.publishedAt, timeZone),
          revisedAt: article.revisedAt ? displayTime(article.revisedAt, timeZone) : null,
          previewBanner: opts.preview ? t.previewBanner : null,
          bodyHtml: article.bodyHtml,
          credit: creditLine(t, article),
          editorInCharge: article.editorInCharge?.name ?? null,
          fold: article.bodyChars > FOLD_MIN_CHARS,
          share: { url, title: article.title, inWeChat: /MicroMessenger/i.test(req.headers['user-agent'] ?? ''), qrSvg: await qrSvg(url) },
          related: related.map((r) => listEntry(r, timeZone)),
          moods: moodsModel(t, article.id, moodState, moodMessage(t, deps.site.locale, opts.moodOutcome, moodState)),
          articleTopics: topics.map((topic) => ({ url: `/topics/${topic.slug}/`, title: topic.title })),
          blocks,
        }}
      />,
    );
    return { html, tags: pageTags };
  }

  app.get(
    '/:ym(^\\d{4}-\\d{2}$)/:dd(^\\d{2}$)/c_:id(^\\d{1,16}$).html',
    { schema: { params: ArticleParams, querystring: ArticleQuery } },
    async (req, reply) => {
      const id = Number(req.params.id);
      const article = await deps.getPublishedArticle(id);
      if (!article) throw new AppError((await deps.isWithdrawn(id)) ? 'ARTICLE_WITHDRAWN' : 'ARTICLE_NOT_FOUND');
      const path = articlePath(article.id, article.publishedAt, timeZone);
      // A wrong date in the URL still finds the article; send readers to the one true URL.
      if (req.url.split('?')[0] !== path) return reply.redirect(path, 301);
      const countRead = () => deps.recordView(article.id, article.channelId);
      countRead();
      const page = await articlePageHtml(req, article, { preview: false, moodOutcome: req.query.mood });
      // After a vote without JavaScript the page shows the reader's own choice: never cache that copy.
      if (req.query.mood) return sendHtml(reply, page.html, 'private, no-store');
      return app.pageSender.send(req, reply, { body: page.html, contentType: HTML, tags: page.tags, varyUserAgent: true, onHit: countRead });
    },
  );

  app.get(
    '/preview/:id(^\\d{1,16}$)',
    { schema: { params: Type.Object({ id: Type.String() }), querystring: Type.Object({ exp: Type.String({ maxLength: 20 }), sig: Type.String({ maxLength: 100 }) }) } },
    async (req, reply) => {
      const article = await deps.previewArticle(Number(req.params.id), req.query.exp, req.query.sig);
      if (!article) throw new AppError('PREVIEW_EXPIRED');
      const { html } = await articlePageHtml(req, article, { preview: true });
      return reply.type(HTML).header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(html);
    },
  );

  app.get('/*', { schema: { querystring: ListQuery } }, async (req, reply) => {
    const raw = (req.params as { '*': string })['*'];
    const segments = raw.split('/');
    const feedFormat = feedFormatOf(segments.at(-1) ?? '');
    const trailingSlash = segments.at(-1) === '' || feedFormat !== null;
    if (trailingSlash) segments.pop();
    if (segments.length === 0 || !segments.every((s, i) => isValidSlug(s, i === 0))) throw new AppError('NOT_FOUND');
    const channel = await deps.getChannelByPath(segments.join('/'));
    if (!channel) throw new AppError('CHANNEL_NOT_FOUND');
    if (!trailingSlash) return reply.redirect(channelUrl(channel), 301);
    if (feedFormat) return channelFeed(req, reply, deps, channel, feedFormat);
    return listPage(req, reply, channel, req.query);
  });
}

/** The line under the mood buttons after a vote made without JavaScript. */
function moodMessage(t: Messages, locale: Locale, outcome: string | undefined, state: MoodState): string | null {
  const mine = state.tallies.find((m) => m.key === state.choice);
  if (outcome === 'voted' && mine) return t.moodThanks(locale === 'en' ? mine.nameEn : mine.nameZh);
  if (outcome === 'already') return userMessage('ALREADY_VOTED', locale);
  if (outcome === 'busy') return userMessage('RATE_LIMITED', locale);
  return null;
}
