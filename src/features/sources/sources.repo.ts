import type { Db, SourceRow } from '../../db/schema.ts';

export function findSourceByName(db: Db, name: string): Promise<SourceRow | undefined> {
  return db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
}

export function insertSource(db: Db, name: string, now: string): Promise<SourceRow> {
  return db.insertInto('sources').values({ name, created_at: now }).returningAll().executeTakeFirstOrThrow();
}
