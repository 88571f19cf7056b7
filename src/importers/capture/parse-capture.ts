/**
 * Reads a text capture of a news portal's article page (the format of shared/seed): the
 * share overlay, the 正在阅读 bar, the breadcrumb, the headline, 来源 and time, the
 * paragraphs, the reporter credit, [ 责编:… ], then the page's other blocks, among them
 * 推荐阅读 (summary + time pairs) up to 加载更多.
 *
 * Pure: text in, a validated capture or the list of what is wrong out. Nothing here
 * touches the database, so a malformed file can never write half an article.
 */
import { parseLocalDateTime } from '../../shared/time.ts';

export interface CaptureBrief {
  readonly summary: string;
  readonly publishedAt: Date;
}

export interface Capture {
  /** The breadcrumb's first level, e.g. 首页. */
  readonly rootName: string;
  /** Channel names below the root, e.g. [地方频道, 社会]. */
  readonly channelNames: readonly string[];
  readonly title: string;
  readonly source: string | null;
  readonly publishedAt: Date;
  readonly paragraphs: readonly string[];
  /** The credit as printed, without its parentheses: 石榴云/新疆日报记者 刘翔. */
  readonly credit: string | null;
  readonly reporters: readonly string[];
  readonly editorInCharge: string;
  readonly briefs: readonly CaptureBrief[];
}

export type ParseResult = { readonly ok: true; readonly capture: Capture } | { readonly ok: false; readonly problems: readonly string[] };

const READING_BAR = /^正在阅读[:：]\s*(.+)$/u;
const BREADCRUMB_END = /[>＞]\s*正文$/u;
const SOURCE_LINE = /^来源[:：]\s*(.*?)\s*(\d{4}-\d{2}-\d{2} \d{2}:\d{2})$/u;
const EDITOR_LINE = /^\[\s*责编[:：]\s*(.+?)\s*\]$/u;
const CREDIT = /^[(（](.+)[)）]$/u;
const TIME_LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const FEED_START = '推荐阅读';
const FEED_END = '加载更多';
/** Words that introduce names in a credit: 记者 张三, 通讯员 李四, 摄影 王五. */
const CREDIT_ROLE = /(?:记者|通讯员|摄影|摄|编译|实习生)/u;

/** Leading indentation in captures is ASCII or ideographic spaces. */
function clean(line: string): string {
  return line.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
}

/** Names in a credit line: the words after each role word, up to the next role or outlet. */
export function reportersFromCredit(credit: string): string[] {
  const names: string[] = [];
  const parts = credit.split(CREDIT_ROLE).slice(1);
  for (const part of parts) {
    for (const word of part.split(/[\s、，,;；]+/u)) {
      const name = word.trim();
      if (name && !name.includes('/') && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

export function parseCapture(text: string, opts: { timeZone: string }): ParseResult {
  const problems: string[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map(clean);

  const nextNonEmpty = (from: number): number => {
    let j = from;
    while (j < lines.length && lines[j] === '') j++;
    return j;
  };

  let readingBarTitle: string | null = null;
  const crumbAt = lines.findIndex((l) => BREADCRUMB_END.test(l));
  for (let j = 0; j < (crumbAt < 0 ? lines.length : crumbAt); j++) {
    const m = READING_BAR.exec(lines[j] ?? '');
    if (m?.[1]) readingBarTitle = m[1];
  }

  if (crumbAt < 0) {
    return { ok: false, problems: ['missing the breadcrumb line (e.g. "首页> 地方频道> 社会 > 正文"); is this a page capture?'] };
  }
  const crumbs = (lines[crumbAt] ?? '').split(/\s*[>＞]\s*/u).map((c) => c.trim()).filter(Boolean);
  crumbs.pop(); // 正文
  const rootName = crumbs.shift() ?? '';
  if (!rootName) problems.push('breadcrumb: has no levels before 正文');

  let i = nextNonEmpty(crumbAt + 1);
  const title = lines[i] ?? '';
  if (!title || SOURCE_LINE.test(title)) {
    problems.push('missing the headline after the breadcrumb');
  } else {
    i++;
  }
  if (title && readingBarTitle !== null && readingBarTitle !== title) {
    problems.push(`the 正在阅读 bar names "${readingBarTitle}" but the headline is "${title}"`);
  }

  i = nextNonEmpty(i);
  const sourceMatch = SOURCE_LINE.exec(lines[i] ?? '');
  let publishedAt: Date | null = null;
  let source: string | null = null;
  if (!sourceMatch) {
    problems.push('missing the 来源 line with the publication time (e.g. "来源:新疆日报2026-01-06 13:25") after the headline');
  } else {
    source = sourceMatch[1] || null;
    publishedAt = parseLocalDateTime(sourceMatch[2] ?? '', opts.timeZone);
    if (!publishedAt) problems.push(`来源 line: "${sourceMatch[2]}" is not a real date and time`);
    i++;
  }

  const body: string[] = [];
  let editorInCharge = '';
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const editor = EDITOR_LINE.exec(line);
    if (editor?.[1]) {
      editorInCharge = editor[1];
      i++;
      break;
    }
    if (line !== '') body.push(line);
  }
  if (!editorInCharge) {
    problems.push(
      `missing the editor-in-charge line ("[ 责编:… ]") that ends the article; the capture looks truncated after ${body.length} paragraph(s)`,
    );
  }
  let credit: string | null = null;
  const lastLine = body.at(-1);
  const creditMatch = lastLine ? CREDIT.exec(lastLine) : null;
  if (creditMatch?.[1]) {
    credit = creditMatch[1].trim();
    body.pop();
  }
  if (editorInCharge && body.length === 0) problems.push('the article has no paragraphs');

  const briefs: CaptureBrief[] = [];
  const feedAt = lines.indexOf(FEED_START, i);
  if (feedAt >= 0) {
    let pending: string | null = null;
    for (let j = feedAt + 1; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (line === '' ) continue;
      if (line === FEED_END) break;
      if (TIME_LINE.test(line)) {
        if (pending === null) {
          problems.push(`推荐阅读: the time ${line} has no summary before it`);
          continue;
        }
        const at = parseLocalDateTime(line, opts.timeZone);
        if (!at) problems.push(`推荐阅读: "${line}" is not a real date and time`);
        else briefs.push({ summary: pending, publishedAt: at });
        pending = null;
      } else if (pending !== null) {
        problems.push(`推荐阅读 item ${briefs.length + 1} ("${pending.slice(0, 20)}…") has no time`);
        pending = line;
      } else {
        pending = line;
      }
    }
    if (pending !== null) problems.push(`推荐阅读 item ${briefs.length + 1} ("${pending.slice(0, 20)}…") has no time; the capture looks truncated`);
  }

  if (problems.length > 0 || !publishedAt) return { ok: false, problems };
  return {
    ok: true,
    capture: {
      rootName,
      channelNames: crumbs,
      title,
      source,
      publishedAt,
      paragraphs: body,
      credit,
      reporters: credit ? reportersFromCredit(credit) : [],
      editorInCharge,
      briefs,
    },
  };
}
