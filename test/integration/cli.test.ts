/**
 * The `masthead` command as an operator runs it: help, import (idempotent, refusing bad
 * captures with a message), bad configuration, and `serve --demo` twice keeping its data.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { countAllArticles } from '../../src/features/articles/articles.service.ts';
import { isSetupNeeded, signIn } from '../../src/features/users/users.service.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { postgresSearch } from '../../src/search/backends/postgres-fts.ts';
import { sqliteSearch } from '../../src/search/backends/sqlite-fts5.ts';
import { searchArticles } from '../../src/search/search.service.ts';
import { freePort } from '../helpers/app.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases.ts';
import { seedCapturePath, seedCaptureText, seedDir } from '../helpers/seed.ts';
import { dumpTables } from '../helpers/tables.ts';

const dialects = await testDialects('CLI');

async function searchCount(t: TestDatabase, query: string): Promise<number> {
  const backend = t.dialect === 'postgres' ? postgresSearch : sqliteSearch;
  return (await searchArticles(t.database.db, backend, { query, channelIds: null, from: null, to: null, after: null, limit: 50 })).hits.length;
}
const BIN = path.resolve(import.meta.dirname, '../../bin/masthead.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));

function masthead(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn', MASTHEAD_SEED_DIR: seedDir(), ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `masthead serve --demo`, waits for the seed URL, hands it over, then stops with SIGTERM. */
async function withServer(env: Record<string, string>, fn: (seedUrl: string, output: string) => Promise<void>): Promise<number | null> {
  const child = spawn(process.execPath, [BIN, 'serve', '--demo'], {
    env: { ...process.env, LOG_LEVEL: 'warn', MASTHEAD_SEED_DIR: seedDir(), ...env },
  });
  let output = '';
  const seedUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no seed URL printed:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Seed article: (\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  try {
    await fn(seedUrl, output);
  } finally {
    child.kill('SIGTERM');
  }
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  // The output names why a shutdown failed; show it with the exit code.
  if (code !== 0) throw new Error(`server exited with ${code} after SIGTERM:\n${output.slice(-4000)}`);
  return code;
}

describe('masthead --help', () => {
  it('lists the commands and the environment variables', () => {
    const r = masthead(['--help']);
    assert.equal(r.code, 0);
    for (const word of ['serve', 'migrate', 'import', 'demo', 'search', 'DATABASE_URL', 'SITE_TIME_ZONE']) assert.match(r.stdout, new RegExp(word));
  });

  it('names a bad setting and exits non-zero', () => {
    const r = masthead(['migrate'], { PORT: 'eighty', DATA_DIR: tmp });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /PORT: must be a whole number/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  });

  it('says plainly when the database cannot be reached', () => {
    const r = masthead(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot reach the database at 127\.0\.0\.1:1; is PostgreSQL running/);
  });

  it('refuses a bad option value', () => {
    const r = masthead(['demo', '--per-channel', 'lots'], { DATA_DIR: tmp });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /must be a whole number of at least 1/);
  });
});

