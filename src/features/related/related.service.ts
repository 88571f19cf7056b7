/**
 * Related reading (相关阅读), computed when an article is published or edited, never per
 * page view. Each article keeps its strongest keywords (jieba TF-IDF, L2-normalised); its
 * related list is the articles sharing the most keyword weight (cosine over keywords),
 * nudged by shared tags and the same channel. Candidates come from each keyword's
 * strongest postings only, so the work per article stays bounded at a million articles.
 * The article also joins the lists of the articles it found, if it beats their weakest, and
 * is scored again in the lists already holding it, which it leaves once it no longer belongs
 * there (an edit can move it to another story); a withdrawn article leaves every list.
 */
import { oneAtATime } from '../../db/locks.ts';
import type { Db } from '../../db/schema.ts';
import type { ArticleListItem } from '../articles/article.ts';
import { findArticleById } from '../articles/articles.repo.ts';
import { bonus, keywordVector, relatedText } from './keywords.ts';
import { byScore, placed, RELATED_KEPT, type Scored } from './placement.ts';
import {
  candidateFacts,
  clearArticle,
  isIndexed,
  listsHolding,
  listsOf,
  postings,
  relatedPublished,
  replaceRelated,
  replaceTerms,
  tagIdsOf,
  termWeights,
} from './related.repo.ts';

const POSTINGS_PER_TERM = 300;

const sameList = (a: readonly Scored[], b: readonly Scored[]) => a.length === b.length && a.every((r, i) => r.id === b[i]?.id && r.score === b[i]?.score);

/** (Re)indexes one article: its keywords, its related list, and its place in others' lists. */
export async function indexForRelated(db: Db, articleId: number): Promise<void> {
  const article = await findArticleById(db, articleId);
  const vector = article?.status === 'published' ? keywordVector(relatedText(article.title, article.summary, article.body_html)) : null;
  // A draft that was never published is in no list: its saves (autosaves too) need no lock.
  if (!vector && !(await isIndexed(db, articleId))) return;
  // This save rewrites other articles' lists too; two saves doing that at once would deadlock.
  await oneAtATime(db, 'relatedIndex');
  if (!article || !vector) {
    await clearArticle(db, articleId);
    return;
  }
  await replaceTerms(db, articleId, vector);

  const text = new Map<number, number>();
  for (const { term, weight } of vector) {
    for (const p of await postings(db, term, articleId, POSTINGS_PER_TERM)) text.set(p.article_id, (text.get(p.article_id) ?? 0) + weight * p.weight);
  }
  const top = new Map([...text].sort((a, b) => b[1] - a[1]).slice(0, RELATED_KEPT * 3));
  // The lists already holding it score it again from their owners' stored keywords (the score
  // is symmetric): its text, tags or channel may have changed since they took it in.
  const holders = await listsHolding(db, articleId);
  const mine = new Map(vector.map((v) => [v.term, v.weight]));
  const holderText = new Map<number, number>();
  for (const w of await termWeights(db, holders.filter((id) => !top.has(id)), [...mine.keys()])) {
    holderText.set(w.article_id, (holderText.get(w.article_id) ?? 0) + w.weight * (mine.get(w.term) ?? 0));
  }

  const ids = [...new Set([...top.keys(), ...holders])];
  const facts = new Map((await candidateFacts(db, ids)).map((f) => [f.id, f]));
  const tags = await tagIdsOf(db, [articleId, ...ids]);
  const myTags = new Set(tags.filter((t) => t.article_id === articleId).map((t) => t.tag_id));
  const withBonuses = (id: number, score: number): Scored => {
    const shared = tags.filter((t) => t.article_id === id && myTags.has(t.tag_id)).length;
    return { id, score: score + bonus(shared, facts.get(id)?.channel_id === article.channel_id) };
  };
  const ranked = [...top]
    .filter(([id]) => facts.get(id)?.status === 'published')
    .map(([id, score]) => withBonuses(id, score))
    .sort(byScore)
    .slice(0, RELATED_KEPT);
  await replaceRelated(db, articleId, ranked);

  // Undefined: no keyword in common any more. A holder among the candidates keeps the score
  // this article's own list gives it.
  const scoreIn = new Map<number, number | undefined>();
  for (const id of holders) {
    const textScore = top.get(id) ?? holderText.get(id);
    scoreIn.set(id, textScore === undefined ? undefined : withBonuses(id, textScore).score);
  }
  for (const r of ranked) scoreIn.set(r.id, r.score);
  const lists = new Map<number, Scored[]>();
  for (const row of await listsOf(db, [...scoreIn.keys()])) {
    const list = lists.get(row.article_id) ?? [];
    list.push({ id: row.related_id, score: row.score });
    lists.set(row.article_id, list);
  }
  for (const [id, score] of scoreIn) {
    const before = lists.get(id) ?? [];
    const after = placed(before, articleId, score);
    if (!sameList(before, after)) await replaceRelated(db, id, after);
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
