/**
 * The content API under /api/v1: published articles (by channel, topic or tag, with
 * cursors; by id or by URL), channels, topics, search and moods. Every route declares its
 * schemas, which validate input (bad parameters are 400, never 500), shape the output, and
 * make the OpenAPI document. GET answers carry an ETag and Cache-Control; with
 * API_KEYS_REQUIRED a read key is needed; browsers on other origins need API_CORS_ORIGINS.
 */
import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../config/config.ts';
import type { ArticleListItem } from '../features/articles/article.ts';
import { ARTICLE_PATH } from '../features/articles/article-path.ts';
import { MOOD_KEY, type MoodState } from '../features/moods/mood.ts';
import { AppError } from '../platform/errors.ts';
import { decodeSearchCursor, encodeSearchCursor } from '../search/search-cursor.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { parseLocalDateTime } from '../shared/time.ts';
import { channelRefOf, type ApiDeps } from './deps.ts';
import {
  ArticleFull,
  ArticleList,
  ChannelList,
  ChannelPath,
  Cursor,
  DateOnly,
  ErrorBody,
  IdParams,
  Limit,
  MoodTallies,
  SearchResults,
  TopicDetail,
  TopicList,
  type ArticleSummaryT,
} from './schemas.ts';

export interface MoodPort {
  state(articleId: number, readerId: string | null): Promise<MoodState>;
  vote(input: { articleId: number; readerId: string; moodKey: string; ip: string }): Promise<MoodState>;
  readerId(req: FastifyRequest): string | null;
  ensureReaderId(req: FastifyRequest, reply: FastifyReply): string;
  articleUrl(id: number): Promise<string | null>;
  locale: 'zh-CN' | 'en';
}

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
/** RFC 9110 If-None-Match: a list of entity tags or "*", compared weakly. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}


export async function contentApiRoutes(instance: FastifyInstance, opts: { deps: ApiDeps; moods: MoodPort; config: Config; checkKey: (key: string) => Promise<boolean> }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps, moods, config } = opts;
  // With read keys, an answer is for its key holder: shared caches must not hand it to others.
  const PUBLIC_CACHE = config.api.keysRequired ? 'private, max-age=60' : 'public, max-age=60, stale-while-revalidate=300';

  const allowed = config.api.corsOrigins;
  await app.register(cors, { origin: allowed.includes('*') ? true : allowed.length > 0 ? [...allowed] : false, methods: ['GET', 'POST'] });
  // The no-JavaScript mood form posts urlencoded to the same endpoint the script posts JSON to.
  await app.register(formbody, { bodyLimit: 1024 });

  if (config.api.keysRequired) {
    app.addHook('onRequest', async (req, reply) => {
      // The site's own article pages show and take mood votes, and readers hold no key. Decided
      // by the matched route, never by the URL text (a query string can say anything).
      if ((req.routeOptions.config as { keyless?: boolean } | undefined)?.keyless) return;
      const header = req.headers.authorization ?? '';
      const key = header.startsWith('Bearer ') ? header.slice(7) : String(req.headers['x-api-key'] ?? '');
      if (!(await opts.checkKey(key))) {
        reply.header('www-authenticate', 'Bearer');
        throw new AppError('API_KEY_REQUIRED');
      }
    });
  }

  // Ajv coerces "Infinity" and "1e309" to Infinity and then skips minimum and maximum, which it
  // checks on finite numbers only: such a limit would reach the database.
  app.addHook('preHandler', async (req) => {
    for (const [name, value] of Object.entries(req.query as Record<string, unknown>)) {
      if (typeof value === 'number' && !Number.isFinite(value)) throw new AppError('VALIDATION_FAILED', `querystring/${name} must be a finite number`);
    }
  });

  // A strong validator from the body: unchanged content answers 304 with no body.
  app.addHook('onSend', async (req, reply, payload) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', etag);
    if (etagMatches(req.headers['if-none-match'], etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });

  async function summary(a: ArticleListItem): Promise<ArticleSummaryT> {
    const channel = await deps.channelRef(a.channelId);
    return {
      id: a.id,
      kind: a.kind,
      title: a.title,
      summary: a.summary,
      url: deps.articleUrl(a),
      publishedAt: a.publishedAt.toISOString(),
      channel: channel ? channelRefOf(deps.publicUrl, channel) : { id: a.channelId, name: '', path: '', url: deps.publicUrl },
    };
  }

  async function full(id: number) {
    const a = await deps.article(id);
    if (!a) throw new AppError('ARTICLE_NOT_FOUND');
    const [crumbs, tags, topics] = await Promise.all([deps.breadcrumb(a.channel), deps.tagsOf(a.id), deps.topicsOf(a.id)]);
    return {
      ...(await summary(a)),
      updatedAt: a.revisedAt?.toISOString() ?? null,
      breadcrumb: crumbs.map((c) => channelRefOf(deps.publicUrl, c)),
      source: a.source,
      byline: a.byline,
      reporters: a.reporters.map((r) => r.name),
      editorInCharge: a.editorInCharge?.name ?? null,
      bodyHtml: a.bodyHtml,
      coverImage: deps.coverUrl(a),
      tags,
      topics: topics.map((t) => ({ slug: t.slug, title: t.title, url: `${deps.publicUrl}/topics/${t.slug}/` })),
    };
  }

  const cursorOf = (text: string | undefined) => {
    if (text === undefined) return null;
    const c = decodeCursor(text);
    if (!c) throw new AppError('INVALID_CURSOR');
    return c;
  };

  app.get(
    '/articles',
    {
      schema: {
        summary: 'Published articles, newest first',
        description: 'Filter by a channel (and its sub-channels), a topic or a tag; page with `after`.',
        tags: ['articles'],
        querystring: Type.Object({
          channel: ChannelPath,
          topic: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z][a-z0-9-]*$' })),
          tag: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z][a-z0-9-]*$' })),
          after: Cursor,
          limit: Limit,
        }),
        response: { 200: ArticleList, ...errors },
      },
    },
    async (req, reply) => {
      const page = await deps.list({ channelPath: req.query.channel, tagSlug: req.query.tag, topicSlug: req.query.topic, after: cursorOf(req.query.after), limit: req.query.limit ?? 20 });
      if (!page) throw new AppError('NOT_FOUND', 'no such channel, topic or tag');
      reply.header('cache-control', PUBLIC_CACHE);
      return { items: await Promise.all(page.items.map(summary)), next: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/articles/:id',
    { schema: { summary: 'One published article', tags: ['articles'], params: IdParams, response: { 200: ArticleFull, ...errors } } },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return full(Number(req.params.id));
    },
  );

  app.get(
    '/articles/by-path',
    {
      schema: {
        summary: 'One published article, by its page URL path',
        description: "The path must be the article's own, as in its `url`. A path with the right id but another date answers 404 ARTICLE_NOT_FOUND, its `detail` naming the article's path.",
        tags: ['articles'],
        querystring: Type.Object({ path: Type.String({ maxLength: 100, description: 'e.g. /2026-01/06/c_1.html' }) }),
        response: { 200: ArticleFull, ...errors },
      },
    },
    async (req, reply) => {
      const m = ARTICLE_PATH.exec(req.query.path);
      if (!m) throw new AppError('VALIDATION_FAILED', 'path: not an article URL path');
      const article = await full(Number(m[4]));
      // The reader site redirects such a URL; a client asked for one page, and learns where it is.
      const own = article.url.slice(deps.publicUrl.length);
      if (own !== req.query.path) throw new AppError('ARTICLE_NOT_FOUND', `no article at ${req.query.path}; this one is at ${own}`);
      reply.header('cache-control', PUBLIC_CACHE);
      return article;
    },
  );

  app.get('/channels', { schema: { summary: 'The channel tree, parents first', tags: ['channels'], response: { 200: ChannelList, 401: ErrorBody } } }, async (_req, reply) => {
    reply.header('cache-control', PUBLIC_CACHE);
    const items = (await deps.channels()).map((c) => ({ ...channelRefOf(deps.publicUrl, c), parentId: c.parentId, position: c.position }));
    return { items };
  });

  app.get('/topics', { schema: { summary: 'Published special reports', tags: ['topics'], response: { 200: TopicList, 401: ErrorBody } } }, async (_req, reply) => {
    reply.header('cache-control', PUBLIC_CACHE);
    return { items: (await deps.topics()).map((t) => ({ ...t, url: `${deps.publicUrl}/topics/${t.slug}/` })) };
  });

  app.get(
    '/topics/:slug',
    {
      schema: {
        summary: 'A special report with its sections',
        tags: ['topics'],
        params: Type.Object({ slug: Type.String({ maxLength: 64, pattern: '^[a-z][a-z0-9-]*$' }) }),
        response: { 200: TopicDetail, ...errors },
      },
    },
    async (req, reply) => {
      const page = await deps.topic(req.params.slug);
      if (!page) throw new AppError('TOPIC_NOT_FOUND');
      reply.header('cache-control', PUBLIC_CACHE);
      return {
        slug: page.topic.slug,
        title: page.topic.title,
        intro: page.topic.intro,
        url: `${deps.publicUrl}/topics/${page.topic.slug}/`,
        banner: page.bannerUrl,
        sections: await Promise.all(page.sections.map(async (s) => ({ title: s.title, articles: await Promise.all(s.articles.map(summary)) }))),
      };
    },
  );

  app.get(
    '/search',
    {
      schema: {
        summary: 'Search published articles',
        description: 'Chinese-aware full-text search over titles, summaries and bodies; any text is a valid query.',
        tags: ['search'],
        querystring: Type.Object({
          q: Type.String({ maxLength: 10_000 }),
          channel: ChannelPath,
          from: DateOnly,
          to: DateOnly,
          after: Cursor,
          limit: Limit,
        }),
        response: { 200: SearchResults, ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const day = (text: string | undefined, field: string) => {
        if (!text) return null;
        const at = parseLocalDateTime(`${text} 00:00`, deps.timeZone);
        if (!at) throw new AppError('VALIDATION_FAILED', `${field}: not a real date`);
        return at;
      };
      const after = q.after === undefined ? null : decodeSearchCursor(q.after);
      if (q.after !== undefined && !after) throw new AppError('INVALID_CURSOR');
      const to = day(q.to, 'to');
      const result = await deps.search({ query: q.q, channelPath: q.channel, from: day(q.from, 'from'), to: to ? new Date(to.getTime() + 86_400_000) : null, after, limit: q.limit ?? 20 });
      if (!result) throw new AppError('CHANNEL_NOT_FOUND');
      reply.header('cache-control', PUBLIC_CACHE);
      return {
        items: result.hits.map((h) => ({ id: h.id, title: h.title, titleHtml: h.titleHtml, snippetHtml: h.snippetHtml, url: deps.articleUrl(h), publishedAt: h.publishedAt.toISOString() })),
        next: result.next ? encodeSearchCursor(result.next) : null,
        partial: result.partial,
        truncated: result.truncated,
      };
    },
  );

  const moodJson = (state: MoodState) => ({
    moods: state.tallies.map((m) => ({ key: m.key, name: moods.locale === 'en' ? m.nameEn : m.nameZh, icon: m.icon, count: m.count })),
    choice: state.choice,
  });

  app.get(
    '/articles/:id/moods',
    { config: { keyless: true }, schema: { summary: "Mood counts, and this reader's choice", tags: ['moods'], params: IdParams, response: { 200: MoodTallies, 400: ErrorBody, 404: ErrorBody } } },
    async (req, reply) => {
      const id = Number(req.params.id);
      if (!(await moods.articleUrl(id))) throw new AppError('ARTICLE_NOT_FOUND');
      // Counts change with every vote and the choice is this reader's alone: never cached.
      reply.header('cache-control', 'private, no-store');
      return moodJson(await moods.state(id, moods.readerId(req)));
    },
  );

  app.post(
    '/articles/:id/moods',
    {
      // Marked to answer without a read key (see the onRequest hook).
      config: { keyless: true },
      schema: {
        summary: 'Vote a mood (once per reader per article)',
        description: 'JSON answers 200 with the new counts, 409 ALREADY_VOTED, or 429 RATE_LIMITED. A form post (no JavaScript) is redirected back to the article.',
        tags: ['moods'],
        params: IdParams,
        body: Type.Object({ mood: Type.String({ maxLength: 32 }) }),
        response: { 200: MoodTallies, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const id = Number(req.params.id);
      const page = await moods.articleUrl(id);
      if (!page) throw new AppError('ARTICLE_NOT_FOUND');
      if (!MOOD_KEY.test(req.body.mood)) throw new AppError('VALIDATION_FAILED', 'mood');
      const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const back = (outcome: string) => reply.redirect(`${page}?mood=${outcome}#moods`, 303);
      const readerId = moods.ensureReaderId(req, reply);
      reply.header('cache-control', 'no-store');
      try {
        const state = await moods.vote({ articleId: id, readerId, moodKey: req.body.mood, ip: req.ip });
        return form ? back('voted') : moodJson(state);
      } catch (error) {
        if (error instanceof AppError && error.code === 'RATE_LIMITED') reply.header('retry-after', '60');
        if (!form || !(error instanceof AppError)) throw error;
        if (error.code === 'ALREADY_VOTED') return back('already');
        if (error.code === 'RATE_LIMITED') return back('busy');
        throw error;
      }
    },
  );
}
