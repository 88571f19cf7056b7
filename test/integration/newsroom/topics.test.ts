/**
 * Topic management by chief editors: create, edit (title, intro, URL, publication), the
 * order of sections, the order of articles within a section, and delete (which leaves the
 * articles alone). Each change is checked on the reader's topic page, served through the
 * page cache as readers get it, so a change that forgot to drop the cached page fails too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { articlePath } from '../../../src/features/articles/article-path.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { createStaff, signedIn, type NewsroomClient } from '../../helpers/newsroom.ts';

const dialects = await testDialects('topic management');

for (const dialect of dialects) {
  describe(`topic management [${dialect}]`, () => {
    let t: TestApp;
    let chief: NewsroomClient;
    /** Published articles to file in the topic, newest first, with their reader URLs. */
    let articles: Array<{ id: number; url: string }> = [];
    const db = () => t.db.database.db;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 2, env: { PAGE_CACHE_MB: '16', SHARED_READS_SECONDS: '10' } });
      const staff = await createStaff(db(), t.clock);
      chief = await signedIn(t.app, staff.chief_editor);
      await chief.get('/newsroom/topics');
      const rows = await db().selectFrom('articles').select(['id', 'published_at']).where('status', '=', 'published').orderBy('published_at', 'desc').orderBy('id', 'desc').limit(3).execute();
      articles = rows.map((r) => ({ id: r.id, url: articlePath(r.id, new Date(r.published_at ?? 0), t.config.site.timeZone) }));
      assert.equal(articles.length, 3);
    });
    after(() => t.close());

    const topicId = async (slug: string) => (await db().selectFrom('topics').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    const sectionId = async (title: string) => (await db().selectFrom('topic_sections').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;

    /** The topic page as a reader sees it: its title, intro, and each section with its articles' ids in order. */
    async function readerPage(slug: string) {
      const res = await t.app.inject({ method: 'GET', url: `/topics/${slug}/` });
      const $ = cheerio.load(res.body);
      const sections = $('main.topic section')
        .map((_, s) => ({
          title: $(s).find('h2').text().trim(),
          ids: $(s)
            .find('a')
            .map((__, a) => Number(/c_(\d+)\.html$/.exec(String(a.attribs.href))?.[1]))
            .get(),
        }))
        .get();
      return { status: res.statusCode, cache: res.headers['x-cache'], title: $('h1.page__title').text().trim(), intro: $('.topic__intro').text().trim(), sections };
    }

    const fields = (over: Record<string, string>) => ({ title: '进博会观察', slug: 'expo-watch', intro: '第九届进口博览会的报道。', bannerMediaId: '', status: 'published', ...over });

    it('creates a topic that readers see only once it is published', async () => {
      assert.equal((await chief.post('/newsroom/topics', fields({ status: 'draft' }))).statusCode, 303);
      assert.equal((await readerPage('expo-watch')).status, 404, 'a draft topic is not on the site');
      const res = await chief.post('/newsroom/topics', fields({ title: '进博会观察二', slug: 'expo-watch' }));
      assert.equal(res.statusCode, 409, 'a second topic cannot take the same URL');
      const created = await db().selectFrom('audit_log').select('action').where('action', '=', 'topic.create').execute();
      assert.equal(created.length, 1, 'the refused one left no audit entry');
    });

    it('edits the title, intro, URL and publication, and the reader page follows each', async () => {
      const id = await topicId('expo-watch');
      assert.equal((await chief.post(`/newsroom/topics/${id}`, fields({}))).statusCode, 303);
      let page = await readerPage('expo-watch');
      assert.equal(page.status, 200);
      assert.equal(page.title, '进博会观察');
      assert.equal(page.intro, '第九届进口博览会的报道。');
      assert.equal((await readerPage('expo-watch')).cache, 'HIT', 'readers get the page from the cache');

      assert.equal((await chief.post(`/newsroom/topics/${id}`, fields({ title: '聚焦进博会', intro: '新的导语。' }))).statusCode, 303);
      page = await readerPage('expo-watch');
      assert.equal(page.title, '聚焦进博会', 'the cached page was replaced');
      assert.equal(page.intro, '新的导语。');

      assert.equal((await chief.post(`/newsroom/topics/${id}`, fields({ title: '聚焦进博会', intro: '新的导语。', slug: 'ciie' }))).statusCode, 303);
      assert.equal((await readerPage('expo-watch')).status, 404, 'the old URL is gone');
      assert.equal((await readerPage('ciie')).title, '聚焦进博会');

      assert.equal((await chief.post(`/newsroom/topics/${id}`, fields({ title: '聚焦进博会', intro: '新的导语。', slug: 'ciie', status: 'draft' }))).statusCode, 303);
      assert.equal((await readerPage('ciie')).status, 404, 'unpublished');
      assert.equal((await chief.post(`/newsroom/topics/${id}`, fields({ title: '聚焦进博会', intro: '新的导语。', slug: 'ciie' }))).statusCode, 303);
      assert.equal((await readerPage('ciie')).status, 200);
    });

    it('orders sections as the editors choose', async () => {
      const id = await topicId('ciie');
      for (const title of ['现场', '数据', '评论']) assert.equal((await chief.post(`/newsroom/topics/${id}/sections`, { title })).statusCode, 303);
      const [a, b, c] = articles.map((x) => x.id);
      for (const [title, articleId] of [['现场', a], ['数据', b], ['评论', c]] as const) {
        assert.equal((await chief.post(`/newsroom/topic-sections/${await sectionId(title)}/articles`, { articleId: String(articleId) })).statusCode, 303);
      }
      const order = async () => (await readerPage('ciie')).sections.map((s) => s.title);
      assert.deepEqual(await order(), ['现场', '数据', '评论']);

      assert.equal((await chief.post(`/newsroom/topic-sections/${await sectionId('评论')}/move`, { direction: 'up' })).statusCode, 303);
      assert.deepEqual(await order(), ['现场', '评论', '数据']);
      assert.equal((await chief.post(`/newsroom/topic-sections/${await sectionId('现场')}/move`, { direction: 'up' })).statusCode, 303, 'the first cannot go higher');
      assert.deepEqual(await order(), ['现场', '评论', '数据']);
      assert.equal((await chief.post(`/newsroom/topic-sections/${await sectionId('现场')}/move`, { direction: 'down' })).statusCode, 303);
      assert.deepEqual(await order(), ['评论', '现场', '数据']);

      // A section removed and another added: positions are renumbered, so moves still swap.
      assert.equal((await chief.post(`/newsroom/topic-sections/${await sectionId('现场')}/remove`)).statusCode, 303);
      assert.equal((await chief.post(`/newsroom/topics/${id}/sections`, { title: '图集' })).statusCode, 303);
      assert.equal((await chief.post(`/newsroom/topic-sections/${await sectionId('图集')}/articles`, { articleId: String(a) })).statusCode, 303);
      assert.deepEqual(await order(), ['评论', '数据', '图集']);
      assert.equal((await chief.post(`/newsroom/topic-sections/${await sectionId('图集')}/move`, { direction: 'up' })).statusCode, 303);
      assert.deepEqual(await order(), ['评论', '图集', '数据']);
    });

    it('orders the articles within a section', async () => {
      const section = await sectionId('图集');
      const [a, b, c] = articles.map((x) => x.id);
      for (const articleId of [b, c]) assert.equal((await chief.post(`/newsroom/topic-sections/${section}/articles`, { articleId: String(articleId) })).statusCode, 303);
      const ids = async () => (await readerPage('ciie')).sections.find((s) => s.title === '图集')?.ids;
      assert.deepEqual(await ids(), [a, b, c]);

      assert.equal((await chief.post(`/newsroom/topic-sections/${section}/articles/${c}/move`, { direction: 'up' })).statusCode, 303);
      assert.deepEqual(await ids(), [a, c, b]);
      assert.equal((await chief.post(`/newsroom/topic-sections/${section}/articles/${a}/move`, { direction: 'down' })).statusCode, 303);
      assert.deepEqual(await ids(), [c, a, b]);
      assert.equal((await chief.post(`/newsroom/topic-sections/${section}/articles/${a}/remove`)).statusCode, 303);
      assert.deepEqual(await ids(), [c, b]);
    });

    it('deletes a topic only when confirmed; its articles stay on the site', async () => {
      const id = await topicId('ciie');
      const form = cheerio.load((await chief.get('/newsroom/topics')).body)(`form[action="/newsroom/topics/${id}/delete"]`);
      assert.equal(form.find('input[name="confirm"][type="checkbox"][required]').length, 1, 'the form asks for confirmation');

      const unconfirmed = await chief.post(`/newsroom/topics/${id}/delete`);
      assert.equal(unconfirmed.statusCode, 400, 'not confirmed');
      assert.match(cheerio.load(unconfirmed.body)('[role="alert"]').text(), /请先勾选确认/, 'the topics page says what is missing');
      assert.equal((await readerPage('ciie')).status, 200, 'nothing was deleted');

      assert.equal((await chief.post(`/newsroom/topics/${id}/delete`, { confirm: 'yes' })).statusCode, 303);
      assert.equal((await readerPage('ciie')).status, 404, 'the topic page is gone');
      assert.deepEqual(await db().selectFrom('topic_sections').select('id').where('topic_id', '=', id).execute(), [], 'its sections went with it');
      for (const { id: articleId, url } of articles) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, `article ${articleId} is still published`);
      }
      const entry = await db().selectFrom('audit_log').select(['detail']).where('action', '=', 'topic.delete').where('subject_id', '=', String(id)).executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(entry.detail), { title: '聚焦进博会', slug: 'ciie' });
      assert.equal((await chief.post(`/newsroom/topics/${id}/delete`, { confirm: 'yes' })).statusCode, 404, 'a deleted topic cannot be deleted again');
    });
  });
}
