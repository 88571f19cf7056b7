/**
 * PostgreSQL through a pg pool. Rows are made to look like SQLite's: int8 ids as numbers,
 * timestamptz as ISO-8601 text, so repositories read one shape on both dialects.
 */
import pg from 'pg';
import { PostgresDialect } from 'kysely';

const INT8 = 20;
const TIMESTAMPTZ = 1184;

const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ);

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is beyond JavaScript's safe integers`);
  return n;
}

function getTypeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === INT8) return parseInt8;
  if (oid === TIMESTAMPTZ) return (text: string) => (parseTimestamp(text) as Date).toISOString();
  return pg.types.getTypeParser(oid, format);
}

export function createPostgresPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: { getTypeParser } as pg.CustomTypesConfig,
    // Every session works in UTC; display time zones are the app's job.
    options: '-c TimeZone=UTC',
  });
  // When an idle connection breaks (the server restarts, an administrator ends it, or it is
  // still closing after pool.end()), the pool drops it and emits 'error': with no listener
  // that would end the process. The next query opens a new connection and reports its own errors.
  pool.on('error', () => {});
  return pool;
}

export function createPostgresDialect(pool: pg.Pool): PostgresDialect {
  return new PostgresDialect({ pool });
}
