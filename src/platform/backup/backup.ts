/**
 * `masthead backup`: a consistent copy of the database, the media files, and a manifest
 * naming every file with its size and SHA-256, while the server keeps running.
 *
 * Why platform/ and not features/: a backup is no domain of the newsroom or the reader. It
 * has no rows of its own (so no repo or service) and no routes; it spans every feature's
 * tables and the media store, and drives each dialect's own tools. It is infrastructure
 * shared by the whole app, which is what platform/ holds; the dialect-specific half lives
 * in src/db/snapshot.ts, the only place allowed to know the dialect.
 *
 * Everything is written into a hidden temporary folder inside the target, which is renamed
 * to its final name only when complete, manifest last: an interrupted backup never looks
 * like a finished one.
 */
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/config.ts';
import { snapshotDatabase } from '../../db/snapshot.ts';
import type { Clock } from '../../shared/clock.ts';
import { copyHashed, hashFile, listFiles, syncFolder, writeFileSynced } from './files.ts';
import { databaseFileName, FORMAT_VERSION, MANIFEST_FILE, MEDIA_FOLDER, type Manifest } from './manifest.ts';
import type { ProgressFor } from './progress.ts';

export type BackupSource = Pick<Config, 'database' | 'mediaDir'>;

/** masthead-2026-11-30T040000Z: sorts by time, and is a valid name on every filesystem. */
function folderName(at: Date): string {
  return `masthead-${at.toISOString().slice(0, 19).replace(/:/g, '')}Z`;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

export async function createBackup(source: BackupSource, clock: Clock, outDir: string, progress: ProgressFor): Promise<{ dir: string; manifest: Manifest }> {
  const createdAt = clock.now();
  const inside = path.relative(source.mediaDir, outDir);
  // The media folder is copied into the backup: a backup inside it would copy itself.
  if (inside !== '..' && !inside.startsWith(`..${path.sep}`) && !path.isAbsolute(inside)) throw new Error(`--out ${outDir} is inside the media folder ${source.mediaDir}; choose a folder outside it`);
  await mkdir(outDir, { recursive: true });
  const dir = path.join(outDir, folderName(createdAt));
  if (await exists(dir)) throw new Error(`${dir} already exists; wait a second or choose another --out`);
  const work = await mkdtemp(path.join(outDir, `.${folderName(createdAt)}.partial-`));
  try {
    const dbFile = path.join(work, databaseFileName(source.database.dialect));
    const dbBar = progress('Copying the database');
    const inventory = await snapshotDatabase(source.database, dbFile, (done, total) => dbBar.update(done, total));
    dbBar.stop();

    const media: Manifest['media'] = [];
    const files = await listFiles(source.mediaDir);
    const mediaBar = progress('Copying media files');
    for (const [i, rel] of files.entries()) {
      try {
        media.push({ path: rel, ...(await copyHashed(path.join(source.mediaDir, rel), path.join(work, MEDIA_FOLDER, rel))) });
      } catch (error) {
        // Deleted since it was listed (after the database was copied): nothing can need it.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      mediaBar.update(i + 1, files.length);
    }
    mediaBar.stop();

    const manifest: Manifest = {
      format: 'masthead-backup',
      formatVersion: FORMAT_VERSION,
      dialect: source.database.dialect,
      createdAt: createdAt.toISOString(),
      migration: inventory.migration,
      database: await hashFile(dbFile),
      tables: { ...inventory.tables },
      media,
    };
    await writeFileSynced(path.join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await syncFolder(work);
    await rename(work, dir);
    await syncFolder(outDir);
    return { dir, manifest };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}
