/**
 * Hostile captures through the importer (runImport, what `masthead import` runs). Captures
 * are text, not HTML (the format of shared/seed), so markup, XML entities and lying charset
 * declarations arrive as lines of text: they must be stored and shown as text, never
 * parsed, expanded or obeyed. Encodings are the operator's to name; a wrong one, an empty
 * or oversized file, or one bad file in a batch is refused by name and writes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { MAX_CAPTURE_BYTES, runImport, type ImportRun } from '../../src/cli/import-command.ts';
import { articlePath } from '../../src/features/articles/article-path.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase, testDialects } from '../helpers/databases.ts';
import { seedCaptureText } from '../helpers/seed.ts';
import { dumpTables } from '../helpers/tables.ts';

const dialects = await testDialects('hostile captures');
const UTF8 = { encoding: 'utf-8', timeZone: 'Asia/Shanghai' };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'masthead-hostile-capture-'));
const SCRIPT = '<script>alert(1)</script>';
const XXE_DOCTYPE = '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
const LAUGHS_DOCTYPE = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  '<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
  ']>',
];

interface CaptureParts {
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly head?: readonly string[];
  readonly crumbs?: string;
  readonly source?: string;
  readonly credit?: string;
  readonly editor?: string;
  readonly briefs?: ReadonlyArray<readonly [summary: string, at: string]>;
}

/** A capture in the seed's format: reading bar, breadcrumb, headline, 来源 line, paragraphs, credit, 责编, 推荐阅读. */
function capture(c: CaptureParts): string {
  return [
    ...(c.head ?? ['点击右上角微信好友', '']),
    `正在阅读:${c.title}`,
    c.crumbs ?? '首页> 安全测试> 导入 > 正文',
    '',
    c.title,
    '',
    `来源:${c.source ?? '测试日报'}2026-01-06 13:25`,
    '',
    ...c.paragraphs.flatMap((p) => [`  ${p}`, '']),
    `(${c.credit ?? '记者 张三'})`,
    `[ 责编:${c.editor ?? '李四'} ]`,
    '',
    '推荐阅读',
    ...(c.briefs ?? []).flatMap(([summary, at]) => [summary, at]),
    '加载更多',
    '',
  ].join('\n');
}

function write(name: string, data: string | Buffer): string {
  const file = path.join(tmp, name);
  writeFileSync(file, data);
  return file;
}

/** GBK/GB18030 bytes for text, built from the platform's own decoder (Node has no encoder for them). */
class GbEncoder {
  private readonly pairs = new Map<string, Buffer>();

  constructor() {
    const decoder = new TextDecoder('gb18030', { fatal: true });
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const bytes = Buffer.from([lead, trail]);
        try {
          const ch = decoder.decode(bytes);
          if (!this.pairs.has(ch)) this.pairs.set(ch, bytes);
        } catch {
          // Not a character in GBK's two-byte table.
        }
      }
    }
  }

  /** gbk: one- and two-byte sequences only; gb18030 adds the four-byte ones for characters beyond the BMP. */
  encode(text: string, encoding: 'gbk' | 'gb18030'): Buffer {
    const out: Buffer[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x80) out.push(Buffer.from([cp]));
      else if (this.pairs.has(ch)) out.push(this.pairs.get(ch)!);
      else if (encoding === 'gb18030' && cp >= 0x10000) {
        let linear = cp - 0x10000 + 189_000;
        const b4 = 0x30 + (linear % 10);
        linear = Math.floor(linear / 10);
        const b3 = 0x81 + (linear % 126);
        linear = Math.floor(linear / 126);
        out.push(Buffer.from([0x81 + Math.floor(linear / 10), 0x30 + (linear % 10), b3, b4]));
      } else throw new Error(`${ch} (U+${cp.toString(16)}) is not in ${encoding} here`);
    }
    const bytes = Buffer.concat(out);
    assert.equal(new TextDecoder('gb18030', { fatal: true }).decode(bytes), text, 'the fixture round-trips');
    return bytes;
  }
}

