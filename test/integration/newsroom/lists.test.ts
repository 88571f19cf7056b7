/**
 * The managed lists of sources (来源) and people (reporters, editors in charge): the page
 * that shows how many articles use each entry, rename, merge (the articles follow, on the
 * reader's pages too, served through the page cache) and remove, which only an unused entry
 * allows. Each change leaves an audit entry; each refusal explains itself and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { articlePath } from '../../../src/features/articles/article-path.ts';
import { createArticle } from '../../../src/features/articles/articles.service.ts';
import { getChannelByPath } from '../../../src/features/channels/channels.service.ts';
import { findOrCreatePerson } from '../../../src/features/people/people.service.ts';
import { findOrCreateSource } from '../../../src/features/sources/sources.service.ts';
import { createTestApp, TEST_NOW, TEST_PUBLIC_URL, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { createStaff, signedIn, type NewsroomClient, type Staff } from '../../helpers/newsroom.ts';

const dialects = await testDialects('sources and people');

for (const dialect of dialects) {
  describe(`sources and people [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let chief: NewsroomClient;
    /** Two published articles: the first names the misspelt entries, the second both spellings. */
    const urls: string[] = [];
    const ids: number[] = [];
    const db = () => t.db.database.db;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 1, env: { PAGE_CACHE_MB: '16', SHARED_READS_SECONDS: '10' } });
      staff = await createStaff(db(), t.clock);
      chief = await signedIn(t.app, staff.chief_editor);
      const channelId = (await getChannelByPath(db(), 'local/society'))?.id ?? 0;
      const make = async (n: number, input: { source: string; reporters: string[]; editorInCharge: string }) => {
        const publishedAt = new Date(Date.parse(TEST_NOW) - n * 60_000);
        const id = await createArticle(db(), t.clock, { kind: 'article', status: 'published', title: `名录测试稿件${n}`, bodyHtml: '<p>正文。</p>', channelId, publishedAt, ...input });
        ids.push(id);
        urls.push(articlePath(id, publishedAt, t.config.site.timeZone));
      };
      await make(1, { source: '晨光日抱', reporters: ['欧阳明明'], editorInCharge: '赵责编' });
      await make(2, { source: '晨光日报', reporters: ['欧阳明', '欧阳明明'], editorInCharge: '欧阳明明' });
      await findOrCreateSource(db(), t.clock, '无人使用的来源');
      await findOrCreatePerson(db(), t.clock, '无名氏');
    });
    after(() => t.close());

    const sourceId = async (name: string) => (await db().selectFrom('sources').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const personId = async (name: string) => (await db().selectFrom('people').select('id').where('name', '=', name).orderBy('id').executeTakeFirstOrThrow()).id;
    /** The list page's row for an entry: its cells after the name. */
    const row = (body: string, id: number) => {
      const $ = cheerio.load(body);
      const tr = $(`tr[data-entry="${id}"]`);
      return { found: tr.length === 1, name: tr.find('input[name="name"]').attr('value'), cells: tr.find('td').slice(1, -1).map((_, td) => $(td).text().trim()).get(), canDelete: tr.find('form[action$="/delete"]').length === 1 };
    };
    const alert = (body: string) => cheerio.load(body)('[role="alert"]').text();
    /** The reader's article page: its source line, credit line and editor in charge. */
    const reader = async (i: number) => {
      const res = await t.app.inject({ method: 'GET', url: urls[i] ?? '' });
      const $ = cheerio.load(res.body);
      return { cache: res.headers['x-cache'], source: $('.article__source').text().trim(), credit: $('.article__credit').text().trim(), editor: $('.article__editor').text().trim() };
    };
    const auditDetail = async (action: string) => {
      const entry = await db().selectFrom('audit_log').select('detail').where('action', '=', action).orderBy('id', 'desc').executeTakeFirstOrThrow();
      return JSON.parse(entry.detail) as Record<string, unknown>;
    };

    it('lists sources and people with what uses each, for those who keep the channels only', async () => {
      const res = await chief.get('/newsroom/sources');
      assert.equal(res.statusCode, 200);
      assert.equal(cheerio.load(res.body)('h1').text(), '来源');
      assert.equal(cheerio.load(res.body)('nav.nr-nav a[href="/newsroom/sources"]').text(), '来源与人员', 'linked from the newsroom navigation');
      assert.deepEqual(row(res.body, await sourceId('晨光日抱')).cells, ['1 篇']);
      assert.deepEqual(row(res.body, await sourceId('无人使用的来源')), { found: true, name: '无人使用的来源', cells: ['0 篇'], canDelete: true });
      assert.equal(row(res.body, await sourceId('晨光日报')).canDelete, false, 'no delete button for an entry in use');

      const people = await chief.get(`/newsroom/people?q=${encodeURIComponent('欧阳明')}`);
      assert.deepEqual(row(people.body, await personId('欧阳明明')).cells, ['2 篇', '1 篇', ''], 'as reporter, as editor in charge, no account');
      assert.equal(row(people.body, await personId('赵责编')).found, false, 'the name filter');
      const staffRow = row((await chief.get('/newsroom/people')).body, staff.reporter.personId ?? 0);
      assert.deepEqual(staffRow.cells, ['0 篇', '0 篇', '记者小王'], 'the linked newsroom account');

      const reporter = await signedIn(t.app, staff.reporter, '203.0.113.77');
      assert.equal((await reporter.get('/newsroom/sources')).statusCode, 403);
      assert.equal((await reporter.post(`/newsroom/sources/${await sourceId('无人使用的来源')}/delete`)).statusCode, 403);
      assert.equal((await reporter.get('/newsroom/people')).statusCode, 403);
    });

    it('refuses a change without the CSRF token', async () => {
      const cookie = [...chief.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await t.app.inject({
        method: 'POST',
        url: `/newsroom/sources/${await sourceId('无人使用的来源')}/delete`,
        headers: { cookie, origin: TEST_PUBLIC_URL, 'content-type': 'application/x-www-form-urlencoded' },
        payload: '',
      });
      assert.equal(res.statusCode, 403);
      assert.ok(await sourceId('无人使用的来源'));
    });

    it('merges a misspelt source into the right one: its articles follow, on the site too', async () => {
      assert.equal((await reader(0)).source, '来源:晨光日抱');
      assert.equal((await reader(0)).cache, 'HIT', 'readers get the page from the cache, so the change must drop it');
      const typo = await sourceId('晨光日抱');
      const right = await sourceId('晨光日报');

      const taken = await chief.post(`/newsroom/sources/${typo}/rename`, { name: '晨光日报' });
      assert.equal(taken.statusCode, 409, 'renaming onto an existing name is a merge, not a rename');
      assert.match(alert(taken.body), /已有名为「晨光日报」的条目；如果是同一个，请用合并/);
      assert.equal((await chief.post(`/newsroom/sources/merge`, { fromId: String(typo), intoId: String(typo) })).statusCode, 400);

      const res = await chief.post('/newsroom/sources/merge', { fromId: String(typo), intoId: String(right) });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(await db().selectFrom('sources').select('id').where('id', '=', typo).executeTakeFirst(), undefined, 'the misspelling left the list');
      assert.equal((await reader(0)).source, '来源:晨光日报');
      assert.deepEqual(row((await chief.get('/newsroom/sources')).body, right).cells, ['2 篇']);
      assert.deepEqual(await auditDetail('source.merge'), { from: '晨光日抱', into: '晨光日报', articles: 1 });
    });

    it('renames a source everywhere it is shown, and the editor suggests the new name', async () => {
      const id = await sourceId('晨光日报');
      const versions = async () => (await db().selectFrom('articles').select('version').where('id', 'in', ids).orderBy('id').execute()).map((r) => r.version);
      const before = await versions();
      assert.equal((await chief.post(`/newsroom/sources/${id}/rename`, { name: '   ' })).statusCode, 400);
      assert.equal((await chief.post(`/newsroom/sources/${id}/rename`, { name: ' 晨光传媒集团\u200b ' })).statusCode, 303);
      assert.equal((await reader(0)).source, '来源:晨光传媒集团');
      assert.deepEqual(await versions(), before.map((v) => v + 1), 'a new version: an editor with the old name open gets the conflict page, not a revived entry');
      assert.equal((await reader(1)).source, '来源:晨光传媒集团');
      const editor = cheerio.load((await chief.get(`/newsroom/articles/${ids[0]}`)).body);
      const suggested = editor('#known-sources option').map((_, o) => o.attribs.value).get();
      assert.ok(suggested.includes('晨光传媒集团') && !suggested.includes('晨光日报') && !suggested.includes('晨光日抱'));
      assert.deepEqual(await auditDetail('source.rename'), { from: '晨光日报', to: '晨光传媒集团' });
    });

    it('removes only a source no article uses, and says why otherwise', async () => {
      const used = await sourceId('晨光传媒集团');
      const refused = await chief.post(`/newsroom/sources/${used}/delete`);
      assert.equal(refused.statusCode, 409);
      assert.match(alert(refused.body), /仍有 2 篇稿件使用此条目，不能删除/);
      assert.ok(await sourceId('晨光传媒集团'));

      const unused = await sourceId('无人使用的来源');
      assert.equal((await chief.post(`/newsroom/sources/${unused}/delete`)).statusCode, 303);
      assert.equal(row((await chief.get('/newsroom/sources')).body, unused).found, false);
      assert.deepEqual(await auditDetail('source.delete'), { name: '无人使用的来源' });
      assert.equal((await chief.post(`/newsroom/sources/${unused}/delete`)).statusCode, 404, 'already gone');
    });

    it('merges a duplicate person: reporter credits (one per article), editor in charge and the site follow', async () => {
      assert.equal((await reader(1)).editor, '[ 责编:欧阳明明 ]');
      const dup = await personId('欧阳明明');
      const kept = await personId('欧阳明');
      assert.equal((await chief.post(`/newsroom/people/${dup}/rename`, { name: '欧阳明' })).statusCode, 409, 'a name another person has');

      const res = await chief.post('/newsroom/people/merge', { fromId: String(dup), intoId: String(kept) });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const credits = await db().selectFrom('article_reporters').select(['article_id', 'person_id']).where('article_id', 'in', ids).orderBy('article_id').execute();
      assert.deepEqual(
        credits.map((c) => [c.article_id, c.person_id]),
        [
          [ids[0], kept],
          [ids[1], kept],
        ],
        'the article crediting both keeps one credit',
      );
      assert.match((await reader(0)).credit, /欧阳明/);
      assert.doesNotMatch((await reader(0)).credit, /欧阳明明/);
      assert.equal((await reader(1)).editor, '[ 责编:欧阳明 ]');
      assert.deepEqual(await auditDetail('person.merge'), { from: '欧阳明明', into: '欧阳明', articles: 2 });
    });

    it('renames a person, and removes only one nobody uses and no account is linked to', async () => {
      assert.equal((await chief.post(`/newsroom/people/${await personId('赵责编')}/rename`, { name: '赵主编' })).statusCode, 303);
      assert.equal((await reader(0)).editor, '[ 责编:赵主编 ]');

      const inUse = await chief.post(`/newsroom/people/${await personId('欧阳明')}/delete`);
      assert.equal(inUse.statusCode, 409);
      assert.match(alert(inUse.body), /仍有 2 篇稿件使用此条目/);
      const account = await chief.post(`/newsroom/people/${staff.reporter.personId}/delete`);
      assert.equal(account.statusCode, 409);
      assert.match(alert(account.body), /关联着编辑部账号/);

      const nobody = await personId('无名氏');
      assert.equal((await chief.post(`/newsroom/people/${nobody}/delete`)).statusCode, 303);
      assert.equal(await db().selectFrom('people').select('id').where('id', '=', nobody).executeTakeFirst(), undefined);
      assert.deepEqual(await auditDetail('person.delete'), { name: '无名氏' });
    });

    it('filters by name ignoring case, taking % and _ as the characters they are', async () => {
      const xinhua = await findOrCreateSource(db(), t.clock, 'Xinhua News 100%_live');
      const other = await findOrCreateSource(db(), t.clock, 'Xinhua News 1000 live');
      const shown = async (q: string) => {
        const body = (await chief.get(`/newsroom/sources?q=${encodeURIComponent(q)}`)).body;
        return [xinhua.id, other.id].filter((id) => row(body, id).found);
      };
      assert.deepEqual(await shown('XINHUA'), [xinhua.id, other.id], 'case does not matter');
      assert.deepEqual(await shown('100%_'), [xinhua.id], 'a % or _ in the filter is literal');
      assert.deepEqual(await shown('1%0'), [], 'not a wildcard either');
      const accented = await findOrCreateSource(db(), t.clock, 'Élan Presse ＣＣＴＶ');
      const body = (await chief.get(`/newsroom/sources?q=${encodeURIComponent('Élan Presse ＣＣＴＶ')}`)).body;
      assert.ok(row(body, accented.id).found, 'a name beyond ASCII finds itself');
    });

    it('gives two saves naming the same new source at once the same entry', async () => {
      const name = '同时新建的来源';
      const [a, b] = await Promise.all([0, 1].map(() => db().transaction().execute((trx) => findOrCreateSource(trx, t.clock, name))));
      assert.equal(a?.id, b?.id);
      assert.equal((await db().selectFrom('sources').select('id').where('name', '=', name).execute()).length, 1);
    });

    it('speaks English to those who choose it', async () => {
      const admin = await signedIn(t.app, staff.admin, '203.0.113.78');
      await admin.get('/newsroom/people');
      assert.equal((await admin.post('/newsroom/locale', { locale: 'en' })).statusCode, 303);
      const page = cheerio.load((await admin.get('/newsroom/people')).body);
      assert.equal(page('h1').text(), 'People');
      assert.deepEqual(page('thead th').map((_, th) => page(th).text()).get(), ['Name', 'As reporter', 'As editor in charge', 'Newsroom account', 'Actions']);
      const refused = await admin.post(`/newsroom/people/${await personId('欧阳明')}/delete`);
      assert.match(alert(refused.body), /2 articles still use this entry, so it cannot be removed/);
    });
  });
}
