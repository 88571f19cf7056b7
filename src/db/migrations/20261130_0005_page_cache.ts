/**
 * Frozen. The page-cache invalidation log: a change that alters public pages writes the
 * tags of those pages here, in the same transaction as the change; every worker reads new
 * rows and drops its cached pages carrying any of the tags.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

type Col = ColumnDefinitionBuilder;

export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const pg = dialect === 'postgres';
  await (pg
    ? db.schema.createTable('page_invalidations').addColumn('id', 'bigint', (c: Col) => c.primaryKey().generatedByDefaultAsIdentity())
    : db.schema.createTable('page_invalidations').addColumn('id', 'integer', (c: Col) => c.primaryKey().autoIncrement().notNull()))
    // Space-separated cache tags (a:12 lists site …).
    .addColumn('tags', 'text', (c: Col) => c.notNull())
    .addColumn('created_at', pg ? 'timestamptz' : 'text', (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('page_invalidations_created').on('page_invalidations').column('created_at').execute();
}
