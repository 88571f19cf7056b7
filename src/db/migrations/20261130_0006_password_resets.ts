/**
 * Frozen. One-time password-reset links an admin issues for a user: only the SHA-256 of the
 * token is kept; a link works once and until it expires.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

type Col = ColumnDefinitionBuilder;

export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const pg = dialect === 'postgres';
  const ts = pg ? 'timestamptz' : 'text';
  const ref = pg ? 'bigint' : 'integer';
  await (pg
    ? db.schema.createTable('password_resets').addColumn('id', 'bigint', (c: Col) => c.primaryKey().generatedByDefaultAsIdentity())
    : db.schema.createTable('password_resets').addColumn('id', 'integer', (c: Col) => c.primaryKey().autoIncrement().notNull()))
    .addColumn('user_id', ref, (c: Col) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c: Col) => c.notNull().unique())
    .addColumn('created_by', ref, (c: Col) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addColumn('expires_at', ts, (c: Col) => c.notNull())
    .addColumn('used_at', ts)
    .execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
}
