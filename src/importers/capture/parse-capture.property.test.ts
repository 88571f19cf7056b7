import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isStorableInstant } from '../../../test/helpers/cursor-text.ts';
import { seedCaptureText } from '../../../test/helpers/seed.ts';
import { formatDateTime } from '../../shared/time.ts';
import { decodeCapture, DecodeError } from './decode.ts';
import { parseCapture, type Capture } from './parse-capture.ts';

const TZ = 'Asia/Shanghai';

// ---- text ----

const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
const punctuation = fc.constantFrom(...'，。！？：；、“”‘’（）《》【】…—·％');
/** Pieces that mean something to the format, inside a field where they must not. */
const formatWords = fc.constantFrom('>', '＞', '(', ')', '（', '）', '[', ']', ':', '：', '|', ' ', '\u3000', '\u00a0', '正文', '来源', '责编', '记者', '推荐阅读', '加载更多', '正在阅读', '2026-01-06 13:25', '😀', '𠀀');
const unit = fc.oneof(
  { weight: 6, arbitrary: cjk },
  { weight: 2, arbitrary: punctuation },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: formatWords },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** One line of a capture as the parser hands it on: no line break, no indentation (the format strips it), not empty. */
const line = fc
  .string({ unit, minLength: 1, maxLength: 40 })
  .map((s) => s.replace(/[\r\n]/g, ' ').trim())
  .filter((s) => s.length > 0);

// The format's own ambiguities: a line that reads as a later block's marker is that block.
const SOURCE_LINE = /^来源[:：]\s*(.*?)\s*(\d{4}-\d{2}-\d{2} \d{2}:\d{2})$/u;
const BREADCRUMB_END = /[>＞]\s*正文$/u;
const EDITOR_LINE = /^\[\s*责编[:：]\s*(.+?)\s*\]$/u;
const CREDIT = /^[(（](.+)[)）]$/u;
const TIME_LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const ROLE_WORDS = /记者|通讯员|摄影|摄|编译|实习生/u;

const crumbName = line.map((s) => s.replace(/[>＞]/g, '·')).filter((s) => s.trim() === s && s.length > 0);
const title = line.filter((s) => !SOURCE_LINE.test(s) && !BREADCRUMB_END.test(s));
const paragraph = line.filter((s) => !EDITOR_LINE.test(s));
const summary = line.filter((s) => !TIME_LINE.test(s) && s !== '加载更多');

/** A credit whose reporters are known: outlet, then role words each followed by names. */
/** Names from a small pool as well, so one person credited twice is common. */
const name = fc.oneof(
  fc.constantFrom('刘翔', '张三', '李四', '王五'),
  fc.array(cjk, { minLength: 2, maxLength: 3 }).map((cs) => cs.join('')).filter((s) => !ROLE_WORDS.test(s)),
);
const structuredCredit = fc
  .tuple(
    fc.constantFrom('', '新华社', '本报', '石榴云/新疆日报', '人民网'),
    fc.array(fc.tuple(fc.constantFrom('记者', '通讯员', '摄影', '实习生', '编译'), fc.array(name, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '、', '，', ',', ' 、')), { minLength: 1, maxLength: 2 }),
  )
  .map(([outlet, groups]) => ({
    text: outlet + groups.map(([role, names, sep]) => `${role} ${names.join(sep)}`).join(' '),
    reporters: [...new Set(groups.flatMap(([, names]) => names))],
  }));
const credit = fc.oneof(
  fc.constant(null),
  structuredCredit,
  line.map((text) => ({ text, reporters: null })),
);

/** Minutes in the years Asia/Shanghai has kept one offset (+08:00, since 1992), up to 9999-12-31 23:59 there. */
const instant = fc.integer({ min: Date.parse('1992-01-01T00:00:00Z') / 60_000, max: Date.parse('9999-12-31T15:59:00Z') / 60_000 }).map((m) => new Date(m * 60_000));

// ---- captures built in the seed's format ----

const seedLines = seedCaptureText().replace(/\r\n?/g, '\n').split('\n');
const seedHeader = seedLines.slice(0, seedLines.findIndex((l) => l.startsWith('正在阅读')));
const seedEditorAt = seedLines.findIndex((l) => EDITOR_LINE.test(l.trim()));
const seedTail = seedLines.slice(seedEditorAt + 1, seedLines.indexOf('推荐阅读'));

/** How captures differ without meaning anything different: separators, indentation, spacing, line endings. */
const layout = fc.record({
  colon: fc.constantFrom(':', '：'),
  crumbSep: fc.constantFrom('> ', ' > ', '>', '＞', ' ＞ '),
  indent: fc.constantFrom('', '  ', '\u3000\u3000', '\t'),
  gap: fc.constantFrom('\n', '\n\n', '\n\n\n'),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  loadMore: fc.boolean(),
});

