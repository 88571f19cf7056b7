import type { Kysely } from 'kysely';
import type { DB, SourceRow } from '../../db/schema.ts';

export function findSourceByName(db: Kysely<DB>, name: string): Promise<SourceRow | undefined> {
  return db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
}

export function insertSource(db: Kysely<DB>, name: string, now: string): Promise<SourceRow> {
  return db.insertInto('sources').values({ name, created_at: now }).returningAll().executeTakeFirstOrThrow();
}
