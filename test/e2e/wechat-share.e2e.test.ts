/**
 * The WeChat share card in a real browser: with an official account configured, a reader
 * inside WeChat gets the JS-SDK configured with our signature and a card made from the
 * page's Open Graph tags; any other browser loads nothing from WeChat. The SDK itself is
 * WeChat's: the test stands a recorder in for it at its address.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestApp } from '../helpers/app.ts';
import { browserAvailable, cspViolations, launchBrowser, PHONE, WECHAT_PHONE } from '../helpers/browser.ts';
import { testDialects } from '../helpers/databases.ts';

const dialects = browserAvailable('WeChat share card in Chromium') ? await testDialects('WeChat share card in Chromium') : [];
const SEED_PATH = '/2026-01/06/c_1.html';
const APP_ID = 'wx0123456789abcdef';
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';

/** Stands in for jweixin: records what the page asks of it. */
const RECORDER = `window.wx = {
  calls: [],
  config(options) { this.calls.push(['config', options]); },
  ready(fn) { this.calls.push(['ready']); setTimeout(fn, 0); },
  updateAppMessageShareData(data) { this.calls.push(['appMessage', data]); },
  updateTimelineShareData(data) { this.calls.push(['timeline', data]); },
};`;

interface Recorded {
  sdkRequests: string[];
  signatureRequests: string[];
}

async function open(browser: Browser, server: TestApp & { baseUrl: string }, device: object): Promise<{ context: BrowserContext; page: Page; recorded: Recorded; calls: () => Promise<unknown[][]> }> {
  const context = await browser.newContext({ ...device, baseURL: server.baseUrl });
  const recorded: Recorded = { sdkRequests: [], signatureRequests: [] };
  await context.route('https://res.wx.qq.com/**', async (route) => {
    recorded.sdkRequests.push(route.request().url());
    await route.fulfill({ contentType: 'application/javascript', body: RECORDER });
  });
  context.on('request', (req) => {
    if (req.url().includes('/api/v1/wechat/signature')) recorded.signatureRequests.push(req.url());
  });
  const page = await context.newPage();
  // Every request the page's scripts make, the signature and the SDK included, has been made.
  await page.goto(SEED_PATH, { waitUntil: 'networkidle' });
  return { context, page, recorded, calls: () => page.evaluate(() => (window as unknown as { wx?: { calls: unknown[][] } }).wx?.calls ?? []) };
}

for (const dialect of dialects) {
  describe(`WeChat share card in Chromium [${dialect}]`, () => {
    let server: TestApp & { baseUrl: string };
    let browser: Browser;
    before(async () => {
      server = await startTestServer(dialect, {
        demo: true,
        env: { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: 'not-a-real-secret' },
        fetch: async (url) => ({
          ok: true,
          json: async () => (url.includes('/cgi-bin/token?') ? { access_token: 'ACCESS', expires_in: 7200 } : { errcode: 0, errmsg: 'ok', ticket: TICKET, expires_in: 7200 }),
        }),
      });
      browser = await launchBrowser();
    });
    after(async () => {
      const blocked = browser ? [...cspViolations(browser)] : [];
      await browser?.close();
      await server?.close();
      assert.deepEqual(blocked, [], 'the Content-Security-Policy blocked something of ours');
    });

    it('inside WeChat: configures the JS-SDK with our signature and shares the page\'s own card', async () => {
      const { context, page, recorded, calls } = await open(browser, server, WECHAT_PHONE);
      try {
        // The card is set once the SDK says it is ready.
        await page.waitForFunction(() => (window as unknown as { wx?: { calls: unknown[][] } }).wx?.calls.some(([name]) => name === 'timeline'));
        const seen = await calls();
        assert.deepEqual(recorded.sdkRequests, ['https://res.wx.qq.com/open/js/jweixin-1.6.0.js']);
        assert.equal(recorded.signatureRequests.length, 1);

        const config = seen.find(([name]) => name === 'config')?.[1] as { appId: string; timestamp: number; nonceStr: string; signature: string; jsApiList: string[] };
        assert.equal(config.appId, APP_ID);
        assert.deepEqual(config.jsApiList, ['updateAppMessageShareData', 'updateTimelineShareData']);
        const pageUrl = `${server.baseUrl}${SEED_PATH}`;
        const expected = createHash('sha1').update(`jsapi_ticket=${TICKET}&noncestr=${config.nonceStr}&timestamp=${config.timestamp}&url=${pageUrl}`).digest('hex');
        assert.equal(config.signature, expected, 'signed for this very page with the ticket');

        const card = seen.find(([name]) => name === 'appMessage')?.[1] as { title: string; desc: string; link: string; imgUrl: string };
        assert.equal(card.title, '第十二批省市错时轮换援疆骨干——“既然来了,就把根扎深、事办实!”');
        assert.equal(card.link, pageUrl, 'the canonical address');
        assert.ok(card.desc.length > 0, 'the summary');
        const timeline = seen.find(([name]) => name === 'timeline')?.[1] as { title: string; link: string };
        assert.deepEqual({ title: timeline.title, link: timeline.link }, { title: card.title, link: card.link });
      } finally {
        await context.close();
      }
    });

    it('in any other browser: asks WeChat for nothing', async () => {
      const { context, recorded, calls } = await open(browser, server, PHONE);
      try {
        assert.deepEqual(recorded.sdkRequests, []);
        assert.deepEqual(recorded.signatureRequests, []);
        assert.deepEqual(await calls(), []);
      } finally {
        await context.close();
      }
    });
  });
}
