/**
 * Frozen. The daily rollups found by article (their keys lead with the day): an article
 * moved to another channel carries its votes and reads along on its next save.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('mood_daily_article').on('mood_daily').column('article_id').execute();
  await db.schema.createIndex('view_daily_article').on('view_daily').column('article_id').execute();
}
