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

/** Its sections, and their article lists, go with it; the articles stay. */
export async function deleteTopicRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('topics').where('id', '=', id).execute();
}

export function sectionsOf(db: Db, topicId: number) {
  return db.selectFrom('topic_sections').selectAll().where('topic_id', '=', topicId).orderBy('position').orderBy('id').execute();
}

export async function insertSection(db: Db, topicId: number, title: string, position: number): Promise<number> {
  const { id } = await db.insertInto('topic_sections').values({ topic_id: topicId, title, position }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function setSectionPosition(db: Db, id: number, position: number): Promise<void> {
  await db.updateTable('topic_sections').set({ position }).where('id', '=', id).execute();
}

export async function deleteSection(db: Db, id: number): Promise<void> {
  await db.deleteFrom('topic_sections').where('id', '=', id).execute();
}

export function findSection(db: Db, id: number) {
  return db.selectFrom('topic_sections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The articles of some sections, in the editor's order; `publishedOnly` for readers. */
export function sectionArticles(db: Db, sectionIds: readonly number[], publishedOnly: boolean) {
  if (sectionIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('topic_articles')
    .innerJoin('articles', 'articles.id', 'topic_articles.article_id')
    .select([
      'topic_articles.section_id',
      'topic_articles.position',
      'articles.id',
      'articles.kind',
      'articles.title',
      'articles.summary',
      'articles.channel_id',
      'articles.published_at',
      'articles.status',
    ])
    .where('topic_articles.section_id', 'in', sectionIds);
  if (publishedOnly) q = q.where('articles.status', '=', 'published');
  return q.orderBy('topic_articles.section_id').orderBy('topic_articles.position').execute();
}

export async function upsertTopicArticle(db: Db, sectionId: number, articleId: number, position: number): Promise<void> {
  await db
    .insertInto('topic_articles')
    .values({ section_id: sectionId, article_id: articleId, position })
    .onConflict((oc) => oc.columns(['section_id', 'article_id']).doUpdateSet({ position }))
    .execute();
}

export async function deleteTopicArticle(db: Db, sectionId: number, articleId: number): Promise<void> {
  await db.deleteFrom('topic_articles').where('section_id', '=', sectionId).where('article_id', '=', articleId).execute();
}

/** Published topics an article appears in. */
export function topicsOfArticle(db: Db, articleId: number) {
  return db
    .selectFrom('topic_articles')
    .innerJoin('topic_sections', 'topic_sections.id', 'topic_articles.section_id')
    .innerJoin('topics', 'topics.id', 'topic_sections.topic_id')
    .select(['topics.id', 'topics.slug', 'topics.title'])
    .distinct()
    .where('topic_articles.article_id', '=', articleId)
    .where('topics.status', '=', 'published')
    .execute();
}
