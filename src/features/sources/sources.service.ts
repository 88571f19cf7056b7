import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { cleanEntryName, refused, type ListChange, type ListPage } from './managed-list.ts';
import {
  countSources,
  deleteSourceRow,
  findSourceById,
  findSourceByName,
  insertSource,
  listSources,
  reassignSourceArticles,
  renameSourceRow,
  sourceArticleCounts,
  sourceNames,
} from './sources.repo.ts';

/** Sources (来源) are a managed list of outlets; a new outlet name joins the list. */
export async function findOrCreateSource(db: Db, clock: Clock, name: string): Promise<{ id: number; name: string }> {
  const existing = await findSourceByName(db, name);
  const row = existing ?? (await insertSource(db, name, clock.now().toISOString()));
  return { id: row.id, name: row.name };
}

/** The managed list of outlets, offered as suggestions in the editor. */
export function knownSources(db: Db, limit = 500): Promise<string[]> {
  return sourceNames(db, limit);
}

export interface SourceEntry {
  readonly id: number;
  readonly name: string;
  readonly articles: number;
}

/** Sources whose name contains `filter`, each with how many articles name it. */
export async function sourceList(db: Db, filter: string, limit: number): Promise<ListPage<SourceEntry>> {
  const [rows, total] = await Promise.all([listSources(db, filter, limit), countSources(db, filter)]);
  const counts = await sourceArticleCounts(db, rows.map((r) => r.id));
  return { rows: rows.map((r) => ({ id: r.id, name: r.name, articles: counts.get(r.id) ?? 0 })), total };
}

/** A new name for a source; its articles show it at once. An existing name is refused: that is a merge. */
export async function renameSource(db: Db, id: number, name: string): Promise<ListChange> {
  const source = await findSourceById(db, id);
  if (!source) return refused({ reason: 'not_found' });
  const clean = cleanEntryName(name);
  if (!clean) return refused({ reason: 'bad_name' });
  const clash = await findSourceByName(db, clean);
  if (clash && clash.id !== id) return refused({ reason: 'name_taken', name: clean });
  await renameSourceRow(db, id, clean);
  return { ok: true, detail: { from: source.name, to: clean } };
}

/** Folds one source into another: its articles name the other, and it leaves the list. */
export async function mergeSource(db: Db, fromId: number, intoId: number): Promise<ListChange> {
  if (fromId === intoId) return refused({ reason: 'same_entry' });
  const [from, into] = await Promise.all([findSourceById(db, fromId), findSourceById(db, intoId)]);
  if (!from || !into) return refused({ reason: 'not_found' });
  const articles = await reassignSourceArticles(db, fromId, intoId);
  await deleteSourceRow(db, fromId);
  return { ok: true, detail: { from: from.name, into: into.name, articles } };
}

/** Removes a source no article names. */
export async function removeSource(db: Db, id: number): Promise<ListChange> {
  const source = await findSourceById(db, id);
  if (!source) return refused({ reason: 'not_found' });
  const articles = (await sourceArticleCounts(db, [id])).get(id) ?? 0;
  if (articles > 0) return refused({ reason: 'in_use', articles });
  await deleteSourceRow(db, id);
  return { ok: true, detail: { name: source.name } };
}
