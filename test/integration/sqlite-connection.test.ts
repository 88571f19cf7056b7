/**
 * The SQLite connection (SQLite only: PostgreSQL's pool connects at its first query
 * already). A database handle closed without a query leaves the file free, so `masthead
 * restore` does not find it in use; the connection a first query opens has the durability
 * settings of docs/decisions/002.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';
import { sqliteFileInUse } from '../../src/db/dialects/sqlite.ts';

const file = path.join(os.tmpdir(), `masthead-connection-${process.pid}-${randomBytes(6).toString('hex')}.sqlite`);

before(async () => {
  const database = openDatabase({ dialect: 'sqlite', file });
  try {
    // A table makes the file a WAL database: an empty file has no header to say so.
    await sql`create table notes (body text)`.execute(database.db);
  } finally {
    await database.close();
  }
});

after(() => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
});

describe('the SQLite connection', () => {
  it('holds the file from the first query until closed', async () => {
    const database = openDatabase({ dialect: 'sqlite', file });
    try {
      assert.equal(sqliteFileInUse(file), false);
      await sql`select count(*) from notes`.execute(database.db);
      assert.equal(sqliteFileInUse(file), true);
    } finally {
      await database.close();
    }
    assert.equal(sqliteFileInUse(file), false);
  });

  it('leaves the file free when closed without a query', async () => {
    const database = openDatabase({ dialect: 'sqlite', file });
    await database.close();
    assert.equal(sqliteFileInUse(file), false);
  });

  it('opens in WAL mode with full syncs, foreign keys and a busy timeout', async () => {
    const database = openDatabase({ dialect: 'sqlite', file });
    try {
      const pragma = async (name: string) => Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(database.db)).rows[0] ?? {})[0];
      assert.deepEqual(
        {
          journal_mode: await pragma('journal_mode'),
          synchronous: await pragma('synchronous'),
          foreign_keys: await pragma('foreign_keys'),
          busy_timeout: await pragma('busy_timeout'),
        },
        // synchronous 2 is FULL.
        { journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 5000 },
      );
    } finally {
      await database.close();
    }
  });
});