for (const dialect of dialects) {
  describe(`hostile captures [${dialect}]`, () => {
    let t: TestApp;
    let gb: GbEncoder;

    before(async () => {
      t = await createTestApp(dialect);
      gb = new GbEncoder();
    });
    after(() => t.close());

    const db = () => t.db.database.db;
    const run = (files: string[], opts = UTF8) => runImport(db(), t.clock, files, opts);

    /** Every row the importer could write; read counts from pages opened earlier are flushed on a timer, so they are left out. */
    async function rows() {
      const { article_views: _views, view_daily: _daily, ...rest } = await dumpTables(db());
      return rest;
    }

    function imported(result: ImportRun) {
      assert.ok(result.ok, result.ok ? '' : result.problems.join('\n'));
      const [first] = result.results;
      assert.ok(first);
      return first;
    }

    async function stored(id: number) {
      return db().selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    }

    /** The article page and the API answer, with what the checks need. */
    async function rendered(id: number, publishedAt: Date) {
      const page = await t.app.inject({ url: articlePath(id, publishedAt, t.config.site.timeZone) });
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const apiRes = await t.app.inject({ url: `/api/v1/articles/${id}` });
      assert.equal(apiRes.statusCode, 200, apiRes.body.slice(0, 300));
      return { $: cheerio.load(page.body), html: page.body, api: apiRes.json() as { title: string; bodyHtml: string; source: string | null; editorInCharge: string | null } };
    }

    /** Markup that would run: scripts (other than JSON-LD data), event handlers, javascript: URLs. */
    function assertInert($: cheerio.CheerioAPI, where: string): void {
      $('script').each((_, el) => {
        const type = $(el).attr('type');
        if (type === 'application/ld+json') {
          assert.doesNotThrow(() => JSON.parse($(el).text()), `${where}: JSON-LD still parses`);
        } else {
          assert.doesNotMatch($(el).text(), /alert\(/, `${where}: a script runs the payload`);
          assert.ok(!$(el).attr('src') || !/^(javascript|data):/i.test($(el).attr('src')!), `${where}: script src`);
        }
      });
      $('*').each((_, el) => {
        for (const [name, value] of Object.entries((el as { attribs?: Record<string, string> }).attribs ?? {})) {
          assert.ok(!/^on/i.test(name) || !/alert/.test(value), `${where}: <${(el as { name?: string }).name} ${name}="${value}">`);
          if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)) assert.doesNotMatch(value, /^\s*javascript:/i, `${where}: ${name}="${value}"`);
        }
      });
    }

    function bodyDom(bodyHtml: string) {
      return cheerio.load(`<div id="b">${bodyHtml}</div>`);
    }

    it('stores markup in a capture (unclosed tags, scripts in paragraphs, event handlers) as inert text, and shows it as text', async () => {
      const title = `标题里的${SCRIPT}<img src=x onerror=alert(1)>`;
      const paragraphs = [
        '第一段<b>没有闭合的粗体<i>和斜体',
        `段落中间的脚本${SCRIPT}还在继续`,
        '<img src=x onerror=alert(1)>图片事件',
        '<a href="javascript:alert(1)">链接</a></p></div><script>alert(1)</script><p>',
        '<svg onload=alert(1)><iframe src="javascript:alert(1)"></iframe><!-- 注释',
        '<style>body{display:none}</style><form action="javascript:alert(1)"><button>提交</button>',
      ];
      const file = write('markup.txt', capture({
        title,
        paragraphs,
        source: `<b onmouseover=alert(1)>报社</b>`,
        credit: '记者 <script>alert(1)</script>',
        editor: '<img src=x onerror=alert(1)>',
        briefs: [[`简讯${SCRIPT}<img src=x onerror=alert(1)>`, '2026-01-05 10:00']],
      }));
      const r = imported(await run([file]));
      const row = await stored(r.article.id);
      assert.equal(row.title, title, 'the headline is kept as the text it is');

      const body = bodyDom(row.body_html);
      assert.equal(body('#b script, #b img, #b svg, #b iframe, #b style, #b form, #b a, #b b, #b i').length, 0, `no element from the capture: ${row.body_html}`);
      assert.deepEqual(body('#b > p').map((_, p) => body(p).text()).get(), paragraphs, 'every paragraph is its own text');
      assertInert(body, 'stored body');

      const { $, api } = await rendered(r.article.id, r.article.publishedAt);
      assertInert($, 'article page');
      assert.equal($('.article__title').text().trim(), title);
      assert.equal($('.article__body img, .article__body svg, .article__body iframe, .article__body form').length, 0);
      assert.ok($('.article__body').text().includes('段落中间的脚本<script>alert(1)</script>还在继续'), 'the script is shown as text');
      assert.equal(api.title, title);
      assertInert(bodyDom(api.bodyHtml), 'API bodyHtml');
      assert.equal(api.editorInCharge, '<img src=x onerror=alert(1)>');

      const brief = await db().selectFrom('articles').selectAll().where('kind', '=', 'brief').where('summary', 'like', '简讯%').executeTakeFirstOrThrow();
      assert.equal(bodyDom(brief.body_html)('#b img, #b script').length, 0);
      const home = cheerio.load((await t.app.inject({ url: '/' })).body);
      assertInert(home, 'home page with the brief');
    });

    it('reads a GBK capture named with --encoding gbk', async () => {
      const title = '广州：“读懂中国”国际会议开幕';
      const text = capture({ title, paragraphs: ['会议于周三在广州开幕，来自三十多个国家的学者出席。'], crumbs: '首页> 编码> 国标 > 正文' });
      const file = write('gbk.txt', gb.encode(text, 'gbk'));
      assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)), 'the fixture is not UTF-8');
      const r = imported(await run([file], { ...UTF8, encoding: 'gbk' }));
      const row = await stored(r.article.id);
      assert.equal(row.title, title);
      assert.match(row.body_html, /来自三十多个国家的学者出席/);
    });

    it('reads a GB18030 capture with characters beyond GBK (𠮷, emoji) named with --encoding gb18030', async () => {
      const title = '𠮷野家推出新早餐😀';
      const paragraph = '顾客在𠮷野家门店排队，笑脸😀和国旗🇨🇳刷屏。';
      const file = write('gb18030.txt', gb.encode(capture({ title, paragraphs: [paragraph], crumbs: '首页> 编码> 扩展 > 正文', editor: '𠮷田' }), 'gb18030'));
      const r = imported(await run([file], { ...UTF8, encoding: 'gb18030' }));
      const row = await stored(r.article.id);
      assert.equal(row.title, title);
      assert.equal(bodyDom(row.body_html)('#b p').text(), paragraph);
      const { $ } = await rendered(r.article.id, r.article.publishedAt);
      assert.equal($('.article__title').text().trim(), title);
    });

    it('refuses a GBK capture read as UTF-8 by name, and writes nothing', async () => {
      const file = write('gbk-as-utf8.txt', gb.encode(capture({ title: '按错编码读取的稿件', paragraphs: ['这一段是国标码。'] }), 'gbk'));
      const before = await rows();
      const result = await run([file]);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.problems.some((p) => p.startsWith(`${file}: `) && /not valid utf-8/.test(p) && /gb18030/.test(p)), JSON.stringify(result));
      assert.deepEqual(await rows(), before);
    });

    it('trusts the operator, not a charset the capture declares: a UTF-8 file claiming GBK reads as UTF-8, and read as GBK is refused', async () => {
      const title = '声明与实际不符的编码';
      const head = ['<?xml version="1.0" encoding="GBK"?>', '<meta charset="gbk">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', ''];
      const file = write('lying-charset.txt', capture({ title, head, paragraphs: ['正文是UTF-8，声明却是GBK。'] }));
      const before = await rows();
      const asGbk = await run([file], { ...UTF8, encoding: 'gbk' });
      assert.equal(asGbk.ok, false, 'UTF-8 bytes read as GBK do not make a capture');
      assert.ok(!asGbk.ok && asGbk.problems.every((p) => p.startsWith(`${file}: `)), JSON.stringify(asGbk));
      assert.deepEqual(await rows(), before, 'nothing written');

      const r = imported(await run([file]));
      assert.equal((await stored(r.article.id)).title, title);
    });

    it('drops a UTF-8 byte-order mark: no stored text begins with U+FEFF', async () => {
      // The breadcrumb first, into an empty database: its first level names the new root channel.
      const text = capture({ title: '带字节顺序标记的稿件', head: [], paragraphs: ['第一段。'], crumbs: '要闻> 字节序 > 正文' });
      const file = write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/^正在阅读[^\n]*\n/, ''))]));
      const fresh = await createTestDatabase(dialect);
      try {
        const r = imported(await runImport(fresh.database.db, t.clock, [file], UTF8));
        const root = await fresh.database.db.selectFrom('channels').select('name').where('path', '=', '').executeTakeFirstOrThrow();
        assert.equal(root.name, '要闻');
        assert.doesNotMatch(JSON.stringify(await dumpTables(fresh.database.db)), /\uFEFF/, 'no BOM anywhere in the database');
        assert.equal((await fresh.database.db.selectFrom('articles').select('title').where('id', '=', r.article.id).executeTakeFirstOrThrow()).title, '带字节顺序标记的稿件');
      } finally {
        await fresh.destroy();
      }
    });

    it('never reads a file named by an XML external entity: &xxe; stays text, and the file does not appear', async () => {
      const passwd = readFileSync('/etc/passwd', 'utf8');
      const firstLine = passwd.split('\n')[0] ?? '';
      assert.ok(firstLine.length > 5, 'the fixture has something to leak');
      const title = '外部实体&xxe;测试';
      const file = write('xxe.txt', capture({
        title,
        head: [XXE_DOCTYPE, '<foo>&xxe;</foo>', ''],
        paragraphs: [XXE_DOCTYPE, '内容：&xxe;', '<![CDATA[&xxe;]]>'],
        source: '&xxe;',
        editor: '&xxe;',
        briefs: [['简讯&xxe;', '2026-01-05 11:00']],
      }));
      const r = imported(await run([file]));
      const dump = JSON.stringify(await dumpTables(db()));
      assert.ok(!dump.includes(firstLine), 'no line of /etc/passwd in the database');
      assert.ok(!dump.includes('root:x:0:0'));
      assert.equal((await stored(r.article.id)).title, title);
      const { $, html, api } = await rendered(r.article.id, r.article.publishedAt);
      assert.ok(!html.includes(firstLine) && !JSON.stringify(api).includes(firstLine), 'nor on the page or in the API');
      assert.equal($('.article__title').text().trim(), title, '&xxe; is shown as the text it is');
      assert.ok($('.article__body').text().includes('内容：&xxe;'));
    });

    it('never expands a billion-laughs entity: the stored text is no bigger than the capture', async () => {
      const title = '实体炸弹&lol9;';
      const paragraphs = [...LAUGHS_DOCTYPE, '<lolz>&lol9;&lol9;&lol9;</lolz>'];
      const text = capture({ title, head: [...LAUGHS_DOCTYPE, ''], paragraphs, source: '&lol9;' });
      const file = write('laughs.txt', text);
      const r = imported(await run([file]));
      const row = await stored(r.article.id);
      assert.equal(row.title, title);
      // Escaping turns each & into &amp; (5 characters): more than that means something expanded.
      assert.ok(row.body_html.length < text.length * 5, `${row.body_html.length} characters stored from ${text.length}`);
      assert.equal((row.body_html.match(/lol/g) ?? []).length, (paragraphs.join('\n').match(/lol/g) ?? []).length, 'every "lol" is one the capture wrote');
      const { $, html } = await rendered(r.article.id, r.article.publishedAt);
      assert.ok(html.length < 1_000_000, `the page is ${html.length} characters`);
      assert.equal($('.article__title').text().trim(), title);
    });

    it('refuses an empty file, and one of only a BOM and blank lines, by name', async () => {
      const empty = write('empty.txt', '');
      const blank = write('blank.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n\r\n  \u3000\n')]));
      const before = await rows();
      const result = await run([empty, blank]);
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      for (const file of [empty, blank]) assert.ok(result.problems.some((p) => p.startsWith(`${file}: `) && /breadcrumb/.test(p)), `${file}: ${result.problems.join('\n')}`);
      assert.deepEqual(await rows(), before);
    });

    it('refuses a 10 MB capture by name with its size, before reading it, and writes nothing', async () => {
      const paragraph = '援疆骨干带着党中央的期望与重托，接过援疆接力棒，开启光荣征程。';
      const paragraphs = Array.from({ length: Math.ceil(10e6 / Buffer.byteLength(`  ${paragraph}\n\n`)) }, () => paragraph);
      const file = write('ten-mb.txt', capture({ title: '一千万字节的稿件', paragraphs }));
      assert.ok(readFileSync(file).length >= 10e6 && readFileSync(file).length > MAX_CAPTURE_BYTES);
      const before = await rows();
      const result = await run([file]);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.problems.length === 1 && result.problems[0]!.startsWith(`${file}: `) && /9\.\d MB|10\.\d MB/.test(result.problems[0]!) && /at most 2 MB/.test(result.problems[0]!), JSON.stringify(!result.ok && result.problems));
      assert.deepEqual(await rows(), before);
    });

    it('writes nothing from a batch whose last file is malformed', async () => {
      const good = write('batch-good-1.txt', capture({ title: '批次中的好稿一', paragraphs: ['好的。'], crumbs: '首页> 批次 > 正文' }));
      const good2 = write('batch-good-2.txt', seedCaptureText().replaceAll('第十二批', '第二十批'));
      const text = capture({ title: '批次中的坏稿', paragraphs: ['坏的。'] });
      const bad = write('batch-bad.txt', text.slice(0, text.indexOf('[ 责编')));
      const before = await rows();
      const result = await run([good, good2, bad]);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.problems.length > 0 && result.problems.every((p) => p.startsWith(`${bad}: `)), JSON.stringify(result));
      assert.deepEqual(await rows(), before);
    });

    it('writes nothing from a batch whose last file parses but is refused on writing (a 300-character headline)', async () => {
      const good = write('write-good.txt', capture({ title: '写入批次中的好稿', paragraphs: ['好的。'], crumbs: '首页> 写入 > 正文' }));
      const long = write('write-long-title.txt', capture({ title: '长'.repeat(300), paragraphs: ['标题太长。'] }));
      const before = await rows();
      const result = await run([good, long]);
      assert.equal(result.ok, false, 'refused');
      assert.ok(!result.ok && result.problems.some((p) => p.startsWith(`${long}: `) && /title/.test(p)), JSON.stringify(result));
      assert.deepEqual(await rows(), before, 'not even the good capture before it');
    });
  });
}
