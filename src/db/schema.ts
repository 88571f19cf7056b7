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

export interface DB {
  channels: ChannelsTable;
  sources: SourcesTable;
  people: PeopleTable;
  tags: TagsTable;
  articles: ArticlesTable;
  article_reporters: ArticleReportersTable;
  article_tags: ArticleTagsTable;
}

export type ChannelRow = Selectable<ChannelsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type PersonRow = Selectable<PeopleTable>;
export type SourceRow = Selectable<SourcesTable>;
export type TagRow = Selectable<TagsTable>;

/**
 * A connection or a transaction: what every repository and service takes first. Code
 * outside repositories and db/ names this type instead of importing Kysely.
 */
export type Db = Kysely<DB>;
