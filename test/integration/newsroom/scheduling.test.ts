/**
 * Scheduled publishing and withdrawal through the jobs table.
 *
 * First with fixed clocks and runners ticked by hand: on time (not before), once when two
 * app instances with their own connections race for the job, caught up when a node starts
 * after the time, and visible to the editor.
 *
 * Then as production runs it: `masthead serve` processes on one database, each with the
 * runner the server starts, on the real clock. A publish is scheduled two seconds ahead and
 * must happen within the 5 s the newsroom is promised, once; then every node stops, jobs
 * fall due, and one node started again catches them up. The measured delays are printed.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { buildApp } from '../../../src/app/build-app.tsx';
import { openDatabase, type Database } from '../../../src/db/database.ts';
import { ensureDemoChannels } from '../../../src/demo/load-demo.ts';
import { articlePath } from '../../../src/features/articles/article-path.ts';
import { blankDraft, createDraft } from '../../../src/features/articles/editing.service.ts';
import { getChannelByPath } from '../../../src/features/channels/channels.service.ts';
import { approve, publish, schedule, submitForReview, workflowJobHandlers } from '../../../src/features/workflow/workflow.service.ts';
import { JobRunner } from '../../../src/jobs/runner.ts';
import { fixedClock, systemClock } from '../../../src/shared/clock.ts';
import { createTestApp, freePort, TEST_NOW, type TestApp } from '../../helpers/app.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type NewsroomClient, type Staff } from '../../helpers/newsroom.ts';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';

const dialects = await testDialects('scheduled publishing');

for (const dialect of dialects) {
  describe(`scheduled publishing [${dialect}]`, () => {
    let a: TestApp;
    let secondDb: Database;
    let staff: Staff;
    let editor: NewsroomClient;
    let channelId: number;
    const clock = fixedClock(TEST_NOW);

    before(async () => {
      a = await createTestApp(dialect, { demo: true, perChannel: 1 });
      // The second node: its own connection (pool) to the same database.
      secondDb = openDatabase(a.db.config);
      staff = await createStaff(a.db.database.db, clock);
      editor = await signedIn(a.app, staff.editor);
      channelId = (await getChannelByPath(a.db.database.db, 'news'))?.id ?? 0;
    });
    after(async () => {
      await secondDb.close();
      await a.close();
    });

    async function approvedArticle(title: string): Promise<number> {
      await editor.get('/newsroom/articles/new');
      const id = articleIdFrom(await editor.post('/newsroom/articles', { title, bodyHtml: '<p>定时</p>', channelId: String(channelId) }));
      await editor.post(`/newsroom/articles/${id}/submit`);
      await editor.post(`/newsroom/articles/${id}/approve`);
      return id;
    }

    const status = async (id: number) =>
      (await a.db.database.db.selectFrom('articles').select(['status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow());
    const events = async (id: number, action: string) =>
      (await a.db.database.db.selectFrom('workflow_events').select('id').where('article_id', '=', id).where('action', '=', action).execute()).length;

    it('publishes at its time, once, with two instances racing for the job', async () => {
      const id = await approvedArticle('两个节点定时发布');
      // 2026-11-30 12:00 Beijing = 04:00Z; schedule for 12:30 Beijing.
      assert.equal((await editor.post(`/newsroom/articles/${id}/schedule`, { kind: 'publish', at: '2026-11-30T12:30' })).statusCode, 303);
      const panel = cheerio.load((await editor.get(`/newsroom/articles/${id}`)).body)('#wf-h').parent().text();
      assert.match(panel, /定时发布 · 2026-11-30 12:30 · 等待执行/, 'the editor sees the job and its status');

      // A second full app instance on its own connection, as another node would be.
      const appB = await buildApp({ config: a.config, database: secondDb, clock });
      const clockA = fixedClock(TEST_NOW);
      const clockB = fixedClock(TEST_NOW);
      const runnerA = new JobRunner({ db: a.db.database.db, clock: clockA, handlers: workflowJobHandlers(clockA) });
      const runnerB = new JobRunner({ db: secondDb.db, clock: clockB, handlers: workflowJobHandlers(clockB) });

      for (const c of [clockA, clockB]) c.set('2026-11-30T04:29:59.000Z');
      assert.deepEqual(await Promise.all([runnerA.tick(), runnerB.tick()]), [0, 0], 'nothing runs a second early');
      assert.equal((await status(id)).status, 'in_review');

      for (const c of [clockA, clockB]) c.set('2026-11-30T04:30:00.500Z');
      const ran = await Promise.all([runnerA.tick(), runnerB.tick(), runnerA.tick(), runnerB.tick()]);
      assert.equal(ran.reduce((x, y) => x + y, 0), 1, 'exactly one runner ran the job');
      const after = await status(id);
      assert.equal(after.status, 'published');
      assert.equal(after.published_at, '2026-11-30T04:30:00.000Z', 'published as of its scheduled time');
      assert.equal(await events(id, 'publish_scheduled'), 1);
      const job = await a.db.database.db.selectFrom('jobs').selectAll().where('subject', '=', `article:${id}`).executeTakeFirstOrThrow();
      assert.equal(job.status, 'done');
      assert.equal(job.attempts, 1);
      assert.equal((await appB.inject({ method: 'GET', url: `/2026-11/30/c_${id}.html` })).statusCode, 200, 'both nodes serve it');
      await appB.close();
    });

    it('catches up a job whose time passed while no node ran', async () => {
      const id = await approvedArticle('错过的定时任务');
      await editor.post(`/newsroom/articles/${id}/schedule`, { kind: 'publish', at: '2026-11-30T13:00' });
      const late = fixedClock('2026-12-01T09:00:00Z');
      const runner = new JobRunner({ db: secondDb.db, clock: late, handlers: workflowJobHandlers(late) });
      assert.equal(await runner.tick(), 1, 'the first tick after start runs it');
      assert.equal((await status(id)).status, 'published');
    });

    it('withdraws on schedule, and a rescheduled job replaces the earlier one', async () => {
      const id = await approvedArticle('定时撤稿');
      await editor.post(`/newsroom/articles/${id}/publish`);
      await editor.post(`/newsroom/articles/${id}/schedule`, { kind: 'withdraw', at: '2026-11-30T18:00' });
      await editor.post(`/newsroom/articles/${id}/schedule`, { kind: 'withdraw', at: '2026-11-30T20:00' });
      const jobs = await a.db.database.db.selectFrom('jobs').select(['status', 'run_at']).where('subject', '=', `article:${id}`).orderBy('id').execute();
      assert.deepEqual(jobs.map((j) => j.status), ['cancelled', 'pending']);
      const at = fixedClock('2026-11-30T11:00:00Z');
      const runner = new JobRunner({ db: a.db.database.db, clock: at, handlers: workflowJobHandlers(at) });
      assert.equal(await runner.tick(), 0, 'not at 18:00, the replaced time');
      at.set('2026-11-30T12:00:01Z');
      assert.equal(await runner.tick(), 1);
      assert.equal((await status(id)).status, 'withdrawn');
    });

    it('refuses a time in the past, and lets a pending job be cancelled', async () => {
      const id = await approvedArticle('取消定时');
      const past = await editor.post(`/newsroom/articles/${id}/schedule`, { kind: 'publish', at: '2026-11-30T08:00' });
      assert.equal(past.statusCode, 400);
      await editor.post(`/newsroom/articles/${id}/schedule`, { kind: 'publish', at: '2026-12-02T08:00' });
      const job = await a.db.database.db.selectFrom('jobs').select('id').where('subject', '=', `article:${id}`).executeTakeFirstOrThrow();
      assert.equal((await editor.post(`/newsroom/articles/${id}/jobs/${job.id}/cancel`)).statusCode, 303);
      const history = cheerio.load((await editor.get(`/newsroom/articles/${id}`)).body)('.nr-history').text();
      assert.match(history, /设定定时发布.*2026-12-02 08:00/s, 'the planned time in the site\'s zone');
      assert.match(history, /取消定时任务.*设定定时发布/s);
      const late = fixedClock('2026-12-03T00:00:00Z');
      assert.equal(await new JobRunner({ db: a.db.database.db, clock: late, handlers: workflowJobHandlers(late) }).tick(), 0);
      assert.equal((await status(id)).status, 'in_review');
    });
  });
}

/** The bound the newsroom is promised: a scheduled change happens within 5 s of its time. */
const PROMISED_MS = 5_000;
const TIME_ZONE = 'Asia/Shanghai';

