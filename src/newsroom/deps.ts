/**
 * What the newsroom is built from. Unlike the reader, newsroom routes decide units of
 * work themselves (a save, its revision and its audit entry in one transaction), so they
 * receive the database and call feature services directly.
 */
import type { Config } from '../config/config.ts';
import type { Db } from '../db/schema.ts';
import type { MediaStorage } from '../features/media/storage.ts';
import type { AssetBundle } from '../platform/assets.ts';
import type { Clock } from '../shared/clock.ts';

export interface NewsroomDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly config: Config;
  readonly assets: AssetBundle;
  readonly storage: MediaStorage;
}