const capture = fc
  .record({
    rootName: crumbName,
    channelNames: fc.array(crumbName, { maxLength: 3 }),
    title,
    source: fc.option(line, { nil: null }),
    publishedAt: instant,
    paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 6 }),
    credit,
    editorInCharge: line,
    briefs: fc.array(fc.record({ summary, publishedAt: instant }, { noNullPrototype: true }), { maxLength: 5 }),
    layout,
  })
  // With no credit line, a last paragraph in parentheses would be read as the credit.
  .filter((c) => c.credit !== null || !CREDIT.test(c.paragraphs.at(-1) ?? ''));

type Generated = typeof capture extends fc.Arbitrary<infer T> ? T : never;

function captureText(c: Generated): string {
  const { colon, crumbSep, indent, gap, eol, loadMore } = c.layout;
  const at = (d: Date) => formatDateTime(d, TZ);
  const body = [...c.paragraphs, ...(c.credit ? [`(${c.credit.text})`] : [])].map((p) => indent + p).join(gap);
  const lines = [
    ...seedHeader,
    `正在阅读${colon}${c.title}`,
    [c.rootName, ...c.channelNames, '正文'].join(crumbSep),
    '',
    c.title,
    '',
    `来源${colon}${c.source ?? ''}${at(c.publishedAt)}`,
    gap + body + gap,
    `[ 责编${colon}${c.editorInCharge} ]`,
    ...seedTail,
    '推荐阅读',
    ...c.briefs.flatMap((b) => [b.summary, at(b.publishedAt)]),
    ...(loadMore ? ['加载更多'] : []),
  ];
  return lines.join('\n').replace(/\n/g, eol);
}

function expected(c: Generated, parsedReporters: readonly string[]): Capture {
  return {
    rootName: c.rootName,
    channelNames: c.channelNames,
    title: c.title,
    source: c.source,
    publishedAt: c.publishedAt,
    paragraphs: c.paragraphs,
    credit: c.credit?.text ?? null,
    // A credit of arbitrary text has no reporters known in advance; the structured ones do.
    reporters: c.credit ? (c.credit.reporters ?? parsedReporters) : [],
    editorInCharge: c.editorInCharge,
    briefs: c.briefs,
  };
}

function parsed(text: string): Capture {
  const r = parseCapture(text, { timeZone: TZ });
  if (!r.ok) assert.fail(`refused: ${r.problems.join('; ')}\n${text}`);
  return r.capture;
}

// ---- GB18030 bytes ----

/**
 * Node decodes GB18030 but cannot encode it. Its decoder, inverted, gives bytes for every
 * BMP character; the supplementary planes follow the standard's linear formula. Characters
 * with no bytes at all (U+E5E5 and the private-use points GB18030-2022 moved to standard
 * characters) are not text one could encode, so they are left out of the inputs.
 */
const gb18030Table = (() => {
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const table = new Map<string, number[]>();
  const add = (bytes: number[]) => {
    try {
      const c = decoder.decode(Uint8Array.from(bytes));
      if (c.length === 1 && !table.has(c)) table.set(c, bytes);
    } catch {
      // not a sequence this decoder accepts
    }
  };
  const fourBytes = (p: number) => [0x81 + Math.floor(p / 12600), 0x30 + Math.floor((p % 12600) / 1260), 0x81 + Math.floor((p % 1260) / 10), 0x30 + (p % 10)];
  for (let b = 0; b <= 0x80; b++) add([b]);
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) add([lead, trail]);
  for (let p = 0; p < 39420; p++) add(fourBytes(p));
  return { table, fourBytes };
})();

