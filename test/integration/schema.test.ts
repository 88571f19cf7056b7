/**
 * The schema on each dialect matches its committed snapshot, and the two dialects agree
 * table by table, column by column. Regenerate snapshots with UPDATE_SNAPSHOTS=1 after
 * adding a migration, and review the diff.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrateToLatest, pendingMigrations } from '../../src/db/migrate.ts';
import { createEmptyTestDatabase, testDialects, type TestDatabase, type TestDialect } from '../helpers/databases.ts';
import { logicalSchema, snapshotSchema, type SchemaSnapshot } from '../helpers/schema-snapshot.ts';

const dialects = await testDialects('schema');
const SNAPSHOTS = path.join(import.meta.dirname, '__snapshots__');
const snapshots = new Map<TestDialect, SchemaSnapshot>();

for (const dialect of dialects) {
  describe(`migrations [${dialect}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createEmptyTestDatabase(dialect);
    });
    after(() => t.destroy());

    it('apply from empty, then report nothing pending, and a second run applies nothing', async () => {
      const applied = await migrateToLatest(t.database);
      assert.ok(applied.length >= 1);
      assert.deepEqual(await pendingMigrations(t.database), []);
      assert.deepEqual(await migrateToLatest(t.database), []);
    });

    it('produce the committed schema snapshot', async () => {
      const snap = await snapshotSchema(t.database.db, dialect);
      snapshots.set(dialect, snap);
      const file = path.join(SNAPSHOTS, `schema.${dialect}.json`);
      const text = `${JSON.stringify(snap, null, 2)}\n`;
      if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, text);
      assert.ok(existsSync(file), `${file} is missing: run with UPDATE_SNAPSHOTS=1 and commit it`);
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), snap);
    });
  });
}

describe('dialect parity', () => {
  it('SQLite and PostgreSQL have the same tables, columns, nullability, defaults and indexes', (t) => {
    if (dialects.length < 2) return t.skip('only one dialect ran');
    const lite = snapshots.get('sqlite');
    const pg = snapshots.get('postgres');
    assert.ok(lite && pg, 'both snapshots were taken');
    assert.deepEqual(logicalSchema(lite, 'sqlite'), logicalSchema(pg, 'postgres'));
  });
});
