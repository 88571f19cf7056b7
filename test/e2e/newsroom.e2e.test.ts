/**
 * The newsroom in a real browser: a reporter writes an article with an image and submits
 * it; an editor edits, approves and publishes it; a reader finds it on its channel page
 * and reads it; the editor withdraws it and the reader gets 410. And Chinese input:
 * Pinyin composition driven through Chromium's IME protocol, at the start of an empty
 * paragraph, inside a heading and in the title, never misplaces or duplicates a character.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import sharp from 'sharp';
import { fixedClock } from '../../src/shared/clock.ts';
import { startTestServer, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { browserAvailable, DESKTOP, launchBrowser, cspViolations } from '../helpers/browser.ts';
import { testDialects } from '../helpers/databases.ts';
import { createStaff, PASSWORD, type Staff } from '../helpers/newsroom.ts';

const RESULTS = path.resolve(import.meta.dirname, '../../test-results');
mkdirSync(RESULTS, { recursive: true });

const dialects = browserAvailable('newsroom in Chromium') ? await testDialects('newsroom in Chromium') : [];

/** Types Pinyin the way an IME does: a growing composition, then the chosen characters. */
async function composePinyin(cdp: CDPSession, pinyin: string, result: string): Promise<void> {
  for (let i = 1; i <= pinyin.length; i++) {
    const text = pinyin.slice(0, i);
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  }
  await cdp.send('Input.insertText', { text: result });
}

