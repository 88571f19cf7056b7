/** Sign-in, sign-out, first-run setup, password-reset links and the language switch. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { audit } from '../../features/audit/audit.service.ts';
import { insertSettingIfMissing } from '../../features/settings/settings.repo.ts';
import { endAllSessions, endSession, startSession } from '../../features/sessions/sessions.service.ts';
import { passwordResetIsLive, redeemPasswordReset } from '../../features/users/password-resets.service.ts';
import { changeOwnPassword, createUser, isSetupNeeded, setLocale, signIn } from '../../features/users/users.service.ts';
import { AppError, userMessage } from '../../platform/errors.ts';
import {
  cookieOptions,
  LANG_COOKIE,
  PRE_AUTH_COOKIE,
  preAuthToken,
  requireSession,
  SESSION_COOKIE,
  sessionTtlMs,
} from '../auth.ts';
import { localeOf, messagesOf, safeNext, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { AccountPage } from '../views/account-page.tsx';
import { ForgotPasswordPage, LoginPage, ResetPasswordPage, SetupPage } from '../views/auth-pages.tsx';

const LoginBody = Type.Object({
  _csrf: Type.String({ maxLength: 100 }),
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 1000 }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
});

const SetupBody = Type.Object({
  _csrf: Type.String({ maxLength: 100 }),
  email: Type.String({ maxLength: 320 }),
  displayName: Type.String({ maxLength: 100 }),
  password: Type.String({ maxLength: 1000 }),
});

export async function authRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock, config } = deps;

  async function beginSession(executor: Db, req: FastifyRequest, reply: FastifyReply, userId: number) {
    // A new session id on every sign-in: a token planted before sign-in is worth nothing.
    const old = req.cookies[SESSION_COOKIE];
    if (old) await endSession(executor, old);
    const { token } = await startSession(executor, clock, { userId, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, ttlMs: sessionTtlMs(config) });
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(config, config.sessionTtlHours * 3600));
    reply.clearCookie(PRE_AUTH_COOKIE, cookieOptions(config));
  }

  app.get('/login', { schema: { querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })), notice: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    if (req.session) return seeOther(reply, safeNext(req.query.next));
    if (await isSetupNeeded(db)) return seeOther(reply, '/newsroom/setup');
    const token = preAuthToken(req, reply, config);
    const notice = req.query.notice === 'reset' ? messagesOf(req, deps).resetDone : null;
    return sendPage(reply, <LoginPage shell={shellOf(req, deps, { preAuthToken: token })} token={token} email="" next={safeNext(req.query.next)} errors={[]} notice={notice} />);
  });

  app.get('/forgot', async (req, reply) => sendPage(reply, <ForgotPasswordPage shell={shellOf(req, deps)} />));

  // The token is in the path: no page here links elsewhere, and the referrer is never sent.
  const ResetParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
  const resetPage = (req: FastifyRequest, reply: FastifyReply, token: string, errors: string[], status: number) => {
    const csrfToken = req.session?.csrfToken ?? preAuthToken(req, reply, config);
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, <ResetPasswordPage shell={shellOf(req, deps, { preAuthToken: csrfToken })} action={`/newsroom/reset/${token}`} errors={errors} />, status);
  };
  app.get('/reset/:token', { schema: { params: ResetParams } }, async (req, reply) => {
    if (!(await passwordResetIsLive(db, clock, req.params.token))) throw new AppError('RESET_LINK_INVALID');
    return resetPage(req, reply, req.params.token, [], 200);
  });
  app.post('/reset/:token', { schema: { params: ResetParams, body: Type.Object({ _csrf: Type.String({ maxLength: 100 }), password: Type.String({ maxLength: 1000 }) }) } }, async (req, reply) => {
    let userId: number;
    try {
      userId = await db.transaction().execute(async (trx) => {
        const id = await redeemPasswordReset(trx, clock, req.params.token, req.body.password);
        await audit(trx, clock, { actorId: id, action: 'user.password_reset_link_used', subjectType: 'user', subjectId: id, ip: req.ip });
        return id;
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'WEAK_PASSWORD') return resetPage(req, reply, req.params.token, [userMessage(error.code, localeOf(req, deps))], 400);
      throw error;
    }
    // The user's sessions ended with the change; if this browser held one, its cookie goes too.
    if (req.session?.user.id === userId) reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
    return seeOther(reply, '/newsroom/login?notice=reset');
  });

  app.post('/login', { schema: { body: LoginBody } }, async (req, reply) => {
    const { email, password } = req.body;
    const result = await signIn(db, clock, { email, password, ip: req.ip });
    if (!result.ok) {
      const code = result.reason === 'locked' ? 'LOGIN_THROTTLED' : 'LOGIN_FAILED';
      await audit(db, clock, { actorId: null, action: result.reason === 'locked' ? 'user.login_throttled' : 'user.login_failed', subjectType: 'user', subjectId: null, detail: { email: email.slice(0, 320) }, ip: req.ip });
      const token = preAuthToken(req, reply, config);
      const page = <LoginPage shell={shellOf(req, deps, { preAuthToken: token })} token={token} email={email} next={safeNext(req.body.next)} errors={[userMessage(code, localeOf(req, deps))]} />;
      return sendPage(reply, page, code === 'LOGIN_THROTTLED' ? 429 : 401);
    }
    await db.transaction().execute(async (trx) => {
      await beginSession(trx, req, reply, result.user.id);
      await audit(trx, clock, { actorId: result.user.id, action: 'user.login', subjectType: 'user', subjectId: result.user.id, ip: req.ip });
    });
    return seeOther(reply, safeNext(req.body.next));
  });

  app.post('/logout', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await endSession(db, token);
    if (req.session) await audit(db, clock, { actorId: req.session.user.id, action: 'user.logout', subjectType: 'user', subjectId: req.session.user.id, ip: req.ip });
    reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
    return seeOther(reply, '/newsroom/login');
  });

  app.get('/setup', async (req, reply) => {
    if (!(await isSetupNeeded(db))) return seeOther(reply, '/newsroom/login');
    const token = preAuthToken(req, reply, config);
    return sendPage(reply, <SetupPage shell={shellOf(req, deps, { preAuthToken: token })} token={token} values={{ email: '', displayName: '' }} errors={[]} />);
  });

  app.post('/setup', { schema: { body: SetupBody } }, async (req, reply) => {
    const { email, displayName, password } = req.body;
    try {
      const user = await db.transaction().execute(async (trx) => {
        if (!(await isSetupNeeded(trx))) throw new AppError('SETUP_DONE');
        // The marker row is the lock: of two setups racing, only one writes it.
        const marker = `${email.trim().toLowerCase()}@${clock.now().toISOString()}`;
        if ((await insertSettingIfMissing(trx, 'setup_completed', marker, clock.now().toISOString())) !== marker) throw new AppError('SETUP_DONE');
        const created = await createUser(trx, clock, { email, displayName, password, role: 'admin' });
        await audit(trx, clock, { actorId: created.id, action: 'user.setup_admin', subjectType: 'user', subjectId: created.id, ip: req.ip });
        return created;
      });
      await beginSession(db, req, reply, user.id);
      return seeOther(reply, '/newsroom');
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'SETUP_DONE') throw error;
      const token = preAuthToken(req, reply, config);
      const message = error.detail ?? userMessage(error.code, localeOf(req, deps));
      return sendPage(reply, <SetupPage shell={shellOf(req, deps, { preAuthToken: token })} token={token} values={{ email, displayName }} errors={[message]} />, error.status);
    }
  });

  app.get('/account', { schema: { querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    requireSession(req);
    const notice = req.query.notice === 'password' ? `✓ ${messagesOf(req, deps).passwordChanged}` : null;
    return sendPage(reply, <AccountPage shell={shellOf(req, deps)} errors={[]} notice={notice} />);
  });

  app.post(
    '/account/password',
    { schema: { body: Type.Object({ _csrf: Type.String({ maxLength: 100 }), current: Type.String({ maxLength: 1000 }), password: Type.String({ maxLength: 1000 }) }) } },
    async (req, reply) => {
      const { user } = requireSession(req);
      const refuse = (message: string, status: number) => sendPage(reply, <AccountPage shell={shellOf(req, deps)} errors={[message]} notice={null} />, status);
      try {
        const changed = await db.transaction().execute(async (trx) => {
          if (!(await changeOwnPassword(trx, clock, user.id, req.body.current, req.body.password))) return false;
          // Every other session ends; this browser gets a fresh one.
          await endAllSessions(trx, user.id);
          await beginSession(trx, req, reply, user.id);
          await audit(trx, clock, { actorId: user.id, action: 'user.password_change', subjectType: 'user', subjectId: user.id, ip: req.ip });
          return true;
        });
        if (!changed) return refuse(messagesOf(req, deps).wrongPassword, 400);
        return seeOther(reply, '/newsroom/account?notice=password');
      } catch (error) {
        if (error instanceof AppError && error.code === 'WEAK_PASSWORD') return refuse(userMessage(error.code, localeOf(req, deps)), 400);
        throw error;
      }
    },
  );

  app.post('/locale', { schema: { body: Type.Object({ _csrf: Type.String({ maxLength: 100 }), locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]) }) } }, async (req, reply) => {
    // Signed in, the choice is saved on the account; before that, in a cookie.
    const session = req.session;
    if (session) await setLocale(db, clock, session.user.id, req.body.locale);
    reply.setCookie(LANG_COOKIE, req.body.locale, cookieOptions(config, 365 * 24 * 3600));
    return seeOther(reply, safeNext(req.headers.referer ? new URL(req.headers.referer, config.publicUrl).pathname : '/newsroom'));
  });
}
