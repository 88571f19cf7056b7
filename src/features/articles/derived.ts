/**
 * What is derived from an article and must follow it: its related-reading list and its
 * search document. Called wherever an article is published, edited, imported or withdrawn,
 * in the same transaction as the change.
 */
import type { Db } from '../../db/schema.ts';
import { indexForSearch } from '../../search/search-index.ts';
import { indexForRelated } from '../related/related.service.ts';

export async function refreshDerived(db: Db, articleId: number): Promise<void> {
  await indexForRelated(db, articleId);
  await indexForSearch(db, articleId);
}