for (const dialect of dialects) {
  describe(`newsroom in Chromium [${dialect}]`, () => {
    let server: TestApp & { baseUrl: string };
    let browser: Browser;
    let staff: Staff;
    let photo: string;

    before(async () => {
      server = await startTestServer(dialect, { demo: true });
      staff = await createStaff(server.db.database.db, fixedClock(TEST_NOW));
      browser = await launchBrowser();
      photo = path.join(server.config.dataDir, '会场.jpg');
      await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2a6f4e' } }).jpeg().toFile(photo);
    });
    after(async () => {
      const blocked = browser ? [...cspViolations(browser)] : [];
      await browser?.close();
      await server?.close();
      assert.deepEqual(blocked, [], 'the Content-Security-Policy blocked something of ours');
    });

    async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ ...DESKTOP, baseURL: server.baseUrl, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto('/newsroom');
      await page.getByLabel('邮箱').fill(email);
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      return { context, page };
    }

    it('takes an article from a reporter\'s draft to readers, and back off the site', async () => {
      const reporter = await signIn(staff.reporter.email);
      const r = reporter.page;
      await r.getByRole('link', { name: '新建稿件' }).first().click();
      await r.getByLabel('标题').fill('乌鲁木齐冬季供暖保障全面启动');
      await r.getByLabel('摘要').fill('全市供暖设施已完成检修。');
      const body = r.getByRole('textbox', { name: '正文' });
      await body.click();
      await r.keyboard.type('记者从乌鲁木齐市获悉，全市供暖设施已完成检修。');
      await r.getByLabel('频道').selectOption({ label: '　　社会' });
      await r.getByLabel('记者', { exact: true }).fill('小王');

      // An image: upload through the editor's picker, then caption it in place.
      await r.getByRole('button', { name: '插入图片' }).click();
      await r.getByLabel('上传图片').setInputFiles(photo);
      const figure = r.locator('.ed-figure');
      await figure.waitFor();
      await figure.getByLabel('图片说明').fill('供暖站工作人员检查设备');
      await figure.getByLabel('图片说明').press('Tab');
      await r.screenshot({ path: path.join(RESULTS, `${dialect}-newsroom-editor.png`), fullPage: true });
      await r.getByRole('button', { name: '创建' }).click();
      await r.getByText('✓ 已保存').waitFor();
      const articleUrl = r.url().replace(/\?.*$/, '');
      await r.getByRole('button', { name: '提交审核' }).click();
      await r.getByText('✓ 提交审核').waitFor();
      assert.equal(await r.getByRole('button', { name: '立即发布' }).count(), 0, 'reporters never see a publish button');

      const editor = await signIn(staff.editor.email);
      const e = editor.page;
      await e.getByRole('link', { name: '乌鲁木齐冬季供暖保障全面启动' }).first().click();
      await e.getByLabel('标题').fill('乌鲁木齐冬季供暖保障工作全面启动');
      await e.getByLabel('责任编辑').fill('老李');
      await e.getByRole('button', { name: '保存', exact: true }).click();
      await e.getByText('✓ 已保存').waitFor();
      await e.getByRole('button', { name: '审核通过' }).click();
      await e.getByText('已通过全部审核，可以发布').waitFor();
      await e.getByRole('button', { name: '立即发布' }).click();
      await e.getByText('✓ 发布').waitFor();

      const readerContext = await browser.newContext({ ...DESKTOP, baseURL: server.baseUrl });
      const reader = await readerContext.newPage();
      await reader.goto('/local/society/');
      await reader.getByRole('link', { name: '乌鲁木齐冬季供暖保障工作全面启动' }).click();
      await reader.getByRole('heading', { level: 1, name: '乌鲁木齐冬季供暖保障工作全面启动' }).waitFor();
      const publicUrl = reader.url();
      assert.match(publicUrl, /\/2026-11\/30\/c_\d+\.html$/);
      assert.equal(await reader.locator('.article__body picture source[type="image/avif"]').count(), 1);
      assert.equal(await reader.locator('.article__body figcaption').textContent(), '供暖站工作人员检查设备');
      assert.equal(await reader.locator('.article__editor').textContent(), '[ 责编:老李 ]');
      await reader.screenshot({ path: path.join(RESULTS, `${dialect}-newsroom-published.png`), fullPage: true });

      await e.goto(articleUrl);
      e.once('dialog', (d) => void d.accept());
      await e.getByRole('button', { name: '撤稿', exact: true }).click();
      await e.getByText('✓ 撤稿').waitFor();
      // A new reader (the first one's browser may keep its copy for the page's max-age).
      const laterContext = await browser.newContext({ ...DESKTOP, baseURL: server.baseUrl });
      const later = await laterContext.newPage();
      const gone = await later.goto(publicUrl);
      assert.equal(gone?.status(), 410);
      await later.getByRole('heading', { name: '文章已撤稿' }).waitFor();
      await Promise.all([reporter.context.close(), editor.context.close(), readerContext.close(), laterContext.close()]);
    });

    it('keeps Pinyin composition exact in an empty paragraph, a heading and the title', async () => {
      const { context, page } = await signIn(staff.editor.email);
      try {
        await page.goto('/newsroom/articles/new');
        const cdp = await context.newCDPSession(page);
        const body = page.getByRole('textbox', { name: '正文' });
        // The editor keeps an empty paragraph after a final heading (so the caret can leave it); it is not content.
        const html = async () => (await page.locator('textarea[name="bodyHtml"]').inputValue()).replace(/<p><\/p>$/, '');

        // The very start of an empty document: the case other editors get wrong.
        await body.click();
        await composePinyin(cdp, 'zhong', '中');
        await composePinyin(cdp, 'wen', '文');
        assert.equal(await html(), '<p>中文</p>');

        // A new empty paragraph after text.
        await page.keyboard.press('Enter');
        await composePinyin(cdp, 'xinwen', '新闻');
        assert.equal(await html(), '<p>中文</p><p>新闻</p>');

        // Inside a heading, then mid-word: the composition lands at the caret, once.
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: 'H2' }).click();
        await composePinyin(cdp, 'biaoti', '标题');
        await page.keyboard.press('ArrowLeft');
        await composePinyin(cdp, 'da', '大');
        assert.equal(await html(), '<p>中文</p><p>新闻</p><h2>标大题</h2>');
        assert.equal((await body.innerText()).trimEnd(), '中文\n\n新闻\n\n标大题');

        // The title field.
        const title = page.getByLabel('标题');
        await title.click();
        await composePinyin(cdp, 'jintian', '今天');
        await composePinyin(cdp, 'yaowen', '要闻');
        assert.equal(await title.inputValue(), '今天要闻');

        // The counts are Chinese-aware: 7 characters, not 3 "words".
        assert.match((await page.locator('[data-editor-count]').textContent()) ?? '', /^7 字 · 约 1 分钟读完$/);
      } finally {
        await context.close();
      }
    });

    it('in English: formats the body, tags, covers and places an article, and readers get each of them', async () => {
      // The language sticks to the account: a user of its own keeps the other tests in Chinese.
      const { context, page } = await signIn(staff.chief_editor.email);
      try {
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
        await page.getByRole('link', { name: 'New article' }).first().click();
        await page.getByLabel('Title').fill('天山南北冬季旅游热度攀升');
        await page.getByLabel('Summary').fill('冰雪旅游带动当地消费。');
        const body = page.getByRole('textbox', { name: 'Body' });
        await body.click();
        await page.keyboard.type('入冬以来，各地游客明显增多。');
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: 'Quote' }).click();
        await page.keyboard.type('雪季才刚刚开始。');
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: 'Quote' }).click();
        await page.getByRole('button', { name: 'List' }).click();
        await page.keyboard.type('滑雪场');
        await page.keyboard.press('Enter');
        await page.keyboard.type('温泉');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Enter');
        await page.keyboard.type('详见文化和旅游厅通报');
        for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+ArrowLeft');
        page.once('dialog', (d) => void d.accept('https://example.com/notice'));
        await page.getByRole('button', { name: 'Link' }).click();
        // The prompt answered and the link made, then off the selection, or the image below
        // would take the linked words' place.
        await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('textarea[name="bodyHtml"]')?.value.includes('href="https://example.com/notice"'));
        await page.keyboard.press('End');
        await page.waitForFunction(() => window.getSelection()?.isCollapsed === true);

        await page.getByLabel('Channel').selectOption({ label: '　　社会' });
        await page.getByLabel('Tags').fill('冬季旅游，冰雪');
        await page.getByRole('button', { name: 'Insert image' }).click();
        await page.getByLabel('Upload an image').setInputFiles(photo);
        await page.locator('.ed-figure').waitFor();
        const media = await server.db.database.db.selectFrom('media').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
        await page.getByLabel('Cover image').fill(String(media.id));
        await page.getByLabel('Visual focus').check();

        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByText('✓ Saved').waitFor();
        await page.getByRole('button', { name: 'Submit for review' }).click();
        await page.getByRole('button', { name: 'Approve' }).click();
        await page.getByText('Approved by every stage; ready to publish').waitFor();
        await page.getByRole('button', { name: 'Publish now' }).click();
        await page.getByText('✓ Publish').waitFor();

        const row = await server.db.database.db.selectFrom('articles').select(['id', 'body_html', 'published_at']).where('title', '=', '天山南北冬季旅游热度攀升').executeTakeFirstOrThrow();
        const reader = await browser.newContext({ ...DESKTOP, baseURL: server.baseUrl });
        const r = await reader.newPage();
        await r.goto('/');
        const slide = r.locator('.focus__slide', { hasText: '天山南北冬季旅游热度攀升' });
        assert.equal(await slide.count(), 1, 'the home carousel shows it, as placed');
        await slide.locator('a').first().click();
        await r.getByRole('heading', { level: 1, name: '天山南北冬季旅游热度攀升' }).waitFor();
        assert.match(r.url(), new RegExp(`/c_${row.id}\\.html$`));
        assert.equal(await r.locator('.article__body blockquote').textContent(), '雪季才刚刚开始。');
        assert.deepEqual(await r.locator('.article__body ul li').allTextContents(), ['滑雪场', '温泉']);
        assert.equal(await r.locator('.article__body a[href="https://example.com/notice"]').textContent(), '通报');
        const ld = JSON.parse((await r.locator('script[type="application/ld+json"]').first().textContent()) ?? '{}') as { keywords?: string; image?: unknown };
        assert.equal(ld.keywords, '冬季旅游,冰雪');
        assert.ok(ld.image, 'the cover is the share image');
        assert.match((await r.locator('meta[property="og:image"]').getAttribute('content')) ?? '', /\/media\//);
        await reader.close();
      } finally {
        await context.close();
      }
    });

    it('cleans what is pasted from Word and WeChat', async () => {
      const { context, page } = await signIn(staff.editor.email);
      try {
        await page.goto('/newsroom/articles/new');
        const body = page.getByRole('textbox', { name: '正文' });
        await body.click();
        const pasted =
          '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body><!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->' +
          '<p class="MsoNormal" style="mso-line-height-rule:exactly"><span style="font-family:宋体">第一段。<o:p></o:p></span></p><p class="MsoNormal">&nbsp;<o:p></o:p></p>' +
          '<section style="margin:0 8px"><span style="color:rgb(62,62,62)">微信的第二段。</span></section><script>alert(1)</script></body></html>';
        await page.evaluate((html) => {
          const data = new DataTransfer();
          data.setData('text/html', html);
          data.setData('text/plain', '第一段。微信的第二段。');
          document.querySelector('.ed-content')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }, pasted);
        assert.equal(await page.locator('textarea[name="bodyHtml"]').inputValue(), '<p>第一段。</p><p>微信的第二段。</p>');
      } finally {
        await context.close();
      }
    });
  });
}
