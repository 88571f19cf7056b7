import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Person } from './person.ts';
import { findPersonByName, insertPerson, peopleNames } from './people.repo.ts';

/**
 * People (reporters, editors) are matched by name; a name not seen before becomes a new
 * person, so imports and free entry in the editor never block on the managed list.
 */
export async function findOrCreatePerson(db: Db, clock: Clock, name: string): Promise<Person> {
  const existing = await findPersonByName(db, name);
  const row = existing ?? (await insertPerson(db, name, clock.now().toISOString()));
  return { id: row.id, name: row.name };
}

/** Known reporters and editors, offered as suggestions in the editor. */
export function knownPeople(db: Db, limit = 1000): Promise<string[]> {
  return peopleNames(db, limit);
}
