/**
 * Every role against every action of the capability matrix, over HTTP: what the matrix
 * allows succeeds, what it does not is refused with 403. Each probe sets up exactly the
 * situation its action needs, so a refusal means the role check, not a missing article.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Role } from '../../../src/db/schema.ts';
import { getChannelByPath } from '../../../src/features/channels/channels.service.ts';
import { ACTIONS, MATRIX, type Action } from '../../../src/features/users/capabilities.ts';
import { ROLES } from '../../../src/features/users/roles.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type NewsroomClient, type Staff } from '../../helpers/newsroom.ts';

const dialects = await testDialects('capability matrix');

type Probe = (as: NewsroomClient, role: Role) => Promise<number>;

for (const dialect of dialects) {
  describe(`capability matrix [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let other: Staff;
    let clients: Record<Role, NewsroomClient>;
    let author: NewsroomClient;
    let channelId: number;
    let png: Buffer;
    let mediaByAdmin: number;
    let alertId: number;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 1 });
      const clock = fixedClock(TEST_NOW);
      staff = await createStaff(t.db.database.db, clock);
      other = await createStaff(t.db.database.db, clock, 'other-');
      clients = {} as Record<Role, NewsroomClient>;
      for (const [i, role] of ROLES.entries()) clients[role] = await signedIn(t.app, staff[role], `203.0.113.${20 + i}`);
      author = await signedIn(t.app, other.reporter, '203.0.113.30');
      channelId = (await getChannelByPath(t.db.database.db, 'news'))?.id ?? 0;
      png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } }).png().toBuffer();
      const admin = await signedIn(t.app, other.admin, '203.0.113.31');
      mediaByAdmin = (await admin.upload('/newsroom/media', { name: 'a.png', type: 'image/png', data: png })).json().media.id;
      const article = await t.db.database.db.selectFrom('articles').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
      const mood = await t.db.database.db.selectFrom('moods').select('id').executeTakeFirstOrThrow();
      const inserted = await t.db.database.db
        .insertInto('mood_alerts')
        .values({ article_id: article.id, mood_id: mood.id, window_started_at: TEST_NOW, votes: 50, distinct_ips: 2, created_at: TEST_NOW, resolved_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      alertId = inserted.id;
    });
    after(() => t.close());

    const form = (title: string, version: number, extra: Record<string, string> = {}) => ({ title, bodyHtml: '<p>正文</p>', version: String(version), channelId: String(channelId), ...extra });

    async function draftBy(client: NewsroomClient, title: string): Promise<number> {
      await client.get('/newsroom/articles/new');
      return articleIdFrom(await client.post('/newsroom/articles', form(title, 0)));
    }

    async function inReview(title: string): Promise<number> {
      const id = await draftBy(author, title);
      await author.post(`/newsroom/articles/${id}/submit`);
      return id;
    }

    async function approved(title: string): Promise<number> {
      const id = await inReview(title);
      const editor = await signedIn(t.app, other.editor, '203.0.113.32');
      assert.equal((await editor.post(`/newsroom/articles/${id}/approve`)).statusCode, 303);
      return id;
    }

    async function published(title: string): Promise<number> {
      const id = await approved(title);
      const editor = await signedIn(t.app, other.editor, '203.0.113.33');
      assert.equal((await editor.post(`/newsroom/articles/${id}/publish`)).statusCode, 303);
      return id;
    }

    /** The version shown to `as`, or 1 when they cannot see the article (the save then tests the refusal). */
    async function version(as: NewsroomClient, id: number): Promise<number> {
      const m = /name="version" value="(\d+)"/.exec((await as.get(`/newsroom/articles/${id}`)).body);
      return m ? Number(m[1]) : 1;
    }

    const probes: Record<Action, Probe> = {
      'article.create': async (as) => (await as.post('/newsroom/articles', form('新稿', 0))).statusCode,
      'article.edit_own_draft': async (as) => {
        const id = await draftBy(as, '自己的草稿');
        return (await as.post(`/newsroom/articles/${id}`, form('改自己的草稿', await version(as, id)))).statusCode;
      },
      'article.edit_others_draft': async (as) => {
        const id = await draftBy(author, '别人的草稿');
        return (await as.post(`/newsroom/articles/${id}`, form('改别人的草稿', await version(author, id)))).statusCode;
      },
      'article.correct_published': async (as) => {
        const id = await published('已发布稿件');
        return (await as.post(`/newsroom/articles/${id}`, form('更正', await version(author, id)))).statusCode;
      },
      'article.view_all': async (as) => (await as.get(`/newsroom/articles/${await draftBy(author, '别人的草稿（查看）')}`)).statusCode,
      'article.submit': async (as) => (await as.post(`/newsroom/articles/${await draftBy(as, '提交')}/submit`)).statusCode,
      'article.approve': async (as) => (await as.post(`/newsroom/articles/${await inReview('待审')}/approve`)).statusCode,
      'article.send_back': async (as) => (await as.post(`/newsroom/articles/${await inReview('退回')}/send-back`, { target: 'author', comment: '请修改' })).statusCode,
      'article.publish': async (as) => (await as.post(`/newsroom/articles/${await approved('待发布')}/publish`)).statusCode,
      'article.publish_unreviewed': async (as) => (await as.post(`/newsroom/articles/${await draftBy(as, '未审直发')}/publish`)).statusCode,
      'article.schedule': async (as) => (await as.post(`/newsroom/articles/${await published('定时撤稿')}/schedule`, { kind: 'withdraw', at: '2027-01-01T08:00' })).statusCode,
      'article.withdraw': async (as) => (await as.post(`/newsroom/articles/${await published('撤稿')}/withdraw`)).statusCode,
      'article.preview_link': async (as) => (await as.post(`/newsroom/articles/${await draftBy(as, '预览')}/preview-link`)).statusCode,
      'article.restore_revision': async (as) => {
        const id = await draftBy(as, '恢复');
        await as.post(`/newsroom/articles/${id}`, form('恢复（二）', await version(as, id)));
        const first = /name="a" value="(\d+)"/.exec((await as.get(`/newsroom/articles/${id}/revisions`)).body)?.[1];
        return (await as.post(`/newsroom/articles/${id}/revisions/${first}/restore`)).statusCode;
      },
      'media.upload': async (as) => (await as.upload('/newsroom/media', { name: 'x.png', type: 'image/png', data: png })).statusCode,
      'media.edit_others': async (as) => (await as.post(`/newsroom/media/${mediaByAdmin}`, { alt: '替代', caption: '说明', credit: '来源' })).statusCode,
      'placement.manage': async (as) => (await as.post('/newsroom/slots/1/items', { articleId: String(await published('推荐位')) })).statusCode,
      'moods.review_alerts': async (as) => (await as.post(`/newsroom/mood-alerts/${alertId}/dismiss`)).statusCode,
      'moods.configure': async (as) => (await as.post('/newsroom/moods/1', { nameZh: '开心', nameEn: 'Happy', icon: '😊', position: '0', active: 'on' })).statusCode,
      'channel.manage': async (as, role) => (await as.post('/newsroom/channels', { parentId: String(channelId), name: `新频道${role}`, slug: `new-${role.replace('_', '-')}` })).statusCode,
      'topic.manage': async (as, role) => (await as.post('/newsroom/topics', { title: `专题${role}`, slug: `topic-${role.replace('_', '-')}`, status: 'draft' })).statusCode,
      'review.configure': async (as) => (await as.post(`/newsroom/review-stages/${channelId}`, {})).statusCode,
      'user.manage': async (as, role) =>
        (await as.post('/newsroom/users', { displayName: `新用户${role}`, email: `new-${role}@masthead.test`, role: 'reporter', password: 'a long password' })).statusCode,
      'audit.view': async (as) => (await as.get('/newsroom/audit')).statusCode,
      'api_keys.manage': async (as) => (await as.get('/newsroom/api-keys')).statusCode,
    };

    it('has a probe for every action in the matrix', () => {
      assert.deepEqual(Object.keys(probes).sort(), Object.keys(ACTIONS).sort());
    });

    for (const action of Object.keys(ACTIONS) as Action[]) {
      it(`${action}: allowed for ${MATRIX[action].join(', ')}; refused for the rest`, async () => {
        for (const role of ROLES) {
          const status = await probes[action](clients[role], role);
          const allowed = MATRIX[action].includes(role);
          if (allowed) assert.ok(status === 200 || status === 201 || status === 303, `${role} should be allowed ${action}, got ${status}`);
          else assert.equal(status, 403, `${role} should be refused ${action}, got ${status}`);
        }
      });
    }
  });
}
