/**
 * Who is asking, and may they: the newsroom's session cookie, CSRF checks on every
 * state-changing request, and capability guards from the role matrix.
 *
 * CSRF has two layers. Every unsafe request must come from our own origin (Origin, or
 * Referer when a browser omits Origin). Then it must carry a token: the session's own
 * token once signed in; before that (sign-in and setup forms) a random token set in an
 * HttpOnly cookie and echoed by the form.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/schema.ts';
import { resumeSession, type ActiveSession } from '../features/sessions/sessions.service.ts';
import { can, type Action } from '../features/users/capabilities.ts';
import { AppError } from '../platform/errors.ts';
import type { Clock } from '../shared/clock.ts';

export const SESSION_COOKIE = 'mh_session';
export const PRE_AUTH_COOKIE = 'mh_pre';
export const LANG_COOKIE = 'mh_lang';
export const COOKIE_PATH = '/newsroom';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in newsroom session, when there is one. */
    session: ActiveSession | null;
  }
}

export function cookieOptions(config: Config, maxAgeSeconds?: number) {
  return {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

export function sessionTtlMs(config: Config): number {
  return config.sessionTtlHours * 3_600_000;
}

export async function loadSession(req: FastifyRequest, db: Db, clock: Clock, config: Config): Promise<void> {
  const token = req.cookies[SESSION_COOKIE];
  req.session = token ? await resumeSession(db, clock, token, sessionTtlMs(config)) : null;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

function allowedOrigins(req: FastifyRequest, config: Config): string[] {
  return [new URL(config.publicUrl).origin, `${req.protocol}://${req.host}`];
}

/** True when an unsafe request plainly comes from this site. */
export function sameOrigin(req: FastifyRequest, config: Config): boolean {
  const origin = req.headers.origin;
  if (origin) return allowedOrigins(req, config).includes(origin);
  const referer = req.headers.referer;
  if (referer) {
    try {
      return allowedOrigins(req, config).includes(new URL(referer).origin);
    } catch {
      return false;
    }
  }
  // Non-browser clients send neither; they still need the token below.
  return true;
}

function submittedToken(req: FastifyRequest): string {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = req.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : '';
}

/** Checks origin and token for a signed-in request, with the token given (e.g. from a multipart field). */
export function verifyCsrf(req: FastifyRequest, config: Config, token = submittedToken(req)): void {
  if (!sameOrigin(req, config)) throw new AppError('CSRF_FAILED', 'cross-origin request');
  if (!req.session || !sameToken(token, req.session.csrfToken)) throw new AppError('CSRF_FAILED');
}

/** Issues (or reuses) the pre-sign-in token for the sign-in and setup forms. */
export function preAuthToken(req: FastifyRequest, reply: FastifyReply, config: Config): string {
  const existing = req.cookies[PRE_AUTH_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(PRE_AUTH_COOKIE, token, cookieOptions(config, 3600));
  return token;
}

export function verifyPreAuthCsrf(req: FastifyRequest, config: Config): void {
  if (!sameOrigin(req, config)) throw new AppError('CSRF_FAILED', 'cross-origin request');
  if (!sameToken(submittedToken(req), req.cookies[PRE_AUTH_COOKIE] ?? '')) throw new AppError('CSRF_FAILED');
}

/** The signed-in session, or an UNAUTHENTICATED error (pages redirect to sign-in). */
export function requireSession(req: FastifyRequest): ActiveSession {
  if (!req.session) throw new AppError('UNAUTHENTICATED');
  return req.session;
}

/** The session, if its role may take `action`; else FORBIDDEN. */
export function requireCapability(req: FastifyRequest, action: Action): ActiveSession {
  const session = requireSession(req);
  if (!can(session.user.role, action)) throw new AppError('FORBIDDEN', action);
  return session;
}
