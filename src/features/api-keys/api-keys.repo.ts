import type { Db } from '../../db/schema.ts';

export async function insertApiKey(db: Db, row: { name: string; key_hash: string; created_at: string }): Promise<number> {
  const { id } = await db.insertInto('api_keys').values({ ...row, last_used_at: null, revoked_at: null }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findLiveKey(db: Db, keyHash: string) {
  return db.selectFrom('api_keys').select(['id', 'last_used_at']).where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function touchKey(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

export function listApiKeys(db: Db) {
  return db.selectFrom('api_keys').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']).orderBy('id', 'desc').execute();
}

export async function revokeApiKey(db: Db, id: number, now: string): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
