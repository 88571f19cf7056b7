/**
 * Special topics (独家策划): a titled page that groups coverage. Chief editors create and
 * order them here; the topic pages and their article sections come with reader engagement.
 */
import type { Db, TopicRow } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { isValidSlug } from '../channels/channel.ts';
import { slugForName } from '../channels/channels.service.ts';
import { getMedia } from '../media/media.service.ts';
import { findTopicById, findTopicBySlug, insertTopic, listTopics, maxTopicPosition, updateTopic } from './topics.repo.ts';

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
