import type { Db } from '../../db/schema.ts';

export function findSlot(db: Db, key: string) {
  return db.selectFrom('slots').selectAll().where('key', '=', key).executeTakeFirst();
}

export function listSlots(db: Db) {
  return db.selectFrom('slots').selectAll().orderBy('id').execute();
}

export async function insertSlot(db: Db, row: { key: string; name: string; channel_id: number | null }): Promise<number> {
  const { id } = await db.insertInto('slots').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A slot's items that are live at `now`, in their set order, published articles only. */
export function liveSlotItems(db: Db, slotId: number, now: string) {
  return db
    .selectFrom('slot_items')
    .innerJoin('articles', 'articles.id', 'slot_items.article_id')
    .select(['articles.id', 'articles.kind', 'articles.title', 'articles.summary', 'articles.channel_id', 'articles.published_at', 'slot_items.position'])
    .where('slot_items.slot_id', '=', slotId)
    .where('articles.status', '=', 'published')
    .where((eb) => eb.or([eb('slot_items.starts_at', 'is', null), eb('slot_items.starts_at', '<=', now)]))
    .where((eb) => eb.or([eb('slot_items.ends_at', 'is', null), eb('slot_items.ends_at', '>', now)]))
    .orderBy('slot_items.position')
    .execute();
}

/** Every item of a slot, whatever its times or status: for the newsroom. */
export function allSlotItems(db: Db, slotId: number) {
  return db
    .selectFrom('slot_items')
    .innerJoin('articles', 'articles.id', 'slot_items.article_id')
    .select(['articles.id', 'articles.title', 'articles.status', 'slot_items.position', 'slot_items.starts_at', 'slot_items.ends_at'])
    .where('slot_items.slot_id', '=', slotId)
    .orderBy('slot_items.position')
    .execute();
}

export async function upsertSlotItem(db: Db, row: { slot_id: number; article_id: number; position: number; starts_at: string | null; ends_at: string | null }): Promise<void> {
  await db
    .insertInto('slot_items')
    .values(row)
    .onConflict((oc) => oc.columns(['slot_id', 'article_id']).doUpdateSet({ position: row.position, starts_at: row.starts_at, ends_at: row.ends_at }))
    .execute();
}

export async function deleteSlotItem(db: Db, slotId: number, articleId: number): Promise<void> {
  await db.deleteFrom('slot_items').where('slot_id', '=', slotId).where('article_id', '=', articleId).execute();
}

export async function setSlotItemPosition(db: Db, slotId: number, articleId: number, position: number): Promise<void> {
  await db.updateTable('slot_items').set({ position }).where('slot_id', '=', slotId).where('article_id', '=', articleId).execute();
}

/** Articles flagged for visual focus that have a cover image, newest first. */
export function focusArticles(db: Db, channelIds: readonly number[] | null, limit: number) {
  let q = db
    .selectFrom('articles')
    .select(['id', 'title', 'summary', 'published_at', 'cover_media_id', 'cover_image_url'])
    .where('status', '=', 'published')
    .where('is_focus', '=', 1)
    .where('cover_image_url', 'is not', null);
  if (channelIds) q = q.where('channel_id', 'in', channelIds);
  return q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
