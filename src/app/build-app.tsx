/**
 * Builds the Fastify app from explicit dependencies. Tests (app.inject) and the server
 * build the very same app; nothing here listens or reads the environment.
 */
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { constants as zlib } from 'node:zlib';
import type { Config } from '../config/config.ts';
import { pingDatabase, type Database } from '../db/database.ts';
import { errorHandlerPlugin, sendBareError } from '../platform/error-handler.ts';
import { userMessage } from '../platform/errors.ts';
import { contentApiRoutes } from '../content-api/api.routes.ts';
import { createApiDeps } from '../content-api/deps.ts';
import { openApiRoute, registerOpenApi } from '../content-api/openapi.ts';
import { checkApiKey } from '../features/api-keys/api-keys.service.ts';
import { articlePath } from '../features/articles/article-path.ts';
import { LocalMediaStorage, type MediaStorage } from '../features/media/storage.ts';
import { ensureReaderId, readerIdOf } from '../reader/reader-id.ts';
import { postgresSearch } from '../search/backends/postgres-fts.ts';
import { sqliteSearch } from '../search/backends/sqlite-fts5.ts';
import { signingSecret } from '../features/settings/settings.service.ts';
import { ViewCounter } from '../features/views/view-counter.ts';
import { newsroomRoutes } from '../newsroom/newsroom.routes.tsx';
import { assetRoutes } from '../platform/assets.routes.ts';
import { mediaFileRoutes } from '../platform/media.routes.ts';
import { buildAssets } from '../platform/assets.ts';
import { createReaderDeps } from '../reader/deps.ts';
import { messagesFor } from '../reader/i18n/messages.ts';
import { loadShell } from '../reader/page-models.ts';
import { engagementRoutes } from '../reader/engagement.routes.tsx';
import { searchRoutes } from '../reader/search.routes.tsx';
import { InvalidationPoller } from '../platform/page-cache/invalidation-poller.ts';
import { SharedReads } from '../reader/shared-reads.ts';
import { PageCache } from '../platform/page-cache/page-cache.ts';
import { pageCachePlugin } from '../platform/page-cache/page-cache.plugin.ts';
import { securityHeadersPlugin } from '../platform/security-headers.ts';
import { loadSheddingPlugin } from '../platform/load-shedding.ts';
import { weChatTicketProvider, type Fetch } from '../features/wechat/ticket-provider.ts';
import { weChatRoutes } from '../features/wechat/wechat.routes.ts';
import { syndicationRoutes } from '../reader/syndication/syndication.routes.ts';
import { readerRoutes } from '../reader/reader.routes.tsx';
import { ErrorPage } from '../reader/views/error-page.tsx';
import { toHtml } from '../shared/to-html.ts';
import type { Clock } from '../shared/clock.ts';

/** How soon other workers' changes reach this worker's page cache. */
const INVALIDATION_POLL_MS = 250;

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when PAGE_CACHE_MB is 0. */
    pageCache: PageCache | null;
    /** Every route's method and URL pattern. */
    routeTable(): ReadonlyArray<{ readonly method: string; readonly url: string }>;
    /** Applies the invalidation log now (tests; the poller does it every INVALIDATION_POLL_MS). */
    syncPageCache(): Promise<void>;
  }
}

