/**
 * What editors and admins set in the newsroom reaches readers: the mood poll's names, icons,
 * order and membership, and the order of curated items in a recommended slot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { ensureSlot } from '../../src/features/feed/feed.service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { createStaff, signedIn, type NewsroomClient } from '../helpers/newsroom.ts';

const dialects = await testDialects('newsroom settings on reader pages');
const SEED = '/2026-01/06/c_1.html';

for (const dialect of dialects) {
  describe(`newsroom settings on reader pages [${dialect}]`, () => {
    let t: TestApp;
    let admin: NewsroomClient;
    let editor: NewsroomClient;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 3 });
      const staff = await createStaff(t.db.database.db, t.clock);
      admin = await signedIn(t.app, staff.admin);
      editor = await signedIn(t.app, staff.editor);
    });
    after(() => t.close());

    const page = async (url: string) => cheerio.load((await t.app.inject({ method: 'GET', url })).body);
    const poll = async () => {
      const $ = await page(SEED);
      return $('#moods button[name="mood"]').map((_, b) => ({ key: $(b).attr('value'), label: $(b).text().replace(/\s+/g, ' ').trim() })).get();
    };
    const moodId = async (key: string) => (await t.db.database.db.selectFrom('moods').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
    const configure = async (key: string, fields: { nameZh: string; nameEn: string; icon: string; position: number; active: boolean }) => {
      const res = await admin.post(`/newsroom/moods/${await moodId(key)}`, { nameZh: fields.nameZh, nameEn: fields.nameEn, icon: fields.icon, position: String(fields.position), ...(fields.active ? { active: 'on' } : {}) });
      assert.equal(res.statusCode, 303, res.body);
    };

    it('shows a renamed, re-iconed, moved, retired or added mood on the article page and the ranking', async () => {
      assert.deepEqual((await poll()).map((m) => m.key), ['happy', 'sad', 'like', 'pass']);
      await configure('happy', { nameZh: '高兴', nameEn: 'Glad', icon: '😀', position: 9, active: true });
      await configure('pass', { nameZh: '飘过', nameEn: 'Pass', icon: '💨', position: 3, active: false });
      const added = await admin.post('/newsroom/moods', { key: 'angry', nameZh: '愤怒', nameEn: 'Angry', icon: '😠' });
      assert.equal(added.statusCode, 303, added.body);

      const after = await poll();
      assert.deepEqual(after.map((m) => m.key), ['sad', 'like', 'angry', 'happy'], 'happy moved last; the new mood after the others');
      const happy = after.find((m) => m.key === 'happy');
      assert.match(happy?.label ?? '', /😀/);
      assert.match(happy?.label ?? '', /高兴/);
      assert.ok(!after.some((m) => m.key === 'pass'), 'a retired mood is not offered');

      const ranking = await page('/moods/');
      const tabs = ranking('main').text();
      assert.match(tabs, /高兴/);
      assert.match(tabs, /愤怒/);
      assert.doesNotMatch(tabs, /飘过/);
    });

    it('orders curated items as the editor arranges them, first in the feed', async () => {
      const db = t.db.database.db;
      const slot = await ensureSlot(db, null);
      const curated = async () => {
        const $ = await page('/');
        return $('.feed__item')
          .filter((_, li) => $(li).find('.badge').length > 0)
          .map((_, li) => Number($(li).find('a').attr('href')?.match(/c_(\d+)\.html$/)?.[1]))
          .get();
      };
      for (const id of await curated()) assert.equal((await editor.post(`/newsroom/slots/${slot}/items/${id}/remove`, {})).statusCode, 303);
      assert.deepEqual(await curated(), [], 'the demo\'s curated items are gone');
      // Articles no other block of the home page shows: the feed never repeats those.
      const home = await page('/');
      const elsewhere = new Set(home('.focus a, .mood-ranking a, .most-read a').map((_, a) => Number(home(a).attr('href')?.match(/c_(\d+)\.html$/)?.[1])).get());
      const published = await db.selectFrom('articles').select('id').where('status', '=', 'published').where('kind', '=', 'article').orderBy('id').execute();
      const ids = published.map((r) => r.id).filter((id) => !elsewhere.has(id)).slice(0, 3);
      for (const id of ids) assert.equal((await editor.post(`/newsroom/slots/${slot}/items`, { articleId: String(id) })).statusCode, 303);
      assert.deepEqual(await curated(), ids, 'in the order they were placed');
      const [a, b, c] = ids as [number, number, number];
      assert.equal((await editor.post(`/newsroom/slots/${slot}/items/${c}/move`, { direction: 'up' })).statusCode, 303);
      assert.equal((await editor.post(`/newsroom/slots/${slot}/items/${c}/move`, { direction: 'up' })).statusCode, 303);
      assert.deepEqual(await curated(), [c, a, b], 'the last moved to the top');
      assert.equal((await editor.post(`/newsroom/slots/${slot}/items/${a}/remove`, {})).statusCode, 303);
      assert.deepEqual(await curated(), [c, b], 'a removed item leaves the slot');
    });
  });
}
