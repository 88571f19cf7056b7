/**
 * Frozen. Reader engagement: moods (the set, votes, counters, daily rollups, burst
 * alerts), read counts, related reading (keywords and precomputed lists), topic sections,
 * and curated recommendation slots.
 */
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

type Table = CreateTableBuilder<string, string>;
type Col = ColumnDefinitionBuilder;

export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const pg = dialect === 'postgres';
  const ts = pg ? 'timestamptz' : 'text';
  const ref = pg ? 'bigint' : 'integer';
  const real = pg ? 'double precision' : 'real';
  const id = (t: Table): Table =>
    pg
      ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement().notNull());

  await id(db.schema.createTable('moods'))
    .addColumn('key', 'text', (c: Col) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c: Col) => c.notNull())
    .addColumn('name_en', 'text', (c: Col) => c.notNull())
    .addColumn('icon', 'text', (c: Col) => c.notNull())
    .addColumn('position', 'integer', (c: Col) => c.notNull())
    .addColumn('active', 'integer', (c: Col) => c.notNull().defaultTo(1).check(sql`active in (0, 1)`))
    .execute();
  await db
    .insertInto('moods')
    .values([
      { key: 'happy', name_zh: '开心', name_en: 'Happy', icon: '😊', position: 0, active: 1 },
      { key: 'sad', name_zh: '难过', name_en: 'Sad', icon: '😢', position: 1, active: 1 },
      { key: 'like', name_zh: '点赞', name_en: 'Like', icon: '👍', position: 2, active: 1 },
      { key: 'pass', name_zh: '飘过', name_en: 'Just passing', icon: '🍃', position: 3, active: 1 },
    ])
    .execute();

  // One vote per reader per article: the primary key is the rule, not application code.
  await db.schema
    .createTable('mood_votes')
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('reader_id', 'text', (c: Col) => c.notNull())
    .addColumn('mood_id', ref, (c: Col) => c.notNull().references('moods.id').onDelete('cascade'))
    .addColumn('ip_hash', 'text', (c: Col) => c.notNull())
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addPrimaryKeyConstraint('mood_votes_pk', ['article_id', 'reader_id'])
    .execute();
  await db.schema.createIndex('mood_votes_ip').on('mood_votes').columns(['ip_hash', 'created_at']).execute();
  await db.schema.createIndex('mood_votes_recent').on('mood_votes').columns(['article_id', 'mood_id', 'created_at']).execute();

  await db.schema
    .createTable('mood_counts')
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('mood_id', ref, (c: Col) => c.notNull().references('moods.id').onDelete('cascade'))
    .addColumn('channel_id', ref, (c: Col) => c.notNull())
    .addColumn('count', 'integer', (c: Col) => c.notNull())
    .addPrimaryKeyConstraint('mood_counts_pk', ['article_id', 'mood_id'])
    .execute();
  await db.schema.createIndex('mood_counts_rank').on('mood_counts').columns(['mood_id', 'count', 'article_id']).execute();
  await db.schema.createIndex('mood_counts_channel_rank').on('mood_counts').columns(['mood_id', 'channel_id', 'count']).execute();

  // Votes per day (site time zone) per article and mood: rankings read these, never the votes.
  await db.schema
    .createTable('mood_daily')
    .addColumn('day', 'text', (c: Col) => c.notNull())
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('mood_id', ref, (c: Col) => c.notNull().references('moods.id').onDelete('cascade'))
    .addColumn('channel_id', ref, (c: Col) => c.notNull())
    .addColumn('count', 'integer', (c: Col) => c.notNull())
    .addPrimaryKeyConstraint('mood_daily_pk', ['day', 'article_id', 'mood_id'])
    .execute();
  await db.schema.createIndex('mood_daily_rank').on('mood_daily').columns(['mood_id', 'day', 'count']).execute();
  await db.schema.createIndex('mood_daily_channel').on('mood_daily').columns(['mood_id', 'channel_id', 'day']).execute();

  await id(db.schema.createTable('mood_alerts'))
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('mood_id', ref, (c: Col) => c.notNull().references('moods.id').onDelete('cascade'))
    .addColumn('window_started_at', ts, (c: Col) => c.notNull())
    .addColumn('votes', 'integer', (c: Col) => c.notNull())
    .addColumn('distinct_ips', 'integer', (c: Col) => c.notNull())
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addColumn('resolved_at', ts)
    .addUniqueConstraint('mood_alerts_once', ['article_id', 'mood_id', 'window_started_at'])
    .execute();

  // Declared bigint, not integer, on SQLite too: an INTEGER PRIMARY KEY there becomes a rowid
  // alias that invents a value for NULL, and a counter row must always name its article.
  await db.schema
    .createTable('article_views')
    .addColumn('article_id', 'bigint', (c: Col) => c.primaryKey().notNull().references('articles.id').onDelete('cascade'))
    .addColumn('views', 'integer', (c: Col) => c.notNull())
    .execute();
  await db.schema
    .createTable('view_daily')
    .addColumn('day', 'text', (c: Col) => c.notNull())
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('channel_id', ref, (c: Col) => c.notNull())
    .addColumn('views', 'integer', (c: Col) => c.notNull())
    .addPrimaryKeyConstraint('view_daily_pk', ['day', 'article_id'])
    .execute();
  await db.schema.createIndex('view_daily_rank').on('view_daily').columns(['day', 'views']).execute();

  // Related reading: each published article's strongest terms (TF-IDF keywords), and the
  // list computed from them when it was published or edited.
  await db.schema
    .createTable('article_terms')
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('term', 'text', (c: Col) => c.notNull())
    .addColumn('weight', real, (c: Col) => c.notNull())
    .addPrimaryKeyConstraint('article_terms_pk', ['article_id', 'term'])
    .execute();
  await db.schema.createIndex('article_terms_term').on('article_terms').columns(['term', 'weight']).execute();
  await db.schema
    .createTable('article_related')
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('related_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('score', real, (c: Col) => c.notNull())
    .addColumn('position', 'integer', (c: Col) => c.notNull())
    .addPrimaryKeyConstraint('article_related_pk', ['article_id', 'related_id'])
    .execute();
  await db.schema.createIndex('article_related_list').on('article_related').columns(['article_id', 'position']).execute();

  await id(db.schema.createTable('topic_sections'))
    .addColumn('topic_id', ref, (c: Col) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('title', 'text', (c: Col) => c.notNull())
    .addColumn('position', 'integer', (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('topic_sections_topic').on('topic_sections').columns(['topic_id', 'position']).execute();
  await db.schema
    .createTable('topic_articles')
    .addColumn('section_id', ref, (c: Col) => c.notNull().references('topic_sections.id').onDelete('cascade'))
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c: Col) => c.notNull())
    .addPrimaryKeyConstraint('topic_articles_pk', ['section_id', 'article_id'])
    .execute();
  await db.schema.createIndex('topic_articles_article').on('topic_articles').column('article_id').execute();

  await id(db.schema.createTable('slots'))
    .addColumn('key', 'text', (c: Col) => c.notNull().unique())
    .addColumn('name', 'text', (c: Col) => c.notNull())
    .addColumn('channel_id', ref, (c: Col) => c.references('channels.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createTable('slot_items')
    .addColumn('slot_id', ref, (c: Col) => c.notNull().references('slots.id').onDelete('cascade'))
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c: Col) => c.notNull())
    .addColumn('starts_at', ts)
    .addColumn('ends_at', ts)
    .addPrimaryKeyConstraint('slot_items_pk', ['slot_id', 'article_id'])
    .execute();
  await db.insertInto('slots').values({ key: 'home', name: '首页推荐', channel_id: null }).execute();
}
