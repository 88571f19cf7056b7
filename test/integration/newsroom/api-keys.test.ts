/**
 * Content API read keys as an admin manages them in the newsroom: a key is shown once,
 * opens the API when keys are required, shows when it was last used, and stops working the
 * moment it is revoked. Both actions are in the audit log; other roles cannot reach the page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { createStaff, signedIn, type Staff } from '../../helpers/newsroom.ts';

const dialects = await testDialects('newsroom API keys');

for (const dialect of dialects) {
  describe(`newsroom API keys [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, env: { API_KEYS_REQUIRED: '1' } });
      staff = await createStaff(t.db.database.db, t.clock);
    });
    after(() => t.close());

    const api = (key?: string) => t.app.inject({ url: '/api/v1/channels', headers: key ? { authorization: `Bearer ${key}` } : {} });

    it('makes a key shown once that opens the API, then revokes it so it stops working', async () => {
      const admin = await signedIn(t.app, staff.admin);
      assert.equal((await api()).statusCode, 401);

      const made = await admin.post('/newsroom/api-keys', { name: '客户端 App' });
      assert.equal(made.statusCode, 200, made.body.slice(0, 300));
      assert.equal(made.headers['cache-control'], 'no-store');
      const key = cheerio.load(made.body)('code.api-key').text();
      assert.match(key, /^mh_[A-Za-z0-9_-]{32}$/);
      assert.equal((await api(key)).statusCode, 200);

      const list = await admin.get('/newsroom/api-keys');
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes(key), 'the key is never shown again');
      const $ = cheerio.load(list.body);
      const row = $('tr').filter((_, el) => $(el).find('td').first().text() === '客户端 App');
      assert.equal(row.length, 1);
      assert.doesNotMatch(row.text(), /从未使用|Never used/, 'its use is recorded');
      const revokeUrl = row.find('form').attr('action');
      assert.match(revokeUrl ?? '', /^\/newsroom\/api-keys\/\d+\/revoke$/);

      const revoked = await admin.post(revokeUrl as string);
      assert.equal(revoked.statusCode, 303);
      assert.equal((await api(key)).statusCode, 401);
      const after = cheerio.load((await admin.get('/newsroom/api-keys')).body);
      assert.equal(after('tr').filter((_, el) => after(el).text().includes('客户端 App')).find('form').length, 0);

      const actions = await t.db.database.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'api_key').orderBy('id').execute();
      assert.deepEqual(
        actions.map((a) => a.action),
        ['api_key.create', 'api_key.revoke'],
      );
    });

    it('refuses an empty name with a message, making no key', async () => {
      const admin = await signedIn(t.app, staff.admin);
      const before = await t.db.database.db.selectFrom('api_keys').select('id').execute();
      const res = await admin.post('/newsroom/api-keys', { name: '   ' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /请求参数不正确|invalid parameters/);
      assert.equal((await t.db.database.db.selectFrom('api_keys').select('id').execute()).length, before.length);
    });

    it('answers 404 for revoking a key that does not exist, and keeps editors out', async () => {
      const admin = await signedIn(t.app, staff.admin);
      assert.equal((await admin.post('/newsroom/api-keys/999999/revoke')).statusCode, 404);
      const editor = await signedIn(t.app, staff.editor);
      assert.equal((await editor.get('/newsroom/api-keys')).statusCode, 403);
      assert.equal((await editor.post('/newsroom/api-keys', { name: 'x' })).statusCode, 403);
    });
  });
}
