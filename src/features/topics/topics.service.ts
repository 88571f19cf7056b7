/**
 * Special topics (独家策划): a titled page that groups coverage in sections of articles,
 * each in the order the editors chose. Chief editors manage them; readers see published ones.
 */
import type { Db, TopicRow } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { isValidSlug } from '../channels/channel.ts';
import { slugForName } from '../channels/channels.service.ts';
import { getMedia, getMediaMap } from '../media/media.service.ts';
import type { ArticleListItem } from '../articles/article.ts';
import { findArticleById } from '../articles/articles.repo.ts';
import type { Media } from '../media/media.ts';
import {
  deleteSection,
  deleteTopicArticle,
  deleteTopicRow,
  findSection,
  findTopicById,
  findTopicBySlug,
  insertSection,
  insertTopic,
  listTopics,
  maxTopicPosition,
  sectionArticles,
  sectionsOf,
  setSectionPosition,
  topicsOfArticle,
  updateTopic,
  upsertTopicArticle,
} from './topics.repo.ts';

export interface Topic {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly intro: string;
  readonly bannerMediaId: number | null;
  readonly status: 'draft' | 'published';
  readonly position: number;
}

export interface TopicInput {
  readonly title: string;
  readonly slug: string;
  readonly intro: string;
  readonly bannerMediaId: number | null;
  readonly status: 'draft' | 'published';
}

function toTopic(r: TopicRow): Topic {
  return { id: r.id, slug: r.slug, title: r.title, intro: r.intro, bannerMediaId: r.banner_media_id, status: r.status, position: r.position };
}

async function validate(db: Db, input: TopicInput, selfId: number | null): Promise<TopicInput> {
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (!title || [...title].length > 80) throw new AppError('VALIDATION_FAILED', 'title: 1 to 80 characters');
  const slug = input.slug.trim() || slugForName(title);
  if (!isValidSlug(slug, false)) throw new AppError('INVALID_SLUG');
  if (input.bannerMediaId && !(await getMedia(db, input.bannerMediaId))) throw new AppError('MEDIA_NOT_FOUND');
  const clash = await findTopicBySlug(db, slug);
  if (clash && clash.id !== selfId) throw new AppError('SLUG_CONFLICT');
  return { ...input, title, slug, intro: input.intro.trim().slice(0, 2000) };
}

export async function allTopics(db: Db): Promise<Topic[]> {
  return (await listTopics(db)).map(toTopic);
}

export async function createTopic(db: Db, clock: Clock, input: TopicInput): Promise<Topic> {
  const v = await validate(db, input, null);
  const now = clock.now().toISOString();
  const row = await insertTopic(db, {
    slug: v.slug,
    title: v.title,
    intro: v.intro,
    banner_media_id: v.bannerMediaId,
    status: v.status,
    position: (await maxTopicPosition(db)) + 1,
    created_at: now,
    updated_at: now,
  });
  return toTopic(row);
}

export async function editTopic(db: Db, clock: Clock, id: number, input: TopicInput): Promise<void> {
  if (!(await findTopicById(db, id))) throw new AppError('TOPIC_NOT_FOUND');
  const v = await validate(db, input, id);
  await updateTopic(db, id, { slug: v.slug, title: v.title, intro: v.intro, banner_media_id: v.bannerMediaId, status: v.status, updated_at: clock.now().toISOString() });
}

/** Deletes a topic with its sections; the articles in them stay as they are. */
export async function deleteTopic(db: Db, id: number): Promise<Topic> {
  const row = await findTopicById(db, id);
  if (!row) throw new AppError('TOPIC_NOT_FOUND');
  await deleteTopicRow(db, id);
  return toTopic(row);
}

export async function reorderTopic(db: Db, clock: Clock, id: number, direction: 'up' | 'down'): Promise<void> {
  const list = await allTopics(db);
  const i = list.findIndex((t) => t.id === id);
  if (i < 0) throw new AppError('TOPIC_NOT_FOUND');
  const j = direction === 'up' ? i - 1 : i + 1;
  const other = list[j];
  if (!other) return;
  const order = list.map((t) => t.id);
  [order[i], order[j]] = [other.id, id];
  const now = clock.now().toISOString();
  for (const [position, tid] of order.entries()) await updateTopic(db, tid, { position, updated_at: now });
}

export interface TopicSection {
  readonly id: number;
  readonly title: string;
  readonly articles: ReadonlyArray<ArticleListItem & { readonly status: string }>;
}

export interface TopicPage {
  readonly topic: Topic;
  readonly banner: Media | null;
  readonly sections: readonly TopicSection[];
}

