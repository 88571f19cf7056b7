/**
 * An isolated database per test file, on every dialect this machine can run.
 *
 * SQLite: the migrations run once into a base file (keyed by a hash of the migrations),
 * and each test file gets a copy. PostgreSQL: the migrations run once into a template
 * database, and each test file gets `CREATE DATABASE … TEMPLATE`. Nothing is shared
 * between files, so files run in parallel and never see each other's rows.
 *
 * PostgreSQL comes from TEST_DATABASE_URL, else DATABASE_URL when it is postgres://, else
 * the local server at 127.0.0.1:5432. When it cannot be reached its suites print a loud
 * SKIPPED line; with MASTHEAD_FORBID_SKIP=1 (CI) that is a failure instead.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export type TestDialect = 'sqlite' | 'postgres';

export interface TestDatabase {
  readonly dialect: TestDialect;
  readonly config: DatabaseConfig;
  /** The DATABASE_URL a child process would use to reach this database. */
  readonly url: string;
  readonly database: Database;
  /** Closes the connection and deletes the database. */
  destroy(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const MIGRATIONS_DIR = path.join(ROOT, 'src/db/migrations');
const CACHE_DIR = path.join(ROOT, '.cache/test-db');

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) h.update(f).update(readFileSync(path.join(MIGRATIONS_DIR, f)));
  return h.digest('hex').slice(0, 12);
}

const HASH = migrationsHash();

function adminUrl(): string {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const url = process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return url;
  return 'postgres://postgres@127.0.0.1:5432/postgres';
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

let pgProbe: Promise<string | null> | undefined;

/** Null when PostgreSQL answers, else the reason it cannot be used. */
function postgresUnavailable(): Promise<string | null> {
  pgProbe ??= (async () => {
    const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (error) {
      return `PostgreSQL at ${new URL(adminUrl()).host} is not reachable (${(error as Error).message})`;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgProbe;
}

/**
 * The dialects to run a suite on. Always SQLite; PostgreSQL when reachable. A dialect
 * that cannot run is announced, and is an error when skipping is forbidden.
 */
export async function testDialects(suite: string): Promise<TestDialect[]> {
  const reason = await postgresUnavailable();
  if (reason === null) return ['sqlite', 'postgres'];
  const line = `SKIPPED: ${suite} on PostgreSQL — ${reason}`;
  if (process.env.MASTHEAD_FORBID_SKIP === '1') throw new Error(`${line} (skipping is forbidden here)`);
  console.warn(`\n${'!'.repeat(80)}\n${line}\n${'!'.repeat(80)}\n`);
  return ['sqlite'];
}

async function sqliteBase(): Promise<string> {
  const base = path.join(CACHE_DIR, `base-${HASH}.sqlite`);
  if (existsSync(base)) return base;
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = path.join(CACHE_DIR, `building-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`);
  const database = openDatabase({ dialect: 'sqlite', file: tmp });
  try {
    await migrateToLatest(database);
  } finally {
    await database.close();
  }
  // Another file may have finished first; either copy is the same schema.
  renameSync(tmp, base);
  return base;
}

function tempSqliteFile(kind: string): string {
  return path.join(os.tmpdir(), `masthead-${kind}-${process.pid}-${randomBytes(6).toString('hex')}.sqlite`);
}

function sqliteHandle(file: string): TestDatabase {
  const config: DatabaseConfig = { dialect: 'sqlite', file };
  const database = openDatabase(config);
  return {
    dialect: 'sqlite',
    config,
    url: `sqlite:${file}`,
    database,
    async destroy() {
      await database.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function postgresHandle(name: string): TestDatabase {
  const url = withDatabaseName(adminUrl(), name);
  const config: DatabaseConfig = { dialect: 'postgres', url, poolSize: 5 };
  const database = openDatabase(config);
  return {
    dialect: 'postgres',
    config,
    url,
    database,
    async destroy() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

const TEMPLATE = `masthead_tpl_${HASH}`;
/** Serialises template creation across parallel test processes. */
const TEMPLATE_LOCK = 72_2026;

async function ensurePostgresTemplate(admin: pg.Client): Promise<void> {
  await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [TEMPLATE]);
    if (rowCount) return;
    const building = `${TEMPLATE}_building`;
    await admin.query(`drop database if exists ${building} with (force)`);
    await admin.query(`create database ${building}`);
    const database = openDatabase({ dialect: 'postgres', url: withDatabaseName(adminUrl(), building), poolSize: 1 });
    try {
      await migrateToLatest(database);
    } finally {
      await database.close();
    }
    await admin.query(`alter database ${building} rename to ${TEMPLATE}`);
    // Templates of older migration sets are no longer needed.
    const old = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'masthead_tpl_%' and datname <> $1 and datname not like '%_building'",
      [TEMPLATE],
    );
    for (const { datname } of old.rows) await admin.query(`drop database if exists ${datname} with (force)`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
}

async function createPostgres(): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  const name = `masthead_t_${process.pid}_${randomBytes(5).toString('hex')}`;
  try {
    await ensurePostgresTemplate(admin);
    await admin.query(`create database ${name} template ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  return postgresHandle(name);
}

export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'postgres') return createPostgres();
  const file = tempSqliteFile('test');
  copyFileSync(await sqliteBase(), file);
  return sqliteHandle(file);
}

/** An empty, unmigrated database: for tests of the migrations themselves. */
export async function createEmptyTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') return sqliteHandle(tempSqliteFile('empty'));
  const name = `masthead_e_${process.pid}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  return postgresHandle(name);
}
