/**
 * Server-side sessions. The cookie carries a random token; the database keeps only its
 * SHA-256, so a copy of the table cannot be used to sign in. Sessions slide forward with
 * use up to an absolute limit, are replaced on sign-in (no fixation), and end on sign-out,
 * on a password change and the moment a user is disabled.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { User } from '../users/user.ts';
import { toUser } from '../users/users.service.ts';
import { deleteExpiredSessions, deleteSession, deleteUserSessions, findSessionWithUser, insertSession, touchSession } from './sessions.repo.ts';

/** A session lives at most this long, however active. */
const ABSOLUTE_MS = 7 * 24 * 3_600_000;
/** Sliding expiry is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface ActiveSession {
  readonly id: string;
  readonly user: User;
  readonly csrfToken: string;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function startSession(
  db: Db,
  clock: Clock,
  input: { userId: number; ip: string; userAgent: string | null; ttlMs: number },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = clock.now();
  await deleteExpiredSessions(db, now.toISOString());
  await insertSession(db, {
    id: hashToken(token),
    user_id: input.userId,
    csrf_token: csrfToken,
    ip: input.ip,
    user_agent: input.userAgent?.slice(0, 300) ?? null,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + input.ttlMs).toISOString(),
  });
  return { token, csrfToken };
}

/** The live session a cookie token names, or null (unknown, expired, or its user disabled). */
export async function resumeSession(db: Db, clock: Clock, token: string, ttlMs: number): Promise<ActiveSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = hashToken(token);
  const row = await findSessionWithUser(db, id);
  if (!row) return null;
  const now = clock.now();
  const expired = new Date(row.expires_at) <= now || now.getTime() - new Date(row.created_at).getTime() > ABSOLUTE_MS;
  // A session started before the password last changed belongs to the old password.
  const stale = new Date(row.created_at) < new Date(row.user.password_changed_at);
  if (expired || stale || row.user.disabled_at !== null) {
    await deleteSession(db, id);
    return null;
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await touchSession(db, id, now.toISOString(), new Date(now.getTime() + ttlMs).toISOString());
  }
  return { id, user: toUser(row.user), csrfToken: row.csrf_token };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await deleteSession(db, hashToken(token));
}

export function endAllSessions(db: Db, userId: number): Promise<number> {
  return deleteUserSessions(db, userId);
}
