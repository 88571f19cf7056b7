/**
 * A newsroom day over HTTP: a reporter writes and submits, editors review through the
 * channel's stages, publish, correct and withdraw; saves never overwrite each other;
 * revisions diff and restore; previews open unpublished articles until they expire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { fixedClock } from '../../../src/shared/clock.ts';
import { getChannelByPath } from '../../../src/features/channels/channels.service.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type NewsroomClient, type Staff } from '../../helpers/newsroom.ts';

const dialects = await testDialects('newsroom workflow');

const BODY = '<p>乌鲁木齐今天举行了冬季供暖保障会议。</p><p>会议<strong>部署</strong>了相关工作。<script>alert(1)</script></p>';

for (const dialect of dialects) {
  describe(`newsroom workflow [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let reporter: NewsroomClient;
    let editor: NewsroomClient;
    let chief: NewsroomClient;
    let societyId: number;
    const reader = (url: string) => t.app.inject({ method: 'GET', url });

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 2 });
      staff = await createStaff(t.db.database.db, fixedClock(TEST_NOW));
      reporter = await signedIn(t.app, staff.reporter);
      editor = await signedIn(t.app, staff.editor, '203.0.113.11');
      chief = await signedIn(t.app, staff.chief_editor, '203.0.113.12');
      societyId = (await getChannelByPath(t.db.database.db, 'local/society'))?.id ?? 0;
    });
    after(() => t.close());

    async function write(client: NewsroomClient, title: string, extra: Record<string, string> = {}): Promise<number> {
      await client.get('/newsroom/articles/new');
      return articleIdFrom(await client.post('/newsroom/articles', { title, bodyHtml: BODY, channelId: String(societyId), source: '新疆日报', reporters: '小王、小李', ...extra }));
    }

    const versionOf = async (client: NewsroomClient, id: number) => Number(cheerio.load((await client.get(`/newsroom/articles/${id}`)).body)('input[name="version"]').attr('value'));

    it('from draft to published: the reporter submits, an editor approves and publishes, readers see it', async () => {
      const id = await write(reporter, '供暖保障会议召开');
      const page = cheerio.load((await reporter.get(`/newsroom/articles/${id}`)).body);
      assert.equal(page('textarea[name="bodyHtml"]').text(), '<p>乌鲁木齐今天举行了冬季供暖保障会议。</p>\n<p>会议<strong>部署</strong>了相关工作。</p>'.replace('\n', ''), 'the body was sanitised');
      assert.equal(page('form[action$="/publish"]').length, 0, 'a reporter has no publish button');
      assert.equal(page('#known-sources option[value="新疆日报"]').length, 1, 'outlets come from the managed list');
      assert.equal(page('#f-source').attr('list'), 'known-sources');
      assert.equal((await reporter.post(`/newsroom/articles/${id}/publish`)).statusCode, 403, 'and cannot publish by posting');

      assert.equal((await reporter.post(`/newsroom/articles/${id}/submit`)).statusCode, 303);
      const save = await reporter.post(`/newsroom/articles/${id}`, { title: '改标题', bodyHtml: BODY, version: String(await versionOf(reporter, id)), channelId: String(societyId) });
      assert.equal(save.statusCode, 403, 'in review, the reporter can no longer edit');

      const edited = await editor.post(`/newsroom/articles/${id}`, {
        title: '乌鲁木齐召开冬季供暖保障会议',
        bodyHtml: BODY,
        version: String(await versionOf(editor, id)),
        channelId: String(societyId),
        source: '新疆日报',
        reporters: '小王、小李',
        editorInCharge: '老李',
      });
      assert.equal(edited.statusCode, 303);
      assert.equal((await editor.post(`/newsroom/articles/${id}/approve`)).statusCode, 303);
      assert.equal((await editor.post(`/newsroom/articles/${id}/publish`)).statusCode, 303);

      const published = await reader(`/local/society/`);
      const link = cheerio.load(published.body)('a').filter((_, a) => cheerio.load(a).text() === '乌鲁木齐召开冬季供暖保障会议').attr('href');
      assert.match(link ?? '', /^\/2026-11\/30\/c_\d+\.html$/);
      const article = cheerio.load((await reader(link ?? '')).body);
      assert.equal(article('h1').text(), '乌鲁木齐召开冬季供暖保障会议');
      assert.equal(article('.article__credit').text(), '(记者 小王 小李)');
      assert.equal(article('.article__editor').text(), '[ 责编:老李 ]');

      // A correction keeps the URL and shows the update time.
      const v = await versionOf(editor, id);
      await editor.post(`/newsroom/articles/${id}`, { title: '乌鲁木齐召开冬季供暖保障会议', bodyHtml: `${BODY}<p>（更正）</p>`, version: String(v), channelId: String(societyId) });
      const corrected = cheerio.load((await reader(link ?? '')).body);
      assert.match(corrected('.article__updated').text(), /^更新时间:\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

      assert.equal((await editor.post(`/newsroom/articles/${id}/withdraw`)).statusCode, 303);
      const gone = await reader(link ?? '');
      assert.equal(gone.statusCode, 410);
      assert.equal(cheerio.load(gone.body)('h1').text(), '文章已撤稿');
    });

    it('never lets a second save overwrite the first: the loser sees a diff and keeps their text', async () => {
      const id = await write(editor, '两人同时编辑');
      const v = await versionOf(editor, id);
      const first = await chief.post(`/newsroom/articles/${id}`, { title: '两人同时编辑', bodyHtml: '<p>总编的版本。</p>', version: String(v), channelId: String(societyId) });
      assert.equal(first.statusCode, 303);
      const second = await editor.post(`/newsroom/articles/${id}`, { title: '两人同时编辑', bodyHtml: '<p>编辑的版本。</p>', version: String(v), channelId: String(societyId) });
      assert.equal(second.statusCode, 409);
      const $ = cheerio.load(second.body);
      assert.match($('#conflict-h').text(), /保存冲突/);
      assert.match($('.diff del').text(), /总编/);
      assert.match($('.diff ins').text(), /编辑/);
      assert.equal($('textarea[name="bodyHtml"]').text(), '<p>编辑的版本。</p>', 'the loser keeps their own text');
      assert.equal(Number($('input[name="version"]').attr('value')), v + 1, 'and may save it over the new version');
      const stored = cheerio.load((await editor.get(`/newsroom/articles/${id}`)).body)('textarea[name="bodyHtml"]').text();
      assert.equal(stored, '<p>总编的版本。</p>', 'the first save stands');
    });

    it('goes through every configured stage, "all" needing each named approver, and can be sent back', async () => {
      const admin = await signedIn(t.app, staff.admin, '203.0.113.13');
      const configured = await chief.post(`/newsroom/review-stages/${societyId}`, {
        name0: '责编初审',
        rule0: 'any',
        minRole0: 'editor',
        name1: '终审',
        rule1: 'all',
        minRole1: 'chief_editor',
        approvers1: [String(staff.chief_editor.id), String(staff.admin.id)],
      });
      assert.equal(configured.statusCode, 303);
      const id = await write(reporter, '多级审核稿件');
      await reporter.post(`/newsroom/articles/${id}/submit`);
      assert.equal((await chief.post(`/newsroom/articles/${id}/approve`)).statusCode, 303, 'any editor or above passes stage 1');
      assert.equal((await editor.post(`/newsroom/articles/${id}/approve`)).statusCode, 403, 'the editor is not a final-stage approver');
      assert.equal((await chief.post(`/newsroom/articles/${id}/approve`)).statusCode, 303);
      assert.equal((await chief.post(`/newsroom/articles/${id}/approve`)).statusCode, 409, 'nobody approves twice');
      assert.equal((await editor.post(`/newsroom/articles/${id}/publish`)).statusCode, 403, 'not approved by all of stage 2 yet');

      const back = await admin.post(`/newsroom/articles/${id}/send-back`, { target: '0', comment: '请补充数据来源' });
      assert.equal(back.statusCode, 303);
      const history = cheerio.load((await admin.get(`/newsroom/articles/${id}`)).body)('.nr-history').text();
      assert.match(history, /退回修改/, 'events are named in words, not keys');
      assert.doesNotMatch(history, /send_back|approve|submit/);
      assert.match(history, /请补充数据来源/);
      // Back in stage 1: earlier approvals no longer count.
      await editor.post(`/newsroom/articles/${id}/approve`);
      await chief.post(`/newsroom/articles/${id}/approve`);
      await admin.post(`/newsroom/articles/${id}/approve`);
      assert.equal((await editor.post(`/newsroom/articles/${id}/publish`)).statusCode, 303);

      const toAuthor = await write(reporter, '退回给作者');
      await reporter.post(`/newsroom/articles/${toAuthor}/submit`);
      assert.equal((await editor.post(`/newsroom/articles/${toAuthor}/send-back`, { target: 'author', comment: '' })).statusCode, 400, 'a send-back needs a comment');
      assert.equal((await editor.post(`/newsroom/articles/${toAuthor}/send-back`, { target: 'author', comment: '导语太长' })).statusCode, 303);
      const v = await versionOf(reporter, toAuthor);
      assert.equal((await reporter.post(`/newsroom/articles/${toAuthor}`, { title: '退回给作者（改）', bodyHtml: BODY, version: String(v), channelId: String(societyId) })).statusCode, 303, 'the author may edit again');
      await chief.post(`/newsroom/review-stages/${societyId}`, {});
    });

    it('does not count a second click on approve toward the next stage, which the approver never saw', async () => {
      const stages = { name0: '责编初审', rule0: 'any', minRole0: 'editor', name1: '终审', rule1: 'all', minRole1: 'chief_editor', approvers1: [String(staff.chief_editor.id), String(staff.admin.id)] };
      assert.equal((await chief.post(`/newsroom/review-stages/${societyId}`, stages)).statusCode, 303);
      const id = await write(reporter, '双击审核');
      await reporter.post(`/newsroom/articles/${id}/submit`);
      const approveForm = (body: string) => cheerio.load(body)('form[action$="/approve"] input[name="stage"]').attr('value');
      const shown = approveForm((await chief.get(`/newsroom/articles/${id}`)).body);
      assert.equal(shown, '0', 'the approve form names the stage it shows');

      assert.equal((await chief.post(`/newsroom/articles/${id}/approve`, { stage: shown })).statusCode, 303);
      const again = await chief.post(`/newsroom/articles/${id}/approve`, { stage: shown });
      assert.equal(again.statusCode, 409);
      const $ = cheerio.load(again.body);
      assert.match($('body').text(), /审核环节已有变化，这次审核未计入/, 'the page says why');
      assert.match($('body').text(), /当前环节：终审/, 'and shows where the article stands');
      const db = t.db.database.db;
      const approvalsAt = async (stage: number) =>
        (await db.selectFrom('article_approvals').select('user_id').where('article_id', '=', id).where('stage', '=', stage).execute()).map((r) => r.user_id);
      assert.deepEqual(await approvalsAt(1), [], 'the final stage still lacks the chief editor\'s approval');
      assert.deepEqual(await approvalsAt(0), [staff.chief_editor.id]);

      assert.equal(approveForm(again.body), '1', 'approving the final stage is a deliberate click on its own form');
      assert.equal((await chief.post(`/newsroom/articles/${id}/approve`, { stage: '1' })).statusCode, 303);
      assert.deepEqual(await approvalsAt(1), [staff.chief_editor.id]);
      await chief.post(`/newsroom/review-stages/${societyId}`, {});
    });

    it('keeps every save as a revision, shows a diff, and restores an old one as a new save', async () => {
      const id = await write(editor, '版本测试');
      for (const text of ['第二版。', '第三版。']) {
        await editor.post(`/newsroom/articles/${id}`, { title: '版本测试', bodyHtml: `<p>${text}</p>`, version: String(await versionOf(editor, id)), channelId: String(societyId) });
      }
      const list = cheerio.load((await editor.get(`/newsroom/articles/${id}/revisions`)).body);
      const ids = list('input[name="b"]').map((_, el) => list(el).attr('value')).get();
      assert.equal(ids.length, 3);
      const diff = cheerio.load((await editor.get(`/newsroom/articles/${id}/revisions/compare?a=${ids[2]}&b=${ids[0]}`)).body);
      assert.match(diff('.diff ins').text(), /第三版/);
      assert.equal((await editor.post(`/newsroom/articles/${id}/revisions/${ids[1]}/restore`)).statusCode, 303);
      const body = cheerio.load((await editor.get(`/newsroom/articles/${id}`)).body)('textarea[name="bodyHtml"]').text();
      assert.equal(body, '<p>第二版。</p>');
      assert.equal(cheerio.load((await editor.get(`/newsroom/articles/${id}/revisions`)).body)('input[name="b"]').length, 4);
    });

    it('keeps autosaves apart from saves, one per person, and offers them back', async () => {
      const id = await write(reporter, '自动保存');
      const v = await versionOf(reporter, id);
      for (const text of ['写了一半', '写了一大半']) {
        const res = await reporter.post(`/newsroom/articles/${id}/autosave`, { title: '自动保存', bodyHtml: `<p>${text}</p>`, version: String(v), channelId: String(societyId) }, { accept: 'application/json' });
        assert.equal(res.statusCode, 200);
        assert.match(res.json().savedAt, /^\d{2}:\d{2}$/);
      }
      const page = cheerio.load((await reporter.get(`/newsroom/articles/${id}`)).body);
      assert.equal(page('textarea[name="bodyHtml"]').text(), BODY.replace('<script>alert(1)</script>', ''), 'the article itself is untouched');
      assert.equal(page('#autosave-h').length, 1);
      const revisions = cheerio.load((await reporter.get(`/newsroom/articles/${id}/revisions`)).body)('tbody tr');
      assert.equal(revisions.length, 2, 'one save and one autosave, not two');
    });

    it('opens an unpublished article by a signed preview link, which expires', async () => {
      const id = await write(reporter, '预览稿件');
      const made = await reporter.post(`/newsroom/articles/${id}/preview-link`);
      const path = decodeURIComponent(/preview=([^&]+)/.exec(String(made.headers.location))?.[1] ?? '');
      assert.match(path, /^\/preview\/\d+\?exp=\d+&sig=/);
      const page = await reader(path);
      assert.equal(page.statusCode, 200);
      const $ = cheerio.load(page.body);
      assert.equal($('h1').text(), '预览稿件');
      assert.equal($('.preview-banner').length, 1);
      assert.equal($('meta[name="robots"]').attr('content'), 'noindex, nofollow');
      assert.equal((await reader(path.replace(/sig=./, 'sig=A'))).statusCode, 410);
      assert.equal((await reader(path.replace(`/preview/${id}`, `/preview/${id + 1}`))).statusCode, 410);
      assert.equal((await reader(`/2026-11/30/c_${id}.html`)).statusCode, 404, 'and the public URL stays closed');
    });

    it('hides other people\'s drafts from reporters', async () => {
      const id = await write(editor, '编辑的草稿');
      assert.equal((await reporter.get(`/newsroom/articles/${id}`)).statusCode, 403);
      const list = await reporter.get('/newsroom/articles?mine=0');
      assert.ok(!list.body.includes('编辑的草稿'));
      const v = await versionOf(editor, id);
      assert.equal((await reporter.post(`/newsroom/articles/${id}`, { title: '篡改', version: String(v), channelId: String(societyId) })).statusCode, 403);
    });
  });
}
