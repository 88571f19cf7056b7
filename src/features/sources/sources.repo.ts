import type { Db, SourceRow } from '../../db/schema.ts';

export function findSourceByName(db: Db, name: string): Promise<SourceRow | undefined> {
  return db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
}

export function insertSource(db: Db, name: string, now: string): Promise<SourceRow> {
  return db.insertInto('sources').values({ name, created_at: now }).returningAll().executeTakeFirstOrThrow();
}

export async function sourceNames(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('sources').select('name').orderBy('name').limit(limit).execute();
  return rows.map((r) => r.name);
}
