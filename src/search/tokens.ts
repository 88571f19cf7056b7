/**
 * Turning text into the tokens the full-text index stores, and a query into what to match.
 *
 * Indexed: dictionary words (jieba, search mode: long words and their parts), every CJK
 * character bigram (so names and terms the dictionary lacks still match), single CJK
 * characters except the commonest (so one-character queries match), and lower-cased Latin
 * words and numbers. A query's CJK run matches as its dictionary words OR all its bigrams;
 * runs and Latin words are ANDed. Tokens never carry operators: the backends quote each one.
 */
import { segmenter } from './segment/segmenter.ts';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu;
/** Characters too common to be worth a posting list of their own. */
const COMMON = new Set('的了是在和有我也这不人们中为上个到说要就以会对与及其之而等将被把从向'.split(''));
export const MAX_QUERY_CHARS = 200;
const MAX_TOKEN_CHARS = 40;

function bigrams(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** The space-separated tokens stored for a piece of text. */
export function indexTokens(text: string): string {
  const out: string[] = [];
  for (const m of text.matchAll(RUN)) {
    const run = m[0];
    if (CJK.test(run)) {
      for (const w of segmenter().words(run)) if ([...w].length >= 2) out.push(w);
      out.push(...bigrams(run));
      for (const ch of run) if (!COMMON.has(ch)) out.push(ch);
    } else {
      out.push(run.toLowerCase().slice(0, MAX_TOKEN_CHARS));
    }
  }
  return out.join(' ');
}

/** What a query asks for: every group must match; a group matches if any of its alternatives does. */
export type QueryPlan = ReadonlyArray<ReadonlyArray<readonly string[]>>;

export function queryPlan(query: string): QueryPlan {
  const plan: Array<Array<string[]>> = [];
  const text = [...query.normalize('NFKC')].slice(0, MAX_QUERY_CHARS).join('');
  for (const m of text.matchAll(RUN)) {
    const run = m[0];
    if (!CJK.test(run)) {
      plan.push([[run.toLowerCase().slice(0, MAX_TOKEN_CHARS)]]);
      continue;
    }
    if ([...run].length === 1) {
      if (!COMMON.has(run)) plan.push([[run]]);
      continue;
    }
    const words = segmenter()
      .words(run)
      .filter((w) => [...w].length >= 2);
    const alternatives: string[][] = [bigrams(run)];
    if (words.length > 0 && words.join('') !== bigrams(run).join('')) alternatives.unshift(words);
    plan.push(alternatives);
  }
  return plan.slice(0, 16);
}

/** The runs of a query, for highlighting them in results. */
export function highlightTerms(query: string): string[] {
  const terms = [...query.normalize('NFKC').slice(0, MAX_QUERY_CHARS).matchAll(RUN)].map((m) => m[0]);
  return [...new Set(terms)].sort((a, b) => b.length - a.length);
}
