import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { cleanEntryName, refused, type ListChange, type ListPage } from '../sources/managed-list.ts';
import type { Person } from './person.ts';
import {
  accountsOf,
  countPeople,
  deletePersonRow,
  editorCounts,
  findOtherPersonByName,
  findPersonById,
  findPersonByName,
  insertPerson,
  listPeople,
  peopleNames,
  personArticleCount,
  reassignPerson,
  renamePersonRow,
  reporterCounts,
} from './people.repo.ts';

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

export interface PersonEntry extends Person {
  readonly asReporter: number;
  readonly asEditor: number;
  /** Names of the newsroom accounts linked to this person. */
  readonly accounts: readonly string[];
}

/** People whose name contains `filter`, each with what names them. */
export async function peopleList(db: Db, filter: string, limit: number): Promise<ListPage<PersonEntry>> {
  const [rows, total] = await Promise.all([listPeople(db, filter, limit), countPeople(db, filter)]);
  const ids = rows.map((r) => r.id);
  const [reporting, editing, accounts] = await Promise.all([reporterCounts(db, ids), editorCounts(db, ids), accountsOf(db, ids)]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      asReporter: reporting.get(r.id) ?? 0,
      asEditor: editing.get(r.id) ?? 0,
      accounts: accounts.filter((a) => a.person_id === r.id).map((a) => a.display_name),
    })),
    total,
  };
}

/**
 * A new name for a person; the articles crediting them show it at once. A name another
 * person has is refused: the editor would find only one of them by it, so that is a merge.
 */
export async function renamePerson(db: Db, id: number, name: string): Promise<ListChange> {
  const person = await findPersonById(db, id);
  if (!person) return refused({ reason: 'not_found' });
  const clean = cleanEntryName(name);
  if (!clean) return refused({ reason: 'bad_name' });
  if (await findOtherPersonByName(db, clean, id)) return refused({ reason: 'name_taken', name: clean });
  await renamePersonRow(db, id, clean);
  return { ok: true, detail: { from: person.name, to: clean } };
}

/** Folds one person into another: credits, editor in charge and linked accounts follow. */
export async function mergePerson(db: Db, fromId: number, intoId: number): Promise<ListChange> {
  if (fromId === intoId) return refused({ reason: 'same_entry' });
  const [from, into] = await Promise.all([findPersonById(db, fromId), findPersonById(db, intoId)]);
  if (!from || !into) return refused({ reason: 'not_found' });
  const articles = await reassignPerson(db, fromId, intoId);
  await deletePersonRow(db, fromId);
  return { ok: true, detail: { from: from.name, into: into.name, articles: articles.length } };
}

/** Removes a person no article names and no account is linked to. */
export async function removePerson(db: Db, id: number): Promise<ListChange> {
  const person = await findPersonById(db, id);
  if (!person) return refused({ reason: 'not_found' });
  const articles = await personArticleCount(db, id);
  if (articles > 0) return refused({ reason: 'in_use', articles });
  if ((await accountsOf(db, [id])).length > 0) return refused({ reason: 'has_account' });
  await deletePersonRow(db, id);
  return { ok: true, detail: { name: person.name } };
}
