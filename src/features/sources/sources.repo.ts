import { containsText } from '../../db/text-match.ts';
import type { Db, SourceRow } from '../../db/schema.ts';

export function findSourceByName(db: Db, name: string): Promise<SourceRow | undefined> {
  return db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
}

export function findSourceById(db: Db, id: number): Promise<SourceRow | undefined> {
  return db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds a source, or finds the one another save added a moment ago (names are unique). */
export async function insertSource(db: Db, name: string, now: string): Promise<SourceRow> {
  const added = await db
    .insertInto('sources')
    .values({ name, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
  return added ?? db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
}

export async function sourceNames(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('sources').select('name').orderBy('name').limit(limit).execute();
  return rows.map((r) => r.name);
}

/** Sources whose name contains `filter` (all when empty), in name order. */
export function listSources(db: Db, filter: string, limit: number): Promise<SourceRow[]> {
  let q = db.selectFrom('sources').selectAll();
  if (filter) q = q.where(containsText('name', filter));
  return q.orderBy('name').orderBy('id').limit(limit).execute();
}

export async function countSources(db: Db, filter: string): Promise<number> {
  let q = db.selectFrom('sources').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (filter) q = q.where(containsText('name', filter));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** How many articles name each of these sources. */
export async function sourceArticleCounts(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('articles')
    .select(['source_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('source_id', 'in', ids)
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.source_id), Number(r.n)]));
}

/**
 * Renames a source. Its articles get a new version: an editor holding one open carries the
 * old name in the form, and saving it would bring that entry back; now they see the conflict.
 */
export async function renameSourceRow(db: Db, id: number, name: string): Promise<void> {
  await db.updateTable('sources').set({ name }).where('id', '=', id).execute();
  await db.updateTable('articles').set((eb) => ({ version: eb('version', '+', 1) })).where('source_id', '=', id).execute();
}

/** Points every article naming one source at another (a new version each, as a rename); returns how many moved. */
export async function reassignSourceArticles(db: Db, fromId: number, toId: number): Promise<number> {
  const result = await db
    .updateTable('articles')
    .set((eb) => ({ source_id: toId, version: eb('version', '+', 1) }))
    .where('source_id', '=', fromId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteSourceRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('sources').where('id', '=', id).execute();
}
