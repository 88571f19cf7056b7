/**
 * Frozen. The newsroom: users and sessions, login throttling, settings, revisions, review
 * stages and approvals, the workflow log, jobs, the audit log, media and topics.
 */
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

type Table = CreateTableBuilder<string, string>;
type Col = ColumnDefinitionBuilder;

export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const pg = dialect === 'postgres';
  const ts = pg ? 'timestamptz' : 'text';
  const ref = pg ? 'bigint' : 'integer';
  const id = (t: Table): Table =>
    pg
      ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement().notNull());

  await id(db.schema.createTable('users'))
    .addColumn('email', 'text', (c: Col) => c.notNull().unique())
    .addColumn('display_name', 'text', (c: Col) => c.notNull())
    .addColumn('password_hash', 'text', (c: Col) => c.notNull())
    .addColumn('role', 'text', (c: Col) => c.notNull().check(sql`role in ('reporter', 'editor', 'chief_editor', 'admin')`))
    .addColumn('locale', 'text', (c: Col) => c.notNull().defaultTo('zh-CN'))
    .addColumn('person_id', ref, (c: Col) => c.references('people.id').onDelete('set null'))
    .addColumn('disabled_at', ts)
    .addColumn('password_changed_at', ts, (c: Col) => c.notNull())
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addColumn('updated_at', ts, (c: Col) => c.notNull())
    .execute();

  // The session id is the SHA-256 of the cookie's token: a leaked table cannot be replayed.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c: Col) => c.primaryKey().notNull())
    .addColumn('user_id', ref, (c: Col) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c: Col) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addColumn('last_seen_at', ts, (c: Col) => c.notNull())
    .addColumn('expires_at', ts, (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('auth_throttle')
    .addColumn('key', 'text', (c: Col) => c.primaryKey().notNull())
    .addColumn('failures', 'integer', (c: Col) => c.notNull())
    .addColumn('window_started_at', ts, (c: Col) => c.notNull())
    .addColumn('locked_until', ts)
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c: Col) => c.primaryKey().notNull())
    .addColumn('value', 'text', (c: Col) => c.notNull())
    .addColumn('updated_at', ts, (c: Col) => c.notNull())
    .execute();

  await id(db.schema.createTable('media'))
    .addColumn('kind', 'text', (c: Col) => c.notNull().check(sql`kind in ('image')`))
    .addColumn('mime', 'text', (c: Col) => c.notNull())
    .addColumn('original_name', 'text', (c: Col) => c.notNull())
    .addColumn('width', 'integer', (c: Col) => c.notNull())
    .addColumn('height', 'integer', (c: Col) => c.notNull())
    .addColumn('bytes', 'integer', (c: Col) => c.notNull())
    .addColumn('sha256', 'text', (c: Col) => c.notNull())
    .addColumn('storage_prefix', 'text', (c: Col) => c.notNull().unique())
    .addColumn('variants', 'text', (c: Col) => c.notNull())
    .addColumn('alt', 'text', (c: Col) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text', (c: Col) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c: Col) => c.notNull().defaultTo(''))
    .addColumn('uploaded_by', ref, (c: Col) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('media_created').on('media').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('media_sha256').on('media').column('sha256').execute();

  await db.schema
    .alterTable('articles')
    .addColumn('version', 'integer', (c: Col) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, type] of [
    ['author_id', ref],
    ['cover_media_id', ref],
    ['review_stage', 'integer'],
    ['review_round', 'integer'],
    ['approved_at', ts],
    ['revised_at', ts],
    ['withdrawn_at', ts],
  ] as const) {
    await db.schema
      .alterTable('articles')
      .addColumn(name, type, (c: Col) =>
        name === 'author_id' ? c.references('users.id').onDelete('set null') : name === 'cover_media_id' ? c.references('media.id').onDelete('set null') : c,
      )
      .execute();
  }
  await db.schema.createIndex('articles_author_status').on('articles').columns(['author_id', 'status', 'updated_at']).execute();
  await db.schema.createIndex('articles_status_updated').on('articles').columns(['status', 'updated_at', 'id']).execute();

  await id(db.schema.createTable('article_revisions'))
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c: Col) => c.notNull())
    .addColumn('kind', 'text', (c: Col) => c.notNull().check(sql`kind in ('save', 'autosave', 'restore', 'import')`))
    .addColumn('title', 'text', (c: Col) => c.notNull())
    .addColumn('summary', 'text', (c: Col) => c.notNull())
    .addColumn('body_html', 'text', (c: Col) => c.notNull())
    .addColumn('meta', 'text', (c: Col) => c.notNull())
    .addColumn('author_id', ref, (c: Col) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('article_revisions_article').on('article_revisions').columns(['article_id', 'id']).execute();

  await id(db.schema.createTable('review_stages'))
    .addColumn('channel_id', ref, (c: Col) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c: Col) => c.notNull())
    .addColumn('name', 'text', (c: Col) => c.notNull())
    .addColumn('rule', 'text', (c: Col) => c.notNull().check(sql`rule in ('any', 'all')`))
    .addColumn('min_role', 'text', (c: Col) => c.notNull().check(sql`min_role in ('editor', 'chief_editor', 'admin')`))
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addUniqueConstraint('review_stages_channel_position', ['channel_id', 'position'])
    .execute();

  await db.schema
    .createTable('review_stage_approvers')
    .addColumn('stage_id', ref, (c: Col) => c.notNull().references('review_stages.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c: Col) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('review_stage_approvers_pk', ['stage_id', 'user_id'])
    .execute();

  await id(db.schema.createTable('article_approvals'))
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('round', 'integer', (c: Col) => c.notNull())
    .addColumn('stage', 'integer', (c: Col) => c.notNull())
    .addColumn('user_id', ref, (c: Col) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addUniqueConstraint('article_approvals_once', ['article_id', 'round', 'stage', 'user_id'])
    .execute();

  await id(db.schema.createTable('workflow_events'))
    .addColumn('article_id', ref, (c: Col) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('actor_id', ref, (c: Col) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c: Col) => c.notNull())
    .addColumn('from_status', 'text', (c: Col) => c.notNull())
    .addColumn('to_status', 'text', (c: Col) => c.notNull())
    .addColumn('stage', 'integer')
    .addColumn('comment', 'text')
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('workflow_events_article').on('workflow_events').columns(['article_id', 'id']).execute();

  await id(db.schema.createTable('jobs'))
    .addColumn('kind', 'text', (c: Col) => c.notNull())
    .addColumn('payload', 'text', (c: Col) => c.notNull())
    .addColumn('run_at', ts, (c: Col) => c.notNull())
    .addColumn('status', 'text', (c: Col) =>
      c.notNull().check(sql`status in ('pending', 'running', 'done', 'failed', 'cancelled')`),
    )
    .addColumn('attempts', 'integer', (c: Col) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c: Col) => c.notNull().defaultTo(5))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', ts)
    .addColumn('last_error', 'text')
    // What the job is about (e.g. article:12), for showing an article's jobs.
    .addColumn('subject', 'text')
    // Unique while the job is live, cleared when it ends: at most one pending job per key.
    .addColumn('dedupe_key', 'text', (c: Col) => c.unique())
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addColumn('updated_at', ts, (c: Col) => c.notNull())
    .addColumn('finished_at', ts)
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at', 'id']).execute();
  await db.schema.createIndex('jobs_subject').on('jobs').columns(['subject', 'id']).execute();

  await id(db.schema.createTable('audit_log'))
    .addColumn('actor_id', ref, (c: Col) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c: Col) => c.notNull())
    .addColumn('subject_type', 'text', (c: Col) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('detail', 'text', (c: Col) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_created').on('audit_log').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'id']).execute();

  await id(db.schema.createTable('topics'))
    .addColumn('slug', 'text', (c: Col) => c.notNull().unique())
    .addColumn('title', 'text', (c: Col) => c.notNull())
    .addColumn('intro', 'text', (c: Col) => c.notNull().defaultTo(''))
    .addColumn('banner_media_id', ref, (c: Col) => c.references('media.id').onDelete('set null'))
    .addColumn('status', 'text', (c: Col) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('position', 'integer', (c: Col) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c: Col) => c.notNull())
    .addColumn('updated_at', ts, (c: Col) => c.notNull())
    .execute();
}
