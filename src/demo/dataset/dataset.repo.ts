/**
 * Bulk writes for the generated dataset: many rows per statement, ids chosen by the
 * generator (so a story's articles can name each other before they exist). The only
 * dialect-specific steps are around the full-text index and PostgreSQL's id sequence.
 */
import { sql } from 'kysely';
import type { Db, DB } from '../../db/schema.ts';
import type { Insertable } from 'kysely';
import type { Dialect } from '../../db/database.ts';

/** SQLite allows 32,766 parameters per statement; stay well under for every table. */
const PARAMS_PER_STATEMENT = 20_000;

async function insertMany<T extends keyof DB & string>(db: Db, table: T, rows: ReadonlyArray<Insertable<DB[T]>>): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / Object.keys(rows[0] as object).length));
  for (let i = 0; i < rows.length; i += per) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + per) as never)
      .execute();
  }
}

export interface DatasetRows {
  readonly articles: ReadonlyArray<Insertable<DB['articles']>>;
  readonly reporters: ReadonlyArray<Insertable<DB['article_reporters']>>;
  readonly tags: ReadonlyArray<Insertable<DB['article_tags']>>;
  readonly terms: ReadonlyArray<Insertable<DB['article_terms']>>;
  readonly related: ReadonlyArray<Insertable<DB['article_related']>>;
  readonly searchDocs: ReadonlyArray<Insertable<DB['search_docs']>>;
  readonly moodCounts: ReadonlyArray<Insertable<DB['mood_counts']>>;
  readonly moodDaily: ReadonlyArray<Insertable<DB['mood_daily']>>;
  readonly viewDaily: ReadonlyArray<Insertable<DB['view_daily']>>;
  readonly articleViews: ReadonlyArray<Insertable<DB['article_views']>>;
}

export async function insertDatasetRows(db: Db, rows: DatasetRows): Promise<void> {
  await insertMany(db, 'articles', rows.articles);
  await insertMany(db, 'article_reporters', rows.reporters);
  await insertMany(db, 'article_tags', rows.tags);
  await insertMany(db, 'article_terms', rows.terms);
  await insertMany(db, 'article_related', rows.related);
  await insertMany(db, 'search_docs', rows.searchDocs);
  await insertMany(db, 'mood_counts', rows.moodCounts);
  await insertMany(db, 'mood_daily', rows.moodDaily);
  await insertMany(db, 'view_daily', rows.viewDaily);
  await insertMany(db, 'article_views', rows.articleViews);
}

/** The batches of ids [base, base + total) that hold articles: batch number to article count. */
export async function writtenBatches(db: Db, base: number, total: number, batch: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('articles')
    .select([sql<number>`(id - ${base}) / ${batch}`.as('batch'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('id', '>=', base)
    .where('id', '<', base + total)
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map((r) => [Number(r.batch), Number(r.n)]));
}

export async function maxArticleId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Both databases hand out ids from a counter that explicit ids do not move: move it past the
 * dataset's range before the load, so articles written meanwhile cannot take a dataset id.
 */
export async function reserveArticleIds(db: Db, dialect: Dialect, upTo: number): Promise<void> {
  if (dialect === 'sqlite') {
    // AUTOINCREMENT never hands out an id at or below sqlite_sequence's entry for the table.
    await sql`update sqlite_sequence set seq = max(seq, ${upTo}) where name = 'articles'`.execute(db);
    await sql`insert into sqlite_sequence (name, seq) select 'articles', ${upTo} where not exists (select 1 from sqlite_sequence where name = 'articles')`.execute(db);
    return;
  }
  await sql`select setval(pg_get_serial_sequence('articles', 'id'), greatest(${upTo}::bigint, (select coalesce(max(id), 1) from articles)))`.execute(db);
}

/**
 * PostgreSQL builds a GIN index far faster in one pass than row by row: drop it for the load
 * and build it after, with more memory for the build.
 */
export async function dropPostgresSearchIndex(db: Db): Promise<void> {
  await sql`drop index if exists search_docs_tsv`.execute(db);
}

export async function createPostgresSearchIndex(db: Db): Promise<void> {
  await sql`set maintenance_work_mem = '1GB'`.execute(db);
  await sql`create index if not exists search_docs_tsv on search_docs using gin (tsv)`.execute(db);
}

/**
 * Fresh statistics for the planner after a bulk load. On SQLite from a sample of each index
 * (analysis_limit): a full ANALYZE reads all of a multi-gigabyte file.
 */
export async function analyze(db: Db, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`pragma analysis_limit = 2000`.execute(db);
  await sql`analyze`.execute(db);
}

/**
 * SQLite during the load: commit without waiting for the disk (WAL keeps the file
 * consistent; a crash loses at most the last batches, which a rerun makes again) and a
 * page cache big enough for the full-text index's merges. `end` restores the defaults.
 */
export async function sqliteBulkLoad(db: Db, phase: 'start' | 'end'): Promise<void> {
  await sql.raw(phase === 'start' ? 'pragma synchronous = NORMAL' : 'pragma synchronous = FULL').execute(db);
  await sql.raw(phase === 'start' ? 'pragma cache_size = -262144' : 'pragma cache_size = -2000').execute(db);
}
