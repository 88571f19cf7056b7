/**
 * The page cache at the edge. A hit is answered in onRequest, before routing: the stored
 * bytes in the client's preferred encoding, or 304 for a matching ETag. Concurrent misses of
 * one page wait for the first to render it (a breaking story must not render a thousand
 * times at once). Routes store pages through `PageSender.send`, naming the page's tags.
 * Newsroom writes apply the invalidation log before answering.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { pageCacheKey } from './cache-key.ts';
import type { InvalidationPoller } from './invalidation-poller.ts';
import { preferredEncoding, type PageCache } from './page-cache.ts';

export interface PageToSend {
  readonly body: string;
  readonly contentType: string;
  /** What the page shows (features/invalidation/page-tags.ts). */
  readonly tags: readonly string[];
  /** Seconds browsers and CDNs may keep it; also how long this cache keeps it. */
  readonly maxAge?: number;
  /** Set when the page differs by User-Agent (the WeChat share block). */
  readonly varyUserAgent?: boolean;
  /** What serving the page counts, run again for every hit of its cached copy. */
  readonly onHit?: () => void;
}

export interface PageSender {
  send(req: FastifyRequest, reply: FastifyReply, page: PageToSend): FastifyReply;
}

const DEFAULT_MAX_AGE = 60;

function cacheControl(maxAge: number): string {
  return `public, max-age=${maxAge}, s-maxage=${maxAge}, stale-while-revalidate=${maxAge * 5}`;
}

/** Weak: the same page is sent as identity, gzip or brotli bytes under one validator. */
function etagOf(body: Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

function notModified(req: FastifyRequest, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.trim() === '*' || header.split(',').some((t) => opaque(t) === opaque(etag));
}

declare module 'fastify' {
  interface FastifyRequest {
    pageRendered?: () => void;
  }
}

export interface PageCacheOptions {
  readonly cache: PageCache | null;
  readonly poller: InvalidationPoller | null;
  /** The policy a page is rendered under (platform/security-headers.ts), kept with the cached copy. */
  readonly contentSecurityPolicy: (req: FastifyRequest) => string;
}

export const pageCachePlugin = fp(async (app: FastifyInstance, opts: PageCacheOptions) => {
  const { cache, poller } = opts;
  const rendering = new Map<string, Promise<void>>();

  if (cache) {
    app.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return;
      if (req.url.startsWith('/newsroom') || req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.url.startsWith('/media/')) return;
      const key = pageCacheKey(req.url, req.headers['user-agent']);
      if (key === null) return;
      let entry = cache.get(key);
      if (!entry) {
        const pending = rendering.get(key);
        if (pending) {
          await pending;
          entry = cache.get(key);
        } else {
          let done!: () => void;
          rendering.set(key, new Promise<void>((resolve) => (done = resolve)));
          req.pageRendered = () => {
            rendering.delete(key);
            done();
          };
          return;
        }
      }
      if (!entry) return;
      reply.header('etag', entry.etag).header('cache-control', entry.cacheControl).header('surrogate-key', entry.tags.join(' ')).header('vary', entry.vary).header('x-cache', 'HIT');
      reply.header('content-security-policy', entry.contentSecurityPolicy);
      entry.onHit?.();
      if (notModified(req, entry.etag)) return reply.code(304).send();
      const encoding = preferredEncoding(req.headers['accept-encoding']);
      const body = cache.body(entry, encoding);
      reply.header('content-type', entry.contentType);
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      return reply.send(body);
    });
    // However the first request ends, those waiting on it go on.
    const release = async (req: FastifyRequest) => req.pageRendered?.();
    app.addHook('onResponse', release);
    app.addHook('onRequestAbort', release);
  }

  if (poller) {
    // A newsroom write has committed by the time its answer is sent: apply the log first.
    app.addHook('onSend', async (req, _reply, payload) => {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.url.startsWith('/newsroom')) await poller.poll();
      return payload;
    });
  }

  const sender: PageSender = {
    send(req, reply, page) {
      const body = Buffer.from(page.body);
      const etag = etagOf(body);
      const maxAge = page.maxAge ?? DEFAULT_MAX_AGE;
      const control = cacheControl(maxAge);
      const vary = page.varyUserAgent ? 'Accept-Encoding, User-Agent' : 'Accept-Encoding';
      const csp = opts.contentSecurityPolicy(req);
      reply.header('content-security-policy', csp);
      reply.header('etag', etag).header('cache-control', control).header('surrogate-key', page.tags.join(' ')).header('vary', vary).type(page.contentType);
      const key = pageCacheKey(req.url, req.headers['user-agent']);
      // A response setting a cookie is somebody's own: never share it.
      if (cache && key !== null && reply.statusCode === 200 && !reply.hasHeader('set-cookie')) {
        cache.set(key, { body, contentType: page.contentType, cacheControl: control, etag, tags: page.tags, vary, contentSecurityPolicy: csp, onHit: page.onHit, ttlMs: maxAge * 1000 });
        reply.header('x-cache', 'MISS');
      }
      if (notModified(req, etag)) return reply.code(304).send();
      return reply.send(body);
    },
  };
  app.decorate('pageSender', sender);
});

declare module 'fastify' {
  interface FastifyInstance {
    pageSender: PageSender;
  }
}
