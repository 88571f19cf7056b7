/**
 * Frozen. Search documents (pre-segmented text, the same on both dialects) and each
 * dialect's full-text index over them; read keys for the content API.
 *
 * The index is the one deliberately dialect-specific piece: SQLite keeps an FTS5 table in
 * step with search_docs through triggers; PostgreSQL keeps a generated tsvector column
 * with a GIN index. Both index the same space-separated tokens, so both match alike.
 */
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

type Col = ColumnDefinitionBuilder;

export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const pg = dialect === 'postgres';
  const ts = pg ? 'timestamptz' : 'text';
  const ref = pg ? 'bigint' : 'integer';

  await db.schema
    .createTable('search_docs')
    // bigint on SQLite too: not a rowid alias, so a document always names its article.
    .addColumn('article_id', 'bigint', (c: Col) => c.primaryKey().notNull().references('articles.id').onDelete('cascade'))
    .addColumn('channel_id', ref, (c: Col) => c.notNull())
    .addColumn('published_at', ts, (c: Col) => c.notNull())
    .addColumn('title_tokens', 'text', (c: Col) => c.notNull())
    .addColumn('summary_tokens', 'text', (c: Col) => c.notNull())
    .addColumn('body_tokens', 'text', (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('search_docs_published').on('search_docs').columns(['published_at', 'article_id']).execute();
  await db.schema.createIndex('search_docs_channel').on('search_docs').columns(['channel_id', 'published_at']).execute();

  if (pg) {
    await sql`
      alter table search_docs add column tsv tsvector generated always as (
        setweight(to_tsvector('simple', title_tokens), 'A') ||
        setweight(to_tsvector('simple', summary_tokens), 'B') ||
        setweight(to_tsvector('simple', body_tokens), 'C')
      ) stored`.execute(db);
    await sql`create index search_docs_tsv on search_docs using gin (tsv)`.execute(db);
  } else {
    // Tokens are already separated by spaces; unicode61 only splits on them (and lower-cases).
    await sql`
      create virtual table search_fts using fts5(
        title_tokens, summary_tokens, body_tokens,
        content = 'search_docs', content_rowid = 'article_id',
        tokenize = "unicode61 remove_diacritics 2"
      )`.execute(db);
    await sql`
      create trigger search_docs_ai after insert on search_docs begin
        insert into search_fts(rowid, title_tokens, summary_tokens, body_tokens)
        values (new.article_id, new.title_tokens, new.summary_tokens, new.body_tokens);
      end`.execute(db);
    await sql`
      create trigger search_docs_ad after delete on search_docs begin
        insert into search_fts(search_fts, rowid, title_tokens, summary_tokens, body_tokens)
        values ('delete', old.article_id, old.title_tokens, old.summary_tokens, old.body_tokens);
      end`.execute(db);
    await sql`
      create trigger search_docs_au after update on search_docs begin
        insert into search_fts(search_fts, rowid, title_tokens, summary_tokens, body_tokens)
        values ('delete', old.article_id, old.title_tokens, old.summary_tokens, old.body_tokens);
        insert into search_fts(rowid, title_tokens, summary_tokens, body_tokens)
        values (new.article_id, new.title_tokens, new.summary_tokens, new.body_tokens);
      end`.execute(db);
  }

  // Read keys for the content API: only a hash is kept; the key is shown once.
  await (pg
    ? db.schema.createTable('api_keys').addColumn('id', 'bigint', (c: Col) => c.primaryKey().generatedByDefaultAsIdentity())
    : db.schema.createTable('api_keys').addColumn('id', 'integer', (c: Col) => c.primaryKey().autoIncrement().notNull()))
    .addColumn('name', 'text', (c: Col) => c.notNull())
    .addColumn('key_hash', 'text', (c: Col) => c.notNull().unique())
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();
}
