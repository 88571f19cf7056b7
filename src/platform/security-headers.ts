/**
 * Security headers on every response, and the Content-Security-Policy of every HTML page.
 *
 * Scripts run only when they carry this response's nonce ('strict-dynamic' lets our own
 * scripts load what they need, such as WeChat's JS-SDK): markup that slipped into a page
 * cannot run script, whatever its host. Views put `req.cspNonce` on their script elements;
 * the page cache stores each page with the policy it was rendered under, so a cached copy's
 * nonce and header always agree (decision 012 says why a nonce per cached page is enough).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface SecurityHeaderOptions {
  /** HSTS and upgrade-insecure-requests also when the request itself came over plain HTTP from a proxy we do not trust. */
  readonly httpsSite: boolean;
  /** The operator configured a WeChat official account: its JS-SDK host may serve script. */
  readonly weChat: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** This response's script nonce, made on first use. */
    readonly cspNonce: string;
    cspNonceValue: string;
  }
  interface FastifyInstance {
    /** The policy for this request's page, with its nonce: the page cache stores it beside the page. */
    contentSecurityPolicy(req: FastifyRequest): string;
  }
}

const WECHAT_SDK_ORIGIN = 'https://res.wx.qq.com';
const HSTS = 'max-age=31536000; includeSubDomains';

type Area = 'reader' | 'newsroom' | 'apiDocs';

function areaOf(url: string): Area {
  if (url.startsWith('/newsroom')) return 'newsroom';
  if (url.startsWith('/api/docs')) return 'apiDocs';
  return 'reader';
}

export function contentSecurityPolicy(area: Area, nonce: string, opts: SecurityHeaderOptions): string {
  const scripts =
    area === 'apiDocs'
      ? // The API reference (swagger-ui) loads its own same-origin files and has no nonce to give them.
        "'self'"
      : `'nonce-${nonce}' 'strict-dynamic'${opts.weChat && area === 'reader' ? ` ${WECHAT_SDK_ORIGIN}` : ''}`;
  // The editor (ProseMirror) and swagger-ui set style attributes; readers' pages need none.
  const styles = area === 'reader' ? "'self'" : "'self' 'unsafe-inline'";
  const directives = [
    "default-src 'self'",
    `script-src ${scripts}`,
    `style-src ${styles}`,
    // Article bodies may show images from other sites (the sanitiser allows http and https).
    "img-src 'self' data: http: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${area === 'newsroom' ? "'none'" : "'self'"}`,
  ];
  if (opts.httpsSite) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

function isHtml(contentType: unknown): boolean {
  return typeof contentType === 'string' && contentType.startsWith('text/html');
}

export const securityHeadersPlugin = fp<SecurityHeaderOptions>(
  async (app: FastifyInstance, opts) => {
    app.decorateRequest('cspNonceValue', '');
    app.decorateRequest('cspNonce', {
      getter(this: FastifyRequest) {
        if (!this.cspNonceValue) this.cspNonceValue = randomBytes(16).toString('base64');
        return this.cspNonceValue;
      },
    });
    app.decorate('contentSecurityPolicy', (req: FastifyRequest) => contentSecurityPolicy(areaOf(req.url), req.cspNonce, opts));

    app.addHook('onRequest', async (req, reply) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'strict-origin-when-cross-origin');
      reply.header('x-frame-options', req.url.startsWith('/newsroom') ? 'DENY' : 'SAMEORIGIN');
      if (opts.httpsSite || req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      if (isHtml(reply.getHeader('content-type')) && !reply.hasHeader('content-security-policy')) {
        reply.header('content-security-policy', app.contentSecurityPolicy(req));
      }
      return payload;
    });
  },
  { name: 'masthead-security-headers' },
);