export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  readonly clock: Clock;
  /** Where media files live; the local folder from config when not given. */
  readonly storage?: MediaStorage;
  /** How the server calls out (only WeChat's API, when configured); global fetch when not given. */
  readonly fetch?: Fetch;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, clock } = deps;
  const storage = deps.storage ?? new LocalMediaStorage(config.mediaDir);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // Links pasted through chat apps sometimes double a slash; route them anyway.
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
    // Search takes queries of up to 10,000 characters in the URL; in Chinese that is ~90 KB
    // percent-encoded, beyond Node's 16 KB default for the request head.
    http: { maxHeaderSize: 128 * 1024 },
    // Client addresses come from X-Forwarded-For only when the request came through one of these.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    // A URL Fastify cannot even decode (bad percent-encoding) never reaches routing or the
    // error handler: answer it in the catalog's shape all the same.
    frameworkErrors: (_error, req, reply) => sendBareError(req as FastifyRequest, reply as unknown as FastifyReply, 'VALIDATION_FAILED', config.site.locale),
  });

  // Every route, as registered: tests walk it to hold each state-changing route to its checks.
  const routeTable: Array<{ readonly method: string; readonly url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  app.decorate('routeTable', () => routeTable);

  const assets = await buildAssets();
  // Reads are counted in memory and written in batches; the last batch is written on close.
  const views = new ViewCounter(database.db, clock, config.site.timeZone);
  views.start((error) => app.log.error({ err: error }, 'flushing read counts failed'));
  app.addHook('onClose', async () => views.stop());
  // The one dialect-specific piece of reading: which full-text engine answers searches.
  const searchBackend = database.dialect === 'postgres' ? postgresSearch : sqliteSearch;
  const sharedReads = config.sharedReadsMs > 0 ? new SharedReads(clock, config.sharedReadsMs) : null;
  const reader = createReaderDeps(database.db, database.dialect, config, clock, views, searchBackend, sharedReads);
  const pageCache = config.pageCacheBytes > 0 ? new PageCache(config.pageCacheBytes, () => clock.now().getTime()) : null;
  const purge = (tags: readonly string[]) => {
    pageCache?.purge(tags);
    sharedReads?.purge(tags);
  };
  const poller =
    pageCache || sharedReads ? new InvalidationPoller(database.db, clock, purge, (error) => app.log.error({ err: error }, 'reading page invalidations failed')) : null;
  if (poller) {
    poller.start(INVALIDATION_POLL_MS);
    app.addHook('onClose', async () => poller.stop());
  }
  app.decorate('pageCache', pageCache);
  app.decorate('syncPageCache', async () => poller?.poll());
  const t = messagesFor(config.site.locale);

  await app.register(securityHeadersPlugin, { httpsSite: config.publicUrl.startsWith('https:'), weChat: config.wechat !== null });
  // Cookies are signed with the site secret (the reader id; sessions carry their own hashed token).
  await app.register(cookie, { secret: await signingSecret(database.db, clock, config.secretKey) });
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Fast brotli: pages are compressed per response, so speed beats the last few bytes.
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(pageCachePlugin, { cache: pageCache, poller, contentSecurityPolicy: (req) => app.contentSecurityPolicy(req) });
  // After the page cache: cached pages are served however heavy the load.
  await app.register(loadSheddingPlugin, { limits: config.shedding, locale: config.site.locale });
  await app.register(errorHandlerPlugin, {
    locale: config.site.locale,
    renderPage: async ({ status, code, nonce }) => {
      const shell = await loadShell(reader, assets, nonce).catch(() => ({
        t,
        siteName: config.site.name,
        nav: [],
        assets: { css: assets.urls.readerCss, js: assets.urls.readerJs },
        nonce,
      }));
      const title = status === 404 ? t.notFoundTitle : status === 410 ? t.withdrawnTitle : t.errorTitle;
      const message = status === 404 ? t.notFoundBody : status === 410 ? t.withdrawnBody : userMessage(code, config.site.locale);
      return toHtml(<ErrorPage shell={shell} status={status} title={title} message={message} />);
    },
  });

  await registerOpenApi(app, { publicUrl: config.publicUrl, siteName: config.site.name, keysRequired: config.api.keysRequired });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    await pingDatabase(database);
    return reply.header('cache-control', 'no-store').send({ status: 'ok', database: database.dialect });
  });
  await app.register(assetRoutes, { assets });
  await app.register(mediaFileRoutes, { storage });
  await app.register(newsroomRoutes, { prefix: '/newsroom', deps: { db: database.db, clock, config, assets, storage } });
  await app.register(contentApiRoutes, {
    prefix: '/api/v1',
    deps: createApiDeps(database.db, config, searchBackend),
    config,
    checkKey: (key) => checkApiKey(database.db, clock, key),
    moods: {
      locale: config.site.locale,
      state: (id, readerId) => reader.moodState(id, readerId),
      vote: (input) => reader.vote(input),
      readerId: readerIdOf,
      ensureReaderId: (req, reply) => ensureReaderId(req, reply, config.secureCookies),
      articleUrl: async (id) => {
        const a = await reader.getPublishedArticle(id);
        return a ? articlePath(a.id, a.publishedAt, config.site.timeZone) : null;
      },
    },
  });
  if (config.wechat) {
    const tickets = weChatTicketProvider({ ...config.wechat, fetch: deps.fetch ?? fetch, clock });
    await app.register(weChatRoutes, { prefix: '/api/v1', appId: config.wechat.appId, publicUrl: config.publicUrl, tickets, clock });
  }
  await app.register(openApiRoute);
  await app.register(engagementRoutes, { deps: reader, assets });
  await app.register(searchRoutes, { deps: reader, assets });
  await app.register(syndicationRoutes, { deps: reader });
  await app.register(readerRoutes, { deps: reader, assets });
  return app;
}
