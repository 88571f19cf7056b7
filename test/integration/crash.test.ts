/**
 * Crash safety of the real server process. Mood votes from many readers and newsroom saves
 * are driven over HTTP, 20 at a time, at `masthead serve`; mid-load the server is killed
 * with SIGKILL and started again, five times. After every restart each write the server
 * acknowledged is there and the database is consistent (derived counters agree with their
 * sources; on SQLite the file passes its own checks). Then SIGTERM under the same load:
 * no request the server acted on loses its answer, batched read counts are written, and it
 * exits 0 (it would exit 1 past its own shutdown bound).
 *
 * A SIGKILL tests what a process crash loses, not power loss: data the kernel was handed
 * survives a killed process either way (the fsync settings are decision 002's concern).
 */
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import fastifyCookie from '@fastify/cookie';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { articlePath } from '../../src/features/articles/article-path.ts';
import { blankDraft, createDraft } from '../../src/features/articles/editing.service.ts';
import { LocalMediaStorage } from '../../src/features/media/storage.ts';
import { READER_COOKIE } from '../../src/reader/reader-id.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { freePort } from '../helpers/app.ts';
import { consistencyProblems } from '../helpers/consistency.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases.ts';
import { formFields, HttpClient, HttpSession, type HttpResponse } from '../helpers/http-client.ts';
import { createStaff, PASSWORD } from '../helpers/newsroom.ts';
import { seedDir } from '../helpers/seed.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const CYCLES = 5;
/** Draft saves run side by side; corrections of published articles go one at a time (see below). */
const DRAFTS = 3;
const PUBLISHED_EDITED = 2;
const READ_LANES = 2;
const VOTE_LANES = 14;
const TIME_ZONE = 'Asia/Shanghai';

/** Refused: a 503, from a server shutting down or shedding load; nothing was done. */
type Outcome = 'acked' | 'refused' | 'unanswered';

interface VoteSent {
  readonly readerId: string;
  readonly articleId: number;
  readonly moodId: number;
  outcome: Outcome;
}

interface EditSent {
  readonly articleId: number;
  readonly version: number;
  outcome: Outcome;
}

/** What one stretch of load sent, and what the server answered to each. */
interface Run {
  readonly votes: VoteSent[];
  readonly edits: EditSent[];
  readonly reads: { served: number; refused: number; unanswered: number };
  /** Answers no correct server gives: an error other than 503, a vote not counted, no answer before the signal. */
  readonly unexpected: string[];
}

interface EditTarget {
  readonly id: number;
  readonly title: string;
  readonly bodyHtml: string;
  /** Its version before the test saved it. */
  readonly version: number;
}

// Each save makes a title and a body marker named by the version it creates, so the stored
// row says which save it holds.
const titleFor = (a: EditTarget, version: number) => `${a.title}（修订${version}）`;
const markerFor = (a: EditTarget, version: number) => `修订标记${a.id}-${version}`;

const pick = <T,>(items: readonly T[]): T => items[randomInt(items.length)] as T;

