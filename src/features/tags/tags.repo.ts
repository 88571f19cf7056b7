import type { Db, TagRow } from '../../db/schema.ts';

export function findTagByName(db: Db, name: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirst();
}

export function findTagBySlug(db: Db, slug: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function insertTag(db: Db, name: string, slug: string, now: string): Promise<TagRow> {
  return db.insertInto('tags').values({ name, slug, created_at: now }).returningAll().executeTakeFirstOrThrow();
}

export function tagsOf(db: Db, articleId: number): Promise<TagRow[]> {
  return db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .selectAll('tags')
    .where('article_tags.article_id', '=', articleId)
    .orderBy('tags.name')
    .execute();
}

export async function replaceArticleTags(db: Db, articleId: number, tagIds: readonly number[]): Promise<void> {
  await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  if (tagIds.length === 0) return;
  await db.insertInto('article_tags').values(tagIds.map((tag_id) => ({ article_id: articleId, tag_id }))).execute();
}
