/**
 * Row types of every table, as both dialects return them. Timestamps are ISO-8601 UTC
 * strings on both (SQLite stores that text; the PostgreSQL driver is told to hand back the
 * same shape), flags are 0/1 integers, and ids are plain numbers.
 */
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';

/** ISO-8601 UTC text, e.g. 2026-01-06T05:25:00.000Z. */
export type Timestamp = string;
/** 0 or 1: SQLite has no boolean type, so both dialects store flags as small integers. */
export type Flag = ColumnType<0 | 1, 0 | 1 | undefined, 0 | 1>;

export type ArticleKind = 'article' | 'brief';
export type ArticleStatus = 'draft' | 'in_review' | 'published' | 'withdrawn';

export interface ChannelsTable {
  id: Generated<number>;
  parent_id: number | null;
  slug: string;
  name: string;
  /** Slugs from the root down joined by '/', '' for the root: the channel's URL path. */
  path: string;
  position: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SourcesTable {
  id: Generated<number>;
  name: string;
  created_at: Timestamp;
}

export interface PeopleTable {
  id: Generated<number>;
  name: string;
  created_at: Timestamp;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  slug: string;
  created_at: Timestamp;
}

export interface ArticlesTable {
  id: Generated<number>;
  kind: ColumnType<ArticleKind, ArticleKind | undefined, ArticleKind>;
  status: ColumnType<ArticleStatus, ArticleStatus | undefined, ArticleStatus>;
  title: string;
  summary: ColumnType<string, string | undefined, string>;
  body_html: ColumnType<string, string | undefined, string>;
  /** Characters of body text (not HTML), for the fold and reading time. */
  body_chars: ColumnType<number, number | undefined, number>;
  channel_id: number;
  source_id: number | null;
  /** The credit line as printed, e.g. 石榴云/新疆日报记者 刘翔; reporters holds the people. */
  byline: string | null;
  editor_in_charge_id: number | null;
  cover_image_url: string | null;
  is_focus: Flag;
  is_exclusive: Flag;
  is_recommended: Flag;
  is_pinned: Flag;
  /** First publication: fixes the URL's date, never moves on corrections. */
  published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Identity of an imported item, so a second import finds it instead of duplicating. */
  import_key: string | null;
  /** Bumped by every save: a save names the version it edited, so none overwrites another. */
  version: ColumnType<number, number | undefined, number>;
  author_id: ColumnType<number | null, number | null | undefined, number | null>;
  cover_media_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Position of the review stage the article waits in (0-based), while in review. */
  review_stage: ColumnType<number | null, number | null | undefined, number | null>;
  /** Bumped when an article is sent back, so earlier approvals no longer count. */
  review_round: ColumnType<number | null, number | null | undefined, number | null>;
  /** Set when the last review stage approved; cleared when sent back or edited by the author. */
  approved_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** The last correction of a published article: shown to readers as 更新时间. */
  revised_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  withdrawn_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface ArticleReportersTable {
  article_id: number;
  person_id: number;
  position: number;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
}

export type Role = 'reporter' | 'editor' | 'chief_editor' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  display_name: string;
  password_hash: string;
  role: Role;
  locale: ColumnType<'zh-CN' | 'en', 'zh-CN' | 'en' | undefined, 'zh-CN' | 'en'>;
  person_id: number | null;
  disabled_at: Timestamp | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie token. */
  id: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

export interface MediaTable {
  id: Generated<number>;
  kind: 'image';
  mime: string;
  original_name: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  storage_prefix: string;
  /** JSON: the generated files, see features/media/media.ts. */
  variants: string;
  alt: ColumnType<string, string | undefined, string>;
  caption: ColumnType<string, string | undefined, string>;
  credit: ColumnType<string, string | undefined, string>;
  uploaded_by: number | null;
  created_at: Timestamp;
}

export type RevisionKind = 'save' | 'autosave' | 'restore' | 'import';

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  kind: RevisionKind;
  title: string;
  summary: string;
  body_html: string;
  /** JSON: the article's other fields at that version, see features/revisions. */
  meta: string;
  author_id: number | null;
  created_at: Timestamp;
}

export interface ReviewStagesTable {
  id: Generated<number>;
  channel_id: number;
  position: number;
  name: string;
  rule: 'any' | 'all';
  min_role: Exclude<Role, 'reporter'>;
  created_at: Timestamp;
}

export interface ReviewStageApproversTable {
  stage_id: number;
  user_id: number;
}

export interface ArticleApprovalsTable {
  id: Generated<number>;
  article_id: number;
  round: number;
  stage: number;
  user_id: number;
  created_at: Timestamp;
}

export interface WorkflowEventsTable {
  id: Generated<number>;
  article_id: number;
  actor_id: number | null;
  action: string;
  from_status: string;
  to_status: string;
  stage: number | null;
  comment: string | null;
  created_at: Timestamp;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** JSON, validated by the job's handler before use. */
  payload: string;
  run_at: Timestamp;
  status: JobStatus;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  subject: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  /** JSON. */
  detail: string;
  ip: string | null;
  created_at: Timestamp;
}

export interface TopicsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  intro: ColumnType<string, string | undefined, string>;
  banner_media_id: number | null;
  status: 'draft' | 'published';
  position: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MoodsTable {
  id: Generated<number>;
  key: string;
  name_zh: string;
  name_en: string;
  icon: string;
  position: number;
  active: Flag;
}

export interface MoodVotesTable {
  article_id: number;
  /** The anonymous reader id from the signed cookie. */
  reader_id: string;
  mood_id: number;
  /** Keyed hash of the voter's address: enough to rate-limit and spot stuffing, not to identify. */
  ip_hash: string;
  created_at: Timestamp;
}

export interface MoodCountsTable {
  article_id: number;
  mood_id: number;
  channel_id: number;
  count: number;
}

export interface MoodDailyTable {
  /** YYYY-MM-DD in the site's time zone. */
  day: string;
  article_id: number;
  mood_id: number;
  channel_id: number;
  count: number;
}

export interface MoodAlertsTable {
  id: Generated<number>;
  article_id: number;
  mood_id: number;
  window_started_at: Timestamp;
  votes: number;
  distinct_ips: number;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface ArticleViewsTable {
  article_id: number;
  views: number;
}

export interface ViewDailyTable {
  day: string;
  article_id: number;
  channel_id: number;
  views: number;
}

export interface ArticleTermsTable {
  article_id: number;
  term: string;
  weight: number;
}

export interface ArticleRelatedTable {
  article_id: number;
  related_id: number;
  score: number;
  position: number;
}

export interface TopicSectionsTable {
  id: Generated<number>;
  topic_id: number;
  title: string;
  position: number;
}

export interface TopicArticlesTable {
  section_id: number;
  article_id: number;
  position: number;
}

export interface SlotsTable {
  id: Generated<number>;
  key: string;
  name: string;
  channel_id: number | null;
}

export interface SlotItemsTable {
  slot_id: number;
  article_id: number;
  position: number;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
}

/** Pre-segmented text of a published article; each dialect indexes it (see migration 0004). */
export interface SearchDocsTable {
  article_id: number;
  channel_id: number;
  published_at: Timestamp;
  title_tokens: string;
  summary_tokens: string;
  body_tokens: string;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  /** SHA-256 (hex) of the key. */
  key_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 (hex) of the link's token. */
  token_hash: string;
  /** The admin who issued it. */
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PageInvalidationsTable {
  id: Generated<number>;
  /** Space-separated page-cache tags. */
  tags: string;
  created_at: Timestamp;
}

export interface DB {
  channels: ChannelsTable;
  sources: SourcesTable;
  people: PeopleTable;
  tags: TagsTable;
  articles: ArticlesTable;
  article_reporters: ArticleReportersTable;
  article_tags: ArticleTagsTable;
  users: UsersTable;
  sessions: SessionsTable;
  auth_throttle: AuthThrottleTable;
  settings: SettingsTable;
  media: MediaTable;
  article_revisions: ArticleRevisionsTable;
  review_stages: ReviewStagesTable;
  review_stage_approvers: ReviewStageApproversTable;
  article_approvals: ArticleApprovalsTable;
  workflow_events: WorkflowEventsTable;
  jobs: JobsTable;
  audit_log: AuditLogTable;
  topics: TopicsTable;
  moods: MoodsTable;
  mood_votes: MoodVotesTable;
  mood_counts: MoodCountsTable;
  mood_daily: MoodDailyTable;
  mood_alerts: MoodAlertsTable;
  article_views: ArticleViewsTable;
  view_daily: ViewDailyTable;
  article_terms: ArticleTermsTable;
  article_related: ArticleRelatedTable;
  topic_sections: TopicSectionsTable;
  topic_articles: TopicArticlesTable;
  slots: SlotsTable;
  slot_items: SlotItemsTable;
  search_docs: SearchDocsTable;
  api_keys: ApiKeysTable;
  page_invalidations: PageInvalidationsTable;
  password_resets: PasswordResetsTable;
}

export type ChannelRow = Selectable<ChannelsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type PersonRow = Selectable<PeopleTable>;
export type SourceRow = Selectable<SourcesTable>;
export type TagRow = Selectable<TagsTable>;
export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type MediaRow = Selectable<MediaTable>;
export type RevisionRow = Selectable<ArticleRevisionsTable>;
export type ReviewStageRow = Selectable<ReviewStagesTable>;
export type WorkflowEventRow = Selectable<WorkflowEventsTable>;
export type JobRow = Selectable<JobsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type TopicRow = Selectable<TopicsTable>;

/**
 * A connection or a transaction: what every repository and service takes first. Code
 * outside repositories and db/ names this type instead of importing Kysely.
 */
export type Db = Kysely<DB>;
