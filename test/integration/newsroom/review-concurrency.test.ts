/**
 * Two approvers of a stage that needs all of them, approving at the same moment: the stage
 * passes, as it does when they approve one after the other. (On PostgreSQL each approval's
 * transaction used to miss the other's uncommitted one, so neither moved the article on and
 * it stayed stuck in that stage.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureDemoChannels } from '../../../src/demo/load-demo.ts';
import { createUser } from '../../../src/features/users/users.service.ts';
import { configureStages } from '../../../src/features/workflow/workflow.service.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { articleIdFrom, createStaff, PASSWORD, signedIn, type NewsroomClient, type Staff } from '../../helpers/newsroom.ts';

const dialects = await testDialects('review concurrency');

/** Articles approved in pairs: a race lost even once leaves one stuck. */
const ARTICLES = 8;

for (const dialect of dialects) {
  describe(`approvals at the same moment [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let channelId: number;
    let reporter: NewsroomClient;
    let approvers: NewsroomClient[];

    before(async () => {
      t = await createTestApp(dialect);
      const db = t.db.database.db;
      channelId = (await ensureDemoChannels(db, t.clock, '首页')).get('news')?.id ?? 0;
      staff = await createStaff(db, t.clock);
      const second = await createUser(db, t.clock, { email: 'editor2@masthead.test', displayName: '编辑小赵', password: PASSWORD, role: 'editor' });
      await configureStages(db, t.clock, staff.chief_editor, channelId, [
        { name: '双人会审', rule: 'all', minRole: 'editor', approverIds: [staff.editor.id, second.id] },
        { name: '总编终审', rule: 'any', minRole: 'chief_editor', approverIds: [] },
      ]);
      reporter = await signedIn(t.app, staff.reporter);
      approvers = [await signedIn(t.app, staff.editor, '203.0.113.21'), await signedIn(t.app, second, '203.0.113.22')];
    });
    after(() => t.close());

    it('moves an article past an "all approvers" stage when both approve at once', async () => {
      const ids: number[] = [];
      for (let i = 1; i <= ARTICLES; i++) {
        await reporter.get('/newsroom/articles/new');
        const id = articleIdFrom(await reporter.post('/newsroom/articles', { title: `会审稿件${i}`, bodyHtml: '<p>会审</p>', channelId: String(channelId) }));
        assert.equal((await reporter.post(`/newsroom/articles/${id}/submit`)).statusCode, 303);
        ids.push(id);
      }
      for (const id of ids) {
        const answers = await Promise.all(approvers.map((c) => c.post(`/newsroom/articles/${id}/approve`)));
        assert.deepEqual(answers.map((r) => r.statusCode), [303, 303], `article ${id}: both approvals accepted`);
      }
      const rows = await t.db.database.db.selectFrom('articles').select(['id', 'status', 'review_stage']).where('id', 'in', ids).orderBy('id').execute();
      assert.deepEqual(
        rows.map((r) => [r.id, r.status, r.review_stage]),
        ids.map((id) => [id, 'in_review', 1]),
        'every article reached the chief editor\'s stage',
      );
      const approvals = await t.db.database.db.selectFrom('article_approvals').select('article_id').where('article_id', 'in', ids).where('stage', '=', 0).execute();
      assert.equal(approvals.length, ARTICLES * 2, 'each approver approved each article once');
    });
  });
}
