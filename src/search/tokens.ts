/**
 * Turning text into the tokens the full-text index stores, and a query into what to match.
 *
 * Indexed: dictionary words (jieba), every CJK character bigram (so names and terms the
 * dictionary lacks still match), every single CJK character (so one-character queries
 * match, 中 and 的 as well as 疆), and Latin words and numbers, lower-cased and without
 * accents. A query's CJK run matches as its dictionary words OR all its bigrams; runs and
 * Latin words are ANDed. Tokens never carry operators: the backends quote each one.
 *
 * Text and queries are both NFKC-normalised first, so full-width letters and digits (ＧＤＰ,
 * １２), common in Chinese text, are found by their plain forms and the other way round.
 * Accents are removed here rather than left to the engine: SQLite's tokenizer would remove
 * them and PostgreSQL's 'simple' configuration would not, and both must match alike.
 */
import { segmenter } from './segment/segmenter.ts';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/**
 * A run of CJK characters, or a word of other letters and digits. The two never share a
 * run: "iPhone发布" and "12306网站" are a word and a CJK run each, so Latin words and
 * numbers are never cut into bigrams (which would let "on" or "12" match inside them).
 */
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+/gu;
export const MAX_QUERY_CHARS = 200;
const MAX_TOKEN_CHARS = 40;

/** A Latin (or other non-CJK) word as a token: lower-cased, without accents, at most MAX_TOKEN_CHARS. */
function plainWord(run: string): string {
  return run.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC').toLowerCase().slice(0, MAX_TOKEN_CHARS);
}

/** The dictionary words of a CJK run worth a token: two characters or more, and not absurdly long. */
function wordsOf(run: string): string[] {
  return segmenter()
    .words(run)
    .filter((w) => {
      const n = [...w].length;
      return n >= 2 && n <= MAX_TOKEN_CHARS;
    });
}

function bigrams(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** The space-separated tokens stored for a piece of text. */
export function indexTokens(text: string): string {
  const out: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(RUN)) {
    const run = m[0];
    if (CJK.test(run)) {
      for (const w of wordsOf(run)) out.push(w);
      // One pass for bigrams and characters, pushed one by one (spreading the tokens of a
      // very long run would overflow the stack); bigrams first, as queries expect.
      const singles: string[] = [];
      let prev = '';
      for (const ch of run) {
        if (prev) out.push(prev + ch);
        singles.push(ch);
        prev = ch;
      }
      for (const ch of singles) out.push(ch);
    } else {
      out.push(plainWord(run));
    }
  }
  return out.join(' ');
}

/**
 * The longest start of `tokens` (as indexTokens makes them) whose full-text entry stays
 * under `maxBytes`. PostgreSQL refuses a tsvector over 1 MB; a long text with few repeats
 * (a roster of names, 200,000 characters) makes one, and then publishing would fail. The
 * estimate follows PostgreSQL's layout: each distinct token costs its bytes plus about
 * 9 bytes, each further occurrence 2 bytes, up to the 256 positions kept per token. It
 * is applied on both dialects, so both index the same text.
 */
export function limitTokens(tokens: string, maxBytes: number): string {
  // Every token is at least one character and a space: if even that many distinct tokens fit,
  // the text fits, and the count below (a quarter of the cost of indexing) can be skipped.
  if (Buffer.byteLength(tokens) + 9 * Math.ceil((tokens.length + 1) / 2) <= maxBytes) return tokens;
  const seen = new Map<string, number>();
  let bytes = 0;
  let end = 0;
  for (const m of tokens.matchAll(/\S+/g)) {
    const token = m[0].toLowerCase();
    const count = seen.get(token) ?? 0;
    const cost = count === 0 ? Buffer.byteLength(token) + 9 : count < 256 ? 2 : 0;
    if (bytes + cost > maxBytes) return tokens.slice(0, end);
    bytes += cost;
    seen.set(token, count + 1);
    end = m.index + m[0].length;
  }
  return tokens;
}

/** What a query asks for: every group must match; a group matches if any of its alternatives does. */
export type QueryPlan = ReadonlyArray<ReadonlyArray<readonly string[]>>;

export function queryPlan(query: string): QueryPlan {
  const plan: Array<Array<string[]>> = [];
  for (const m of queryText(query).matchAll(RUN)) {
    const run = m[0];
    if (!CJK.test(run)) {
      plan.push([[plainWord(run)]]);
      continue;
    }
    if ([...run].length === 1) {
      plan.push([[run]]);
      continue;
    }
    const words = wordsOf(run);
    const alternatives: string[][] = [bigrams(run)];
    if (words.length > 0 && words.join('') !== bigrams(run).join('')) alternatives.unshift(words);
    plan.push(alternatives);
  }
  return plan.slice(0, 16);
}

/**
 * The fallback when nothing has every word: any one of the query's words will do, and the
 * engine's ranking puts hits with more (and rarer) words first. Only whole words of two or
 * more characters count: one stray character (镇 of an unknown name) would match anything.
 * Null when fewer than two such words remain: then there is nothing to relax.
 */
export function relaxedPlan(plan: QueryPlan): QueryPlan | null {
  const words = [...new Set(plan.flatMap((group) => group[0] ?? []))].filter((w) => [...w].length >= 2);
  return words.length > 1 ? [words.map((w) => [w])] : null;
}

/** What of a query is searched: normalised, and at most MAX_QUERY_CHARS characters. */
function queryText(query: string): string {
  return [...query.normalize('NFKC')].slice(0, MAX_QUERY_CHARS).join('');
}

/**
 * What to mark in results, longest first: the runs of a query, and the dictionary words of
 * its CJK runs, which a hit may contain apart (寒潮预警 in 寒潮橙色预警).
 */
export function highlightTerms(query: string): string[] {
  const terms: string[] = [];
  for (const m of queryText(query).matchAll(RUN)) {
    const run = m[0];
    terms.push(run);
    if (CJK.test(run) && [...run].length > 2) terms.push(...wordsOf(run));
  }
  return [...new Set(terms)].sort((a, b) => b.length - a.length);
}
