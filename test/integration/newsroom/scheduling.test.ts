/**
 * Scheduled publishing and withdrawal through the jobs table: on time (not before), once
 * when two app instances with their own connections race for the job, caught up when a
 * node starts after the time, and visible to the editor. Clocks are fixed; nothing sleeps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { buildApp } from '../../../src/app/build-app.tsx';
import { openDatabase, type Database } from '../../../src/db/database.ts';
import { getChannelByPath } from '../../../src/features/channels/channels.service.ts';
import { workflowJobHandlers } from '../../../src/features/workflow/workflow.service.ts';
import { JobRunner } from '../../../src/jobs/runner.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type NewsroomClient, type Staff } from '../../helpers/newsroom.ts';

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
      const late = fixedClock('2026-12-03T00:00:00Z');
      assert.equal(await new JobRunner({ db: a.db.database.db, clock: late, handlers: workflowJobHandlers(late) }).tick(), 0);
      assert.equal((await status(id)).status, 'in_review');
    });
  });
}
