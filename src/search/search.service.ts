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
import { highlightTerms, queryPlan } from './tokens.ts';

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
}

const SNIPPET_CHARS = 120;

/** Escapes text and marks every occurrence of the terms (longest first, case-insensitive for Latin). */
export function markTerms(text: string, terms: readonly string[]): string {
  if (terms.length === 0) return escapeHtml(text);
  const pattern = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out += `${escapeHtml(text.slice(last, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

function snippet(text: string, terms: readonly string[]): string {
  const lower = text.toLowerCase();
  const positions = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0);
  const at = positions.length ? Math.min(...positions) : 0;
  const start = Math.max(0, at - 30);
  const chars = [...text.slice(start)];
  const piece = chars.slice(0, SNIPPET_CHARS).join('');
  return `${start > 0 ? '…' : ''}${markTerms(piece, terms)}${chars.length > SNIPPET_CHARS ? '…' : ''}`;
}

export async function searchArticles(
  db: Db,
  backend: SearchBackend,
  input: { query: string; channelIds: readonly number[] | null; from: Date | null; to: Date | null; after: SearchCursor | null; limit: number },
): Promise<SearchResult> {
  const plan = queryPlan(input.query);
  const ranked = await backend.search(db, {
    plan,
    channelIds: input.channelIds,
    from: input.from?.toISOString() ?? null,
    to: input.to?.toISOString() ?? null,
    after: input.after,
    limit: input.limit + 1,
  });
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
  return { hits, next: ranked.length > input.limit && last ? { score: last.score, publishedAt: last.publishedAt, id: last.id } : null };
}
