/**
 * Blocks 10–15 on the seed article in Chromium: vote 点赞, reload and find the count and
 * the choice kept; a second vote refused with a clear message; load more three times for
 * 60 distinct items in order; the related list, the focus carousel and the special reports
 * shown. And the same poll and feed without JavaScript.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestApp } from '../helpers/app.ts';
import { browserAvailable, DESKTOP, launchBrowser, PHONE, cspViolations } from '../helpers/browser.ts';
import { testDialects } from '../helpers/databases.ts';

const RESULTS = path.resolve(import.meta.dirname, '../../test-results');
mkdirSync(RESULTS, { recursive: true });
const SEED = '/2026-01/06/c_1.html';

const dialects = browserAvailable('engagement blocks in Chromium') ? await testDialects('engagement blocks in Chromium') : [];

for (const dialect of dialects) {
  describe(`engagement blocks in Chromium [${dialect}]`, () => {
    let server: TestApp & { baseUrl: string };
    let browser: Browser;

    before(async () => {
      server = await startTestServer(dialect, { demo: true, perChannel: 16 });
      browser = await launchBrowser();
    });
    after(async () => {
      const blocked = browser ? [...cspViolations(browser)] : [];
      await browser?.close();
      await server?.close();
      assert.deepEqual(blocked, [], 'the Content-Security-Policy blocked something of ours');
    });

    it('votes 点赞, keeps the count and choice after a reload, and refuses a second vote', async () => {
      const context = await browser.newContext({ ...PHONE, baseURL: server.baseUrl, locale: 'zh-CN' });
      const page = await context.newPage();
      try {
        await page.goto(SEED);
        const like = page.locator('#moods button[value="like"]');
        await page.locator('#moods').scrollIntoViewIfNeeded();
        const before = Number(await like.locator('[data-count]').textContent());
        await like.click();
        await page.getByText('你的心情：点赞').waitFor();
        assert.equal(await like.getAttribute('aria-pressed'), 'true');
        assert.equal(Number(await like.locator('[data-count]').textContent()), before + 1);

        await page.reload();
        await page.waitForFunction(() => document.querySelector('#moods button[value="like"]')?.getAttribute('aria-pressed') === 'true');
        assert.equal(Number(await like.locator('[data-count]').textContent()), before + 1, 'the count stays');
        await page.getByText('你的心情：点赞').waitFor();

        await page.locator('#moods button[value="happy"]').click();
        await page.getByText('您已经表达过心情了，每篇文章只能选一次').waitFor();
        assert.equal(await page.locator('#moods button[value="happy"]').getAttribute('aria-pressed'), 'false');
        await page.locator('#moods').screenshot({ path: path.join(RESULTS, `${dialect}-moods.png`) });
      } finally {
        await context.close();
      }
    });

    it('loads more three times: 60 new items, distinct and in order; related, focus and topics are there', async () => {
      const context = await browser.newContext({ ...DESKTOP, baseURL: server.baseUrl, locale: 'zh-CN' });
      const page = await context.newPage();
      try {
        await page.goto(SEED);
        await page.getByRole('heading', { name: '相关阅读' }).waitFor();
        assert.ok((await page.locator('.related li').count()) >= 3);
        await page.getByRole('heading', { name: '视觉焦点' }).waitFor();
        assert.ok((await page.locator('.focus__slide').count()) >= 3);
        await page.getByRole('button', { name: '下一张' }).click();
        await page.waitForFunction(() => (document.querySelector('.focus__track')?.scrollLeft ?? 0) > 0);
        // From the keyboard too: the strip takes focus, and the arrow keys step through it.
        await page.locator('.focus__track').focus();
        await page.keyboard.press('ArrowLeft');
        await page.waitForFunction(() => (document.querySelector('.focus__track')?.scrollLeft ?? 1) === 0);
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(() => (document.querySelector('.focus__track')?.scrollLeft ?? 0) > 0);
        await page.getByRole('heading', { name: '独家策划' }).waitFor();
        await page.locator('.topics__item').first().waitFor();
        assert.equal(await page.locator('.article__topics a').textContent(), '援疆进行时');

        const list = page.locator('[data-feed-list] > li');
        const start = await list.count();
        for (let i = 1; i <= 3; i++) {
          await page.getByRole('link', { name: '加载更多' }).click();
          await page.waitForFunction((n) => document.querySelectorAll('[data-feed-list] > li').length === n, start + 20 * i);
        }
        const urls = await list.locator('.feed__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.equal(urls.length, start + 60);
        assert.equal(new Set(urls).size, urls.length, 'all distinct');
        const times = await list.evaluateAll((lis) =>
          lis.filter((li) => !li.querySelector('.badge')).map((li) => li.querySelector('time')?.getAttribute('datetime') ?? ''),
        );
        assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
        assert.equal(page.url().endsWith(SEED), true, 'the reader never left the article');
        await page.screenshot({ path: path.join(RESULTS, `${dialect}-engagement.png`), fullPage: true });
      } finally {
        await context.close();
      }
    });

    it('without JavaScript: the vote is a form post that returns to the article, and load more is a link', async () => {
      const context = await browser.newContext({ ...PHONE, baseURL: server.baseUrl, locale: 'zh-CN', javaScriptEnabled: false });
      const page = await context.newPage();
      try {
        await page.goto(SEED);
        await page.locator('#moods button[value="pass"]').click();
        await page.waitForURL(/\?mood=voted#moods$/);
        await page.getByText('感谢参与！你的心情：飘过').waitFor();
        assert.equal(await page.locator('#moods button[value="pass"]').getAttribute('aria-pressed'), 'true');
        await page.getByRole('link', { name: '加载更多' }).click();
        await page.waitForURL(/\/\?after=/);
        assert.equal(await page.locator('.feed__item').count(), 20);
      } finally {
        await context.close();
      }
    });
  });
}
