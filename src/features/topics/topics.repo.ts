import type { Db, TopicRow } from '../../db/schema.ts';

export function listTopics(db: Db): Promise<TopicRow[]> {
  return db.selectFrom('topics').selectAll().orderBy('position').orderBy('id').execute();
}

export function findTopicById(db: Db, id: number): Promise<TopicRow | undefined> {
  return db.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTopicBySlug(db: Db, slug: string): Promise<TopicRow | undefined> {
  return db.selectFrom('topics').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function maxTopicPosition(db: Db): Promise<number> {
  const row = await db.selectFrom('topics').select((eb) => eb.fn.max('position').as('max')).executeTakeFirst();
  return row?.max ?? -1;
}

export function insertTopic(db: Db, row: Omit<TopicRow, 'id'>): Promise<TopicRow> {
  return db.insertInto('topics').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateTopic(db: Db, id: number, patch: Partial<Omit<TopicRow, 'id' | 'created_at'>>): Promise<void> {
  await db.updateTable('topics').set(patch).where('id', '=', id).execute();
}
