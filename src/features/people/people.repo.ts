import { containsText } from '../../db/text-match.ts';
import type { Db, PersonRow } from '../../db/schema.ts';

export function findPersonByName(db: Db, name: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
}

export function findPersonById(db: Db, id: number): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertPerson(db: Db, name: string, now: string): Promise<PersonRow> {
  return db.insertInto('people').values({ name, created_at: now }).returningAll().executeTakeFirstOrThrow();
}

export async function peopleNames(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('people').select('name').distinct().orderBy('name').limit(limit).execute();
  return rows.map((r) => r.name);
}

/** People whose name contains `filter` (all when empty), in name order. */
export function listPeople(db: Db, filter: string, limit: number): Promise<PersonRow[]> {
  let q = db.selectFrom('people').selectAll();
  if (filter) q = q.where(containsText('name', filter));
  return q.orderBy('name').orderBy('id').limit(limit).execute();
}

export async function countPeople(db: Db, filter: string): Promise<number> {
  let q = db.selectFrom('people').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (filter) q = q.where(containsText('name', filter));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** For each of these people: articles crediting them as reporter. */
export async function reporterCounts(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('article_reporters')
    .select(['person_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('person_id', 'in', ids)
    .groupBy('person_id')
    .execute();
  return new Map(rows.map((r) => [r.person_id, Number(r.n)]));
}

/** For each of these people: articles naming them editor in charge. */
export async function editorCounts(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('articles')
    .select(['editor_in_charge_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('editor_in_charge_id', 'in', ids)
    .groupBy('editor_in_charge_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.editor_in_charge_id), Number(r.n)]));
}

/** Articles crediting this person as reporter or naming them editor in charge, each once. */
export async function personArticleCount(db: Db, id: number): Promise<number> {
  const naming = db
    .selectFrom('article_reporters')
    .select('article_id')
    .where('person_id', '=', id)
    .union(db.selectFrom('articles').select('id as article_id').where('editor_in_charge_id', '=', id));
  const row = await db
    .selectFrom(naming.as('naming'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newsroom accounts linked to these people. */
export function accountsOf(db: Db, ids: readonly number[]): Promise<Array<{ person_id: number | null; display_name: string }>> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['person_id', 'display_name']).where('person_id', 'in', ids).orderBy('id').execute();
}

/** Another person than `id` with exactly this name. */
export function findOtherPersonByName(db: Db, name: string, id: number): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('name', '=', name).where('id', '<>', id).limit(1).executeTakeFirst();
}

/** Renames a person; the articles naming them get a new version (see renameSourceRow). */
export async function renamePersonRow(db: Db, id: number, name: string): Promise<void> {
  await db.updateTable('people').set({ name }).where('id', '=', id).execute();
  await db
    .updateTable('articles')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where((eb) => eb.or([eb('editor_in_charge_id', '=', id), eb('id', 'in', eb.selectFrom('article_reporters').select('article_id').where('person_id', '=', id))]))
    .execute();
}

/**
 * Everything that names one person names another instead: reporter credits (an article
 * crediting both keeps one), editor in charge, and linked accounts. Returns the articles changed.
 */
export async function reassignPerson(db: Db, fromId: number, toId: number): Promise<number[]> {
  const credited = await db.selectFrom('article_reporters').select('article_id').where('person_id', '=', fromId).execute();
  const edited = await db.selectFrom('articles').select('id').where('editor_in_charge_id', '=', fromId).execute();
  await db
    .deleteFrom('article_reporters')
    .where('person_id', '=', fromId)
    .where('article_id', 'in', (eb) => eb.selectFrom('article_reporters as kept').select('kept.article_id').where('kept.person_id', '=', toId))
    .execute();
  await db.updateTable('article_reporters').set({ person_id: toId }).where('person_id', '=', fromId).execute();
  await db.updateTable('articles').set({ editor_in_charge_id: toId }).where('editor_in_charge_id', '=', fromId).execute();
  await db.updateTable('users').set({ person_id: toId }).where('person_id', '=', fromId).execute();
  const changed = [...new Set([...credited.map((r) => r.article_id), ...edited.map((r) => r.id)])].sort((a, b) => a - b);
  if (changed.length > 0) await db.updateTable('articles').set((eb) => ({ version: eb('version', '+', 1) })).where('id', 'in', changed).execute();
  return changed;
}

export async function deletePersonRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('people').where('id', '=', id).execute();
}
