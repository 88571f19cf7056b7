import type { Db } from '../../db/schema.ts';

export async function insertInvalidation(db: Db, tags: string, createdAt: string): Promise<void> {
  await db.insertInto('page_invalidations').values({ tags, created_at: createdAt }).execute();
}

export function invalidationsSince(db: Db, since: string) {
  return db.selectFrom('page_invalidations').select(['id', 'tags', 'created_at']).where('created_at', '>=', since).orderBy('id').execute();
}

export async function deleteInvalidationsBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('page_invalidations').where('created_at', '<', before).execute();
}
