/**
 * Auth and access beyond the sign-in suite (test/integration/newsroom/auth.test.ts, which
 * covers fixation, throttling that X-Forwarded-For cannot dodge, and sign-in enumeration):
 * CSRF on every state-changing newsroom route, found by walking the app's route table;
 * password-reset links that work once and expire and reveal nothing; IDOR on drafts; role
 * escalation through the forms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { getChannelByPath } from '../../src/features/channels/channels.service.ts';
import { RESET_LINK_TTL_MS } from '../../src/features/users/password-resets.service.ts';
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { articleIdFrom, createStaff, NewsroomClient, PASSWORD, signedIn, type Staff } from '../helpers/newsroom.ts';

const dialects = await testDialects('auth and access');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

for (const dialect of dialects) {
  describe(`auth and access [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let admin: NewsroomClient;
    let societyId: number;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 2 });
      staff = await createStaff(t.db.database.db, t.clock);
      admin = await signedIn(t.app, staff.admin, '203.0.113.30');
      societyId = (await getChannelByPath(t.db.database.db, 'local/society'))?.id ?? 0;
    });
    after(() => t.close());

    const newsroomWrites = () =>
      t.app
        .routeTable()
        .filter((r) => UNSAFE.has(r.method) && r.url.startsWith('/newsroom'))
        .map((r) => ({ method: r.method, url: r.url.replace(/:[a-zA-Z]+/g, (p) => (p === ':token' ? 'x'.repeat(43) : '1')) }));

    it('finds every state-changing newsroom route in the route table', () => {
      const routes = newsroomWrites();
      assert.ok(routes.length >= 40, `only ${routes.length} routes`);
      for (const known of ['/newsroom/login', '/newsroom/articles/1/publish', '/newsroom/users/1/role', '/newsroom/media', '/newsroom/reset/' + 'x'.repeat(43)]) {
        assert.ok(routes.some((r) => r.url === known), known);
      }
    });

    it('refuses every state-changing newsroom route without the CSRF token, before it does anything', async () => {
      const before = await t.db.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      for (const { method, url } of newsroomWrites()) {
        const res = await t.app.inject({
          method: method as 'POST',
          url,
          headers: { cookie, origin: TEST_PUBLIC_URL, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'name=x',
        });
        assert.equal(res.statusCode, 403, `${method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        assert.equal(JSON.parse(res.body).error.code, 'CSRF_FAILED', `${method} ${url}`);
      }
      const after = await t.db.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n), 'nothing was done');
    });

    it('refuses every state-changing newsroom route from another origin, even with the right token', async () => {
      const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      for (const { method, url } of newsroomWrites()) {
        const res = await t.app.inject({
          method: method as 'POST',
          url,
          headers: { cookie, origin: 'https://evil.example', accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          payload: `_csrf=${encodeURIComponent(admin.csrf)}`,
        });
        assert.equal(res.statusCode, 403, `${method} ${url}: ${res.statusCode}`);
      }
    });

    describe('password-reset links', () => {
      async function issue(forUser: number): Promise<string> {
        await admin.get('/newsroom/users');
        const res = await admin.post(`/newsroom/users/${forUser}/reset-link`);
        assert.equal(res.statusCode, 200, res.body.slice(0, 300));
        const url = cheerio.load(res.body)('[data-reset-link]').text();
        assert.match(url, /^http:\/\/masthead\.test\/newsroom\/reset\/[A-Za-z0-9_-]{43}$/);
        assert.equal(res.headers['referrer-policy'], 'no-referrer');
        return new URL(url).pathname;
      }

      async function useLink(path: string, password: string): Promise<{ status: number; body: string }> {
        const visitor = new NewsroomClient(t.app, '203.0.113.31');
        const form = await visitor.get(path);
        if (form.statusCode !== 200) return { status: form.statusCode, body: form.body };
        const res = await visitor.post(path, { password });
        return { status: res.statusCode, body: res.body };
      }

      it('sets the password once, ends the old sessions, and the link then answers like any dead link', async () => {
        const victimSession = await signedIn(t.app, staff.reporter, '203.0.113.32');
        const path = await issue(staff.reporter.id);
        const used = await useLink(path, 'a brand new passphrase');
        assert.equal(used.status, 303);
        assert.equal((await victimSession.get('/newsroom/articles')).statusCode, 303, 'the old session ended');
        const fresh = new NewsroomClient(t.app, '203.0.113.33');
        assert.equal((await fresh.signIn(staff.reporter.email, PASSWORD)).statusCode, 401, 'the old password no longer works');
        assert.equal((await fresh.signIn(staff.reporter.email, 'a brand new passphrase')).statusCode, 303);
        const again = await useLink(path, 'yet another passphrase');
        assert.equal(again.status, 410, 'a used link is dead');
        const unknown = await useLink(`/newsroom/reset/${'A'.repeat(43)}`, 'whatever passphrase');
        assert.equal(unknown.status, 410);
        const text = (html: string) => cheerio.load(html)('main').text().trim();
        assert.equal(text(again.body), text(unknown.body), 'used and unknown links answer alike');
        // Put the shared password back for the other tests.
        await useLink(await issue(staff.reporter.id), PASSWORD);
      });

      it('expires after an hour', async () => {
        const path = await issue(staff.editor.id);
        t.clock.advance(RESET_LINK_TTL_MS + 1_000);
        const late = await useLink(path, 'too late passphrase');
        assert.equal(late.status, 410);
        const fresh = new NewsroomClient(t.app, '203.0.113.34');
        assert.equal((await fresh.signIn(staff.editor.email, PASSWORD)).statusCode, 303, 'the password is unchanged');
      });

      it('voids the older link when a new one is issued', async () => {
        const older = await issue(staff.editor.id);
        const newer = await issue(staff.editor.id);
        assert.equal((await useLink(older, 'older link passphrase')).status, 410);
        assert.equal((await useLink(newer, PASSWORD)).status, 303);
      });

      it('refuses a weak password with 400 and leaves the link usable', async () => {
        const path = await issue(staff.editor.id);
        const weak = await useLink(path, 'short');
        assert.equal(weak.status, 400);
        assert.equal((await useLink(path, PASSWORD)).status, 303);
      });

      it('can be issued only by admins', async () => {
        for (const role of ['reporter', 'editor', 'chief_editor'] as const) {
          const client = await signedIn(t.app, staff[role], `203.0.113.4${role.length}`);
          await client.get('/newsroom');
          const res = await client.post(`/newsroom/users/${staff.admin.id}/reset-link`, {}, { accept: 'application/json' });
          assert.equal(res.statusCode, 403, role);
        }
        const links = await t.db.database.db.selectFrom('password_resets').select('user_id').where('user_id', '=', staff.admin.id).execute();
        assert.equal(links.length, 0);
      });

      it('stores only a hash of the token', async () => {
        const path = await issue(staff.chief_editor.id);
        const token = path.split('/').at(-1) as string;
        const rows = await t.db.database.db.selectFrom('password_resets').select('token_hash').execute();
        assert.ok(rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash)));
      });

      it('reveals no account: the forgot-password page asks for nothing and is the same for everyone', async () => {
        const a = await t.app.inject({ method: 'GET', url: '/newsroom/forgot' });
        assert.equal(a.statusCode, 200);
        assert.equal(cheerio.load(a.body)('input[name="email"]').length, 0);
        assert.ok(cheerio.load((await t.app.inject({ method: 'GET', url: '/newsroom/login' })).body)('a[href="/newsroom/forgot"]').length === 1);
      });
    });

    describe('IDOR and escalation', () => {
      it("a reporter can neither read nor save another reporter's draft", async () => {
        const [other] = Object.values(await createStaff(t.db.database.db, t.clock, 'idor-'));
        const owner = await signedIn(t.app, staff.reporter, '203.0.113.50');
        const intruder = await signedIn(t.app, other!, '203.0.113.51');
        const id = articleIdFrom(await owner.post('/newsroom/articles', { title: '我的草稿', bodyHtml: '<p>原文</p>', channelId: String(societyId) }));
        const read = await intruder.get(`/newsroom/articles/${id}`, { accept: 'application/json' });
        assert.ok(read.statusCode === 403 || read.statusCode === 404, `read: ${read.statusCode}`);
        await intruder.get('/newsroom/articles');
        const save = await intruder.post(`/newsroom/articles/${id}`, { title: '被改了', bodyHtml: '<p>篡改</p>', version: '1', channelId: String(societyId) }, { accept: 'application/json' });
        assert.ok(save.statusCode === 403 || save.statusCode === 404, `save: ${save.statusCode}`);
        const row = await t.db.database.db.selectFrom('articles').select('title').where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(row.title, '我的草稿');
        const preview = await intruder.post(`/newsroom/articles/${id}/preview-link`, {}, { accept: 'application/json' });
        assert.ok(preview.statusCode === 403 || preview.statusCode === 404, `preview link: ${preview.statusCode}`);
      });

      it("a reporter cannot read another's revisions, diffs or review history, even once the article is published", async () => {
        const intruderUser = (await createStaff(t.db.database.db, t.clock, 'history-')).reporter;
        const owner = await signedIn(t.app, staff.reporter, '203.0.113.53');
        const editor = await signedIn(t.app, staff.editor, '203.0.113.54');
        const intruder = await signedIn(t.app, intruderUser, '203.0.113.55');
        const fields = (version: number, body: string) => ({ title: '调查报道', bodyHtml: `<p>${body}</p>`, version: String(version), channelId: String(societyId) });
        const versionOf = async (client: NewsroomClient, id: number) => Number(/name="version" value="(\d+)"/.exec((await client.get(`/newsroom/articles/${id}`)).body)?.[1]);
        await owner.get('/newsroom/articles/new');
        const id = articleIdFrom(await owner.post('/newsroom/articles', fields(0, '线人张某透露的未核实线索')));
        assert.equal((await owner.post(`/newsroom/articles/${id}`, fields(await versionOf(owner, id), '已核实的事实'))).statusCode, 303);
        assert.equal((await owner.post(`/newsroom/articles/${id}/submit`)).statusCode, 303);
        await editor.get(`/newsroom/articles/${id}`);
        assert.equal((await editor.post(`/newsroom/articles/${id}/send-back`, { target: 'author', comment: '消息源需二次核实' })).statusCode, 303);
        assert.equal((await owner.post(`/newsroom/articles/${id}`, fields(await versionOf(owner, id), '已二次核实的事实'))).statusCode, 303);
        assert.equal((await owner.post(`/newsroom/articles/${id}/submit`)).statusCode, 303);
        assert.equal((await editor.post(`/newsroom/articles/${id}/approve`)).statusCode, 303);
        assert.equal((await editor.post(`/newsroom/articles/${id}/publish`)).statusCode, 303);
        const revisions = await t.db.database.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).orderBy('id').execute();
        const [first, last] = [revisions[0]!.id, revisions.at(-1)!.id];
        const before = await t.db.database.db.selectFrom('articles').select(['version', 'body_html']).where('id', '=', id).executeTakeFirstOrThrow();

        const page = await intruder.get(`/newsroom/articles/${id}`);
        assert.equal(page.statusCode, 200, 'the published article itself is public');
        assert.ok(!page.body.includes('消息源需二次核实'), 'no send-back comment on the page');
        assert.ok(!page.body.includes(`/newsroom/articles/${id}/revisions`), 'no link to revisions it may not open');
        const refused = async (res: Promise<{ statusCode: number; body: string }>, what: string) => {
          const r = await res;
          assert.equal(r.statusCode, 403, `${what}: ${r.statusCode}`);
          assert.ok(!r.body.includes('线人张某') && !r.body.includes('消息源需二次核实'), `${what} shows nothing of the history`);
        };
        await refused(intruder.get(`/newsroom/articles/${id}/revisions`), 'revisions');
        await refused(intruder.get(`/newsroom/articles/${id}/revisions/compare?a=${first}&b=${last}`), 'compare');
        await refused(intruder.post(`/newsroom/articles/${id}/revisions/${first}/restore`, {}, { accept: 'application/json' }), 'restore');
        const unchanged = await t.db.database.db.selectFrom('articles').select(['version', 'body_html']).where('id', '=', id).executeTakeFirstOrThrow();
        assert.deepEqual(unchanged, before);

        for (const [who, client] of [['the author', owner], ['an editor', editor]] as const) {
          assert.equal((await client.get(`/newsroom/articles/${id}/revisions`)).statusCode, 200, who);
          const diff = await client.get(`/newsroom/articles/${id}/revisions/compare?a=${first}&b=${last}`);
          assert.equal(diff.statusCode, 200, who);
          assert.ok(diff.body.includes('线人张某'), `${who} sees the first draft in the diff`);
          assert.ok((await client.get(`/newsroom/articles/${id}`)).body.includes('消息源需二次核实'), `${who} sees the send-back comment`);
        }
      });

      it('a reporter cannot raise their own role, publish through a hidden field, or manage users', async () => {
        const reporter = await signedIn(t.app, staff.reporter, '203.0.113.52');
        await reporter.get('/newsroom');
        const role = await reporter.post(`/newsroom/users/${staff.reporter.id}/role`, { role: 'admin' }, { accept: 'application/json' });
        assert.equal(role.statusCode, 403);
        const made = await reporter.post('/newsroom/users', { displayName: '黑客', email: 'h@masthead.test', role: 'admin', password: PASSWORD }, { accept: 'application/json' });
        assert.equal(made.statusCode, 403);
        const id = articleIdFrom(await reporter.post('/newsroom/articles', { title: '想直接发布', bodyHtml: '<p>x</p>', channelId: String(societyId), status: 'published' }));
        const row = await t.db.database.db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(row.status, 'draft');
        const user = await t.db.database.db.selectFrom('users').select('role').where('id', '=', staff.reporter.id).executeTakeFirstOrThrow();
        assert.equal(user.role, 'reporter');
      });
    });
  });
}
