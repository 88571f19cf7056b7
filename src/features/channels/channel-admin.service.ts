/**
 * Managing the channel tree: create, rename, reorder among siblings, move under another
 * parent (rewriting the URL paths of the whole subtree), and delete: an empty channel, or
 * one whose articles and sub-channels first move to another channel.
 * The caller runs each in a transaction.
 */
import type { Db } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { refileChannel } from '../articles/derived.ts';
import { isValidSlug, type Channel } from './channel.ts';
import {
  articleCountsByChannel,
  countChannelArticles,
  deleteChannelRow,
  descendantChannels,
  findChannelById,
  findChannelByPath,
  listChildChannels,
  maxChildPosition,
  reassignChannelArticles,
  updateChannel,
} from './channels.repo.ts';
import { createChildChannel, slugForName, toChannel } from './channels.service.ts';

function cleanName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (!clean || [...clean].length > 40) throw new AppError('VALIDATION_FAILED', 'name: 1 to 40 characters');
  return clean;
}

async function existing(db: Db, id: number): Promise<Channel> {
  const row = await findChannelById(db, id);
  if (!row) throw new AppError('CHANNEL_NOT_FOUND');
  return toChannel(row);
}

export async function addChannel(db: Db, clock: Clock, parentId: number, name: string, slug: string): Promise<Channel> {
  const parent = await existing(db, parentId);
  const chosen = slug.trim() || slugForName(name);
  if (!isValidSlug(chosen, parent.path === '')) throw new AppError('INVALID_SLUG');
  const path = parent.path === '' ? chosen : `${parent.path}/${chosen}`;
  if (await findChannelByPath(db, path)) throw new AppError('SLUG_CONFLICT');
  return createChildChannel(db, clock, parent, cleanName(name), chosen);
}

export async function renameChannel(db: Db, clock: Clock, id: number, name: string): Promise<void> {
  await existing(db, id);
  await updateChannel(db, id, { name: cleanName(name), updated_at: clock.now().toISOString() });
}

/** Swaps a channel with its neighbour above or below. */
export async function reorderChannel(db: Db, clock: Clock, id: number, direction: 'up' | 'down'): Promise<void> {
  const channel = await existing(db, id);
  if (channel.parentId === null) return;
  const siblings = (await listChildChannels(db, channel.parentId)).map(toChannel);
  const i = siblings.findIndex((s) => s.id === id);
  const j = direction === 'up' ? i - 1 : i + 1;
  const other = siblings[j];
  if (i < 0 || !other) return;
  const now = clock.now().toISOString();
  // Renumber the whole sibling list so equal positions cannot make the swap a no-op.
  const order = siblings.map((s) => s.id);
  [order[i], order[j]] = [other.id, id];
  for (const [position, sid] of order.entries()) await updateChannel(db, sid, { position, updated_at: now });
}

export async function moveChannel(db: Db, clock: Clock, id: number, newParentId: number): Promise<void> {
  const channel = await existing(db, id);
  if (channel.parentId === null) throw new AppError('HOME_CHANNEL_FIXED');
  const parent = await existing(db, newParentId);
  if (parent.id === channel.id || parent.path === channel.path || parent.path.startsWith(`${channel.path}/`)) throw new AppError('CHANNEL_CYCLE');
  if (parent.id === channel.parentId) return;
  if (!isValidSlug(channel.slug, parent.path === '')) throw new AppError('INVALID_SLUG');
  const newPath = parent.path === '' ? channel.slug : `${parent.path}/${channel.slug}`;
  if (await findChannelByPath(db, newPath)) throw new AppError('SLUG_CONFLICT');
  const now = clock.now().toISOString();
  const below = await descendantChannels(db, channel.path);
  await updateChannel(db, id, { parent_id: parent.id, path: newPath, position: (await maxChildPosition(db, parent.id)) + 1, updated_at: now });
  for (const d of below) await updateChannel(db, d.id, { path: newPath + d.path.slice(channel.path.length), updated_at: now });
}

export interface ChannelDeletion {
  readonly movedArticles: number;
  readonly movedChannels: number;
}

/**
 * Deletes a channel. Without a target it must be empty. With one, its sub-channels move
 * under the target and its articles into it first: each gets a new version (an editor with
 * it open is told on saving), and its rankings and search entry follow (the route drops every cached page). A channel
 * may hold thousands of articles, so they move in a few set-wide statements, not one edit
 * each: the audit entry records the move instead of a revision per article, and related
 * lists keep their small same-channel bonus until each article's next save.
 */
export async function deleteChannel(db: Db, clock: Clock, id: number, targetId: number | null = null): Promise<ChannelDeletion> {
  const channel = await existing(db, id);
  if (channel.parentId === null) throw new AppError('HOME_CHANNEL_FIXED');
  const children = await listChildChannels(db, id);
  if (targetId === null) {
    const articles = await countChannelArticles(db, id);
    if (children.length > 0 || articles > 0) throw new AppError('CHANNEL_NOT_EMPTY', `${articles} article(s), ${children.length} sub-channel(s)`);
    await deleteChannelRow(db, id);
    return { movedArticles: 0, movedChannels: 0 };
  }
  const target = await existing(db, targetId);
  if (target.id === channel.id) throw new AppError('CHANNEL_MOVE_TARGET');
  if (target.path.startsWith(`${channel.path}/`)) throw new AppError('CHANNEL_CYCLE');
  for (const child of children) await moveChannel(db, clock, child.id, target.id);
  const moved = await reassignChannelArticles(db, id, target.id, clock.now().toISOString());
  await refileChannel(db, id, target.id);
  await deleteChannelRow(db, id);
  return { movedArticles: moved.length, movedChannels: children.length };
}

export function channelArticleCounts(db: Db): Promise<Map<number, number>> {
  return articleCountsByChannel(db);
}
