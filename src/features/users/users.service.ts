/**
 * Newsroom accounts: creating them, signing in (with throttling), and the changes an admin
 * makes. Every user is also a person, so their name links to their bylines.
 */
import type { Db, UserRow } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { findOrCreatePerson } from '../people/people.service.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import type { Role } from './roles.ts';
import { ACCOUNT_RULE, ADDRESS_RULE, forgiveOne, lockedUntil, recordFailure, resetThrottle } from './throttle.service.ts';
import { normalizeEmail, type User } from './user.ts';
import { countUsers, findUserByEmail, findUserById, insertUser, listUsers, updateUser } from './users.repo.ts';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    locale: row.locale,
    personId: row.person_id,
    disabled: row.disabled_at !== null,
  };
}

export async function isSetupNeeded(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

export async function createUser(
  db: Db,
  clock: Clock,
  input: { email: string; displayName: string; password: string; role: Role },
): Promise<User> {
  const email = normalizeEmail(input.email);
  if (!email) throw new AppError('VALIDATION_FAILED', 'email: not a valid email address');
  const displayName = input.displayName.trim();
  if (!displayName || [...displayName].length > 50) throw new AppError('VALIDATION_FAILED', 'displayName: 1 to 50 characters');
  if (passwordProblem(input.password)) throw new AppError('WEAK_PASSWORD');
  if (await findUserByEmail(db, email)) throw new AppError('EMAIL_TAKEN');
  const person = await findOrCreatePerson(db, clock, displayName);
  const row = await insertUser(db, {
    email,
    displayName,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    personId: person.id,
    now: clock.now().toISOString(),
  });
  return toUser(row);
}

export type SignIn = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly reason: 'invalid' | 'locked' };

/**
 * Checks a password. Unknown accounts, wrong passwords and disabled accounts all answer
 * 'invalid' in the same time, so the answer reveals nothing about who has an account.
 */
export async function signIn(db: Db, clock: Clock, input: { email: string; password: string; ip: string }): Promise<SignIn> {
  const email = normalizeEmail(input.email) ?? input.email.trim().toLowerCase().slice(0, 320);
  const accountKey = `account:${email}`;
  const addressKey = `address:${input.ip}`;
  if ((await lockedUntil(db, clock, accountKey)) || (await lockedUntil(db, clock, addressKey))) {
    return { ok: false, reason: 'locked' };
  }
  // Every guess is counted before its password is checked, so guesses sent together are held
  // to the limit as well as guesses sent one by one; a right password takes its count back.
  const forAccount = await recordFailure(db, clock, accountKey, ACCOUNT_RULE);
  const forAddress = await recordFailure(db, clock, addressKey, ADDRESS_RULE);
  if (forAccount > ACCOUNT_RULE.maxFailures || forAddress > ADDRESS_RULE.maxFailures) return { ok: false, reason: 'locked' };
  const row = await findUserByEmail(db, email);
  const valid = await verifyPassword(row?.password_hash ?? null, input.password);
  if (!row || !valid || row.disabled_at !== null) return { ok: false, reason: 'invalid' };
  await resetThrottle(db, accountKey);
  await forgiveOne(db, addressKey, ADDRESS_RULE);
  return { ok: true, user: toUser(row) };
}

export async function getUser(db: Db, id: number): Promise<User | null> {
  const row = await findUserById(db, id);
  return row ? toUser(row) : null;
}

export async function allUsers(db: Db): Promise<User[]> {
  return (await listUsers(db)).map(toUser);
}

async function existing(db: Db, id: number): Promise<UserRow> {
  const row = await findUserById(db, id);
  if (!row) throw new AppError('USER_NOT_FOUND');
  return row;
}

/** Changes one's own password, proving the current one first. */
export async function changeOwnPassword(db: Db, clock: Clock, id: number, current: string, next: string): Promise<boolean> {
  const row = await existing(db, id);
  if (!(await verifyPassword(row.password_hash, current))) return false;
  await changePassword(db, clock, id, next);
  return true;
}

export async function changePassword(db: Db, clock: Clock, id: number, password: string): Promise<void> {
  await existing(db, id);
  if (passwordProblem(password)) throw new AppError('WEAK_PASSWORD');
  const now = clock.now().toISOString();
  await updateUser(db, id, { password_hash: await hashPassword(password), password_changed_at: now, updated_at: now });
}

export async function setRole(db: Db, clock: Clock, id: number, role: Role): Promise<void> {
  await existing(db, id);
  await updateUser(db, id, { role, updated_at: clock.now().toISOString() });
}

export async function setDisabled(db: Db, clock: Clock, id: number, disabled: boolean): Promise<void> {
  await existing(db, id);
  const now = clock.now().toISOString();
  await updateUser(db, id, { disabled_at: disabled ? now : null, updated_at: now });
}

export async function setLocale(db: Db, clock: Clock, id: number, locale: 'zh-CN' | 'en'): Promise<void> {
  await updateUser(db, id, { locale, updated_at: clock.now().toISOString() });
}
