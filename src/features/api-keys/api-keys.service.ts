/**
 * Read keys for the content API. A key is shown once, when made; only its SHA-256 is
 * stored. Keys can be revoked at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { findLiveKey, insertApiKey, listApiKeys, revokeApiKey, touchKey } from './api-keys.repo.ts';

const PREFIX = 'mh_';
const hash = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createApiKey(db: Db, clock: Clock, name: string): Promise<{ id: number; key: string }> {
  const clean = name.trim();
  if (!clean || clean.length > 80) throw new AppError('VALIDATION_FAILED', 'name: 1 to 80 characters');
  const key = PREFIX + randomBytes(24).toString('base64url');
  const id = await insertApiKey(db, { name: clean, key_hash: hash(key), created_at: clock.now().toISOString() });
  return { id, key };
}

/** True for a live key; records its use at most once a minute. */
export async function checkApiKey(db: Db, clock: Clock, key: string): Promise<boolean> {
  if (!key.startsWith(PREFIX) || key.length > 100) return false;
  const row = await findLiveKey(db, hash(key));
  if (!row) return false;
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) await touchKey(db, row.id, now.toISOString());
  return true;
}

export interface ApiKeySummary {
  readonly id: number;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revoked: boolean;
}

export async function apiKeys(db: Db): Promise<ApiKeySummary[]> {
  return (await listApiKeys(db)).map((k) => ({
    id: k.id,
    name: k.name,
    createdAt: new Date(k.created_at),
    lastUsedAt: k.last_used_at ? new Date(k.last_used_at) : null,
    revoked: k.revoked_at !== null,
  }));
}

export async function revokeKey(db: Db, clock: Clock, id: number): Promise<void> {
  if (!(await revokeApiKey(db, id, clock.now().toISOString()))) throw new AppError('NOT_FOUND');
}
