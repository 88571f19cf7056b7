/**
 * The recommended feed (推荐阅读) of home and channel pages: the curated slot's live items
 * first (推荐位, in the editor's order, within their start and end times), then everything
 * newest first, paged by keyset so articles published while a reader pages shift nothing.
 * Items already shown in another block of the page are passed in and left out.
 */
import type { Db } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Keyset } from '../../shared/cursor.ts';
import type { ArticleListItem } from '../articles/article.ts';
import { listPublishedArticles } from '../articles/articles.repo.ts';
import type { Channel } from '../channels/channel.ts';
import { subtreeIds } from '../channels/channels.service.ts';
import { getMediaMap } from '../media/media.service.ts';
import type { Media } from '../media/media.ts';
import { allSlotItems, deleteSlotItem, findSlot, focusArticles, insertSlot, listSlots, liveSlotItems, setSlotItemPosition, upsertSlotItem } from './feed.repo.ts';

export const FEED_PAGE_SIZE = 20;

export function slotKeyFor(channel: Channel | null): string {
  return !channel || channel.path === '' ? 'home' : `channel:${channel.id}`;
}

export interface FeedPage {
  /** Curated items: only on the first page. */
  readonly curated: readonly ArticleListItem[];
  readonly items: readonly ArticleListItem[];
  readonly next: Keyset | null;
}

function toItem(r: { id: number; kind: 'article' | 'brief'; title: string; summary: string; channel_id: number; published_at: string | null }): ArticleListItem {
  return { id: r.id, kind: r.kind, title: r.title, summary: r.summary, channelId: r.channel_id, publishedAt: new Date(r.published_at ?? 0) };
}

export async function curatedItems(db: Db, clock: Clock, channel: Channel | null): Promise<ArticleListItem[]> {
  const slot = await findSlot(db, slotKeyFor(channel));
  if (!slot) return [];
  return (await liveSlotItems(db, slot.id, clock.now().toISOString())).map(toItem);
}

/**
 * One page of the feed. The newest part skips excluded ids by reading a little further
 * (never by OFFSET), so every page is full while there is more.
 */
export async function feedPage(
  db: Db,
  clock: Clock,
  opts: { channel: Channel | null; after: Keyset | null; exclude: ReadonlySet<number>; limit?: number },
): Promise<FeedPage> {
  const limit = opts.limit ?? FEED_PAGE_SIZE;
  const channelIds = opts.channel && opts.channel.path !== '' ? await subtreeIds(db, opts.channel) : undefined;
  const live = await curatedItems(db, clock, opts.channel);
  const curated = opts.after ? [] : live.filter((c) => !opts.exclude.has(c.id));
  // Curated items are never repeated further down the feed.
  const skip = new Set([...opts.exclude, ...live.map((c) => c.id)]);
  const items: ArticleListItem[] = [];
  let cursor = opts.after;
  let more = true;
  while (items.length < limit + 1 && more) {
    const rows = await listPublishedArticles(db, { channelIds, after: cursor, limit: limit + 1 + skip.size });
    more = rows.length === limit + 1 + skip.size;
    for (const r of rows) {
      cursor = { publishedAt: r.published_at, id: r.id };
      if (skip.has(r.id)) continue;
      items.push(toItem(r));
      if (items.length === limit + 1) break;
    }
    if (rows.length === 0) break;
  }
  const page = items.slice(0, limit);
  const last = page.at(-1);
  return { curated, items: page, next: items.length > limit && last ? { publishedAt: last.publishedAt.toISOString(), id: last.id } : null };
}

export interface FocusItem {
  readonly id: number;
  readonly title: string;
  readonly summary: string;
  readonly publishedAt: Date;
  readonly coverUrl: string;
  readonly media: Media | null;
}

/** Photo news for the 视觉焦点 carousel: flagged articles with a cover image. */
export async function focusItems(db: Db, channel: Channel | null, limit = 6): Promise<FocusItem[]> {
  const channelIds = channel && channel.path !== '' ? await subtreeIds(db, channel) : null;
  const rows = await focusArticles(db, channelIds, limit);
  const media = await getMediaMap(db, rows.flatMap((r) => (r.cover_media_id ? [r.cover_media_id] : [])));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    publishedAt: new Date(r.published_at ?? 0),
    coverUrl: r.cover_image_url ?? '',
    media: r.cover_media_id ? (media.get(r.cover_media_id) ?? null) : null,
  }));
}

export interface SlotView {
  readonly id: number;
  readonly key: string;
  readonly name: string;
  readonly channelId: number | null;
  readonly items: ReadonlyArray<{ id: number; title: string; status: string; position: number; startsAt: Date | null; endsAt: Date | null }>;
}

export async function slotsForNewsroom(db: Db): Promise<SlotView[]> {
  const out: SlotView[] = [];
  for (const s of await listSlots(db)) {
    const items = (await allSlotItems(db, s.id)).map((i) => ({
      id: i.id,
      title: i.title,
      status: i.status,
      position: i.position,
      startsAt: i.starts_at ? new Date(i.starts_at) : null,
      endsAt: i.ends_at ? new Date(i.ends_at) : null,
    }));
    out.push({ id: s.id, key: s.key, name: s.name, channelId: s.channel_id, items });
  }
  return out;
}

/** The slot for a channel (created on first use) or the home slot. */
export async function ensureSlot(db: Db, channel: Channel | null): Promise<number> {
  const key = slotKeyFor(channel);
  const existing = await findSlot(db, key);
  if (existing) return existing.id;
  return insertSlot(db, { key, name: channel ? `${channel.name}推荐` : '首页推荐', channel_id: channel && channel.path !== '' ? channel.id : null });
}

export async function placeInSlot(db: Db, slotId: number, articleId: number, opts: { startsAt: Date | null; endsAt: Date | null }): Promise<void> {
  if (opts.startsAt && opts.endsAt && opts.endsAt <= opts.startsAt) throw new AppError('VALIDATION_FAILED', 'the end must come after the start');
  const items = await allSlotItems(db, slotId);
  const existing = items.find((i) => i.id === articleId);
  await upsertSlotItem(db, {
    slot_id: slotId,
    article_id: articleId,
    position: existing?.position ?? items.length,
    starts_at: opts.startsAt?.toISOString() ?? null,
    ends_at: opts.endsAt?.toISOString() ?? null,
  });
}

export function removeFromSlot(db: Db, slotId: number, articleId: number): Promise<void> {
  return deleteSlotItem(db, slotId, articleId);
}

export async function moveInSlot(db: Db, slotId: number, articleId: number, direction: 'up' | 'down'): Promise<void> {
  const ids = (await allSlotItems(db, slotId)).map((i) => i.id);
  const i = ids.indexOf(articleId);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= ids.length) return;
  [ids[i], ids[j]] = [ids[j] as number, articleId];
  for (const [position, id] of ids.entries()) await setSlotItemPosition(db, slotId, id, position);
}
