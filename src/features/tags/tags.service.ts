/** Tags: free-form labels, matched by name; each gets a URL slug (pinyin for Chinese). */
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { slugForName } from '../channels/channels.service.ts';
import { findTagByName, findTagBySlug, insertTag, replaceArticleTags, tagsOf } from './tags.repo.ts';

export const MAX_TAGS = 20;

/** Splits "援疆, 新疆、人才" into distinct, trimmed names. */
export function parseTagList(text: string): string[] {
  const names: string[] = [];
  for (const part of text.split(/[,，、;；\n]/u)) {
    const name = part.trim().replace(/\s+/g, ' ').slice(0, 40);
    if (name && !names.includes(name)) names.push(name);
  }
  return names.slice(0, MAX_TAGS);
}

export async function findOrCreateTag(db: Db, clock: Clock, name: string): Promise<number> {
  const existing = await findTagByName(db, name);
  if (existing) return existing.id;
  const base = slugForName(name) === 'channel' ? 'tag' : slugForName(name);
  let slug = base;
  for (let n = 2; await findTagBySlug(db, slug); n++) slug = `${base}-${n}`;
  return (await insertTag(db, name, slug, clock.now().toISOString())).id;
}

export async function setArticleTags(db: Db, clock: Clock, articleId: number, names: readonly string[]): Promise<void> {
  const ids: number[] = [];
  for (const name of names) ids.push(await findOrCreateTag(db, clock, name));
  await replaceArticleTags(db, articleId, ids);
}

export async function articleTagNames(db: Db, articleId: number): Promise<string[]> {
  return (await tagsOf(db, articleId)).map((t) => t.name);
}

export async function tagBySlug(db: Db, slug: string): Promise<{ id: number; name: string; slug: string } | null> {
  const row = await findTagBySlug(db, slug);
  return row ? { id: row.id, name: row.name, slug: row.slug } : null;
}