function gb18030Bytes(text: string): Uint8Array | null {
  const out: number[] = [];
  for (const c of text) {
    const cp = c.codePointAt(0) ?? 0;
    const bytes = cp > 0xffff ? gb18030Table.fourBytes(189000 + cp - 0x10000) : gb18030Table.table.get(c);
    if (!bytes) return null;
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

// A lone surrogate is not text: no encoding has bytes for it.
const encodable = fc
  .string({ unit: fc.oneof(unit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) })
  .filter((s) => !/[\uD800-\uDFFF]/u.test(s) && gb18030Bytes(s) !== null);

// ---- properties ----

describe('parseCapture, for generated captures in the seed format', () => {
  it('returns exactly the fields put in: Chinese and mixed text, any separators, indentation and line endings', () => {
    fc.assert(
      fc.property(capture, (c) => {
        const got = parsed(captureText(c));
        assert.deepEqual(got, expected(c, got.reporters));
      }),
      { numRuns: 500 },
    );
  });

  it('reads the same capture from its UTF-8 and GB18030 bytes', () => {
    fc.assert(
      fc.property(capture, (c) => {
        const text = captureText(c);
        const gb = gb18030Bytes(text);
        fc.pre(gb !== null);
        const want = expected(c, parsed(text).reporters);
        assert.deepEqual(parsed(decodeCapture(Buffer.from(text, 'utf8'))), want);
        assert.deepEqual(parsed(decodeCapture(gb, 'gb18030')), want);
        assert.deepEqual(parsed(decodeCapture(gb, 'gbk')), want);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseCapture, for any input', () => {
  const seedText = seedCaptureText();
  /** The seed or a generated capture, cut, with lines dropped, doubled, swapped or replaced. */
  const damaged = fc.oneof(fc.constant(seedText), capture.map(captureText)).chain((text) => {
    const lines = text.split('\n');
    return fc.oneof(
      fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
      fc.array(fc.tuple(fc.nat({ max: lines.length - 1 }), fc.constantFrom('drop', 'double', 'swap', 'replace'), fc.oneof(line, fc.string(), fc.constantFrom('', '正文', '> 正文', '推荐阅读', '加载更多', '[ 责编: ]', '来源:2026-02-30 13:25', '0000-01-01 00:00'))), { minLength: 1, maxLength: 5 }).map((edits) => {
        const out = [...lines];
        for (const [i, op, other] of edits) {
          if (op === 'drop') out.splice(i, 1);
          else if (op === 'double') out.splice(i, 0, out[i] ?? '');
          else if (op === 'swap') [out[i], out[0]] = [out[0] ?? '', out[i] ?? ''];
          else out[i] = other;
        }
        return out.join('\n');
      }),
    );
  });
  const anyText = fc.oneof(damaged, fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: formatWords }));

  it('never throws: a capture whose fields are sound, or a list of problems', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(TZ, 'UTC', 'America/New_York', 'Asia/Kathmandu'), (text, timeZone) => {
        const r = parseCapture(text, { timeZone });
        if (!r.ok) {
          assert.ok(r.problems.length > 0 && r.problems.every((p) => typeof p === 'string' && p.length > 0));
          return;
        }
        const c = r.capture;
        assert.ok(c.rootName && c.title && c.editorInCharge && c.paragraphs.length > 0);
        for (const at of [c.publishedAt, ...c.briefs.map((b) => b.publishedAt)]) assert.ok(isStorableInstant(at.toISOString()), at.toISOString());
      }),
      { numRuns: 1000 },
    );
  });

  it('reads any printed time as the instant that prints the same, or names it as a problem', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const printed = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }))
      .map(([y, mo, d, h, mi]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)} ${pad(h, 2)}:${pad(mi, 2)}`);
    const seed = parsed(seedText);
    const seedTime = formatDateTime(seed.publishedAt, TZ);
    fc.assert(
      fc.property(printed, fc.constantFrom(TZ, 'UTC', 'America/New_York', 'Asia/Kathmandu'), (time, timeZone) => {
        const r = parseCapture(seedText.replace(`${seedTime}`, time), { timeZone });
        if (r.ok) {
          assert.equal(formatDateTime(r.capture.publishedAt, timeZone), time);
          assert.ok(isStorableInstant(r.capture.publishedAt.toISOString()), r.capture.publishedAt.toISOString());
        } else {
          assert.ok(r.problems.some((p) => p.includes(time)), r.problems.join('; '));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeCapture, for any input', () => {
  it('gives back any text from its GB18030 (or GBK-labelled) bytes, and from its UTF-8 bytes', () => {
    fc.assert(
      fc.property(encodable, (text) => {
        const gb = gb18030Bytes(text) as Uint8Array;
        assert.equal(decodeCapture(gb, 'gb18030'), text);
        assert.equal(decodeCapture(gb, 'gbk'), text);
        // UTF-8's byte-order mark is dropped, as browsers do.
        assert.equal(decodeCapture(Buffer.from(text, 'utf8')), text.replace(/^\ufeff/, ''));
      }),
      { numRuns: 1000 },
    );
  });

  it('returns text or throws DecodeError, for any bytes and any encoding name', () => {
    const label = fc.oneof(fc.constantFrom('utf-8', 'utf8', 'UTF-8', 'gbk', 'gb18030', 'GB2312', 'x-gbk', 'big5', 'utf-16le', 'latin1', ' gbk ', 'klingon', '', 'utf-7', 'replacement'), fc.string());
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), encodable.map((s) => gb18030Bytes(s) as Uint8Array)), label, (bytes, encoding) => {
        try {
          assert.equal(typeof decodeCapture(bytes, encoding), 'string');
        } catch (error) {
          assert.ok(error instanceof DecodeError, `${encoding}: ${String(error)}`);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
