/**
 * The embedded database: one SQLite file in WAL mode. See docs/decisions/002 for the
 * durability settings.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { copyFile, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase, type SqliteDialectConfig } from 'kysely';

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE). A deferred
 * transaction that reads first and writes later fails with SQLITE_BUSY at once if another
 * process wrote in between, whatever the busy timeout; an immediate one waits its turn.
 */
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class MastheadSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.settings);
  }
}

const STATEMENTS_KEPT = 1_000;

/**
 * Kysely prepares a statement for every query, and compiling one costs SQLite more than
 * running most of ours (a third of an article page's database time). The same SQL text
 * reuses its compiled statement; the least recently used are dropped beyond the limit.
 * Safe because Kysely runs a statement to completion before the next (we never stream).
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = kept.get(sql);
      if (statement) kept.delete(sql);
      else statement = database.prepare(sql);
      kept.set(sql, statement);
      if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
      return statement;
    },
  };
}

function openSqliteFile(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  try {
    database.pragma('journal_mode = WAL');
    // FULL syncs the WAL on every commit: an acknowledged write survives power loss, not
    // only a process crash. Batch hot writes rather than weakening this.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    // Several processes (cluster workers, the CLI beside a server) share one file: wait for
    // a writer instead of failing with SQLITE_BUSY.
    database.pragma('busy_timeout = 5000');
  } catch (error) {
    // Kysely forgets a failed open (and tries again at the next query): close this one.
    database.close();
    throw error;
  }
  return database;
}

/**
 * The file opens at the first query. Kysely closes the driver only if it was used, so a
 * handle opened eagerly and never queried would stay open after destroy(), keeping the
 * file locked (see sqliteFileInUse) until the process exits.
 */
export function createSqliteDialect(file: string): SqliteDialect {
  return new MastheadSqliteDialect({ database: async () => withStatementCache(openSqliteFile(file)) });
}

/** better-sqlite3's largest step: the rest of the database at once. */
const ALL_PAGES = 0x7fffffff;
/** Steps per backup while nothing interrupts it, so progress can be shown. */
const BACKUP_STEPS = 50;

/**
 * Copies a consistent snapshot of a live database file with SQLite's online backup API
 * while other connections keep writing (WAL: the copy reads, it never blocks a writer).
 * A write by another connection between two steps makes SQLite start the copy over; after
 * the first restart the rest goes in one step, a single read transaction no write can
 * interrupt, so a busy site still gets its backup.
 */
export async function backupSqliteFile(source: string, target: string, onProgress: (done: number, total: number) => void): Promise<void> {
  const database = new SQLite(source, { fileMustExist: true, timeout: 5000 });
  try {
    let lastRemaining = Infinity;
    const { totalPages } = await database.backup(target, {
      progress({ totalPages, remainingPages }) {
        onProgress(totalPages - remainingPages, totalPages);
        // Each step copies at least a page, so no fewer remaining means it started over.
        const restarted = remainingPages >= lastRemaining;
        lastRemaining = remainingPages;
        return restarted ? ALL_PAGES : Math.max(100, Math.ceil(totalPages / BACKUP_STEPS));
      },
    });
    onProgress(totalPages, totalPages);
  } finally {
    database.close();
  }
}

/**
 * True when another connection has the file open. Masthead keeps its connection from its
 * first query for the life of a process, in WAL mode, which holds a shared lock an
 * exclusive lock cannot pass; so a running server (or CLI command) is seen, an idle file
 * is not.
 */
export function sqliteFileInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const probe = new SQLite(file, { fileMustExist: true, timeout: 500 });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('begin exclusive');
    probe.exec('commit');
    return false;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}

/**
 * Puts a copy of `source` where the database file `target` is, for a restore (nothing may
 * have the target open). The old -wal and -shm go first: a WAL left beside the new file
 * would be replayed into it. Copied beside the target and renamed, so the target is never
 * half a file.
 */
export async function replaceSqliteFile(source: string, target: string): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.restoring-${process.pid}`;
  try {
    await copyFile(source, tmp);
    const handle = await open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  for (const suffix of ['-wal', '-shm']) await rm(target + suffix, { force: true });
  await rename(tmp, target);
}
