/**
 * `masthead backup` and `masthead restore` as an operator runs them, on each dialect. A
 * backup of a live site (the demo with its media, a vote, a user) restores into a fresh
 * database and media folder table for table and byte for byte. A damaged backup, a
 * non-empty database without --force, and (SQLite) a database file another process has
 * open are refused by name, writing nothing. A backup taken under a stream of votes
 * restores to a consistent state; one taken at an older migration is migrated forward.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Migrator, sql, type Migration } from 'kysely';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { pendingMigrations } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import type { Db } from '../../src/db/schema.ts';
import { backupSqliteFile } from '../../src/db/dialects/sqlite.ts';
import { readInventory } from '../../src/db/snapshot.ts';
import { countAllArticles } from '../../src/features/articles/articles.service.ts';
import { castVote, moodSet } from '../../src/features/moods/moods.service.ts';
import { createUser } from '../../src/features/users/users.service.ts';
import { createBackup } from '../../src/platform/backup/backup.ts';
import { listFiles } from '../../src/platform/backup/files.ts';
import type { Manifest } from '../../src/platform/backup/manifest.ts';
import type { ProgressFor } from '../../src/platform/backup/progress.ts';
import { restoreBackup } from '../../src/platform/backup/restore.ts';
import { fixedClock, type Clock } from '../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { createEmptyTestDatabase, testDialects, type TestDatabase, type TestDialect } from '../helpers/databases.ts';
import { seedDir } from '../helpers/seed.ts';
import { countRows, dumpTables } from '../helpers/tables.ts';

const dialects = await testDialects('backup and restore');

const BIN = path.resolve(import.meta.dirname, '../../bin/masthead.mjs');
const LATEST = migrations.at(-1)![0];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, LOG_LEVEL: 'warn', MASTHEAD_SEED_DIR: seedDir(), ...env };
}

function masthead(args: string[], env: Record<string, string>): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: childEnv(env), timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As masthead(), without blocking this process: its writes go on while the command runs. */
function mastheadAsync(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), timeout: 120_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const quiet: ProgressFor = () => ({ update() {}, stop() {} });

/**
 * The same work in this process, where the command line is not what a test is about
 * (starting the CLI costs seconds); the refusals and outputs are tested through the CLI.
 */
function restoreHere(dir: string, env: Record<string, string>, force = false) {
  return restoreBackup(loadConfig({ LOG_LEVEL: 'silent', ...env }), dir, { force, progress: quiet });
}

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(kind: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `masthead-${kind}-`));
  tempDirs.push(dir);
  return dir;
}

/** Runs `backup --out` and returns the folder it wrote, with its manifest. */
function backup(env: Record<string, string>): { dir: string; manifest: Manifest; run: Run } {
  const out = tempDir('backups');
  const run = masthead(['backup', '--out', out], env);
  assert.equal(run.code, 0, run.stderr);
  const dir = /written to (\S+):/.exec(run.stdout)?.[1];
  assert.ok(dir, run.stdout);
  return { dir, manifest: JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest, run };
}

