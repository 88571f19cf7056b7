/**
 * The newsroom under /newsroom: forms and uploads are parsed here only (the reader needs
 * neither), every request learns who is signed in, and errors become newsroom pages.
 * Signed-out visitors asking for a page are sent to sign in.
 */
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance } from 'fastify';
import { MEDIA_LIMITS } from '../features/media/media.ts';
import { AppError, ERROR_CATALOG, userMessage, type ErrorCode } from '../platform/errors.ts';
import { loadSession, sameOrigin, verifyCsrf, verifyPreAuthCsrf } from './auth.ts';
import { localeOf, sendPage, shellOf } from './context.ts';
import type { NewsroomDeps } from './deps.ts';
import { articleRoutes } from './routes/articles.routes.tsx';
import { apiKeyRoutes } from './routes/api-keys.routes.tsx';
import { auditRoutes } from './routes/audit.routes.tsx';
import { authRoutes } from './routes/auth.routes.tsx';
import { channelRoutes } from './routes/channels.routes.tsx';
import { dashboardRoutes } from './routes/dashboard.routes.tsx';
import { engagementAdminRoutes } from './routes/engagement.routes.tsx';
import { listRoutes } from './routes/lists.routes.tsx';
import { mediaRoutes } from './routes/media.routes.tsx';
import { reviewRoutes } from './routes/review.routes.tsx';
import { topicRoutes } from './routes/topics.routes.tsx';
import { userRoutes } from './routes/users.routes.tsx';
import { NewsroomErrorPage } from './views/error-page.tsx';

function codeOf(error: FastifyError | Error): { code: ErrorCode; detail?: string } {
  if (error instanceof AppError) return { code: error.code, detail: error.detail };
  const fe = error as FastifyError;
  if (fe.validation) return { code: 'VALIDATION_FAILED', detail: fe.message };
  if (fe.code === 'FST_REQ_FILE_TOO_LARGE') return { code: 'MEDIA_TOO_LARGE' };
  // A form or JSON body over the limit (an article, say) is not an image.
  if (fe.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE' };
  if (fe.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE' };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { code: 'VALIDATION_FAILED', detail: fe.message };
  return { code: 'INTERNAL' };
}

/** Forms sent before signing in: they always carry the pre-sign-in token. */
const PRE_AUTH_FORMS = new Set(['/newsroom/login', '/newsroom/setup']);
/** Forms sent signed in or not: the session's token when there is a session, else the pre-sign-in one. */
const EITHER_TOKEN_FORMS = new Set(['/newsroom/locale', '/newsroom/reset/:token']);

export async function newsroomRoutes(app: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const { deps } = opts;
  await app.register(formbody, { bodyLimit: 2 * 1024 * 1024 });
  await app.register(multipart, { limits: { fileSize: MEDIA_LIMITS.maxBytes, files: 1, fields: 10, fieldSize: 10_000 } });
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    await loadSession(req, deps.db, deps.clock, deps.config);
  });

  // PostgreSQL text cannot hold U+0000 and no form has a use for it: refused here rather than
  // failing in the database. Form fields are flat (strings, or lists of them), so one level is enough.
  app.addHook('preValidation', async (req) => {
    const values = [req.query, req.body].flatMap((part) => (part && typeof part === 'object' ? Object.values(part).flat() : []));
    if (values.some((v) => typeof v === 'string' && v.includes('\u0000'))) throw new AppError('VALIDATION_FAILED', 'a field contains a NUL character');
  });

  // Every state-changing request passes the CSRF check here, before its route runs, and only
  // here: a new route cannot forget it. An upload's token is a form field its route reads while
  // streaming the file, so here it is held to our origin and the route checks the token.
  app.addHook('preValidation', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    if (req.isMultipart()) {
      if (!sameOrigin(req, deps.config)) throw new AppError('CSRF_FAILED', 'cross-origin request');
      return;
    }
    // The sign-in and setup forms take the pre-sign-in token even when a (perhaps planted)
    // session cookie comes along: signing in replaces that session.
    const route = req.routeOptions.url ?? '';
    if (PRE_AUTH_FORMS.has(route) || (!req.session && EITHER_TOKEN_FORMS.has(route))) verifyPreAuthCsrf(req, deps.config);
    else verifyCsrf(req, deps.config);
  });

  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    const { code, detail } = codeOf(error);
    if (code === 'INTERNAL') req.log.error({ err: error }, 'newsroom error');
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    if (code === 'UNAUTHENTICATED' && req.method === 'GET' && !wantsJson) {
      return reply.redirect(`/newsroom/login?next=${encodeURIComponent(req.url)}`, 303);
    }
    const status = ERROR_CATALOG[code].status;
    const message = userMessage(code, localeOf(req, deps));
    const shownDetail = status < 500 ? detail : undefined;
    reply.code(status).header('cache-control', 'no-store');
    if (wantsJson) return reply.send({ error: { code, message, ...(shownDetail ? { detail: shownDetail } : {}) } });
    return sendPage(reply, <NewsroomErrorPage shell={shellOf(req, deps)} status={status} message={message} detail={shownDetail} />, status);
  });

  const register = async (plugin: (app: FastifyInstance, o: { deps: NewsroomDeps }) => Promise<void>) => app.register(plugin, { deps });
  await register(authRoutes);
  await register(dashboardRoutes);
  await register(articleRoutes);
  await register(mediaRoutes);
  await register(engagementAdminRoutes);
  await register(channelRoutes);
  await register(topicRoutes);
  await register(listRoutes);
  await register(reviewRoutes);
  await register(userRoutes);
  await register(apiKeyRoutes);
  await register(auditRoutes);
}
