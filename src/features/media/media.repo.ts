import type { Db, MediaRow } from '../../db/schema.ts';

export function insertMedia(db: Db, row: Omit<MediaRow, 'id'>): Promise<MediaRow> {
  return db.insertInto('media').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findMediaById(db: Db, id: number): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMediaByIds(db: Db, ids: readonly number[]): Promise<MediaRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('media').selectAll().where('id', 'in', ids).execute();
}

export function listMedia(db: Db, opts: { beforeId?: number; limit: number }): Promise<MediaRow[]> {
  let q = db.selectFrom('media').selectAll();
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function updateMediaText(db: Db, id: number, text: { alt: string; caption: string; credit: string }): Promise<void> {
  await db.updateTable('media').set(text).where('id', '=', id).execute();
}
