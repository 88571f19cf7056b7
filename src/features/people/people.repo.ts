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
