/**
 * One error handler for the whole app. Catalogued errors keep their status and code;
 * Fastify's own client errors (validation, bad JSON, too large) map to catalog codes; all
 * else is a 500 whose details go to the log, never to the user. API clients get JSON,
 * readers get a page.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Locale } from '../config/config.ts';
import { AppError, ERROR_CATALOG, userMessage, type ErrorCode } from './errors.ts';

export interface ErrorPageRenderer {
  (input: { status: number; code: ErrorCode; message: string; nonce: string }): Promise<string>;
}

export interface ErrorHandlerOptions {
  readonly locale: Locale;
  readonly renderPage: ErrorPageRenderer;
}

export function wantsJson(req: FastifyRequest): boolean {
  if (req.url.startsWith('/api/')) return true;
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/**
 * An error answer that reads nothing (no page shell, no database): JSON in the catalog's
 * shape, or a bare page. For answers given before routing (a URL that cannot be decoded) or
 * when rendering the usual page would cost what is being refused (load shedding).
 */
export function sendBareError(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, locale: Locale): FastifyReply {
  const status = ERROR_CATALOG[code].status;
  const message = userMessage(code, locale);
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(req)) return reply.type('application/json; charset=utf-8').send({ error: { code, message } });
  return reply
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="${locale}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status}</title><h1>${status}</h1><p>${message}</p></html>`);
}

function classify(error: FastifyError | Error): { code: ErrorCode; detail?: string } {
  if (error instanceof AppError) return { code: error.code, detail: error.detail };
  const fe = error as FastifyError;
  if (fe.validation) return { code: 'VALIDATION_FAILED', detail: fe.message };
  if (fe.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE' };
  if (fe.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE' };
  if (fe.statusCode === 405) return { code: 'METHOD_NOT_ALLOWED' };
  if (fe.statusCode === 404) return { code: 'NOT_FOUND' };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { code: 'VALIDATION_FAILED', detail: fe.message };
  return { code: 'INTERNAL' };
}

async function respond(
  opts: ErrorHandlerOptions,
  req: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
): Promise<FastifyReply> {
  const status = ERROR_CATALOG[code].status;
  const message = userMessage(code, opts.locale);
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(req)) {
    return reply.type('application/json; charset=utf-8').send({ error: { code, message, ...(detail && status < 500 ? { detail } : {}) } });
  }
  let html: string;
  try {
    html = await opts.renderPage({ status, code, message, nonce: req.cspNonce });
  } catch (renderError) {
    req.log.error({ err: renderError }, 'error page failed to render');
    html = `<!doctype html><meta charset="utf-8"><title>${status}</title><h1>${status}</h1>`;
  }
  return reply.type('text/html; charset=utf-8').send(html);
}

export const errorHandlerPlugin = fp<ErrorHandlerOptions>(
  async (app: FastifyInstance, opts) => {
    app.setErrorHandler(async (error: FastifyError, req, reply) => {
      const { code, detail } = classify(error);
      if (code === 'INTERNAL') req.log.error({ err: error }, 'unhandled error');
      return respond(opts, req, reply, code, detail);
    });
    app.setNotFoundHandler(async (req, reply) => respond(opts, req, reply, 'NOT_FOUND'));
  },
  { name: 'masthead-error-handler' },
);
