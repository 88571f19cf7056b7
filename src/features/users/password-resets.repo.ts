import type { Db } from '../../db/schema.ts';

export async function insertPasswordReset(db: Db, row: { user_id: number; token_hash: string; created_by: number; created_at: string; expires_at: string }): Promise<void> {
  await db.insertInto('password_resets').values({ ...row, used_at: null }).execute();
}

/** Voids a user's links not yet used: only the newest one works. */
export async function voidPasswordResets(db: Db, userId: number, now: string): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

export function findPasswordReset(db: Db, tokenHash: string) {
  return db.selectFrom('password_resets').select(['id', 'user_id', 'expires_at', 'used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a link used; false when another request used it first. */
export async function claimPasswordReset(db: Db, id: number, now: string): Promise<boolean> {
  const r = await db.updateTable('password_resets').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
