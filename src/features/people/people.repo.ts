import type { Kysely } from 'kysely';
import type { DB, PersonRow } from '../../db/schema.ts';

export function findPersonByName(db: Kysely<DB>, name: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
}

export function findPersonById(db: Kysely<DB>, id: number): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertPerson(db: Kysely<DB>, name: string, now: string): Promise<PersonRow> {
  return db.insertInto('people').values({ name, created_at: now }).returningAll().executeTakeFirstOrThrow();
}
