/**
 * Telling every worker's page cache what changed. A change records the tags of the pages it
 * alters in the same transaction as itself, so a rolled-back change invalidates nothing and
 * a committed one is never missed; each worker reads the log (see platform/page-cache).
 */
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { deleteInvalidationsBefore, insertInvalidation, invalidationsSince } from './invalidation.repo.ts';
import { isPageTag } from './page-tags.ts';

export async function invalidatePages(db: Db, clock: Clock, tags: readonly string[]): Promise<void> {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  const bad = unique.find((t) => !isPageTag(t));
  if (bad) throw new Error(`not a page tag: ${bad}`);
  await insertInvalidation(db, unique.join(' '), clock.now().toISOString());
}

export async function recentInvalidations(db: Db, since: Date): Promise<Array<{ id: number; tags: string[]; createdAt: Date }>> {
  return (await invalidationsSince(db, since.toISOString())).map((r) => ({ id: r.id, tags: r.tags.split(' '), createdAt: new Date(r.created_at) }));
}

/** Forgets log rows every worker has long since read. */
export async function pruneInvalidations(db: Db, before: Date): Promise<void> {
  await deleteInvalidationsBefore(db, before.toISOString());
}
