/**
 * `masthead demo --articles N`: fills a database with N generated articles for load tests
 * and benchmarks. Worker threads make the rows (segmenting for search is most of the cost);
 * the main thread writes them, one transaction per batch, so an interrupted run resumes
 * with the batches it had not committed. The dataset's shape (size, span, newest
 * time, first id) is stored in settings; a second run with the same size resumes, a different
 * size is refused.
 */
import { availableParallelism } from 'node:os';
import type { Dialect } from '../../db/database.ts';
import type { Db } from '../../db/schema.ts';
import { invalidatePages } from '../../features/invalidation/invalidation.service.ts';
import { PageTag } from '../../features/invalidation/page-tags.ts';
import { moodSet } from '../../features/moods/moods.service.ts';
import { findOrCreatePerson } from '../../features/people/people.service.ts';
import { insertSettingIfMissing, readSetting } from '../../features/settings/settings.repo.ts';
import { findOrCreateSource } from '../../features/sources/sources.service.ts';
import { findOrCreateTag } from '../../features/tags/tags.service.ts';
import { WorkerPool } from '../../platform/workers/worker-pool.ts';
import type { Clock } from '../../shared/clock.ts';
import { ensureDemoChannels } from '../load-demo.ts';
import type { DatasetIds, SliceRequest } from './dataset-rows.ts';
import {
  analyze,
  createPostgresSearchIndex,
  dropPostgresSearchIndex,
  insertDatasetRows,
  maxArticleId,
  reserveArticleIds,
  sqliteBulkLoad,
  type DatasetRows,
  writtenBatches,
} from './dataset.repo.ts';
import { personName, STORY_SIZE } from './generate-article.ts';
import { vocabulary } from './vocabulary.ts';

const SETTING_KEY = 'demo.dataset';
const COMPLETE_KEY = 'demo.dataset.complete';
/** Whole stories per batch, so an article's related rows never point past what is written. */
const BATCH = STORY_SIZE * 200;
const POOL = { people: 3_000, editors: 200, tags: 5_000 } as const;
const SOURCES = ['新华社', '人民日报', '中国新闻网', '央视新闻', '光明日报', '经济日报', '本报'];

export interface DatasetOptions {
  readonly articles: number;
  readonly years: number;
  readonly rootName: string;
  readonly timeZone: string;
  /** Worker threads making rows; the default is one per core. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DatasetResult {
  readonly total: number;
  /** Already there from an earlier (interrupted) run. */
  readonly existing: number;
  readonly created: number;
}

interface StoredShape {
  readonly articles: number;
  readonly years: number;
  readonly base: number;
  readonly until: string;
  readonly seed: number;
}

export class DatasetMismatchError extends Error {}

async function storedShape(db: Db, clock: Clock, opts: DatasetOptions): Promise<StoredShape> {
  // Round the first id up, so dataset ids are easy to tell apart from the newsroom's.
  const base = Math.ceil((await maxArticleId(db)) / 1_000_000 + 1) * 1_000_000;
  const wanted: StoredShape = { articles: opts.articles, years: opts.years, base, until: clock.now().toISOString(), seed: 1 };
  const stored = JSON.parse(await insertSettingIfMissing(db, SETTING_KEY, JSON.stringify(wanted), wanted.until)) as StoredShape;
  if (stored.articles !== opts.articles || stored.years !== opts.years) {
    throw new DatasetMismatchError(
      `this database already holds a generated dataset of ${stored.articles} articles over ${stored.years} year(s); ` +
        `run again with --articles ${stored.articles} --years ${stored.years} to finish it, or use an empty database for another size`,
    );
  }
  return stored;
}

