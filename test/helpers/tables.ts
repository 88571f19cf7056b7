/** Every row of every app table, in a stable order: to show that something changed nothing. */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

const ORDER: Record<keyof DB, string[]> = {
  channels: ['id'],
  sources: ['id'],
  people: ['id'],
  tags: ['id'],
  articles: ['id'],
  article_reporters: ['article_id', 'person_id'],
  article_tags: ['article_id', 'tag_id'],
};

export async function dumpTables(db: Kysely<DB>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, keys] of Object.entries(ORDER) as Array<[keyof DB, string[]]>) {
    let q = db.selectFrom(table).selectAll();
    for (const k of keys) q = q.orderBy(k as never);
    out[table] = await q.execute();
  }
  return out;
}

export async function countRows(db: Kysely<DB>): Promise<Record<string, number>> {
  const dump = await dumpTables(db);
  return Object.fromEntries(Object.entries(dump).map(([t, rows]) => [t, rows.length]));
}
