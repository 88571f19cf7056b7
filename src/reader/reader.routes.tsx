/**
 * The public site: home page, channel pages and article pages. Handlers gather a view
 * model through ReaderDeps and hand it to a pure view.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { articlePath } from '../features/articles/article-path.ts';
import type { ArticleDetail } from '../features/articles/article.ts';
import { channelUrl, isValidSlug, type Channel } from '../features/channels/channel.ts';
import { AppError } from '../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import type { AssetBundle } from '../platform/assets.ts';
import type { ReaderDeps } from './deps.ts';
import { channelLink, creditLine, displayTime, FOLD_MIN_CHARS, listEntry, loadShell } from './page-models.ts';
import { qrSvg } from './qr.ts';
import { ArticlePage } from './views/article-page.tsx';
import { ListPage } from './views/list-page.tsx';
import { toHtml } from '../shared/to-html.ts';

const PAGE_SIZE = 20;

const ListQuery = Type.Object({ after: Type.Optional(Type.String({ maxLength: 64 })) });
const ArticleParams = Type.Object({
  ym: Type.String(),
  dd: Type.String(),
  id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }),
});

function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
}

export async function readerRoutes(instance: FastifyInstance, opts: { deps: ReaderDeps; assets: AssetBundle }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps, assets } = opts;
  const { timeZone, publicUrl } = deps.site;

  async function listPage(reply: FastifyReply, channel: Channel | null, after: string | undefined) {
    const cursor = after === undefined ? null : decodeCursor(after);
    if (after !== undefined && !cursor) throw new AppError('INVALID_CURSOR');
    const shell = await loadShell(deps, assets);
    const { t } = shell;
    const isHome = !channel || channel.path === '';
    const [trail, children, page] = await Promise.all([
      channel && !isHome ? deps.channelAncestry(channel) : Promise.resolve(null),
      channel ? deps.childChannels(channel) : Promise.resolve([]),
      deps.listPublished({ channel, after: cursor, limit: PAGE_SIZE }),
    ]);
    const base = channel ? channelUrl(channel) : '/';
    const heading = isHome ? deps.site.name : (channel?.name ?? '');
    const topLevel = trail?.[1];
    const html = toHtml(
      <ListPage
        shell={shell}
        page={{
          head: {
            title: isHome ? deps.site.name : `${heading}_${deps.site.name}`,
            canonicalUrl: `${publicUrl}${base}`,
            currentNav: topLevel ? channelUrl(topLevel) : '/',
          },
          heading,
          headingHidden: isHome,
          trail: trail ? trail.map((c) => channelLink(t, c)) : null,
          children: isHome ? [] : children.map((c) => channelLink(t, c)),
          listHeading: t.latest,
          items: page.items.map((item) => listEntry(item, timeZone)),
          nextUrl: page.next ? `${base}?after=${encodeCursor(page.next)}` : null,
          firstUrl: cursor ? base : null,
        }}
      />,
    );
    return sendHtml(reply, html);
  }

  app.get('/', { schema: { querystring: ListQuery } }, async (req, reply) => {
    return listPage(reply, await deps.getChannelByPath(''), req.query.after);
  });

  /** The article page's view model: shared by the public page and signed previews. */
  async function articlePageHtml(article: ArticleDetail, inWeChat: boolean, preview: boolean): Promise<string> {
    const path = articlePath(article.id, article.publishedAt, timeZone);
    const [shell, ancestry] = await Promise.all([loadShell(deps, assets), deps.channelAncestry(article.channel)]);
    const { t } = shell;
    const url = `${publicUrl}${path}`;
    const topLevel = ancestry[1];
    return toHtml(
      <ArticlePage
        shell={shell}
        page={{
          head: {
            title: `${article.title}_${deps.site.name}`,
            description: article.summary,
            canonicalUrl: preview ? undefined : url,
            currentNav: topLevel ? channelUrl(topLevel) : '/',
            noindex: preview,
          },
          title: article.title,
          trail: ancestry.map((c) => channelLink(t, c)),
          source: article.source,
          publishedAt: displayTime(article.publishedAt, timeZone),
          revisedAt: article.revisedAt ? displayTime(article.revisedAt, timeZone) : null,
          previewBanner: preview ? t.previewBanner : null,
          bodyHtml: article.bodyHtml,
          credit: creditLine(t, article),
          editorInCharge: article.editorInCharge?.name ?? null,
          fold: article.bodyChars > FOLD_MIN_CHARS,
          share: { url, title: article.title, inWeChat, qrSvg: await qrSvg(url) },
        }}
      />,
    );
  }

  const inWeChat = (req: FastifyRequest) => /MicroMessenger/i.test(req.headers['user-agent'] ?? '');

  app.get(
    '/:ym(^\\d{4}-\\d{2}$)/:dd(^\\d{2}$)/c_:id(^\\d{1,16}$).html',
    { schema: { params: ArticleParams } },
    async (req, reply) => {
      const id = Number(req.params.id);
      const article = await deps.getPublishedArticle(id);
      if (!article) throw new AppError((await deps.isWithdrawn(id)) ? 'ARTICLE_WITHDRAWN' : 'ARTICLE_NOT_FOUND');
      const path = articlePath(article.id, article.publishedAt, timeZone);
      // A wrong date in the URL still finds the article; send readers to the one true URL.
      if (req.url.split('?')[0] !== path) return reply.redirect(path, 301);
      // The share block differs inside WeChat.
      reply.header('vary', 'user-agent');
      return sendHtml(reply, await articlePageHtml(article, inWeChat(req), false));
    },
  );

  app.get(
    '/preview/:id(^\\d{1,16}$)',
    { schema: { params: Type.Object({ id: Type.String() }), querystring: Type.Object({ exp: Type.String({ maxLength: 20 }), sig: Type.String({ maxLength: 100 }) }) } },
    async (req, reply) => {
      const article = await deps.previewArticle(Number(req.params.id), req.query.exp, req.query.sig);
      if (!article) throw new AppError('PREVIEW_EXPIRED');
      const html = await articlePageHtml(article, inWeChat(req), true);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(html);
    },
  );

  app.get('/*', { schema: { querystring: ListQuery } }, async (req, reply) => {
    const raw = (req.params as { '*': string })['*'];
    const segments = raw.split('/');
    const trailingSlash = segments.at(-1) === '';
    if (trailingSlash) segments.pop();
    if (segments.length === 0 || !segments.every((s, i) => isValidSlug(s, i === 0))) throw new AppError('NOT_FOUND');
    const channel = await deps.getChannelByPath(segments.join('/'));
    if (!channel) throw new AppError('CHANNEL_NOT_FOUND');
    if (!trailingSlash) return reply.redirect(channelUrl(channel), 301);
    return listPage(reply, channel, req.query.after);
  });
}
