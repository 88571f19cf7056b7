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

export function listAllChannels(db: Db): Promise<ChannelRow[]> {
  return db.selectFrom('channels').selectAll().orderBy('path').execute();
}

export async function updateChannel(db: Db, id: number, patch: Partial<Pick<ChannelRow, 'name' | 'slug' | 'path' | 'parent_id' | 'position'>> & { updated_at: string }): Promise<void> {
  await db.updateTable('channels').set(patch).where('id', '=', id).execute();
}

/** Channels strictly below `path`. */
export function descendantChannels(db: Db, path: string): Promise<ChannelRow[]> {
  return db.selectFrom('channels').selectAll().where('path', 'like', `${path}/%`).execute();
}

export async function countChannelArticles(db: Db, id: number): Promise<number> {
  const row = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number | string>().as('n')).where('channel_id', '=', id).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function articleCountsByChannel(db: Db): Promise<Map<number, number>> {
  const rows = await db.selectFrom('articles').select(['channel_id', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy('channel_id').execute();
  return new Map(rows.map((r) => [r.channel_id, Number(r.n)]));
}

export async function deleteChannelRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('channels').where('id', '=', id).execute();
}

/**
 * Moves every article of one channel to another, bumping each version so an editor still
 * holding the old one gets the conflict page rather than saving the old channel back.
 */
export async function reassignChannelArticles(db: Db, fromId: number, toId: number, now: string): Promise<number[]> {
  const rows = await db
    .updateTable('articles')
    .set((eb) => ({ channel_id: toId, version: eb('version', '+', 1), updated_at: now }))
    .where('channel_id', '=', fromId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
