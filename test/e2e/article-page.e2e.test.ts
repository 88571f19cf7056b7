/**
 * The seed article in a real browser, at phone and desktop widths, with and without
 * JavaScript, inside and outside WeChat: every block of 1–9 checked, the fold unfolded,
 * screenshots saved under test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseCapture } from '../../src/importers/capture/parse-capture.ts';
import { startTestServer, type TestApp } from '../helpers/app.ts';
import { browserAvailable, DESKTOP, launchBrowser, PHONE, WECHAT_PHONE, cspViolations } from '../helpers/browser.ts';
import { testDialects } from '../helpers/databases.ts';
import { seedCaptureText } from '../helpers/seed.ts';

const RESULTS = path.resolve(import.meta.dirname, '../../test-results');
mkdirSync(RESULTS, { recursive: true });
const parsed = parseCapture(seedCaptureText(), { timeZone: 'Asia/Shanghai' });
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const seed = parsed.capture;
const SEED_PATH = '/2026-01/06/c_1.html';

const dialects = browserAvailable('article page in Chromium') ? await testDialects('article page in Chromium') : [];

async function readingBarShown(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const bar = document.querySelector('.reading-bar');
    if (!bar) return false;
    const style = getComputedStyle(bar);
    return style.visibility === 'visible' && bar.getBoundingClientRect().bottom > 0;
  });
}

/**
 * Polls from the test side: waitForFunction needs the page's own script timers, and the
 * no-JavaScript page has none. The bar changes within a frame or two of scrolling.
 */