async function sectionsWithArticles(db: Db, topicId: number, publishedOnly: boolean): Promise<TopicSection[]> {
  const sections = await sectionsOf(db, topicId);
  const rows = await sectionArticles(db, sections.map((s) => s.id), publishedOnly);
  return sections.map((s) => ({
    id: s.id,
    title: s.title,
    articles: rows
      .filter((r) => r.section_id === s.id)
      .map((r) => ({ id: r.id, kind: r.kind, title: r.title, summary: r.summary, channelId: r.channel_id, publishedAt: new Date(r.published_at ?? 0), status: r.status })),
  }));
}

/** A published topic's page, by slug; null for an unknown or unpublished one. */
export async function topicPage(db: Db, slug: string): Promise<TopicPage | null> {
  const row = await findTopicBySlug(db, slug);
  if (!row || row.status !== 'published') return null;
  const topic = toTopic(row);
  return { topic, banner: topic.bannerMediaId ? await getMedia(db, topic.bannerMediaId) : null, sections: await sectionsWithArticles(db, topic.id, true) };
}

/** Every section and article of a topic, unpublished ones included: for the newsroom. */
export async function topicForEditing(db: Db, id: number): Promise<{ topic: Topic; sections: TopicSection[] } | null> {
  const row = await findTopicById(db, id);
  return row ? { topic: toTopic(row), sections: await sectionsWithArticles(db, id, false) } : null;
}

/** Published topics in the editors' order: the 独家策划 block. */
export async function currentTopics(db: Db, limit = 6): Promise<Array<Topic & { banner: Media | null }>> {
  const published = (await allTopics(db)).filter((t) => t.status === 'published').slice(0, limit);
  const media = await getMediaMap(db, published.flatMap((t) => (t.bannerMediaId ? [t.bannerMediaId] : [])));
  return published.map((t) => ({ ...t, banner: t.bannerMediaId ? (media.get(t.bannerMediaId) ?? null) : null }));
}

export async function topicsForArticle(db: Db, articleId: number): Promise<Array<{ id: number; slug: string; title: string }>> {
  return topicsOfArticle(db, articleId);
}

export async function addSection(db: Db, topicId: number, title: string): Promise<number> {
  const clean = title.replace(/\s+/g, ' ').trim();
  if (!clean || [...clean].length > 60) throw new AppError('VALIDATION_FAILED', 'section title: 1 to 60 characters');
  if (!(await findTopicById(db, topicId))) throw new AppError('TOPIC_NOT_FOUND');
  return insertSection(db, topicId, clean, (await sectionsOf(db, topicId)).length);
}

/** Swaps a section with its neighbour above or below on the topic page. */
export async function moveSection(db: Db, sectionId: number, direction: 'up' | 'down'): Promise<void> {
  const section = await findSection(db, sectionId);
  if (!section) throw new AppError('NOT_FOUND');
  const ids = (await sectionsOf(db, section.topic_id)).map((s) => s.id);
  const i = ids.indexOf(sectionId);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= ids.length) return;
  [ids[i], ids[j]] = [ids[j] as number, sectionId];
  // Renumbered whole, so equal positions (a section removed between) cannot make the swap a no-op.
  for (const [position, id] of ids.entries()) await setSectionPosition(db, id, position);
}

export async function removeSection(db: Db, sectionId: number): Promise<void> {
  await deleteSection(db, sectionId);
}

export async function addArticleToSection(db: Db, sectionId: number, articleId: number): Promise<void> {
  const section = await findSection(db, sectionId);
  if (!section) throw new AppError('NOT_FOUND');
  if (!(await findArticleById(db, articleId))) throw new AppError('ARTICLE_NOT_FOUND');
  const rows = await sectionArticles(db, [sectionId], false);
  if (rows.some((r) => r.id === articleId)) return;
  await upsertTopicArticle(db, sectionId, articleId, rows.length);
}

export async function removeArticleFromSection(db: Db, sectionId: number, articleId: number): Promise<void> {
  await deleteTopicArticle(db, sectionId, articleId);
}

export async function moveArticleInSection(db: Db, sectionId: number, articleId: number, direction: 'up' | 'down'): Promise<void> {
  const ids = (await sectionArticles(db, [sectionId], false)).map((r) => r.id);
  const i = ids.indexOf(articleId);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= ids.length) return;
  [ids[i], ids[j]] = [ids[j] as number, articleId];
  for (const [position, id] of ids.entries()) await upsertTopicArticle(db, sectionId, id, position);
}

/** A published topic by slug: for filtering articles by topic. */
export async function topicBySlug(db: Db, slug: string): Promise<Topic | null> {
  const row = await findTopicBySlug(db, slug);
  return row && row.status === 'published' ? toTopic(row) : null;
}