for (const dialect of dialects) {
  describe(`masthead import [${dialect}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(() => t.destroy());

    it('imports the seed once; a second run changes nothing', async () => {
      const first = masthead(['import', seedCapturePath()], { DATABASE_URL: t.url });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /article created http:\/\/localhost:3000\/2026-01\/06\/c_\d+\.html; briefs 20 created/);
      const before = await dumpTables(t.database.db);
      const second = masthead(['import', seedCapturePath()], { DATABASE_URL: t.url });
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /article unchanged .*briefs 0 created, 0 updated, 20 unchanged/);
      assert.deepEqual(await dumpTables(t.database.db), before);
      assert.equal(await countAllArticles(t.database.db), 21);
    });

    it('refuses a truncated capture with a message naming what is missing, writing nothing', async () => {
      const text = seedCaptureText();
      const file = path.join(tmp, `truncated-${dialect}.txt`);
      writeFileSync(file, text.slice(0, text.indexOf('[ 责编')));
      const before = await dumpTables(t.database.db);
      const r = masthead(['import', file], { DATABASE_URL: t.url });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /missing the editor-in-charge line \("\[ 责编:… \]"\)/);
      assert.match(r.stderr, /Nothing was imported/);
      assert.deepEqual(await dumpTables(t.database.db), before);
    });

    it('rebuilds the search index from the published articles, with progress, so search finds them again', async () => {
      const db = t.database.db;
      await db.deleteFrom('search_docs').execute();
      assert.equal(await searchCount(t, '援疆'), 0);
      const r = masthead(['search', 'rebuild'], { DATABASE_URL: t.url });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Indexing articles \[.*\] 100% \| 21\/21/);
      assert.match(r.stdout, /Search index rebuilt: 21 published article\(s\)/);
      const docs = await db.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(docs.n), 21);
      assert.ok((await searchCount(t, '援疆')) >= 1);
    });
  });

  describe(`masthead user create [${dialect}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(() => t.destroy());

    const create = (args: string[], password: string) => {
      const r = spawnSync(process.execPath, [BIN, 'user', 'create', ...args], {
        encoding: 'utf8',
        input: `${password}\n`,
        env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: t.url },
        timeout: 60_000,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    it('creates the first admin from a piped password, who can then sign in, and locks the setup page', async () => {
      assert.equal(await isSetupNeeded(t.database.db), true);
      const r = create(['--email', 'Chief@Example.com', '--name', '王总'], 'a long enough passphrase');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Created admin chief@example\.com \(id \d+\)\. Sign in at .*\/newsroom\/login/);
      assert.ok(!r.stdout.includes('passphrase') && !r.stderr.includes('passphrase'), 'the password is never printed');
      const signed = await signIn(t.database.db, systemClock, { email: 'chief@example.com', password: 'a long enough passphrase', ip: '192.0.2.1' });
      assert.equal(signed.ok && signed.user.role, 'admin');
      assert.equal(await isSetupNeeded(t.database.db), false);
      const audited = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'user.create_cli').execute();
      assert.equal(audited.length, 1);
    });

    it('refuses a bad role, a short password and a taken email by name, creating nobody', async () => {
      const before = await dumpTables(t.database.db);
      const role = create(['--email', 'r@example.com', '--name', 'R', '--role', 'boss'], 'a long enough passphrase');
      assert.equal(role.code, 1);
      assert.match(role.stderr, /--role must be one of reporter, editor, chief_editor, admin \(got "boss"\)/);
      const short = create(['--email', 's@example.com', '--name', 'S', '--role', 'reporter'], 'short');
      assert.equal(short.code, 1);
      assert.match(short.stderr, /Not created: .*password/i);
      const taken = create(['--email', 'chief@example.com', '--name', 'Again'], 'a long enough passphrase');
      assert.equal(taken.code, 1);
      assert.match(taken.stderr, /Not created: /);
      for (const r of [role, short, taken]) assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(await dumpTables(t.database.db), before);
    });
  });

  describe(`masthead serve --demo [${dialect}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(() => t.destroy());

    it('loads the demo on first start, keeps the data on the second, and stops cleanly on SIGTERM', async () => {
      const port = await freePort();
      const env = { DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1' };
      let firstUrl = '';
      const firstExit = await withServer(env, async (url, output) => {
        firstUrl = url;
        assert.match(output, /Demo: 1 capture\(s\) imported; generated articles: 72 created/);
        const res = await fetch(url);
        assert.equal(res.status, 200);
        assert.ok((await res.text()).includes('第十二批省市错时轮换援疆骨干'));
      });
      assert.equal(firstExit, 0);
      const count = await countAllArticles(t.database.db);
      assert.equal(count, 1 + 20 + 72);

      const secondExit = await withServer(env, async (url, output) => {
        assert.equal(url, firstUrl);
        assert.doesNotMatch(output, /Demo:/);
        assert.equal((await fetch(url)).status, 200);
      });
      assert.equal(secondExit, 0);
      assert.equal(await countAllArticles(t.database.db), count);
    });
  });
}
