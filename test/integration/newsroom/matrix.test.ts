/**
 * Every role against every action of the capability matrix, over HTTP. Each action is probed
 * through every route it guards, each probe setting up exactly the situation it needs, so a
 * refusal means the role check, not a missing article. Allowed means: a page answers 200, a
 * form redirects (303) to where its success goes (never to sign-in), a form that answers
 * with a page or JSON gives that status; refused means 403. Rules the server applies
 * without refusing (placement flags kept, history hidden) are read from what they leave.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import type { Role } from '../../../src/db/schema.ts';
import { getChannelByPath } from '../../../src/features/channels/channels.service.ts';
import { findOrCreatePerson } from '../../../src/features/people/people.service.ts';
import { findOrCreateSource } from '../../../src/features/sources/sources.service.ts';
import { ACTIONS, MATRIX, type Action } from '../../../src/features/users/capabilities.ts';
import { ROLES } from '../../../src/features/users/roles.ts';
import { createUser } from '../../../src/features/users/users.service.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { articleIdFrom, createStaff, PASSWORD, signedIn, type NewsroomClient, type Staff } from '../../helpers/newsroom.ts';

const dialects = await testDialects('capability matrix');

type Verdict = 'allowed' | 'refused';
/** One probe's result: a verdict, or what happened instead (a 400, a sign-in redirect…). */
interface Outcome {
  readonly what: string;
  readonly got: Verdict | string;
}
type Probe = (as: NewsroomClient, role: Role) => Promise<Outcome[]>;

const slug = (role: Role) => role.replace('_', '-');

function unexpected(res: LightMyRequestResponse): string {
  const error = /"code":"([A-Z_]+)"/.exec(res.body)?.[1] ?? cheerio.load(res.body)('.nr-alert--error').text().trim().slice(0, 120);
  return `${res.statusCode} ${String(res.headers.location ?? '')} ${error}`.trim();
}

/** A page: 200, or 403. A redirect to sign-in is neither. */
function page(what: string, res: LightMyRequestResponse): Outcome {
  return { what: `GET ${what}`, got: res.statusCode === 200 ? 'allowed' : res.statusCode === 403 ? 'refused' : unexpected(res) };
}

/** A form whose success redirects: 303 to `target`, or 403. */
function form(what: string, res: LightMyRequestResponse, target: RegExp): Outcome {
  const to = String(res.headers.location ?? '');
  const ok = res.statusCode === 303 && !to.startsWith('/newsroom/login') && target.test(to);
  return { what: `POST ${what}`, got: ok ? 'allowed' : res.statusCode === 403 ? 'refused' : unexpected(res) };
}

/** A POST whose success is a page or JSON (autosave, upload, a new key, a reset link). */
function answer(what: string, res: LightMyRequestResponse, status: number): Outcome {
  return { what: `POST ${what}`, got: res.statusCode === status ? 'allowed' : res.statusCode === 403 ? 'refused' : unexpected(res) };
}

/** A rule the server applies without refusing, judged by what it left behind. */
function effect(what: string, got: Verdict | string): Outcome {
  return { what, got };
}

const flagsOf = (p: { is_focus: number; is_exclusive: number; is_recommended: number; is_pinned: number }) =>
  ['focus', 'exclusive', 'recommended', 'pinned'].filter((_, i) => [p.is_focus, p.is_exclusive, p.is_recommended, p.is_pinned][i] === 1).join(',');

