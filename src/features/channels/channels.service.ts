/**
 * The channel tree: 首页 at the root (path ''), sections below it (local, local/society).
 * Paths are materialised so a URL resolves to a channel in one indexed lookup.
 */
import { pinyin } from 'pinyin-pro';
import type { ChannelRow, Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { isValidSlug, type Channel } from './channel.ts';
import {
  channelSubtreeIds,
  findChannelById,
  findChannelByPath,
  findChannelsByPaths,
  findChildChannelByName,
  insertChannel,
  listAllChannels,
  listChildChannels,
  maxChildPosition,
} from './channels.repo.ts';

/** A readable Latin slug for a channel name: 社会 → shehui, 地方频道 → difangpindao. */
export function slugForName(name: string): string {
  const latin = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 48);
  return latin || 'channel';
}

export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    parentId: row.parent_id,
    slug: row.slug,
    name: row.name,
    path: row.path,
    position: row.position,
  };
}

export async function getChannelByPath(db: Db, path: string): Promise<Channel | null> {
  const row = await findChannelByPath(db, path);
  return row ? toChannel(row) : null;
}

export async function getChannelById(db: Db, id: number): Promise<Channel | null> {
  const row = await findChannelById(db, id);
  return row ? toChannel(row) : null;
}

/** The channels from the root down to `channel`, inclusive: what a breadcrumb shows. */
export async function channelAncestry(db: Db, channel: Channel): Promise<Channel[]> {
  const prefixes = [''];
  const parts = channel.path === '' ? [] : channel.path.split('/');
  for (let i = 1; i <= parts.length; i++) prefixes.push(parts.slice(0, i).join('/'));
  const rows = await findChannelsByPaths(db, prefixes);
  return rows.map(toChannel).sort((a, b) => a.path.length - b.path.length);
}

export async function childChannels(db: Db, channel: Channel): Promise<Channel[]> {
  return (await listChildChannels(db, channel.id)).map(toChannel);
}

export function subtreeIds(db: Db, channel: Channel): Promise<number[]> {
  return channelSubtreeIds(db, channel.path);
}

export async function ensureRootChannel(db: Db, clock: Clock, name: string): Promise<Channel> {
  const existing = await findChannelByPath(db, '');
  if (existing) return toChannel(existing);
  const now = clock.now().toISOString();
  return toChannel(await insertChannel(db, { parentId: null, slug: '', name, path: '', position: 0, now }));
}

async function uniqueChildSlug(db: Db, parent: Channel, base: string): Promise<string> {
  const top = parent.path === '';
  let candidate = isValidSlug(base, top) ? base : `c-${base}`.slice(0, 48);
  for (let n = 2; ; n++) {
    const path = top ? candidate : `${parent.path}/${candidate}`;
    if (!(await findChannelByPath(db, path))) return candidate;
    candidate = `${base}-${n}`;
  }
}

/** Adds a channel under `parent`, at the end of its siblings. */
export async function createChildChannel(
  db: Db,
  clock: Clock,
  parent: Channel,
  name: string,
  slug?: string,
): Promise<Channel> {
  const chosen = await uniqueChildSlug(db, parent, slug ?? slugForName(name));
  const path = parent.path === '' ? chosen : `${parent.path}/${chosen}`;
  const position = (await maxChildPosition(db, parent.id)) + 1;
  const row = await insertChannel(db, { parentId: parent.id, slug: chosen, name, path, position, now: clock.now().toISOString() });
  return toChannel(row);
}

/**
 * Finds the channel at the end of a path of names below the root (地方频道 › 社会),
 * creating any level that is missing.
 */
export async function ensureChannelPath(
  db: Db,
  clock: Clock,
  root: Channel,
  names: readonly string[],
): Promise<Channel> {
  let current = root;
  for (const name of names) {
    const found = await findChildChannelByName(db, current.id, name);
    current = found ? toChannel(found) : await createChildChannel(db, clock, current, name);
  }
  return current;
}

/** Every channel, parents before children and siblings in their set order: for pickers. */
export async function channelTree(db: Db): Promise<Array<Channel & { depth: number }>> {
  const all = (await listAllChannels(db)).map(toChannel);
  const children = new Map<number | null, Channel[]>();
  for (const c of all) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.id - b.id);
  const out: Array<Channel & { depth: number }> = [];
  const walk = (parentId: number | null, depth: number) => {
    for (const c of children.get(parentId) ?? []) {
      out.push({ ...c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
