/**
 * The ordered list of migrations. Names are dated so they sort in the order they were
 * written; a new migration is a new file added at the end of this list.
 */
import type { Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';
import * as foundation from './20261130_0001_foundation.ts';
import * as newsroom from './20261130_0002_newsroom.ts';
import * as engagement from './20261130_0003_engagement.ts';
import * as findability from './20261130_0004_findability.ts';
import * as pageCache from './20261130_0005_page_cache.ts';
import * as passwordResets from './20261130_0006_password_resets.ts';
import * as rollupsByArticle from './20261130_0007_rollups_by_article.ts';
import * as relatedByTarget from './20261130_0008_related_by_target.ts';

export interface MigrationModule {
  up(db: Kysely<any>, ctx: MigrationContext): Promise<void>;
}

export const migrations: ReadonlyArray<readonly [name: string, module: MigrationModule]> = [
  ['20261130_0001_foundation', foundation],
  ['20261130_0002_newsroom', newsroom],
  ['20261130_0003_engagement', engagement],
  ['20261130_0004_findability', findability],
  ['20261130_0005_page_cache', pageCache],
  ['20261130_0006_password_resets', passwordResets],
  ['20261130_0007_rollups_by_article', rollupsByArticle],
  ['20261130_0008_related_by_target', relatedByTarget],
];