for (const dialect of dialects) {
  describe(`capability matrix [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let other: Staff;
    let clients: Record<Role, NewsroomClient>;
    let author: NewsroomClient;
    let desk: NewsroomClient;
    let channelId: number;
    let rootId: number;
    let png: Buffer;
    let mediaByAdmin: number;
    let alertId: number;
    let probesRun = 0;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 1 });
      const clock = fixedClock(TEST_NOW);
      staff = await createStaff(t.db.database.db, clock);
      other = await createStaff(t.db.database.db, clock, 'other-');
      clients = {} as Record<Role, NewsroomClient>;
      for (const [i, role] of ROLES.entries()) clients[role] = await signedIn(t.app, staff[role], `203.0.113.${20 + i}`);
      author = await signedIn(t.app, other.reporter, '203.0.113.30');
      desk = await signedIn(t.app, other.editor, '203.0.113.32');
      channelId = (await getChannelByPath(t.db.database.db, 'news'))?.id ?? 0;
      rootId = (await getChannelByPath(t.db.database.db, ''))?.id ?? 0;
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

    const db = () => t.db.database.db;
    const fields = (title: string, version: number, extra: Record<string, string> = {}) => ({ title, bodyHtml: '<p>正文</p>', version: String(version), channelId: String(channelId), ...extra });
    const back = (id: number, notice: string) => new RegExp(`^/newsroom/articles/${id}\\?notice=${notice}$`);

    async function draftBy(client: NewsroomClient, title: string, extra: Record<string, string> = {}): Promise<number> {
      await client.get('/newsroom/articles/new');
      return articleIdFrom(await client.post('/newsroom/articles', fields(title, 0, extra)));
    }

    async function inReview(title: string): Promise<number> {
      const id = await draftBy(author, title);
      assert.equal((await author.post(`/newsroom/articles/${id}/submit`)).statusCode, 303);
      return id;
    }

    async function approved(title: string): Promise<number> {
      const id = await inReview(title);
      assert.equal((await desk.post(`/newsroom/articles/${id}/approve`)).statusCode, 303);
      return id;
    }

    async function published(title: string): Promise<number> {
      const id = await approved(title);
      assert.equal((await desk.post(`/newsroom/articles/${id}/publish`)).statusCode, 303);
      return id;
    }

    /** Sent back once with `comment`, then resubmitted, approved and published. */
    async function publishedAfterSendBack(title: string, comment: string): Promise<number> {
      const id = await inReview(title);
      assert.equal((await desk.post(`/newsroom/articles/${id}/send-back`, { target: 'author', comment })).statusCode, 303);
      assert.equal((await author.post(`/newsroom/articles/${id}`, fields(`${title}（改）`, await version(author, id)))).statusCode, 303);
      assert.equal((await author.post(`/newsroom/articles/${id}/submit`)).statusCode, 303);
      assert.equal((await desk.post(`/newsroom/articles/${id}/approve`)).statusCode, 303);
      assert.equal((await desk.post(`/newsroom/articles/${id}/publish`)).statusCode, 303);
      return id;
    }

    /** The version shown to `as`, or 1 when they cannot see the article (the save then tests the refusal). */
    async function version(as: NewsroomClient, id: number): Promise<number> {
      const m = /name="version" value="(\d+)"/.exec((await as.get(`/newsroom/articles/${id}`)).body);
      return m ? Number(m[1]) : 1;
    }

    async function placementOf(id: number): Promise<string> {
      return flagsOf(await db().selectFrom('articles').select(['is_focus', 'is_exclusive', 'is_recommended', 'is_pinned']).where('id', '=', id).executeTakeFirstOrThrow());
    }

    async function revisionIds(id: number): Promise<number[]> {
      return (await db().selectFrom('article_revisions').select('id').where('article_id', '=', id).where('kind', '!=', 'autosave').orderBy('id').execute()).map((r) => r.id);
    }

    /** The sources and people pages: rename, merge one into another, remove the unused one. */
    const managedLists = async (as: NewsroomClient, role: Role): Promise<Outcome[]> => {
      const outcomes: Outcome[] = [];
      for (const [kind, make] of [
        ['sources', findOrCreateSource],
        ['people', findOrCreatePerson],
      ] as const) {
        const saved = new RegExp(`^/newsroom/${kind}\\?notice=saved$`);
        const a = await make(db(), t.clock, `${kind}甲${role}`);
        const b = await make(db(), t.clock, `${kind}乙${role}`);
        outcomes.push(
          page(`/${kind}`, await as.get(`/newsroom/${kind}`)),
          form(`/${kind}/:id/rename`, await as.post(`/newsroom/${kind}/${a.id}/rename`, { name: `${kind}丙${role}` }), saved),
          form(`/${kind}/merge`, await as.post(`/newsroom/${kind}/merge`, { fromId: String(a.id), intoId: String(b.id) }), saved),
          form(`/${kind}/:id/delete`, await as.post(`/newsroom/${kind}/${b.id}/delete`), saved),
        );
      }
      return outcomes;
    };

    const probes: Record<Action, Probe> = {
      'article.create': async (as) => [
        page('/articles/new', await as.get('/newsroom/articles/new')),
        form('/articles', await as.post('/newsroom/articles', fields('新稿', 0)), /^\/newsroom\/articles\/\d+\?notice=saved$/),
      ],
      'article.edit_own_draft': async (as) => {
        const id = await draftBy(as, '自己的草稿');
        return [
          page('/articles/:id (own draft)', await as.get(`/newsroom/articles/${id}`)),
          form('/articles/:id (own draft)', await as.post(`/newsroom/articles/${id}`, fields('改自己的草稿', await version(as, id))), back(id, 'saved')),
          answer('/articles/:id/autosave (own draft)', await as.post(`/newsroom/articles/${id}/autosave`, fields('自动保存', await version(as, id))), 200),
        ];
      },
      'article.edit_others_draft': async (as) => {
        const draft = await draftBy(author, '别人的草稿');
        const review = await inReview('别人的待审稿件');
        return [
          form('/articles/:id (draft)', await as.post(`/newsroom/articles/${draft}`, fields('改别人的草稿', await version(author, draft))), back(draft, 'saved')),
          answer('/articles/:id/autosave (draft)', await as.post(`/newsroom/articles/${draft}/autosave`, fields('自动保存', await version(author, draft))), 200),
          form('/articles/:id (in review)', await as.post(`/newsroom/articles/${review}`, fields('改待审稿件', await version(author, review))), back(review, 'saved')),
        ];
      },
      'article.correct_published': async (as) => {
        const id = await published('已发布稿件');
        return [
          form('/articles/:id (published)', await as.post(`/newsroom/articles/${id}`, fields('更正', await version(author, id))), back(id, 'saved')),
          answer('/articles/:id/autosave (published)', await as.post(`/newsroom/articles/${id}/autosave`, fields('更正中', await version(author, id))), 200),
        ];
      },
      'article.view_all': async (as, role) => {
        const title = `别人的草稿（查看）${role}`;
        const draft = await draftBy(author, title);
        await author.post(`/newsroom/articles/${draft}`, fields(title, await version(author, draft), { summary: '第二版' }));
        const comment = `请补充数据来源（${role}）`;
        const live = await publishedAfterSendBack(`已发布（历史）${role}`, comment);
        const [a, b] = await revisionIds(live);
        const list = await as.get('/newsroom/articles?status=draft');
        const livePage = await as.get(`/newsroom/articles/${live}`);
        assert.equal(livePage.statusCode, 200, 'a published article is open to every role');
        return [
          page('/articles/:id (draft)', await as.get(`/newsroom/articles/${draft}`)),
          page('/articles/:id/revisions (draft)', await as.get(`/newsroom/articles/${draft}/revisions`)),
          page('/articles/:id/revisions (published)', await as.get(`/newsroom/articles/${live}/revisions`)),
          page('/articles/:id/revisions/compare (published)', await as.get(`/newsroom/articles/${live}/revisions/compare?a=${a}&b=${b}`)),
          effect('the draft in the newsroom list', list.statusCode !== 200 ? unexpected(list) : list.body.includes(title) ? 'allowed' : 'refused'),
          effect("the send-back comment in a published article's history", cheerio.load(livePage.body)('.nr-history').text().includes(comment) ? 'allowed' : 'refused'),
        ];
      },
      'article.submit': async (as) => {
        const id = await draftBy(as, '提交');
        return [form('/articles/:id/submit', await as.post(`/newsroom/articles/${id}/submit`), back(id, 'submitted'))];
      },
      'article.approve': async (as) => {
        const id = await inReview('待审');
        return [form('/articles/:id/approve', await as.post(`/newsroom/articles/${id}/approve`), back(id, 'approved'))];
      },
      'article.send_back': async (as) => {
        const id = await inReview('退回');
        return [form('/articles/:id/send-back', await as.post(`/newsroom/articles/${id}/send-back`, { target: 'author', comment: '请修改' }), back(id, 'sent_back'))];
      },
      'article.publish': async (as) => {
        const id = await approved('待发布');
        return [form('/articles/:id/publish (approved)', await as.post(`/newsroom/articles/${id}/publish`), back(id, 'published'))];
      },
      'article.publish_unreviewed': async (as) => {
        const own = await draftBy(as, '未审直发');
        const review = await inReview('未审直发（待审）');
        return [
          form('/articles/:id/publish (own draft)', await as.post(`/newsroom/articles/${own}/publish`), back(own, 'published')),
          form('/articles/:id/publish (in review, not approved)', await as.post(`/newsroom/articles/${review}/publish`), back(review, 'published')),
        ];
      },
      'article.schedule': async (as) => {
        const live = await published('定时撤稿');
        const ready = await approved('定时发布');
        const planned = await published('取消定时');
        assert.equal((await desk.post(`/newsroom/articles/${planned}/schedule`, { kind: 'withdraw', at: '2027-01-01T08:00' })).statusCode, 303);
        const job = await db().selectFrom('jobs').select('id').where('subject', '=', `article:${planned}`).where('status', '=', 'pending').executeTakeFirstOrThrow();
        return [
          form('/articles/:id/schedule (withdraw)', await as.post(`/newsroom/articles/${live}/schedule`, { kind: 'withdraw', at: '2027-01-01T08:00' }), back(live, 'scheduled')),
          form('/articles/:id/schedule (publish)', await as.post(`/newsroom/articles/${ready}/schedule`, { kind: 'publish', at: '2027-01-01T08:00' }), back(ready, 'scheduled')),
          form('/articles/:id/jobs/:jobId/cancel', await as.post(`/newsroom/articles/${planned}/jobs/${job.id}/cancel`), back(planned, 'cancelled')),
        ];
      },
      'article.withdraw': async (as) => {
        const id = await published('撤稿');
        return [form('/articles/:id/withdraw', await as.post(`/newsroom/articles/${id}/withdraw`), back(id, 'withdrawn'))];
      },
      'article.place': async (as, role) => {
        const created = await draftBy(as, '带标记的新稿', { focus: 'on', pinned: 'on' });
        const createdFlags = await placementOf(created);
        const editPage = cheerio.load((await as.get(`/newsroom/articles/${created}`)).body);
        // An editor has placed the article; its author (whatever their role) then saves.
        const placed = await draftBy(as, '编辑设置过标记');
        assert.equal((await desk.post(`/newsroom/articles/${placed}`, fields('编辑设置过标记', await version(as, placed), { focus: 'on', pinned: 'on' }))).statusCode, 303);
        assert.equal(await placementOf(placed), 'focus,pinned');
        const save = await as.post(`/newsroom/articles/${placed}`, fields('作者再保存', await version(as, placed), { exclusive: 'on' }));
        assert.equal(save.statusCode, 303, `the author may save: ${unexpected(save)}`);
        const afterSave = await placementOf(placed);
        const judge = (flags: string, asAllowed: string, asRefused: string) => (flags === asAllowed ? 'allowed' : flags === asRefused ? 'refused' : `flags ${flags || 'none'}`);
        return [
          effect('flags sent with a new article', judge(createdFlags, 'focus,pinned', '')),
          effect('the placement fieldset on the edit page', editPage('input[name="focus"]').length === 1 ? 'allowed' : editPage('input[name="focus"]').length === 0 ? 'refused' : 'twice'),
          effect(`flags after ${role} saves an article an editor placed`, judge(afterSave, 'exclusive', 'focus,pinned')),
        ];
      },
      'article.preview_link': async (as) => {
        const id = await draftBy(as, '预览');
        return [form('/articles/:id/preview-link', await as.post(`/newsroom/articles/${id}/preview-link`), new RegExp(`^/newsroom/articles/${id}\\?preview=%2Fpreview%2F`))];
      },
      'article.restore_revision': async (as) => {
        const id = await draftBy(as, '恢复');
        await as.post(`/newsroom/articles/${id}`, fields('恢复（二）', await version(as, id)));
        const first = /name="a" value="(\d+)"/.exec((await as.get(`/newsroom/articles/${id}/revisions`)).body)?.[1];
        return [
          page('/articles/:id/revisions (own draft)', await as.get(`/newsroom/articles/${id}/revisions`)),
          form('/articles/:id/revisions/:revisionId/restore', await as.post(`/newsroom/articles/${id}/revisions/${first}/restore`), back(id, 'restored')),
        ];
      },
      'media.upload': async (as) => {
        const upload = await as.upload('/newsroom/media', { name: 'x.png', type: 'image/png', data: png });
        const own = upload.statusCode === 201 ? upload.json().media.id : mediaByAdmin;
        return [
          answer('/media (upload)', upload, 201),
          page('/media', await as.get('/newsroom/media')),
          page('/media.json', await as.get('/newsroom/media.json')),
          form('/media/:id (own image)', await as.post(`/newsroom/media/${own}`, { alt: '替代', caption: '说明', credit: '来源' }), /^\/newsroom\/media\?notice=saved$/),
        ];
      },
      'media.edit_others': async (as) => [
        form("/media/:id (another's image)", await as.post(`/newsroom/media/${mediaByAdmin}`, { alt: '替代', caption: '说明', credit: '来源' }), /^\/newsroom\/media\?notice=saved$/),
      ],
      'placement.manage': async (as) => {
        const id = await published('推荐位');
        const saved = /^\/newsroom\/slots\?notice=saved$/;
        return [
          page('/slots', await as.get('/newsroom/slots')),
          form('/slots', await as.post('/newsroom/slots', { channelId: String(channelId) }), saved),
          form('/slots/:slotId/items', await as.post('/newsroom/slots/1/items', { articleId: String(id) }), saved),
          form('/slots/:slotId/items/:articleId/move', await as.post(`/newsroom/slots/1/items/${id}/move`, { direction: 'up' }), saved),
          form('/slots/:slotId/items/:articleId/remove', await as.post(`/newsroom/slots/1/items/${id}/remove`), saved),
        ];
      },
      'moods.review_alerts': async (as) => [form('/mood-alerts/:id/dismiss', await as.post(`/newsroom/mood-alerts/${alertId}/dismiss`), /^\/newsroom$/)],
      'moods.configure': async (as, role) => {
        const saved = /^\/newsroom\/moods\?notice=saved$/;
        return [
          page('/moods', await as.get('/newsroom/moods')),
          form('/moods', await as.post('/newsroom/moods', { key: `m-${slug(role)}`, nameZh: '新心情', nameEn: 'New', icon: '🙂' }), saved),
          form('/moods/:id', await as.post('/newsroom/moods/1', { nameZh: '开心', nameEn: 'Happy', icon: '😊', position: '0', active: 'on' }), saved),
        ];
      },
      'channel.manage': async (as, role) => {
        const saved = /^\/newsroom\/channels\?notice=saved$/;
        const created = form('/channels', await as.post('/newsroom/channels', { parentId: String(channelId), name: `新频道${role}`, slug: `new-${slug(role)}` }), saved);
        const made = await db().selectFrom('channels').select('id').where('slug', '=', `new-${slug(role)}`).executeTakeFirst();
        const id = made?.id ?? channelId;
        return [
          page('/channels', await as.get('/newsroom/channels')),
          created,
          form('/channels/:id/rename', await as.post(`/newsroom/channels/${id}/rename`, { name: `改名${role}` }), saved),
          form('/channels/:id/reorder', await as.post(`/newsroom/channels/${id}/reorder`, { direction: 'up' }), saved),
          form('/channels/:id/move', await as.post(`/newsroom/channels/${id}/move`, { parentId: String(rootId) }), saved),
          form('/channels/:id/delete (empty)', await as.post(`/newsroom/channels/${id}/delete`), saved),
        ];
      },
      'lists.manage': managedLists,
      'topic.manage': async (as, role) => {
        const saved = /^\/newsroom\/topics\?notice=saved$/;
        const topic = { title: `专题${role}`, slug: `topic-${slug(role)}`, status: 'draft' };
        const created = form('/topics', await as.post('/newsroom/topics', topic), saved);
        const id = (await db().selectFrom('topics').select('id').where('slug', '=', topic.slug).executeTakeFirst())?.id ?? 1;
        const sectionAdded = form('/topics/:id/sections', await as.post(`/newsroom/topics/${id}/sections`, { title: '第一部分' }), saved);
        const section = (await db().selectFrom('topic_sections').select('id').where('topic_id', '=', id).executeTakeFirst())?.id ?? 1;
        const article = await published('专题稿件');
        return [
          page('/topics', await as.get('/newsroom/topics')),
          created,
          form('/topics/:id', await as.post(`/newsroom/topics/${id}`, { ...topic, intro: '导语' }), saved),
          form('/topics/:id/reorder', await as.post(`/newsroom/topics/${id}/reorder`, { direction: 'up' }), saved),
          sectionAdded,
          form('/topic-sections/:sectionId/articles', await as.post(`/newsroom/topic-sections/${section}/articles`, { articleId: String(article) }), saved),
          form('/topic-sections/:sectionId/articles/:articleId/move', await as.post(`/newsroom/topic-sections/${section}/articles/${article}/move`, { direction: 'up' }), saved),
          form('/topic-sections/:sectionId/articles/:articleId/remove', await as.post(`/newsroom/topic-sections/${section}/articles/${article}/remove`), saved),
          form('/topic-sections/:sectionId/move', await as.post(`/newsroom/topic-sections/${section}/move`, { direction: 'up' }), saved),
          form('/topic-sections/:sectionId/remove', await as.post(`/newsroom/topic-sections/${section}/remove`), saved),
          form('/topics/:id/delete', await as.post(`/newsroom/topics/${id}/delete`, { confirm: 'yes' }), saved),
        ];
      },
      'review.configure': async (as) => [
        page('/review-stages', await as.get(`/newsroom/review-stages?channel=${channelId}`)),
        form('/review-stages/:id', await as.post(`/newsroom/review-stages/${channelId}`, {}), new RegExp(`^/newsroom/review-stages\\?channel=${channelId}&notice=saved$`)),
      ],
      'user.manage': async (as, role) => {
        const saved = /^\/newsroom\/users\?notice=saved$/;
        const victim = await createUser(db(), t.clock, { email: `victim-${role}@masthead.test`, displayName: `对象${role}`, password: PASSWORD, role: 'reporter' });
        const v = `/newsroom/users/${victim.id}`;
        return [
          page('/users', await as.get('/newsroom/users')),
          form('/users', await as.post('/newsroom/users', { displayName: `新用户${role}`, email: `new-${role}@masthead.test`, role: 'reporter', password: 'a long password' }), saved),
          form('/users/:id/role', await as.post(`${v}/role`, { role: 'editor' }), saved),
          form('/users/:id/disable', await as.post(`${v}/disable`), saved),
          form('/users/:id/enable', await as.post(`${v}/enable`), saved),
          form('/users/:id/password', await as.post(`${v}/password`, { password: 'another long password' }), saved),
          answer('/users/:id/reset-link', await as.post(`${v}/reset-link`), 200),
        ];
      },
      'audit.view': async (as) => [page('/audit', await as.get('/newsroom/audit'))],
      'api_keys.manage': async (as, role) => {
        const made = answer('/api-keys', await as.post('/newsroom/api-keys', { name: `密钥${role}` }), 200);
        const id = (await db().selectFrom('api_keys').select('id').where('name', '=', `密钥${role}`).executeTakeFirst())?.id ?? 1;
        return [
          page('/api-keys', await as.get('/newsroom/api-keys')),
          made,
          form('/api-keys/:id/revoke', await as.post(`/newsroom/api-keys/${id}/revoke`), /^\/newsroom\/api-keys\?notice=revoked$/),
        ];
      },
    };

    it('has a probe for every action in the matrix', () => {
      assert.deepEqual(Object.keys(probes).sort(), Object.keys(ACTIONS).sort());
    });

    for (const action of Object.keys(ACTIONS) as Action[]) {
      it(`${action}: allowed for ${MATRIX[action].join(', ')}; refused for the rest`, async () => {
        const wrong: string[] = [];
        for (const role of ROLES) {
          const expected: Verdict = MATRIX[action].includes(role) ? 'allowed' : 'refused';
          const outcomes = await probes[action](clients[role], role);
          assert.ok(outcomes.length > 0);
          probesRun += outcomes.length;
          for (const o of outcomes) if (o.got !== expected) wrong.push(`${role} · ${o.what}: expected ${expected}, got ${o.got}`);
        }
        assert.deepEqual(wrong, []);
      });
    }

    it('ran every probe for every role', () => {
      console.log(`capability matrix [${dialect}]: ${Object.keys(ACTIONS).length} actions, ${probesRun} probes over ${ROLES.length} roles`);
      assert.ok(probesRun >= Object.keys(ACTIONS).length * ROLES.length);
    });
  });
}