/** A fresh, empty database and media folder to restore into. */
interface Target {
  readonly db: TestDatabase;
  readonly mediaDir: string;
  readonly env: Record<string, string>;
  /** Reads the target through a connection of its own, opened after the restore. */
  inspect<T>(fn: (database: Database) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

async function emptyTarget(dialect: TestDialect): Promise<Target> {
  const db = await createEmptyTestDatabase(dialect);
  if (dialect === 'sqlite') {
    // A restore replaces the file, so this process lets go of it. (Kysely closes a SQLite
    // connection only after it has been used: hence the query first.)
    await sql`select 1`.execute(db.database.db);
    await db.database.close();
  }
  const dataDir = tempDir('restore-data');
  const mediaDir = path.join(dataDir, 'media');
  return {
    db,
    mediaDir,
    env: { DATABASE_URL: db.url, DATA_DIR: dataDir, MEDIA_DIR: mediaDir },
    async inspect(fn) {
      const database = openDatabase(db.config);
      try {
        return await fn(database);
      } finally {
        await database.close();
      }
    },
    async destroy() {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function assertSameFiles(expectedDir: string, actualDir: string, files: readonly string[]): void {
  for (const f of files) assert.ok(readFileSync(path.join(actualDir, f)).equals(readFileSync(path.join(expectedDir, f))), `${f} differs`);
}

async function publishedArticleIds(db: Db, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

async function vote(db: Db, clock: Clock, articleId: number, n: string): Promise<void> {
  const [mood] = await moodSet(db);
  await db.transaction().execute((trx) => castVote(trx, clock, { articleId, readerId: `backup-reader-${n}`, moodKey: mood!.key, ipHash: `backup-ip-${n}`, timeZone: 'Asia/Shanghai' }));
}

/** Each article's count per mood equals the votes it holds: true of any state a vote commits. */
async function assertCountsMatchVotes(db: Db): Promise<void> {
  const votes = await db
    .selectFrom('mood_votes')
    .select(['article_id', 'mood_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(['article_id', 'mood_id'])
    .execute();
  const counts = await db.selectFrom('mood_counts').select(['article_id', 'mood_id', 'count']).where('count', '>', 0).execute();
  const byVotes = new Map(votes.map((v) => [`${v.article_id}:${v.mood_id}`, Number(v.n)]));
  const byCounts = new Map(counts.map((c) => [`${c.article_id}:${c.mood_id}`, c.count]));
  assert.deepEqual(byCounts, byVotes);
}

async function foreignKeyProblems(database: Database): Promise<unknown[]> {
  if (database.dialect === 'sqlite') return (await sql`pragma foreign_key_check`.execute(database.db)).rows;
  return (await sql`select conname from pg_constraint where contype = 'f' and not convalidated`.execute(database.db)).rows;
}

async function foreignKeyCount(database: Database): Promise<number> {
  const { rows } =
    database.dialect === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from sqlite_master m, pragma_foreign_key_list(m.name) where m.type = 'table'`.execute(database.db)
      : await sql<{ n: number }>`select count(*) as n from pg_constraint where contype = 'f'`.execute(database.db);
  return Number(rows[0]?.n);
}

for (const dialect of dialects) {
  describe(`masthead backup and restore [${dialect}]`, () => {
    let source: TestApp;
    let sourceEnv: Record<string, string>;
    let taken: ReturnType<typeof backup>;
    const targets: Target[] = [];
    const target = async () => {
      const t = await emptyTarget(dialect);
      targets.push(t);
      return t;
    };

    before(async () => {
      source = await createTestApp(dialect, { demo: true });
      const db = source.db.database.db;
      const [articleId] = await publishedArticleIds(db, 1);
      await vote(db, source.clock, articleId!, 'first');
      await createUser(db, source.clock, { email: 'backup@masthead.test', displayName: '备份编辑', password: 'correct horse battery', role: 'editor' });
      sourceEnv = { DATABASE_URL: source.db.url, DATA_DIR: source.config.dataDir, MEDIA_DIR: source.config.mediaDir };
      // The test app keeps its connection open throughout: the backup is of a live database.
      taken = backup(sourceEnv);
    });

    after(async () => {
      for (const t of targets) await t.destroy();
      await source.close();
    });

    it('writes a complete backup folder: the database, every media file, and a manifest that counts them', async () => {
      const { dir, manifest, run } = taken;
      assert.deepEqual(readdirSync(path.dirname(dir)), [path.basename(dir)], 'no .partial folder is left behind');
      // It holds password hashes and the generated signing secret: for its owner's eyes only.
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.match(run.stderr, /Copying the database \[.*\] 100%/);
      assert.match(run.stderr, /Copying media files \[.*\] 100%/);
      assert.equal(manifest.dialect, dialect);
      assert.equal(manifest.migration, LATEST);
      assert.equal(manifest.tables.articles, await countAllArticles(source.db.database.db));
      for (const [table, rows] of Object.entries(await countRows(source.db.database.db))) assert.equal(manifest.tables[table], rows, table);
      assert.equal(manifest.tables.users, 1);
      const media = await listFiles(source.config.mediaDir);
      assert.ok(media.length > 0, 'the demo has media files');
      assert.deepEqual(manifest.media.map((m) => m.path), media);
      assert.deepEqual(await listFiles(path.join(dir, 'media')), media);
    });

    it('restores into a fresh database and media folder: every table and every media file equal', async () => {
      const t = await target();
      const r = masthead(['restore', taken.dir], t.env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`Restored the backup of .*: ${taken.manifest.tables.articles} article\\(s\\), ${taken.manifest.media.length} media file\\(s\\)`));
      assert.deepEqual(await t.inspect((d) => dumpTables(d.db)), await dumpTables(source.db.database.db));
      const media = await listFiles(source.config.mediaDir);
      assert.deepEqual(await listFiles(t.mediaDir), media);
      assertSameFiles(source.config.mediaDir, t.mediaDir, media);
    });

    it('refuses a backup whose media file was altered, naming the file, and writes nothing', async () => {
      const altered = path.join(tempDir('altered'), 'backup');
      cpSync(taken.dir, altered, { recursive: true });
      const victim = taken.manifest.media[0]!.path;
      const file = path.join(altered, 'media', victim);
      const bytes = readFileSync(file);
      const middle = bytes.length >> 1;
      bytes[middle] = bytes[middle]! ^ 0xff;
      writeFileSync(file, bytes);
      const t = await target();
      const r = masthead(['restore', altered], t.env);
      assert.equal(r.code, 1);
      assert.ok(r.stderr.includes(`${victim}: its contents differ from the manifest's (SHA-256 mismatch)`), r.stderr);
      assert.match(r.stderr, /Nothing was restored: 1 problem\(s\) found\./);
      assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
      assert.deepEqual(await t.inspect(readInventory), { migration: null, tables: {} });
      assert.deepEqual(await listFiles(t.mediaDir), []);
    });

    it('refuses a backup without its manifest, and writes nothing', async () => {
      const unfinished = path.join(tempDir('unfinished'), 'backup');
      cpSync(taken.dir, unfinished, { recursive: true });
      rmSync(path.join(unfinished, 'manifest.json'));
      const t = await target();
      const outcome = await restoreHere(unfinished, t.env);
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.problems.join('\n'), /manifest\.json: missing, so this is not a finished backup/);
      assert.deepEqual(await t.inspect(readInventory), { migration: null, tables: {} });
      assert.deepEqual(await listFiles(t.mediaDir), []);
    });

    it('refuses to restore over a database that has articles unless --force, which replaces everything', async () => {
      const t = await target();
      assert.equal((await restoreHere(taken.dir, t.env)).ok, true);
      await t.inspect((d) => createUser(d.db, source.clock, { email: 'later@masthead.test', displayName: '后来者', password: 'correct horse battery', role: 'reporter' }));
      const changed = await t.inspect((d) => dumpTables(d.db));

      const refused = masthead(['restore', taken.dir], t.env);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, new RegExp(`already has ${taken.manifest.tables.articles} article\\(s\\), and a restore replaces everything in it: pass --force`));
      assert.deepEqual(await t.inspect((d) => dumpTables(d.db)), changed);

      assert.equal((await restoreHere(taken.dir, t.env, true)).ok, true);
      assert.deepEqual(await t.inspect((d) => dumpTables(d.db)), await dumpTables(source.db.database.db));
    });

    if (dialect === 'sqlite') {
      it('finishes a consistent copy even when a write lands between every step of the online backup', async () => {
        const { config } = source.db;
        assert.ok(config.dialect === 'sqlite');
        const { file } = config;
        const db = source.db.database.db;
        const [articleId] = await publishedArticleIds(db, 1);
        const { mood_id: moodId } = await db.selectFrom('mood_counts').select('mood_id').where('article_id', '=', articleId!).executeTakeFirstOrThrow();
        // Another connection, as a server process would be; a write by the copying connection would not restart it.
        const writer = new SQLite(file);
        const voteNow = writer.transaction((n: number) => {
          writer.prepare('insert into mood_votes (article_id, reader_id, mood_id, ip_hash, created_at) values (?, ?, ?, ?, ?)').run(articleId, `step-${n}`, moodId, `step-${n}`, TEST_NOW);
          writer.prepare('update mood_counts set count = count + 1 where article_id = ? and mood_id = ?').run(articleId, moodId);
        });
        const copy = path.join(tempDir('step-copy'), 'copy.sqlite');
        let steps = 0;
        try {
          await backupSqliteFile(file, copy, () => {
            steps += 1;
            if (steps > 1000) throw new Error('the backup keeps starting over and never finishes');
            voteNow(steps);
          });
        } finally {
          writer.close();
        }
        assert.ok(steps > 2, `${steps} steps`);
        const copied = openDatabase({ dialect: 'sqlite', file: copy });
        try {
          await assertCountsMatchVotes(copied.db);
          const votes = await copied.db.selectFrom('mood_votes').select('reader_id').where('reader_id', 'like', 'step-%').execute();
          assert.ok(votes.length >= 1 && votes.length < steps, `${votes.length} of ${steps} step votes: those before the last start`);
        } finally {
          await copied.close();
        }
      });

      it('refuses to replace a database file another process has open (a running server)', async () => {
        const t = await target();
        const open = openDatabase(t.db.config);
        try {
          await sql`select 1`.execute(open.db);
          const outcome = await restoreHere(taken.dir, t.env);
          assert.match(outcome.ok ? '' : outcome.problems.join('\n'), /is open in another process: stop the server/);
          assert.deepEqual(await readInventory(open), { migration: null, tables: {} });
        } finally {
          await open.close();
        }
      });
    }

    it('a backup taken while votes keep coming restores to a consistent state', async () => {
      const db = source.db.database.db;
      const ids = await publishedArticleIds(db, 20);
      const countVotes = async () => Number((await db.selectFrom('mood_votes').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
      let cast = 0;
      let stop = false;
      const voting = (async () => {
        while (!stop) {
          cast += 1;
          await vote(db, source.clock, ids[cast % ids.length]!, `loop-${cast}`);
          // Lets the child's output and exit through between votes.
          await nextTurn();
        }
      })();
      const votesBefore = await countVotes();
      const out = tempDir('backups');
      const run = await mastheadAsync(['backup', '--out', out], sourceEnv);
      const votesAfter = await countVotes();
      stop = true;
      await voting;
      assert.equal(run.code, 0, run.stderr);
      assert.ok(votesAfter > votesBefore, 'votes were cast while the backup ran');
      const dir = /written to (\S+):/.exec(run.stdout)![1]!;
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;

      const t = await target();
      assert.equal((await restoreHere(dir, t.env)).ok, true);
      await t.inspect(async (restored) => {
        assert.deepEqual((await readInventory(restored)).tables, manifest.tables);
        const votes = manifest.tables.mood_votes!;
        assert.ok(votes >= votesBefore && votes <= votesAfter, `${votes} votes: a state between ${votesBefore} and ${votesAfter}`);
        await assertCountsMatchVotes(restored.db);
        assert.deepEqual(await foreignKeyProblems(restored), []);
        assert.equal(await foreignKeyCount(restored), await foreignKeyCount(source.db.database));
      });
    });

    it('restores a backup taken at an older migration and migrates it forward', async () => {
      const older = await createEmptyTestDatabase(dialect);
      const mediaDir = tempDir('older-media');
      try {
        // Frozen migrations: page_invalidations arrives in the one after this.
        const wanted = '20261130_0004_findability';
        const later = migrations.map(([name]) => name).filter((name) => name > wanted);
        const provider = { getMigrations: async () => Object.fromEntries(migrations.map(([name, m]): [string, Migration] => [name, { up: (db) => m.up(db, { dialect }) }])) };
        const { error } = await new Migrator({ db: older.database.db, provider }).migrateTo(wanted);
        assert.equal(error, undefined);
        const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: older.url, DATA_DIR: mediaDir, MEDIA_DIR: mediaDir });
        const { dir, manifest } = await createBackup(config, fixedClock(TEST_NOW), tempDir('backups'), quiet);
        assert.equal(manifest.migration, wanted);
        assert.equal(manifest.createdAt, TEST_NOW);
        assert.equal(manifest.tables.page_invalidations, undefined);

        if (dialect === 'postgres') {
          // pg_restore would drop only the backup's tables, leaving the newer ones to break the migration.
          const refused = await restoreHere(dir, sourceEnv, true);
          assert.match(refused.ok ? '' : refused.problems.join('\n'), /has tables the backup does not \(.*page_invalidations.*\), which a restore would leave behind/);
        }
        const t = await target();
        const outcome = await restoreHere(dir, t.env);
        assert.deepEqual(outcome.ok && outcome.migrated, later);
        await t.inspect(async (restored) => {
          assert.deepEqual(await pendingMigrations(restored), []);
          assert.equal((await readInventory(restored)).tables.page_invalidations, 0);
        });
      } finally {
        await older.destroy();
        rmSync(mediaDir, { recursive: true, force: true });
      }
    });
  });
}
