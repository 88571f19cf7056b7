/**
 * Related reading (相关阅读), computed when an article is published or edited, never per
 * page view. Each article keeps its strongest keywords (jieba TF-IDF, L2-normalised); its
 * related list is the articles sharing the most keyword weight (cosine over keywords),
 * nudged by shared tags and the same channel. Candidates come from each keyword's
 * strongest postings only, so the work per article stays bounded at a million articles.
 * The new article also joins the lists of the articles it found, if it beats their weakest.
 */
import { oneAtATime } from '../../db/locks.ts';
import type { Db } from '../../db/schema.ts';
import { segmenter } from '../../search/segment/segmenter.ts';
import type { ArticleListItem } from '../articles/article.ts';
import { findArticleById } from '../articles/articles.repo.ts';
import { bodyBlocksText } from '../articles/body-html.ts';
import { candidateFacts, clearArticle, postings, relatedPublished, relatedRows, replaceRelated, replaceTerms, tagIdsOf } from './related.repo.ts';

export const KEYWORDS_PER_ARTICLE = 25;
const POSTINGS_PER_TERM = 300;
export const RELATED_KEPT = 10;
const TAG_BONUS = 0.05;
const CHANNEL_BONUS = 0.02;

/** The text keywords come from: the title counts twice, as editors put the story in it. */
export function relatedText(title: string, summary: string, bodyHtml: string): string {
  return [title, title, summary, ...bodyBlocksText(bodyHtml)].join('\n');
}

export function keywordVector(text: string): Array<{ term: string; weight: number }> {
  const kws = segmenter().keywords(text, KEYWORDS_PER_ARTICLE);
  const norm = Math.sqrt(kws.reduce((n, k) => n + k.weight * k.weight, 0)) || 1;
  return kws.map((k) => ({ term: k.term, weight: k.weight / norm }));
}

/** (Re)indexes one article: its keywords, its related list, and its place in others' lists. */
export async function indexForRelated(db: Db, articleId: number): Promise<void> {
  const article = await findArticleById(db, articleId);
  if (!article || article.status !== 'published') {
    await clearArticle(db, articleId);
    return;
  }
  const vector = keywordVector(relatedText(article.title, article.summary, article.body_html));
  // This save rewrites other articles' lists too; two saves doing that at once would deadlock.
  await oneAtATime(db, 'relatedIndex');
  await replaceTerms(db, articleId, vector);

  const scores = new Map<number, number>();
  for (const { term, weight } of vector) {
    for (const p of await postings(db, term, articleId, POSTINGS_PER_TERM)) scores.set(p.article_id, (scores.get(p.article_id) ?? 0) + weight * p.weight);
  }
  const top = [...scores].sort((a, b) => b[1] - a[1]).slice(0, RELATED_KEPT * 3);
  const facts = new Map((await candidateFacts(db, top.map(([id]) => id))).map((f) => [f.id, f]));
  const tags = await tagIdsOf(db, [articleId, ...top.map(([id]) => id)]);
  const mine = new Set(tags.filter((t) => t.article_id === articleId).map((t) => t.tag_id));
  const ranked = top
    .filter(([id]) => facts.get(id)?.status === 'published')
    .map(([id, score]) => {
      const shared = tags.filter((t) => t.article_id === id && mine.has(t.tag_id)).length;
      const sameChannel = facts.get(id)?.channel_id === article.channel_id ? CHANNEL_BONUS : 0;
      return { id, score: score + shared * TAG_BONUS + sameChannel };
    })
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, RELATED_KEPT);
  await replaceRelated(db, articleId, ranked);

  for (const { id, score } of ranked) {
    const theirs = (await relatedRows(db, id)).filter((r) => r.related_id !== articleId).map((r) => ({ id: r.related_id, score: r.score }));
    const weakest = theirs.length >= RELATED_KEPT ? (theirs.at(-1)?.score ?? 0) : -Infinity;
    if (score <= weakest) continue;
    await replaceRelated(db, id, [...theirs, { id: articleId, score }].sort((a, b) => b.score - a.score).slice(0, RELATED_KEPT));
  }
}

export async function relatedArticles(db: Db, articleId: number, limit = 5): Promise<ArticleListItem[]> {
  return (await relatedPublished(db, articleId, limit)).map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    channelId: r.channel_id,
    publishedAt: new Date(r.published_at ?? 0),
  }));
}
