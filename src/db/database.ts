/**
 * Opening a database from config: the one place that knows which dialect is in use.
 */
import { Kysely, sql } from 'kysely';
import type { DatabaseConfig } from '../config/config.ts';
import { createPostgresDialect, createPostgresPool } from './dialects/postgres.ts';
import { createSqliteDialect } from './dialects/sqlite.ts';
import type { DB } from './schema.ts';

export type Dialect = DatabaseConfig['dialect'];

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export function openDatabase(config: DatabaseConfig): Database {
  if (config.dialect === 'postgres') {
    const pool = createPostgresPool(config.url, config.poolSize);
    const db = new Kysely<DB>({ dialect: createPostgresDialect(pool) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const db = new Kysely<DB>({ dialect: createSqliteDialect(config.file) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Throws when the database does not answer: the health check's probe. */
export async function pingDatabase(database: Database): Promise<void> {
  await sql`select 1`.execute(database.db);
}
