/**
 * The embedded database: one SQLite file in WAL mode. See docs/decisions/002 for the
 * durability settings.
 */
import { mkdirSync } from 'node:fs';
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

export function createSqliteDialect(file: string): SqliteDialect {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  // FULL syncs the WAL on every commit: an acknowledged write survives power loss, not
  // only a process crash. Batch hot writes rather than weakening this.
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  // Several processes (cluster workers, the CLI beside a server) share one file: wait for
  // a writer instead of failing with SQLITE_BUSY.
  database.pragma('busy_timeout = 5000');
  return new MastheadSqliteDialect({ database: withStatementCache(database) });
}
