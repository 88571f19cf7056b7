/**
 * `masthead backup` and `masthead restore`: src/platform/backup with progress bars on
 * stderr, and a line saying what was written or restored.
 */
import path from 'node:path';
import type { Config } from '../config/config.ts';
import { createBackup } from '../platform/backup/backup.ts';
import type { Manifest } from '../platform/backup/manifest.ts';
import { describeDatabase, restoreBackup } from '../platform/backup/restore.ts';
import type { Clock } from '../shared/clock.ts';
import { progressBar } from './progress.ts';

function summary(manifest: Manifest): string {
  const bytes = manifest.media.reduce((n, m) => n + m.size, 0);
  const migration = manifest.migration ? `at migration ${manifest.migration}` : 'never migrated';
  return `${manifest.tables.articles ?? 0} article(s), ${manifest.media.length} media file(s) (${(bytes / 1024 / 1024).toFixed(1)} MB), ${migration}`;
}

/** Writes a backup into a new folder inside `outDir`; returns the line to print. */
export async function runBackup(config: Config, clock: Clock, outDir: string): Promise<string> {
  const { dir, manifest } = await createBackup(config, clock, path.resolve(outDir), progressBar);
  return `Backup of ${describeDatabase(config.database)} written to ${dir}: ${summary(manifest)}.`;
}

export type RestoreRun = { readonly ok: true; readonly message: string } | { readonly ok: false; readonly problems: readonly string[] };

/** Restores the backup folder `dir`, or says why it will not. */
export async function runRestore(config: Config, dir: string, force: boolean): Promise<RestoreRun> {
  const outcome = await restoreBackup(config, path.resolve(dir), { force, progress: progressBar });
  if (!outcome.ok) return outcome;
  const migrated = outcome.migrated.length ? `; then applied ${outcome.migrated.join(', ')}` : '';
  return { ok: true, message: `Restored the backup of ${outcome.manifest.createdAt} into ${describeDatabase(config.database)}: ${summary(outcome.manifest)}${migrated}.` };
}
