/**
 * What is derived from an article and must follow it: its related-reading list, its search
 * document, the channel its votes and reads are ranked under, and the cached pages that show it. Called wherever an article is published,
 * edited, imported or withdrawn, in the same transaction as the change.
 */
import type { Db } from '../../db/schema.ts';
import { moveChannelSearchDocs } from '../../search/search-docs.repo.ts';
import { indexForSearch } from '../../search/search-index.ts';
import type { Clock } from '../../shared/clock.ts';
import { invalidatePages } from '../invalidation/invalidation.service.ts';
import { PageTag } from '../invalidation/page-tags.ts';
import { moveChannelMoodCounts, moveMoodCounts } from '../moods/moods.repo.ts';
import { indexForRelated } from '../related/related.service.ts';
import { moveChannelDailyViews, moveDailyViews } from '../views/views.repo.ts';
import { findArticleById } from './articles.repo.ts';

export async function refreshDerived(db: Db, clock: Clock, articleId: number): Promise<void> {
  const article = await findArticleById(db, articleId);
  if (article) {
    // Rankings per channel read the rollups' channel: a moved article takes its votes and reads along.
    await moveMoodCounts(db, articleId, article.channel_id);
    await moveDailyViews(db, articleId, article.channel_id);
  }
  await indexForRelated(db, articleId);
  await indexForSearch(db, articleId);
  // Its own page, and every list: a publish or withdrawal changes the newest lists, and an
  // edit may change the title or summary that lists show.
  await invalidatePages(db, clock, [PageTag.article(articleId), PageTag.lists]);
}

/**
 * The same for every article of a channel moved at once into another: its rankings and
 * search entries are refiled in set-wide statements, as a big channel holds thousands.
 */
export async function refileChannel(db: Db, fromChannelId: number, toChannelId: number): Promise<void> {
  await moveChannelMoodCounts(db, fromChannelId, toChannelId);
  await moveChannelDailyViews(db, fromChannelId, toChannelId);
  await moveChannelSearchDocs(db, fromChannelId, toChannelId);
}