for (const dialect of await testDialects('crash safety')) {
  describe(`crash safety [${dialect}]`, () => {
    let t: TestDatabase;
    let dataDir: string;
    let port: number;
    let client: HttpClient;
    let session: HttpSession;
    let running: ServerProcess | null = null;
    const secret = randomBytes(32).toString('base64url');
    let email = '';
    let voteTargets: Array<{ id: number; path: string }> = [];
    let moods: Array<{ id: number; key: string }> = [];
    let editTargets: EditTarget[] = [];
    /** Mood counts before any vote of this test, per "article/mood". */
    let baseline = new Map<string, number>();
    let addresses = 0;

    before(async () => {
      t = await createTestDatabase(dialect);
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'masthead-crash-'));
      const db = t.database.db;
      await loadDemo(db, systemClock, {
        storage: new LocalMediaStorage(path.join(dataDir, 'media')),
        timeZone: TIME_ZONE,
        seedDir: seedDir(),
        perChannel: 2,
        captureTimeZone: TIME_ZONE,
      });
      const { admin } = await createStaff(db, systemClock);
      email = admin.email;
      const published = await db
        .selectFrom('articles')
        .select(['id', 'title', 'body_html', 'version', 'published_at', 'channel_id'])
        .where('status', '=', 'published')
        .where('kind', '=', 'article')
        .orderBy('id', 'desc')
        .limit(12)
        .execute();
      voteTargets = published.map((a) => ({ id: a.id, path: articlePath(a.id, new Date(a.published_at ?? 0), TIME_ZONE) }));
      const channelId = published[0]?.channel_id ?? 0;
      const draftIds: number[] = [];
      for (let i = 1; i <= DRAFTS; i++) {
        const draft = blankDraft({ title: `草稿${i}`, bodyHtml: `<p>草稿${i}的正文。</p>`, channelId });
        draftIds.push(await createDraft(db, systemClock, admin, draft));
      }
      const drafts = await db.selectFrom('articles').select(['id', 'title', 'body_html', 'version']).where('id', 'in', draftIds).execute();
      editTargets = [...published.slice(0, PUBLISHED_EDITED), ...drafts].map((a) => ({ id: a.id, title: a.title, bodyHtml: a.body_html, version: a.version }));
      moods = await db.selectFrom('moods').select(['id', 'key']).where('active', '=', 1).execute();
      baseline = await moodCounts();
      port = await freePort();
      client = new HttpClient(`http://127.0.0.1:${port}`);
      session = new HttpSession(client);
    });

    after(async () => {
      running?.crash();
      client?.close();
      await t?.destroy();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    async function moodCounts(): Promise<Map<string, number>> {
      const rows = await t.database.db.selectFrom('mood_counts').select(['article_id', 'mood_id', 'count']).execute();
      return new Map(rows.map((r) => [`${r.article_id}/${r.mood_id}`, Number(r.count)]));
    }

    async function totalViews(): Promise<number> {
      const row = await t.database.db.selectFrom('article_views').select((eb) => eb.fn.sum<number | string>('views').as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    }

    async function start(): Promise<ServerProcess> {
      // One left by a failed test would answer in the new one's place.
      running?.crash();
      await running?.exited;
      running = await startServerProcess(port, {
        DATABASE_URL: t.url,
        DATA_DIR: dataDir,
        NODE_ENV: 'production',
        WORKERS: '1',
        LOG_LEVEL: 'warn',
        // Every read renders from the database, as a miss does: more work in hand at the kill.
        PAGE_CACHE_MB: '0',
        SECRET_KEY: secret,
        // Each vote comes from its own address, as many readers' do (the limit is 20 a minute per address).
        TRUST_PROXY: '127.0.0.1',
        MASTHEAD_SEED_DIR: seedDir(),
        // A test machine busy with other suites can stall the event loop for a second; shedding
        // load then is right, but would leave this test little to check.
        SHED_EVENT_LOOP_DELAY_MS: '0',
      });
      if (!session.csrf) await session.signIn(email, PASSWORD);
      return running;
    }

    /**
     * Votes, saves and reads, 20 at a time, until `end()`; then no new request is sent.
     * `warm` settles once a vote and a save have been acknowledged (the first requests of a
     * fresh process are slow), or when every lane has stopped.
     */
    function drive(): { warm: Promise<void>; end(): void; settled: Promise<Run> } {
      const run: Run = { votes: [], edits: [], reads: { served: 0, refused: 0, unanswered: 0 }, unexpected: [] };
      let ending = false;
      let warmed!: () => void;
      const warm = new Promise<void>((resolve) => (warmed = resolve));
      const kindsAcked = new Set<'vote' | 'save'>();
      const acked = (kind: 'vote' | 'save') => {
        kindsAcked.add(kind);
        if (kindsAcked.size === 2) warmed();
      };

      /** Something no correct server does: noted, and the run stops so the test fails at once. */
      const fail = (problem: string) => {
        run.unexpected.push(problem);
        ending = true;
      };

      /**
       * The answer when it is the one `done` expects, or a 503 (a refusal: nothing was done).
       * Null when there was no answer (unexpected before the end) or a wrong one.
       */
      async function send(what: string, done: (res: HttpResponse) => boolean, request: () => Promise<HttpResponse>): Promise<HttpResponse | null> {
        let res: HttpResponse;
        try {
          res = await request();
        } catch (error) {
          if (!ending) fail(`${what}: ${(error as Error).message}`);
          return null;
        }
        if (res.status === 503 || done(res)) return res;
        fail(`${what}: ${res.status} ${String(res.headers.location ?? res.body.slice(0, 300))}`);
        return null;
      }

      async function voteLane(): Promise<void> {
        while (!ending) {
          const article = pick(voteTargets);
          const mood = pick(moods);
          const vote: VoteSent = { readerId: randomBytes(16).toString('base64url'), articleId: article.id, moodId: mood.id, outcome: 'unanswered' };
          run.votes.push(vote);
          const n = addresses++;
          const headers = {
            cookie: `${READER_COOKIE}=${encodeURIComponent(fastifyCookie.sign(vote.readerId, secret))}`,
            'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          };
          // Readers with JavaScript post JSON; without, the form posts and is redirected back.
          const form = randomInt(3) === 0;
          const url = `/api/v1/articles/${article.id}/moods`;
          const res = form
            ? await send(
                `form vote on ${article.id}`,
                (r) => r.status === 303 && String(r.headers.location).endsWith('?mood=voted#moods'),
                () => client.request('POST', url, { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: `mood=${mood.key}` }),
              )
            : await send(
                `vote on ${article.id}`,
                (r) => r.status === 200 && (JSON.parse(r.body) as { choice: string }).choice === mood.key,
                () => client.request('POST', url, { headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ mood: mood.key }) }),
              );
          if (!res) return;
          if (res.status === 503) return void (vote.outcome = 'refused');
          vote.outcome = 'acked';
          acked('vote');
        }
      }

      /** Saves each of `targets` in turn, from the form as the editor page shows it. */
      async function editLane(targets: readonly EditTarget[]): Promise<void> {
        const forms = new Map<number, Record<string, string>>();
        for (let i = 0; !ending; i++) {
          const target = targets[i % targets.length] as EditTarget;
          const path = `/newsroom/articles/${target.id}`;
          if (!forms.has(target.id)) {
            const page = await send(`edit page of ${target.id}`, (r) => r.status === 200, () => session.get(path));
            if (!page || page.status === 503) return;
            // It holds the version the save must name: the optimistic lock.
            forms.set(target.id, formFields(page.body, '#article-form'));
          }
          const form = forms.get(target.id) as Record<string, string>;
          const version = Number(form.version) + 1;
          const edit: EditSent = { articleId: target.id, version, outcome: 'unanswered' };
          run.edits.push(edit);
          const res = await send(
            `save of ${target.id} v${version}`,
            (r) => r.status === 303 && r.headers.location === `${path}?notice=saved`,
            () => session.post(path, { ...form, title: titleFor(target, version), bodyHtml: `${target.bodyHtml}<p>${markerFor(target, version)}</p>` }),
          );
          if (!res) return;
          if (res.status === 503) return void (edit.outcome = 'refused');
          edit.outcome = 'acked';
          acked('save');
          form.version = String(version);
        }
      }

      async function readLane(): Promise<void> {
        while (!ending) {
          const article = pick(voteTargets);
          const res = await send(`read of ${article.path}`, (r) => r.status === 200, () => client.request('GET', article.path));
          if (!res) return void run.reads.unanswered++;
          if (res.status === 503) return void run.reads.refused++;
          run.reads.served++;
        }
      }

      const published = editTargets.slice(0, PUBLISHED_EDITED);
      const lanes = [
        // Corrections of published articles at once rewrite each other's related lists.
        ...published.map((article) => editLane([article])),
        ...editTargets.slice(PUBLISHED_EDITED).map((draft) => editLane([draft])),
        ...Array.from({ length: READ_LANES }, () => readLane()),
        ...Array.from({ length: VOTE_LANES }, () => voteLane()),
      ];
      const settled = Promise.all(lanes).then(() => run);
      void settled.then(warmed, warmed);
      return {
        warm,
        end: () => {
          ending = true;
        },
        settled,
      };
    }

    /** Every acknowledged write of `runs` that the database does not hold, described. */
    async function lostWrites(runs: readonly Run[]): Promise<string[]> {
      const db = t.database.db;
      const lost: string[] = [];
      const stored = new Map((await db.selectFrom('mood_votes').select(['article_id', 'reader_id', 'mood_id']).execute()).map((v) => [`${v.article_id}/${v.reader_id}`, v.mood_id]));
      const ackedPerPair = new Map<string, number>();
      for (const v of runs.flatMap((r) => r.votes).filter((v) => v.outcome === 'acked')) {
        const mood = stored.get(`${v.articleId}/${v.readerId}`);
        if (mood !== v.moodId) lost.push(`vote of reader ${v.readerId} on ${v.articleId} (mood ${v.moodId}): ${mood === undefined ? 'missing' : `stored as mood ${mood}`}`);
        ackedPerPair.set(`${v.articleId}/${v.moodId}`, (ackedPerPair.get(`${v.articleId}/${v.moodId}`) ?? 0) + 1);
      }
      const counts = await moodCounts();
      for (const [pair, acked] of ackedPerPair) {
        const added = (counts.get(pair) ?? 0) - (baseline.get(pair) ?? 0);
        if (added < acked) lost.push(`mood count ${pair}: ${added} added, ${acked} acknowledged`);
      }
      const edits = runs.flatMap((r) => r.edits).filter((e) => e.outcome === 'acked');
      for (const target of editTargets) {
        const row = await db.selectFrom('articles').select(['version', 'title', 'body_html']).where('id', '=', target.id).executeTakeFirstOrThrow();
        const acked = edits.filter((e) => e.articleId === target.id).map((e) => e.version);
        const last = Math.max(target.version, ...acked);
        if (row.version < last) lost.push(`article ${target.id}: version ${row.version}, but save v${last} was acknowledged`);
        if (row.version > target.version && (row.title !== titleFor(target, row.version) || !row.body_html.includes(markerFor(target, row.version)))) {
          lost.push(`article ${target.id}: at version ${row.version} it holds "${row.title}", not that save's text`);
        }
        const revisions = await db.selectFrom('article_revisions').select(['version', 'title']).where('article_id', '=', target.id).where('kind', '=', 'save').execute();
        for (const v of acked) {
          if (!revisions.some((r) => r.version === v && r.title === titleFor(target, v))) lost.push(`article ${target.id}: no revision of acknowledged save v${v}`);
        }
      }
      return lost;
    }

    function inDoubt(runs: readonly Run[], stored: ReadonlySet<string>): { sent: number; committed: number } {
      const unanswered = runs.flatMap((r) => r.votes).filter((v) => v.outcome === 'unanswered');
      return { sent: unanswered.length, committed: unanswered.filter((v) => stored.has(`${v.articleId}/${v.readerId}`)).length };
    }

    async function storedVotes(): Promise<Set<string>> {
      return new Set((await t.database.db.selectFrom('mood_votes').select(['article_id', 'reader_id']).execute()).map((v) => `${v.article_id}/${v.reader_id}`));
    }

    const tail = (s: string) => s.slice(-3000);

    it(`keeps every acknowledged vote and save through ${CYCLES} kill -9 restarts, and the database stays consistent`, { timeout: 300_000 }, async (ctx) => {
      const runs: Run[] = [];
      let readsServed = 0;
      let readsWritten = 0;
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        const server = await start();
        assert.deepEqual(await lostWrites(runs), [], `lost after restart ${cycle - 1}`);
        assert.deepEqual(await consistencyProblems(t, TIME_ZONE), [], `inconsistent after restart ${cycle - 1}`);
        const viewsBefore = await totalViews();
        const load = drive();
        await load.warm;
        await delay(randomInt(200, 801));
        load.end();
        server.crash();
        const run = await load.settled;
        const exit = await server.exited;
        running = null;
        assert.equal(exit.signal, 'SIGKILL');
        assert.deepEqual(run.unexpected, [], tail(server.output()));
        assert.ok(run.votes.some((v) => v.outcome === 'acked') && run.edits.some((e) => e.outcome === 'acked'), `cycle ${cycle} acknowledged votes and saves before the kill`);
        runs.push(run);
        readsServed += run.reads.served;
        readsWritten += (await totalViews()) - viewsBefore;
      }
      // Left running for the next test, which ends it.
      await start();
      const lost = await lostWrites(runs);
      assert.deepEqual(lost, [], `lost after restart ${CYCLES}`);
      assert.deepEqual(await consistencyProblems(t, TIME_ZONE), [], `inconsistent after restart ${CYCLES}`);

      const votes = runs.flatMap((r) => r.votes).filter((v) => v.outcome === 'acked').length;
      const saves = runs.flatMap((r) => r.edits).filter((e) => e.outcome === 'acked').length;
      const doubt = inDoubt(runs, await storedVotes());
      ctx.diagnostic(
        `[${dialect}] ${votes + saves} acknowledged (${votes} votes, ${saves} saves), ${lost.length} lost over ${CYCLES} cycles; ` +
          `${doubt.sent} votes unanswered at the kills, ${doubt.committed} of them committed; ` +
          `reads: ${readsServed} served, ${Math.max(0, readsServed - readsWritten)} not yet written at the kills (counted in memory, by design)`,
      );
    });

    it('on SIGTERM under load answers every request it acted on, writes the batched read counts and exits 0', { timeout: 120_000 }, async (ctx) => {
      const server = running ?? (await start());
      const viewsBefore = await totalViews();
      const versionsBefore = new Map(
        (await t.database.db.selectFrom('articles').select(['id', 'version']).where('id', 'in', editTargets.map((a) => a.id)).execute()).map((a) => [a.id, a.version]),
      );
      const load = drive();
      await load.warm;
      await delay(randomInt(200, 801));
      load.end();
      server.terminate();
      const run = await load.settled;
      const exit = await server.exited;
      running = null;
      assert.deepEqual(exit, { code: 0, signal: null }, tail(server.output()));
      assert.deepEqual(run.unexpected, [], tail(server.output()));
      assert.deepEqual(await lostWrites([run]), []);

      // A request without an answer must have changed nothing: else the server acted on it and dropped the answer.
      const stored = await storedVotes();
      const droppedVotes = run.votes.filter((v) => v.outcome !== 'acked' && stored.has(`${v.articleId}/${v.readerId}`));
      assert.deepEqual(droppedVotes, [], 'votes committed without an answer');
      const versions = new Map((await t.database.db.selectFrom('articles').select(['id', 'version']).where('id', 'in', editTargets.map((a) => a.id)).execute()).map((a) => [a.id, a.version]));
      const droppedSaves = run.edits.filter((e) => e.outcome !== 'acked' && (versions.get(e.articleId) ?? 0) >= e.version);
      assert.deepEqual(droppedSaves, [], 'saves committed without an answer');
      // Each read is counted when served; the counts are written on shutdown, and no more than were answered.
      assert.equal((await totalViews()) - viewsBefore, run.reads.served);
      assert.deepEqual(await consistencyProblems(t, TIME_ZONE), []);

      const acked = run.votes.filter((v) => v.outcome === 'acked').length + run.edits.filter((e) => e.outcome === 'acked').length;
      const refused = run.votes.filter((v) => v.outcome === 'refused').length + run.edits.filter((e) => e.outcome === 'refused').length + run.reads.refused;
      const unanswered = run.votes.filter((v) => v.outcome === 'unanswered').length + run.edits.filter((e) => e.outcome === 'unanswered').length + run.reads.unanswered;
      const saved = [...versions].reduce((n, [id, v]) => n + v - (versionsBefore.get(id) ?? v), 0);
      ctx.diagnostic(
        `[${dialect}] SIGTERM: ${acked} writes acknowledged (${saved} saves stored), ${run.reads.served} reads served and ${run.reads.served} counted; ` +
          `${refused} refused with 503 while closing, ${unanswered} never reached the server; exit 0`,
      );
    });
  });
}
