import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedCaptureText } from '../../../test/helpers/seed.ts';
import { decodeCapture, DecodeError } from './decode.ts';
import { parseCapture, reportersFromCredit } from './parse-capture.ts';

const TZ = 'Asia/Shanghai';
const seed = seedCaptureText();

function parseOk(text: string) {
  const r = parseCapture(text, { timeZone: TZ });
  if (!r.ok) assert.fail(`expected a capture, got problems: ${r.problems.join('; ')}`);
  return r.capture;
}

function problemsOf(text: string): readonly string[] {
  const r = parseCapture(text, { timeZone: TZ });
  assert.equal(r.ok, false, 'expected the capture to be refused');
  return r.ok ? [] : r.problems;
}

describe('parseCapture on the reference capture', () => {
  const c = parseOk(seed);

  it('reads the channel path from the breadcrumb', () => {
    assert.equal(c.rootName, '首页');
    assert.deepEqual(c.channelNames, ['地方频道', '社会']);
  });

  it('reads the headline, source and Beijing time exactly', () => {
    assert.equal(c.title, '第十二批省市错时轮换援疆骨干——“既然来了,就把根扎深、事办实!”');
    assert.equal(c.source, '新疆日报');
    assert.equal(c.publishedAt.toISOString(), '2026-01-06T05:25:00.000Z');
  });

  it('reads every paragraph, without indentation, and nothing else', () => {
    assert.equal(c.paragraphs.length, 18);
    assert.equal(c.paragraphs[0]?.slice(0, 10), '山海深情,跨越万里。');
    assert.equal(c.paragraphs.at(-1)?.slice(-10), '一步步变成美好现实。');
    assert.ok(c.paragraphs.includes('……'));
    assert.ok(c.paragraphs.every((p) => p === p.trim() && !p.startsWith('(')));
  });

  it('reads the credit, its reporters and the editor in charge', () => {
    assert.equal(c.credit, '石榴云/新疆日报记者 刘翔');
    assert.deepEqual(c.reporters, ['刘翔']);
    assert.equal(c.editorInCharge, '王宏泽');
  });

  it('reads the 20 recommended items with their times', () => {
    assert.equal(c.briefs.length, 20);
    assert.equal(c.briefs[0]?.summary, '我国生成式人工智能用户规模和普及率快速提升。');
    assert.equal(c.briefs[0]?.publishedAt.toISOString(), '2026-03-03T01:37:00.000Z');
    assert.equal(c.briefs.at(-1)?.publishedAt.toISOString(), '2026-02-27T01:39:00.000Z');
  });

  it('accepts Windows line endings and full-width colons', () => {
    const variant = seed.replace(/\n/g, '\r\n').replace('来源:', '来源：').replace('责编:', '责编：');
    const v = parseOk(variant);
    assert.equal(v.title, c.title);
    assert.equal(v.editorInCharge, '王宏泽');
    assert.equal(v.paragraphs.length, c.paragraphs.length);
  });
});

describe('parseCapture refuses malformed captures, naming what is missing', () => {
  it('a capture cut in the middle of the body', () => {
    const cut = seed.slice(0, seed.indexOf('铸牢中华民族共同体意识'));
    const problems = problemsOf(cut);
    assert.ok(problems.some((p) => p.includes('责编') && p.includes('truncated')), problems.join('\n'));
  });

  it('a capture cut inside the recommended feed', () => {
    const cut = seed.slice(0, seed.indexOf('2026-03-02 13:02'));
    const problems = problemsOf(cut);
    assert.ok(problems.some((p) => p.includes('推荐阅读') && p.includes('has no time')), problems.join('\n'));
  });

  it('a capture with no breadcrumb', () => {
    const problems = problemsOf(seed.replace('首页> 地方频道> 社会 > 正文', ''));
    assert.match(problems[0] ?? '', /breadcrumb/);
  });

  it('a capture with no source line', () => {
    const problems = problemsOf(seed.replace('来源:新疆日报2026-01-06 13:25', ''));
    assert.ok(problems.some((p) => p.includes('来源')), problems.join('\n'));
  });

  it('an impossible publication time', () => {
    const problems = problemsOf(seed.replace('2026-01-06 13:25', '2026-02-30 13:25'));
    assert.ok(problems.some((p) => p.includes('2026-02-30')), problems.join('\n'));
  });

  it('a reading bar that names another article', () => {
    const problems = problemsOf(seed.replace('正在阅读:第十二批', '正在阅读:第十三批'));
    assert.ok(problems.some((p) => p.includes('正在阅读')), problems.join('\n'));
  });

  it('an empty file', () => {
    assert.ok(problemsOf('').length > 0);
  });
});

describe('reportersFromCredit', () => {
  it('finds names after each role word', () => {
    assert.deepEqual(reportersFromCredit('石榴云/新疆日报记者 刘翔'), ['刘翔']);
    assert.deepEqual(reportersFromCredit('新华社记者 张三 李四'), ['张三', '李四']);
    assert.deepEqual(reportersFromCredit('记者 王五、赵六 通讯员 钱七'), ['王五', '赵六', '钱七']);
    assert.deepEqual(reportersFromCredit('本报综合'), []);
  });
});

describe('decodeCapture', () => {
  it('decodes UTF-8 with or without a byte-order mark', () => {
    assert.equal(decodeCapture(Buffer.from('\ufeff社会', 'utf8')), '社会');
    assert.equal(decodeCapture(Buffer.from('社会', 'utf8')), '社会');
  });

  it('refuses bytes that are not UTF-8, suggesting GB18030', () => {
    const gbk = Buffer.from([0xc9, 0xe7, 0xbb, 0xe1]); // 社会 in GBK
    assert.throws(() => decodeCapture(gbk), (e: unknown) => e instanceof DecodeError && /gb18030/.test(e.message));
    assert.equal(decodeCapture(gbk, 'gb18030'), '社会');
  });

  // Found by parse-capture.property.test.ts: Node's own GBK table refused these four-byte
  // characters and read 0xA6D9 as a private-use point.
  it('reads GBK-labelled bytes as browsers do, with the GB18030 decoder', () => {
    const bytes = Buffer.from([0x81, 0x36, 0xa6, 0x31, 0x82, 0x35, 0x8f, 0x33, 0xa6, 0xd9, 0x94, 0x39, 0xfc, 0x36, 0xc9, 0xe7]);
    for (const label of ['gbk', 'GB2312', 'gb18030']) assert.equal(decodeCapture(bytes, label), '•龦︐😀社', label);
  });

  it('names an unknown encoding', () => {
    assert.throws(() => decodeCapture(Buffer.from('x'), 'klingon'), /unknown encoding "klingon"/);
  });
});
