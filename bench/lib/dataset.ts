/**
 * Where a benchmark's dataset lives, named by its size: a SQLite folder under
 * .cache/bench/, or a PostgreSQL database `masthead_bench_<N>` on BENCH_PG_URL's server.
 * The same settings start the server and open the database here, through the app's own config.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';

const root = path.resolve(import.meta.dirname, '../..');

export function datasetEnv(dialect: 'sqlite' | 'postgres', articles: number): Record<string, string> {
  if (dialect === 'sqlite') return { DATA_DIR: path.join(root, '.cache', 'bench', `sqlite-${articles}`) };
  const url = new URL(process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/masthead_bench_${articles}`;
  return { DATABASE_URL: url.toString(), DATA_DIR: path.join(root, '.cache', 'bench', `pg-${articles}`) };
}

/** Makes the folder or the PostgreSQL database the dataset goes in, if missing. */
export async function createDatasetHome(env: Record<string, string>): Promise<void> {
  mkdirSync(env.DATA_DIR as string, { recursive: true });
  if (!env.DATABASE_URL) return;
  const url = new URL(env.DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  // Administration outside any app database, as the test helpers do it: a plain client.
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

export function openDataset(env: Record<string, string>): Database {
  return openDatabase(loadConfig({ ...env, LOG_LEVEL: 'silent' }).database);
}
