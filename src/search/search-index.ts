/**
 * Keeping the search index in step with the articles: a published article has a search
 * document (its title, summary and body as tokens); anything else has none. Called on
 * publish, edit, import and withdrawal; `rebuildSearchIndex` redoes them all.
 */
import type { Db } from '../db/schema.ts';
import { findArticleById } from '../features/articles/articles.repo.ts';
import { bodyBlocksText } from '../features/articles/body-html.ts';
import { countPublished, deleteUnpublishedDocs, deleteSearchDoc, publishedBatch, upsertSearchDoc } from './search-docs.repo.ts';
import { indexTokens, limitTokens } from './tokens.ts';

/**
 * What a body's tokens may take in the full-text index: PostgreSQL's limit for a whole
 * tsvector is 1 MB, and the title and summary (at most 200 and 500 characters) need far less
 * than the rest. Only a very long body with few repeats reaches it; its end is not indexed.
 */
const MAX_BODY_TOKEN_BYTES = 768 * 1024;

/** An article's search tokens from its plain text (the body as its blocks, one per line). */
export function searchTokens(text: { title: string; summary: string; bodyText: string }) {
  return {
    title_tokens: indexTokens(text.title),
    summary_tokens: indexTokens(text.summary),
    body_tokens: limitTokens(indexTokens(text.bodyText), MAX_BODY_TOKEN_BYTES),
  };
}

function document(a: { id: number; channel_id: number; published_at: string | null; title: string; summary: string; body_html: string }) {
  return {
    article_id: a.id,
    channel_id: a.channel_id,
    published_at: a.published_at ?? new Date(0).toISOString(),
    ...searchTokens({ title: a.title, summary: a.summary, bodyText: bodyBlocksText(a.body_html).join('\n') }),
  };
}

export async function indexForSearch(db: Db, articleId: number): Promise<void> {
  const a = await findArticleById(db, articleId);
  if (!a || a.status !== 'published') await deleteSearchDoc(db, articleId);
  else await upsertSearchDoc(db, document(a));
}

/**
 * Rebuilds every search document, a batch per transaction, reporting progress. Documents
 * are replaced in place, so search keeps answering while this runs; strays are dropped last.
 */
export async function rebuildSearchIndex(db: Db, onProgress?: (done: number, total: number) => void, batch = 500): Promise<number> {
  const total = await countPublished(db);
  let done = 0;
  let after = 0;
  for (;;) {
    const rows = await publishedBatch(db, after, batch);
    if (rows.length === 0) break;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) await upsertSearchDoc(trx, document(r));
    });
    after = rows.at(-1)?.id ?? after;
    done += rows.length;
    onProgress?.(done, total);
  }
  await deleteUnpublishedDocs(db);
  return done;
}