for (const dialect of dialects) {
  describe(`scheduled publishing on running servers, real clock [${dialect}]`, () => {
    let t: TestDatabase;
    let dataDir: string;
    let staff: Staff;
    let channelId: number;
    const running: ServerProcess[] = [];
    const secret = randomBytes(32).toString('base64url');

    before(async () => {
      t = await createTestDatabase(dialect);
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'masthead-schedule-'));
      channelId = (await ensureDemoChannels(t.database.db, systemClock, '首页')).get('news')?.id ?? 0;
      staff = await createStaff(t.database.db, systemClock);
    });
    after(async () => {
      for (const node of running.splice(0)) node.crash();
      await t?.destroy();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    /** `masthead serve` as a node of a production site: one process, its own runner. */
    async function startNode(port: number): Promise<ServerProcess> {
      const node = await startServerProcess(port, {
        DATABASE_URL: t.url,
        DATA_DIR: dataDir,
        NODE_ENV: 'production',
        WORKERS: '1',
        LOG_LEVEL: 'warn',
        PAGE_CACHE_MB: '0',
        SECRET_KEY: secret,
        SITE_TIME_ZONE: TIME_ZONE,
        // A test machine busy with other suites can stall the event loop for a second; the
        // node should keep answering rather than shed the reads this test makes.
        SHED_EVENT_LOOP_DELAY_MS: '0',
      });
      running.push(node);
      return node;
    }

    async function stopAll(): Promise<void> {
      for (const node of running.splice(0)) {
        node.terminate();
        assert.deepEqual(await node.exited, { code: 0, signal: null }, `a node did not stop cleanly:\n${node.output()}`);
      }
    }

    const db = () => t.database.db;
    const inTrx = <T,>(run: (trx: ReturnType<typeof db>) => Promise<T>) => db().transaction().execute(run);

    async function approvedArticle(title: string): Promise<number> {
      const draft = blankDraft({ title, bodyHtml: `<p>${title}的正文。</p>`, channelId });
      return inTrx(async (trx) => {
        const id = await createDraft(trx, systemClock, staff.reporter, draft);
        await submitForReview(trx, systemClock, staff.reporter, id);
        await approve(trx, systemClock, staff.editor, id);
        return id;
      });
    }

    const scheduleAt = (id: number, kind: 'publish' | 'withdraw', at: Date) => inTrx((trx) => schedule(trx, systemClock, staff.editor, id, kind, at));

    const statusOf = async (id: number) => (await db().selectFrom('articles').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

    /** Polls every 50 ms until `done`; gives up after a minute, far past any bound asserted. */
    async function waitUntil(what: string, done: () => Promise<boolean>): Promise<number> {
      const giveUp = Date.now() + 60_000;
      while (!(await done())) {
        if (Date.now() > giveUp) throw new Error(`${what}: still not done after a minute`);
        await delay(50);
      }
      return Date.now();
    }

    /** What one scheduled change left behind: the job, its workflow events, its audit entries, the revisions. */
    async function traces(id: number, kind: 'publish' | 'withdraw') {
      const jobs = await db().selectFrom('jobs').select(['status', 'attempts', 'run_at', 'finished_at']).where('subject', '=', `article:${id}`).where('kind', '=', `article.${kind}`).execute();
      const events = await db().selectFrom('workflow_events').select('created_at').where('article_id', '=', id).where('action', '=', `${kind}_scheduled`).execute();
      const audits = await db().selectFrom('audit_log').select(['actor_id', 'detail']).where('subject_type', '=', 'article').where('subject_id', '=', String(id)).where('action', '=', `article.${kind}`).execute();
      const revisions = await db().selectFrom('article_revisions').select('id').where('article_id', '=', id).execute();
      return { jobs, events, audits, revisions: revisions.length };
    }

    function assertRanOnce(id: number, tr: Awaited<ReturnType<typeof traces>>, runAt: Date): void {
      assert.deepEqual(tr.jobs.map((j) => [j.status, j.attempts]), [['done', 1]], `article ${id}: one job, run once`);
      assert.equal(tr.events.length, 1, `article ${id}: one scheduled workflow event`);
      assert.ok(new Date(tr.events[0]?.created_at ?? 0).getTime() >= runAt.getTime(), `article ${id}: not before its time`);
      assert.equal(tr.audits.length, 1, `article ${id}: one audit entry`);
      assert.equal(tr.audits[0]?.actor_id, null, 'the scheduler acted, not a signed-in person');
      assert.equal((JSON.parse(tr.audits[0]?.detail ?? '{}') as { scheduledBy?: number }).scheduledBy, staff.editor.id, 'naming who scheduled it');
      assert.equal(tr.revisions, 1, `article ${id}: the draft's one revision; the scheduled change added none`);
    }

    it('publishes within 5 s of its time, once, with two nodes running', async () => {
      const ports = [await freePort(), await freePort()];
      const nodes = await Promise.all(ports.map((p) => startNode(p)));
      // Three at the same moment: both nodes' runners find due jobs on the same poll.
      const ids = [await approvedArticle('两个节点·定时一'), await approvedArticle('两个节点·定时二'), await approvedArticle('两个节点·定时三')];
      const runAt = new Date(Date.now() + 2_000);
      for (const id of ids) await scheduleAt(id, 'publish', runAt);

      const seen = new Map<number, number>();
      await waitUntil('scheduled publishing', async () => {
        for (const id of ids) if (!seen.has(id) && (await statusOf(id)) === 'published') seen.set(id, Date.now());
        return seen.size === ids.length;
      });
      for (const id of ids) {
        const tr = await traces(id, 'publish');
        const observed = (seen.get(id) ?? 0) - runAt.getTime();
        const byServer = new Date(tr.events[0]?.created_at ?? 0).getTime() - runAt.getTime();
        console.log(`[${dialect}] article ${id}: published ${byServer} ms after its time by the server's clock; seen published ${observed} ms after it`);
        assert.ok(observed <= PROMISED_MS, `article ${id} was published ${observed} ms after its time`);
        assertRanOnce(id, tr, runAt);
      }
      const first = await db().selectFrom('articles').select(['id', 'published_at']).where('id', '=', ids[0] ?? 0).executeTakeFirstOrThrow();
      assert.equal(first.published_at, runAt.toISOString(), 'dated its scheduled time');
      const url = articlePath(first.id, new Date(first.published_at ?? 0), TIME_ZONE);
      for (const node of nodes) assert.equal((await fetch(`${node.origin}${url}`)).status, 200, `${node.origin} serves it`);
    });

    it('catches up at start what fell due while every node was down', async () => {
      if (running.length === 0) await startNode(await freePort());
      const toPublish = await approvedArticle('停机期间到点·发布');
      const toWithdraw = await approvedArticle('停机期间到点·撤稿');
      await inTrx((trx) => publish(trx, systemClock, staff.editor, toWithdraw));
      await stopAll();

      const runAt = new Date(Date.now() + 1_000);
      await scheduleAt(toPublish, 'publish', runAt);
      await scheduleAt(toWithdraw, 'withdraw', runAt);
      await delay(runAt.getTime() + 1_000 - Date.now());
      assert.deepEqual([await statusOf(toPublish), await statusOf(toWithdraw)], ['in_review', 'published'], 'no node ran them');

      const spawned = Date.now();
      await startNode(await freePort());
      const answering = Date.now();
      const caughtUp = await waitUntil('catching up', async () => (await statusOf(toPublish)) === 'published' && (await statusOf(toWithdraw)) === 'withdrawn');
      console.log(
        `[${dialect}] due ${spawned - runAt.getTime()} ms before a node started; the node took ${answering - spawned} ms to answer; ` +
          `caught up ${caughtUp - answering} ms after it answered`,
      );
      assert.ok(caughtUp - answering <= PROMISED_MS, `caught up ${caughtUp - answering} ms after the node started answering`);
      assertRanOnce(toPublish, await traces(toPublish, 'publish'), runAt);
      assertRanOnce(toWithdraw, await traces(toWithdraw, 'withdraw'), runAt);
      await stopAll();
    });
  });
}
