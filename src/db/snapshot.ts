/**
 * A consistent copy of the whole database in one file, and putting one back: the database
 * half of `masthead backup` and `restore`. Each dialect uses its own tool, since only it
 * can copy a live database consistently: SQLite's online backup API, and pg_dump reading
 * a snapshot exported from the transaction that also counts the rows, so the counts
 * describe exactly the rows dumped.
 */
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import type { DatabaseConfig } from '../config/config.ts';
import { openDatabase, type Database, type Dialect } from './database.ts';
import { pgDump, pgRestore } from './dialects/postgres-tools.ts';
import { backupSqliteFile, replaceSqliteFile, sqliteFileInUse } from './dialects/sqlite.ts';
import type { Db } from './schema.ts';

/** What a database holds: the last migration applied, and the rows in every table. */
export interface DatabaseInventory {
  readonly migration: string | null;
  readonly tables: Readonly<Record<string, number>>;
}

export type OnProgress = (done: number, total: number) => void;

async function tableNames(db: Db, dialect: Dialect): Promise<string[]> {
  const rows =
    dialect === 'postgres'
      ? await sql<{ name: string }>`
          select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
      : await sql<{ name: string }>`
          select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function inventoryOf(db: Db, dialect: Dialect): Promise<DatabaseInventory> {
  const tables: Record<string, number> = {};
  for (const name of await tableNames(db, dialect)) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    tables[name] = Number(rows[0]?.n ?? 0);
  }
  let migration: string | null = null;
  if ('kysely_migration' in tables) {
    // Kysely applies migrations in name order, so the greatest name is the last applied.
    const { rows } = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(db);
    migration = rows[0]?.name ?? null;
  }
  return { migration, tables };
}

export function readInventory(database: Database): Promise<DatabaseInventory> {
  return inventoryOf(database.db, database.dialect);
}

/** Articles in the database; 0 when it has no articles table yet (never migrated). */
export async function countArticlesIfAny(database: Database): Promise<number> {
  const db = database.db;
  if (!(await tableNames(db, database.dialect)).includes('articles')) return 0;
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from articles`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Writes a consistent copy of the configured database to `file`; returns what the copy holds. */
export async function snapshotDatabase(config: DatabaseConfig, file: string, onProgress: OnProgress): Promise<DatabaseInventory> {
  if (config.dialect === 'sqlite') {
    if (config.file === ':memory:') throw new Error('the database is in memory: there is nothing on disk to back up');
    if (!existsSync(config.file)) throw new Error(`there is no database at ${config.file}`);
    await backupSqliteFile(config.file, file, onProgress);
    const copy = openDatabase({ dialect: 'sqlite', file });
    try {
      return await readInventory(copy);
    } finally {
      await copy.close();
    }
  }
  const database = openDatabase({ ...config, poolSize: 1 });
  try {
    return await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (db) => {
        const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(db);
        const snapshot = rows[0]?.id;
        if (!snapshot) throw new Error('PostgreSQL exported no snapshot');
        const inventory = await inventoryOf(db, 'postgres');
        const total = Object.keys(inventory.tables).length;
        let done = 0;
        // The snapshot lives as long as this transaction: pg_dump must be done before it ends.
        await pgDump(config.url, snapshot, file, () => onProgress(Math.min(++done, total), total));
        return inventory;
      });
  } finally {
    await database.close();
  }
}

/**
 * Replaces the configured database's contents with a snapshot's. SQLite: the file is put in
 * place, so nothing may have it open (see databaseInUse). PostgreSQL: pg_restore in one
 * transaction drops and recreates every object the dump holds.
 */
export async function restoreSnapshot(config: DatabaseConfig, file: string, tables: number, onProgress: OnProgress): Promise<void> {
  if (config.dialect === 'sqlite') {
    if (config.file === ':memory:') throw new Error('the database is in memory: there is no file to restore into');
    await replaceSqliteFile(file, config.file);
    onProgress(1, 1);
    return;
  }
  let done = 0;
  await pgRestore(config.url, file, () => onProgress(Math.min(++done, tables), tables));
}

/**
 * Tables the database has that restoring a snapshot of `tables` would leave behind:
 * pg_restore drops only what the dump holds, while a SQLite file is replaced whole.
 */
export async function tablesLeftBehind(database: Database, tables: readonly string[]): Promise<string[]> {
  if (database.dialect === 'sqlite') return [];
  return (await tableNames(database.db, 'postgres')).filter((t) => !tables.includes(t));
}

/** True when replacing the database now would pull it from under another process. */
export function databaseInUse(config: DatabaseConfig): boolean {
  return config.dialect === 'sqlite' && config.file !== ':memory:' && sqliteFileInUse(config.file);
}
