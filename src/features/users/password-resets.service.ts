/**
 * Password-reset links. Masthead sends no mail, so an admin issues the link and hands it to
 * the colleague (as they would a first password); the link, not the admin, sets the new
 * password, so the admin never learns it. A link is 256 random bits, stored only as its
 * SHA-256, works once, for an hour, and issuing a new one voids the old. Using it ends every
 * session of that user. Unknown, used and expired links all answer alike.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { endAllSessions } from '../sessions/sessions.service.ts';
import { claimPasswordReset, findPasswordReset, insertPasswordReset, voidPasswordResets } from './password-resets.repo.ts';
import type { User } from './user.ts';
import { changePassword, getUser } from './users.service.ts';

export const RESET_LINK_TTL_MS = 3_600_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new link's token for the user (the caller builds the URL), and the user; voids their older links. */
export async function issuePasswordReset(db: Db, clock: Clock, userId: number, adminId: number): Promise<{ token: string; user: User }> {
  const user = await getUser(db, userId);
  if (!user) throw new AppError('USER_NOT_FOUND');
  const now = clock.now();
  await voidPasswordResets(db, userId, now.toISOString());
  const token = randomBytes(32).toString('base64url');
  await insertPasswordReset(db, {
    user_id: userId,
    token_hash: hash(token),
    created_by: adminId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + RESET_LINK_TTL_MS).toISOString(),
  });
  return { token, user };
}

async function liveReset(db: Db, clock: Clock, token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await findPasswordReset(db, hash(token));
  if (!row || row.used_at !== null || new Date(row.expires_at).getTime() <= clock.now().getTime()) return null;
  return row;
}

/** Whether the link can still be used (to show its form, or the same refusal for every dead link). */
export async function passwordResetIsLive(db: Db, clock: Clock, token: string): Promise<boolean> {
  return (await liveReset(db, clock, token)) !== null;
}

/**
 * Sets the new password through a live link, once. Call inside a transaction: the claim,
 * the password and the ended sessions land together or not at all.
 */
export async function redeemPasswordReset(db: Db, clock: Clock, token: string, password: string): Promise<number> {
  const row = await liveReset(db, clock, token);
  if (!row) throw new AppError('RESET_LINK_INVALID');
  await changePassword(db, clock, row.user_id, password);
  if (!(await claimPasswordReset(db, row.id, clock.now().toISOString()))) throw new AppError('RESET_LINK_INVALID');
  await endAllSessions(db, row.user_id);
  return row.user_id;
}
