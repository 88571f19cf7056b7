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
  users: ['id'],
  sessions: ['id'],
  auth_throttle: ['key'],
  settings: ['key'],
  media: ['id'],
  article_revisions: ['id'],
  review_stages: ['id'],
  review_stage_approvers: ['stage_id', 'user_id'],
  article_approvals: ['id'],
  workflow_events: ['id'],
  jobs: ['id'],
  audit_log: ['id'],
  topics: ['id'],
  moods: ['id'],
  mood_votes: ['article_id', 'reader_id'],
  mood_counts: ['article_id', 'mood_id'],
  mood_daily: ['day', 'article_id', 'mood_id'],
  mood_alerts: ['id'],
  article_views: ['article_id'],
  view_daily: ['day', 'article_id'],
  article_terms: ['article_id', 'term'],
  article_related: ['article_id', 'related_id'],
  topic_sections: ['id'],
  topic_articles: ['section_id', 'article_id'],
  slots: ['id'],
  slot_items: ['slot_id', 'article_id'],
  search_docs: ['article_id'],
  api_keys: ['id'],
  page_invalidations: ['id'],
  password_resets: ['id'],
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
