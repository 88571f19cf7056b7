import type { ChannelRow, Db } from '../../db/schema.ts';

export function findChannelByPath(db: Db, path: string): Promise<ChannelRow | undefined> {
  return db.selectFrom('channels').selectAll().where('path', '=', path).executeTakeFirst();
}

export function findChannelsByPaths(db: Db, paths: readonly string[]): Promise<ChannelRow[]> {
  if (paths.length === 0) return Promise.resolve([]);
  return db.selectFrom('channels').selectAll().where('path', 'in', paths).execute();
}

export function findChannelById(db: Db, id: number): Promise<ChannelRow | undefined> {
  return db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listChildChannels(db: Db, parentId: number): Promise<ChannelRow[]> {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('parent_id', '=', parentId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export function findChildChannelByName(db: Db, parentId: number, name: string): Promise<ChannelRow | undefined> {
  return db.selectFrom('channels').selectAll().where('parent_id', '=', parentId).where('name', '=', name).executeTakeFirst();
}

/** Ids of a channel and everything below it, found by path prefix. */
export async function channelSubtreeIds(db: Db, path: string): Promise<number[]> {
  let q = db.selectFrom('channels').select('id');
  if (path !== '') q = q.where((eb) => eb.or([eb('path', '=', path), eb('path', 'like', `${path}/%`)]));
  const rows = await q.execute();
  return rows.map((r) => r.id);
}

export async function maxChildPosition(db: Db, parentId: number): Promise<number> {
  const row = await db
    .selectFrom('channels')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('parent_id', '=', parentId)
    .executeTakeFirst();
  return row?.max ?? -1;
}

export async function insertChannel(
  db: Db,
  row: { parentId: number | null; slug: string; name: string; path: string; position: number; now: string },
): Promise<ChannelRow> {
  return db
    .insertInto('channels')
    .values({
      parent_id: row.parentId,
      slug: row.slug,
      name: row.name,
      path: row.path,
      position: row.position,
      created_at: row.now,
      updated_at: row.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
