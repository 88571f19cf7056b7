/**
 * Frozen. Related lists found by the article they list: an edited or withdrawn article is
 * scored again, or taken out, in every list that holds it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('article_related_target').on('article_related').column('related_id').execute();
}
