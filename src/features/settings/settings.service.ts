/**
 * Site-wide settings kept in the database, shared by every app node.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { insertSettingIfMissing, readSetting } from './settings.repo.ts';

/**
 * The secret that signs preview links: SECRET_KEY when the operator set one, else one
 * generated on first use and stored, so every node and every restart agrees on it.
 */
export async function signingSecret(db: Db, clock: Clock, configured: string | null): Promise<string> {
  if (configured) return configured;
  // Read first: the insert is a write, and a write per request serialises every request
  // on SQLite's one writer (it did, for votes).
  return (await readSetting(db, 'signing_secret')) ?? insertSettingIfMissing(db, 'signing_secret', randomBytes(48).toString('base64url'), clock.now().toISOString());
}
