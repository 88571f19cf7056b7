/**
 * The audit log an admin reads at /newsroom/audit: who signed in, published, withdrew,
 * changed a role or disabled a user, on which article or user, and the changes a scheduled
 * job made, credited to the scheduler and naming who scheduled them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { ensureDemoChannels } from '../../../src/demo/load-demo.ts';
import { auditPage } from '../../../src/features/audit/audit.service.ts';
import { workflowJobHandlers } from '../../../src/features/workflow/workflow.service.ts';
import { JobRunner } from '../../../src/jobs/runner.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type NewsroomClient, type Staff } from '../../helpers/newsroom.ts';

const dialects = await testDialects('audit log');

for (const dialect of dialects) {
  describe(`audit log [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let channelId: number;

    before(async () => {
      t = await createTestApp(dialect);
      channelId = (await ensureDemoChannels(t.db.database.db, t.clock, '首页')).get('news')?.id ?? 0;
      staff = await createStaff(t.db.database.db, t.clock);
    });
    after(() => t.close());

    async function approvedArticle(editor: NewsroomClient, title: string): Promise<number> {
      await editor.get('/newsroom/articles/new');
      const id = articleIdFrom(await editor.post('/newsroom/articles', { title, bodyHtml: '<p>审计</p>', channelId: String(channelId) }));
      assert.equal((await editor.post(`/newsroom/articles/${id}/submit`)).statusCode, 303);
      assert.equal((await editor.post(`/newsroom/articles/${id}/approve`)).statusCode, 303);
      return id;
    }

    it('shows sign-ins, publishing, withdrawal, role changes, disabling and scheduled changes, by whom and on what', async () => {
      const admin = await signedIn(t.app, staff.admin, '203.0.113.50');
      const editor = await signedIn(t.app, staff.editor, '203.0.113.51');

      const byHand = await approvedArticle(editor, '手动发布再撤稿');
      assert.equal((await editor.post(`/newsroom/articles/${byHand}/publish`)).statusCode, 303);
      assert.equal((await editor.post(`/newsroom/articles/${byHand}/withdraw`)).statusCode, 303);

      // Scheduled for 12:30 and 13:00 Beijing (04:30Z, 05:00Z); the runner is ticked past each.
      const scheduled = await approvedArticle(editor, '定时发布再定时撤稿');
      assert.equal((await editor.post(`/newsroom/articles/${scheduled}/schedule`, { kind: 'publish', at: '2026-11-30T12:30' })).statusCode, 303);
      assert.equal((await editor.post(`/newsroom/articles/${scheduled}/schedule`, { kind: 'withdraw', at: '2026-11-30T13:00' })).statusCode, 303);
      const later = fixedClock('2026-11-30T04:30:01Z');
      const runner = new JobRunner({ db: t.db.database.db, clock: later, handlers: workflowJobHandlers(later) });
      assert.equal(await runner.tick(), 1);
      later.set('2026-11-30T05:00:01Z');
      assert.equal(await runner.tick(), 1);

      const reporterId = staff.reporter.id;
      assert.equal((await admin.post(`/newsroom/users/${reporterId}/role`, { role: 'editor' })).statusCode, 303);
      assert.equal((await admin.post(`/newsroom/users/${reporterId}/disable`)).statusCode, 303);

      const page = await admin.get('/newsroom/audit');
      assert.equal(page.statusCode, 200);
      const $ = cheerio.load(page.body);
      const rows = $('tbody tr')
        .toArray()
        .map((tr) => $(tr).find('td').toArray().map((td) => $(td).text()))
        .map(([, actor, action, subject, ip]) => ({ actor, action, subject, ip }));
      const has = (what: string, row: { actor: string; action: string; subject: string; ip?: string }, times = 1) =>
        assert.equal(
          rows.filter((r) => r.actor === row.actor && r.action === row.action && r.subject === row.subject && (row.ip === undefined || r.ip === row.ip)).length,
          times,
          `${what}: ${JSON.stringify(row)} in\n${JSON.stringify(rows, null, 1)}`,
        );

      const { admin: adminUser, editor: editorUser } = staff;
      has('admin signs in', { actor: adminUser.displayName, action: 'user.login', subject: `user #${adminUser.id}`, ip: '203.0.113.50' });
      has('editor signs in', { actor: editorUser.displayName, action: 'user.login', subject: `user #${editorUser.id}`, ip: '203.0.113.51' });
      has('publish by hand', { actor: editorUser.displayName, action: 'article.publish', subject: `article #${byHand}` });
      has('withdraw by hand', { actor: editorUser.displayName, action: 'article.withdraw', subject: `article #${byHand}` });
      has('scheduling the publish and the withdrawal', { actor: editorUser.displayName, action: 'article.schedule', subject: `article #${scheduled}` }, 2);
      const scheduler = `定时任务（${editorUser.displayName} 设定）`;
      has('scheduled publish', { actor: scheduler, action: 'article.publish', subject: `article #${scheduled}`, ip: '' });
      has('scheduled withdrawal', { actor: scheduler, action: 'article.withdraw', subject: `article #${scheduled}`, ip: '' });
      has('role change', { actor: adminUser.displayName, action: 'user.role.editor', subject: `user #${reporterId}` });
      has('disabling', { actor: adminUser.displayName, action: 'user.disable', subject: `user #${reporterId}` });

      // The stored entries of the scheduled changes: nobody signed in acted; the detail says who set them and when they ran.
      const stored = (await auditPage(t.db.database.db, { limit: 100 })).items.filter((e) => e.subjectId === String(scheduled) && e.detail.viaSchedule === true);
      assert.deepEqual(
        stored.map((e) => ({ action: e.action, actor: e.actorName, by: e.detail.scheduledBy, at: e.at.toISOString() })),
        [
          { action: 'article.withdraw', actor: null, by: editorUser.id, at: '2026-11-30T05:00:01.000Z' },
          { action: 'article.publish', actor: null, by: editorUser.id, at: '2026-11-30T04:30:01.000Z' },
        ],
      );
    });

    it('is for admins only', async () => {
      const chief = await signedIn(t.app, staff.chief_editor);
      assert.equal((await chief.get('/newsroom/audit')).statusCode, 403);
    });
  });
}