/** The channels, people, sources, tags and moods the articles point at. */
async function pools(db: Db, clock: Clock, rootName: string): Promise<Omit<DatasetIds, 'base'>> {
  return db.transaction().execute(async (trx) => {
    const channelMap = await ensureDemoChannels(trx, clock, rootName);
    const channels = [...channelMap.entries()].filter(([path]) => path !== '' && path !== 'local').map(([, c]) => c.id);
    const people: number[] = [];
    for (let i = 0; i < POOL.people; i++) people.push((await findOrCreatePerson(trx, clock, personName(i))).id);
    const editors: number[] = [];
    for (let i = 0; i < POOL.editors; i++) editors.push((await findOrCreatePerson(trx, clock, personName(POOL.people + i))).id);
    const sources: number[] = [];
    for (const name of SOURCES) sources.push((await findOrCreateSource(trx, clock, name)).id);
    const tags: number[] = [];
    const nouns = vocabulary().nouns;
    for (let i = 0; i < POOL.tags; i++) tags.push(await findOrCreateTag(trx, clock, nouns[300 + i] as string));
    const moods = (await moodSet(trx)).map((m) => m.id);
    return { channels, people, editors, sources, tags, moods };
  });
}

export async function generateDataset(db: Db, dialect: Dialect, clock: Clock, opts: DatasetOptions): Promise<DatasetResult> {
  const shape = await storedShape(db, clock, opts);
  const total = shape.articles;
  // Counting a million articles' batches takes most of a minute on SQLite: a finished run says so.
  if (await readSetting(db, COMPLETE_KEY)) {
    opts.onProgress?.(total, total);
    return { total, existing: total, created: 0 };
  }
  const written = await writtenBatches(db, shape.base, total, BATCH);
  const existing = [...written.values()].reduce((n, c) => n + c, 0);
  opts.onProgress?.(existing, total);
  if (existing >= total) {
    await insertSettingIfMissing(db, COMPLETE_KEY, '1', clock.now().toISOString());
    return { total, existing, created: 0 };
  }

  const ids: DatasetIds = { base: shape.base, ...(await pools(db, clock, opts.rootName)) };
  await reserveArticleIds(db, dialect, shape.base + total);
  if (dialect === 'postgres') await dropPostgresSearchIndex(db);
  else await sqliteBulkLoad(db, 'start');

  const size = Math.max(1, opts.workers ?? availableParallelism());
  const pool = new WorkerPool<SliceRequest, DatasetRows>(new URL('./dataset-worker.ts', import.meta.url), size);
  const sliceShape = { total, until: shape.until, years: shape.years, seed: shape.seed, channels: ids.channels.length, people: ids.people.length, editors: ids.editors.length, sources: ids.sources.length, tags: ids.tags.length };
  // Each batch is one transaction, so a batch is either all there or missing: do the missing ones.
  const todo: number[] = [];
  for (let start = 0; start < total; start += BATCH) if (!written.has(start / BATCH)) todo.push(start);
  const made = new Map<number, Promise<DatasetRows>>();
  const rowsFor = (i: number): Promise<DatasetRows> => {
    // Ask for a few batches ahead, so the workers make rows while the database writes.
    for (let j = i; j < Math.min(todo.length, i + size * 2); j++) {
      const start = todo[j] as number;
      if (!made.has(j)) made.set(j, pool.run({ start, end: Math.min(start + BATCH, total), shape: sliceShape, ids, keyPrefix: `dataset:${shape.seed}:`, timeZone: opts.timeZone }));
    }
    const rows = made.get(i) as Promise<DatasetRows>;
    made.delete(i);
    return rows;
  };
  let next = 0;
  let done = existing;
  let failure: { error: unknown } | null = null;
  // SQLite has one writer; PostgreSQL computes each search vector as it stores the row, so
  // a writer per core keeps its cores busy. After a failure the others finish their batch and stop.
  const writer = async () => {
    for (let i = next++; i < todo.length && !failure; i = next++) {
      try {
        const rows = await rowsFor(i);
        await db.transaction().execute((trx) => insertDatasetRows(trx, rows));
        done += rows.articles.length;
        opts.onProgress?.(done, total);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: dialect === 'postgres' ? size : 1 }, writer));
  } finally {
    await pool.close();
    if (dialect === 'sqlite') await sqliteBulkLoad(db, 'end');
  }
  if (failure) throw (failure as { error: unknown }).error;
  if (dialect === 'postgres') await createPostgresSearchIndex(db);
  await analyze(db, dialect);
  await invalidatePages(db, clock, [PageTag.site, PageTag.lists]);
  await insertSettingIfMissing(db, COMPLETE_KEY, '1', clock.now().toISOString());
  return { total, existing, created: total - existing };
}
