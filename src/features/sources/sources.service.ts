import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { findSourceByName, insertSource, sourceNames } from './sources.repo.ts';

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