async function waitForReadingBar(page: Page, shown: boolean): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if ((await readingBarShown(page)) === shown) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the reading bar did not become ${shown ? 'visible' : 'hidden'}`);
}

async function scrollToFooter(page: Page): Promise<void> {
  await page.locator('.site-footer').scrollIntoViewIfNeeded();
}

for (const dialect of dialects) {
  describe(`seed article in Chromium [${dialect}]`, () => {
    let server: TestApp & { baseUrl: string };
    let browser: Browser;
    before(async () => {
      server = await startTestServer(dialect, { demo: true });
      browser = await launchBrowser();
    });
    after(async () => {
      const blocked = browser ? [...cspViolations(browser)] : [];
      await browser?.close();
      await server?.close();
      assert.deepEqual(blocked, [], 'the Content-Security-Policy blocked something of ours');
    });

    async function open(options: Parameters<Browser['newContext']>[0]): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ ...options, baseURL: server.baseUrl, locale: 'zh-CN' });
      const page = await context.newPage();
      const res = await page.goto(SEED_PATH);
      assert.equal(res?.status(), 200);
      return { context, page };
    }

    it('on a phone: every block, the reading bar, share, and the fold unfolding', async () => {
      const { context, page } = await open(PHONE);
      try {
        // Landmarks and the breadcrumb.
        await page.getByRole('banner').waitFor();
        await page.getByRole('contentinfo').waitFor();
        const crumbs = page.getByRole('navigation', { name: '当前位置' });
        assert.deepEqual(await crumbs.getByRole('listitem').allInnerTexts(), ['首页', '地方频道', '社会', '正文']);
        for (const href of await crumbs.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
          assert.equal((await page.request.get(href ?? '')).status(), 200, href ?? '');
        }

        // Title, source and time, body, credit, editor in charge.
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), seed.title);
        assert.equal(await page.locator('.article__meta').textContent(), '来源:新疆日报2026-01-06 13:25');
        assert.deepEqual(await page.locator('.article__body p').allTextContents(), seed.paragraphs);
        assert.equal(await page.locator('.article__credit').textContent(), '(石榴云/新疆日报记者 刘翔)');
        assert.equal(await page.locator('.article__editor').textContent(), '[ 责编:王宏泽 ]');

        assert.equal(await readingBarShown(page), false);

        // Share: the browser's panel with the link and a copy button; the QR code is for desktops.
        await page.getByText('分享', { exact: true }).click();
        await page.getByText('请使用浏览器分享功能进行分享').waitFor();
        assert.equal(await page.getByLabel('本文链接').inputValue(), `${server.baseUrl}${SEED_PATH}`);
        await page.getByRole('button', { name: '复制链接' }).waitFor();
        assert.equal(await page.locator('.share__qr').isVisible(), false);
        await page.keyboard.press('Escape');

        // The fold: the text is clipped until 阅读剩余全文 is pressed.
        const content = page.locator('.fold__content');
        const clipped = () => content.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
        assert.equal(await clipped(), true);
        const more = page.getByRole('button', { name: '阅读剩余全文' });
        assert.equal(await more.getAttribute('aria-expanded'), 'false');
        await more.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(RESULTS, `${dialect}-phone-folded.png`), fullPage: true });
        await more.click();
        await more.waitFor({ state: 'detached' });
        assert.equal(await clipped(), false);
        assert.equal(await content.evaluate((el) => el === document.activeElement), true);
        await page.locator('.article__editor').scrollIntoViewIfNeeded();
        assert.equal(await page.locator('.article__editor').isVisible(), true);
        await page.screenshot({ path: path.join(RESULTS, `${dialect}-phone-unfolded.png`), fullPage: true });

        // The reading bar appears only once the headline has scrolled away, and goes when it is back.
        await scrollToFooter(page);
        await waitForReadingBar(page, true);
        assert.equal(await page.locator('.reading-bar').innerText(), `正在阅读:${seed.title}`);
        await page.screenshot({ path: path.join(RESULTS, `${dialect}-phone-reading-bar.png`) });
        await page.locator('h1').scrollIntoViewIfNeeded();
        await waitForReadingBar(page, false);
      } finally {
        await context.close();
      }
    });

    it('on a desktop: no fold, and the share panel carries a QR code', async () => {
      const { context, page } = await open(DESKTOP);
      try {
        assert.equal(await page.getByRole('button', { name: '阅读剩余全文' }).isVisible(), false);
        assert.equal(await page.locator('.fold__content').evaluate((el) => el.scrollHeight <= el.clientHeight + 1), true);
        await page.getByText('分享', { exact: true }).click();
        await page.locator('.share__qr svg').waitFor({ state: 'visible' });
        await page.getByText('手机扫码阅读').waitFor();
        await page.screenshot({ path: path.join(RESULTS, `${dialect}-desktop.png`), fullPage: true });
      } finally {
        await context.close();
      }
    });

    it('inside WeChat: share points at the top-right menu, and a tap closes it', async () => {
      const { context, page } = await open(WECHAT_PHONE);
      try {
        await page.getByText('分享', { exact: true }).click();
        const guide = page.locator('.wechat-guide');
        await guide.waitFor({ state: 'visible' });
        assert.match((await guide.innerText()).replace(/\s+/g, ''), /点击右上角.*微信好友朋友圈/);
        await page.screenshot({ path: path.join(RESULTS, `${dialect}-wechat-share.png`) });
        await guide.click();
        await guide.waitFor({ state: 'hidden' });
      } finally {
        await context.close();
      }
    });

    it('without JavaScript: the fold, share panel and reading bar still work', async () => {
      const { context, page } = await open({ ...PHONE, javaScriptEnabled: false });
      try {
        const content = page.locator('.fold__content');
        assert.equal(await content.evaluate((el) => el.scrollHeight > el.clientHeight + 1), true);
        await page.locator('label[for="fold-toggle"]').click();
        assert.equal(await content.evaluate((el) => el.scrollHeight <= el.clientHeight + 1), true);
        assert.equal(await page.locator('label[for="fold-toggle"]').isVisible(), false);

        await page.getByText('分享', { exact: true }).click();
        await page.getByLabel('本文链接').waitFor({ state: 'visible' });

        assert.equal(await readingBarShown(page), false);
        await scrollToFooter(page);
        await waitForReadingBar(page, true);
        await page.screenshot({ path: path.join(RESULTS, `${dialect}-phone-nojs.png`) });
      } finally {
        await context.close();
      }
    });

    it('the fold can be opened from the keyboard', async () => {
      const { context, page } = await open(PHONE);
      try {
        const more = page.getByRole('button', { name: '阅读剩余全文' });
        await more.focus();
        await page.keyboard.press('Enter');
        await more.waitFor({ state: 'detached' });
        assert.equal(await page.locator('.fold__content').evaluate((el) => el.scrollHeight <= el.clientHeight + 1), true);
      } finally {
        await context.close();
      }
    });
  });
}
