/**
 * Frozen: once on main this file never changes; later schema changes are new migrations.
 * It imports nothing from the app, so it keeps meaning what it meant the day it ran.
 */
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

type Table = CreateTableBuilder<string, string>;
type Col = ColumnDefinitionBuilder;

export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const pg = dialect === 'postgres';
  const ts = pg ? 'timestamptz' : 'text';
  const ref = pg ? 'bigint' : 'integer';
  // Ids come from the database (an identity column on PostgreSQL), so any number of app
  // nodes can insert into one database without coordinating.
  const id = (t: Table): Table =>
    pg
      ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement().notNull());

  await id(db.schema.createTable('channels'))
    .addColumn('parent_id', ref, (c: Col) => c.references('channels.id').onDelete('restrict'))
    .addColumn('slug', 'text', (c: Col) => c.notNull())
    .addColumn('name', 'text', (c: Col) => c.notNull())
    .addColumn('path', 'text', (c: Col) => c.notNull().unique())
    .addColumn('position', 'integer', (c: Col) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addColumn('updated_at', ts, (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('channels_parent_position').on('channels').columns(['parent_id', 'position']).execute();

  await id(db.schema.createTable('sources'))
    .addColumn('name', 'text', (c: Col) => c.notNull().unique())
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .execute();

  await id(db.schema.createTable('people'))
    .addColumn('name', 'text', (c: Col) => c.notNull())
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('people_name').on('people').column('name').execute();

  await id(db.schema.createTable('tags'))
    .addColumn('name', 'text', (c: Col) => c.notNull().unique())
    .addColumn('slug', 'text', (c: Col) => c.notNull().unique())
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .execute();

  const flagColumn = (t: Table, name: string): Table =>
    t.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0).check(sql`${sql.ref(name)} in (0, 1)`));

  let articles = id(db.schema.createTable('articles'))
    .addColumn('kind', 'text', (c: Col) => c.notNull().defaultTo('article').check(sql`kind in ('article', 'brief')`))
    .addColumn('status', 'text', (c: Col) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft', 'in_review', 'published', 'withdrawn')`),
    )
    .addColumn('title', 'text', (c: Col) => c.notNull())
    .addColumn('summary', 'text', (c: Col) => c.notNull().defaultTo(''))
    .addColumn('body_html', 'text', (c: Col) => c.notNull().defaultTo(''))
    .addColumn('body_chars', 'integer', (c: Col) => c.notNull().defaultTo(0))
    .addColumn('channel_id', ref, (c: Col) => c.notNull().references('channels.id').onDelete('restrict'))
    .addColumn('source_id', ref, (c: Col) => c.references('sources.id').onDelete('set null'))
    .addColumn('byline', 'text')
    .addColumn('editor_in_charge_id', ref, (c: Col) => c.references('people.id').onDelete('set null'))
    .addColumn('cover_image_url', 'text');
  for (const name of ['is_focus', 'is_exclusive', 'is_recommended', 'is_pinned']) {
    articles = flagColumn(articles, name);
  }
  await articles
    .addColumn('published_at', ts)
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addColumn('updated_at', ts, (c: Col) => c.notNull())
    .addColumn('import_key', 'text', (c: Col) => c.unique())
    .execute();
  // Reader lists: newest published first, site-wide and per channel, with id as tie-break
  // so keyset cursors are total.
  await db.schema
    .createIndex('articles_status_published')
    .on('articles')
    .columns(['status', 'published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('articles_channel_status_published')
    .on('articles')
    .columns(['channel_id', 'status', 'published_at', 'id'])
    .execute();

  await db.schema
    .createTable('article_reporters')
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('person_id', ref, (c: Col) => c.notNull().references('people.id').onDelete('restrict'))
    .addColumn('position', 'integer', (c: Col) => c.notNull())
    .addPrimaryKeyConstraint('article_reporters_pk', ['article_id', 'person_id'])
    .execute();
  await db.schema.createIndex('article_reporters_person').on('article_reporters').column('person_id').execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', ref, (c: Col) => c.notNull().references('tags.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_tag').on('article_tags').column('tag_id').execute();
}
