/**
 * Searching published articles: the query becomes a token plan, the dialect's engine ranks
 * the matches, and each hit gets its title and a snippet with the query's terms marked.
 * Any string is a valid query: one with nothing searchable simply finds nothing.
 */
import { escapeHtml } from '@kitajs/html';
import type { Db } from '../db/schema.ts';
import { bodyBlocksText } from '../features/articles/body-html.ts';
import type { SearchBackend, SearchCursor } from './backends/backend.ts';
import { hitTexts } from './search-docs.repo.ts';
import { highlightTerms, queryPlan, relaxedPlan, type QueryPlan } from './tokens.ts';

export interface SearchHit {
  readonly id: number;
  readonly kind: 'article' | 'brief';
  readonly title: string;
  /** The title with the query's terms in <mark>: escaped, safe to render. */
  readonly titleHtml: string;
  /** About 120 characters around the first match, terms in <mark>: escaped, safe to render. */
  readonly snippetHtml: string;
  readonly channelId: number;
  readonly publishedAt: Date;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  readonly next: SearchCursor | null;
  /** Nothing had every word of the query; these hits have some of them, most first. */
  readonly partial: boolean;
  /** More articles matched than are ranked: the hits come from the newest SEARCH_CANDIDATES. */
  readonly truncated: boolean;
}

const SNIPPET_CHARS = 120;
/** Characters shown before the first match. */
const SNIPPET_LEAD = 30;

const CJK_CHAR = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]';
/** A letter or digit of a word that is not CJK: where a Latin term must not start or end. */
const WORD_CHAR = `(?:(?!${CJK_CHAR})[\\p{L}\\p{N}])`;

/**
 * The terms as one pattern, longest first, case-insensitive. A term that starts or ends with
 * a Latin letter or digit matches only as a whole word there ("ai" not in "said"); CJK text
 * has no spaces, so a CJK character is always a boundary.
 */
function termPattern(terms: readonly string[]): RegExp | null {
  if (terms.length === 0) return null;
  const latinEdge = new RegExp(`^${WORD_CHAR}`, 'u');
  const alternatives = terms.map((t) => {
    const chars = [...t];
    const body = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const before = latinEdge.test(chars[0] ?? '') ? `(?<!${WORD_CHAR})` : '';
    const after = latinEdge.test(chars.at(-1) ?? '') ? `(?!${WORD_CHAR})` : '';
    return `${before}${body}${after}`;
  });
  return new RegExp(alternatives.join('|'), 'giu');
}

/** Escapes text and marks every occurrence of the terms (longest first, case-insensitive for Latin). */
export function markTerms(text: string, terms: readonly string[]): string {
  const pattern = termPattern(terms);
  if (!pattern) return escapeHtml(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out += `${escapeHtml(text.slice(last, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/** About SNIPPET_CHARS characters from a little before the first match, never splitting a character. */
function snippet(text: string, terms: readonly string[]): string {
  const at = termPattern(terms)?.exec(text)?.index ?? 0;
  // Enough code units either side for the characters wanted (a character is one or two).
  const lead = [...text.slice(Math.max(0, at - 2 * SNIPPET_LEAD - 2), at)];
  const chars = [...lead.slice(-SNIPPET_LEAD), ...text.slice(at, at + 2 * SNIPPET_CHARS + 2)];
  const piece = chars.slice(0, SNIPPET_CHARS).join('');
  return `${lead.length > SNIPPET_LEAD ? '…' : ''}${markTerms(piece, terms)}${chars.length > SNIPPET_CHARS ? '…' : ''}`;
}

export async function searchArticles(
  db: Db,
  backend: SearchBackend,
  input: { query: string; channelIds: readonly number[] | null; from: Date | null; to: Date | null; after: SearchCursor | null; limit: number },
): Promise<SearchResult> {
  const strict = queryPlan(input.query);
  const run = (plan: QueryPlan) =>
    backend.search(db, {
      plan,
      channelIds: input.channelIds,
      from: input.from?.toISOString() ?? null,
      to: input.to?.toISOString() ?? null,
      after: input.after,
      limit: input.limit + 1,
    });
  // A reader's whole question ("乌鲁木齐什么时候开始供暖") rarely has every word in one story:
  // when nothing does, fall back to any word, and say so. The cursor remembers which.
  const relaxed = relaxedPlan(strict);
  let partial = input.after?.partial ?? false;
  let { hits: ranked, truncated } = await run(partial && relaxed ? relaxed : strict);
  if (ranked.length === 0 && !input.after && relaxed) {
    ({ hits: ranked, truncated } = await run(relaxed));
    // Said only of hits: when not even one word is found, there is nothing partial to show.
    partial = ranked.length > 0;
  }
  const page = ranked.slice(0, input.limit);
  const texts = new Map((await hitTexts(db, page.map((h) => h.id))).map((r) => [r.id, r]));
  const terms = highlightTerms(input.query);
  const hits = page.flatMap((h) => {
    const a = texts.get(h.id);
    if (!a) return [];
    const body = bodyBlocksText(a.body_html).join(' ') || a.summary;
    return [
      {
        id: a.id,
        kind: a.kind,
        title: a.title,
        titleHtml: markTerms(a.title, terms),
        snippetHtml: snippet(body, terms),
        channelId: a.channel_id,
        publishedAt: new Date(a.published_at ?? h.publishedAt),
      },
    ];
  });
  const last = page.at(-1);
  return { hits, partial, truncated, next: ranked.length > input.limit && last ? { score: last.score, publishedAt: last.publishedAt, id: last.id, partial } : null };
}
