import type { Db, RevisionRow } from '../../db/schema.ts';

export type RevisionWithAuthor = RevisionRow & { author_name: string | null };

export async function insertRevision(db: Db, row: Omit<RevisionRow, 'id'>): Promise<number> {
  const { id } = await db.insertInto('article_revisions').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function replaceRevision(db: Db, id: number, row: Omit<RevisionRow, 'id' | 'article_id'>): Promise<void> {
  await db.updateTable('article_revisions').set(row).where('id', '=', id).execute();
}

export function listRevisions(db: Db, articleId: number, limit: number): Promise<RevisionWithAuthor[]> {
  return db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.author_id')
    .selectAll('article_revisions')
    .select('users.display_name as author_name')
    .where('article_revisions.article_id', '=', articleId)
    .orderBy('article_revisions.id', 'desc')
    .limit(limit)
    .execute();
}

export function findRevision(db: Db, articleId: number, id: number): Promise<RevisionWithAuthor | undefined> {
  return db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.author_id')
    .selectAll('article_revisions')
    .select('users.display_name as author_name')
    .where('article_revisions.article_id', '=', articleId)
    .where('article_revisions.id', '=', id)
    .executeTakeFirst();
}

export function latestRevision(db: Db, articleId: number): Promise<RevisionRow | undefined> {
  return db.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}
