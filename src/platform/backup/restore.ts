/**
 * `masthead restore`: everything is checked before anything is touched (the manifest, each
 * file's size and SHA-256, the dialect and migration, the target); then the database goes
 * back, then the media files; the restored tables must hold exactly the rows the manifest
 * counted; last, a backup made at an older migration is migrated forward.
 */
import path from 'node:path';
import type { Config, DatabaseConfig } from '../../config/config.ts';
import { openDatabase, type Database, type Dialect } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { countArticlesIfAny, databaseInUse, readInventory, restoreSnapshot, tablesLeftBehind } from '../../db/snapshot.ts';
import { copyIntoPlace, hashFile } from './files.ts';
import { databaseFileName, MEDIA_FOLDER, readManifest, type Manifest, type ManifestRead } from './manifest.ts';
import type { ProgressFor } from './progress.ts';

export type RestoreTarget = Pick<Config, 'database' | 'mediaDir'>;

export type RestoreOutcome =
  | { readonly ok: true; readonly manifest: Manifest; readonly migrated: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

const DIALECT_NAMES: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export function describeDatabase(config: DatabaseConfig): string {
  if (config.dialect === 'sqlite') return `the SQLite database ${config.file}`;
  const u = new URL(config.url);
  return `the PostgreSQL database ${decodeURIComponent(u.pathname.slice(1))} on ${u.host}`;
}

async function withDatabase<T>(config: DatabaseConfig, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(config);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** The manifest, once every file it names is present and whole and it suits this database. */
export async function checkBackup(dir: string, dialect: Dialect, progress: ProgressFor): Promise<ManifestRead> {
  const read = await readManifest(dir);
  if (!read.ok) return read;
  const { manifest } = read;
  const problems: string[] = [];
  if (manifest.dialect !== dialect) {
    problems.push(`${dir} holds a ${DIALECT_NAMES[manifest.dialect]} database, but DATABASE_URL names ${DIALECT_NAMES[dialect]}: restore into the same kind of database`);
  }
  if (manifest.migration !== null && !migrations.some(([name]) => name === manifest.migration)) {
    problems.push(`${dir} was taken at migration ${manifest.migration}, which this version of Masthead does not know: restore it with the version that made it, or a newer one`);
  }
  const files = [
    { rel: databaseFileName(manifest.dialect), size: manifest.database.size, sha256: manifest.database.sha256 },
    ...manifest.media.map((m) => ({ rel: `${MEDIA_FOLDER}/${m.path}`, size: m.size, sha256: m.sha256 })),
  ];
  const total = files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  const bar = progress('Checking the backup');
  for (const expected of files) {
    const file = path.join(dir, expected.rel);
    try {
      const got = await hashFile(file, (n) => bar.update(Math.min((done += n), total), total));
      if (got.size !== expected.size) problems.push(`${file}: ${got.size} bytes, but the manifest says ${expected.size}`);
      else if (got.sha256 !== expected.sha256) problems.push(`${file}: its contents differ from the manifest's (SHA-256 mismatch)`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(code === 'ENOENT' ? `${file}: missing` : `${file}: cannot be read (${(error as Error).message})`);
    }
  }
  bar.stop();
  return problems.length ? { ok: false, problems } : read;
}

/** Why the target must not be restored into now, if it must not. */
async function targetProblem(config: DatabaseConfig, manifest: Manifest, force: boolean): Promise<string | null> {
  const target = describeDatabase(config);
  if (databaseInUse(config)) return `${target} is open in another process: stop the server (and any other masthead command using it) first`;
  return withDatabase(config, async (database) => {
    const articles = await countArticlesIfAny(database);
    if (articles > 0 && !force) return `${target} already has ${articles} article(s), and a restore replaces everything in it: pass --force to do that`;
    const extra = await tablesLeftBehind(database, Object.keys(manifest.tables));
    if (extra.length) return `${target} has tables the backup does not (${extra.join(', ')}), which a restore would leave behind: restore into an empty database`;
    return null;
  });
}

function countDifferences(expected: Readonly<Record<string, number>>, got: Readonly<Record<string, number>>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(got)])].sort();
  return names.filter((t) => expected[t] !== got[t]).map((t) => `${t}: ${got[t] ?? 'no table'} row(s), the manifest says ${expected[t] ?? 'no table'}`);
}

export async function restoreBackup(target: RestoreTarget, dir: string, opts: { force: boolean; progress: ProgressFor }): Promise<RestoreOutcome> {
  const checked = await checkBackup(dir, target.database.dialect, opts.progress);
  if (!checked.ok) return checked;
  const { manifest } = checked;
  const problem = await targetProblem(target.database, manifest, opts.force);
  if (problem) return { ok: false, problems: [problem] };

  const dbBar = opts.progress('Restoring the database');
  const tables = Object.keys(manifest.tables).length;
  await restoreSnapshot(target.database, path.join(dir, databaseFileName(manifest.dialect)), tables, (done, total) => dbBar.update(done, total));
  dbBar.stop();

  const mediaBar = opts.progress('Restoring media files');
  for (const [i, m] of manifest.media.entries()) {
    const got = await copyIntoPlace(path.join(dir, MEDIA_FOLDER, m.path), path.join(target.mediaDir, m.path));
    // Checked a moment ago; a change since means the backup is being altered under us.
    if (got.sha256 !== m.sha256) throw new Error(`${m.path} changed while it was being restored`);
    mediaBar.update(i + 1, manifest.media.length);
  }
  mediaBar.stop();

  return withDatabase(target.database, async (database) => {
    const differences = countDifferences(manifest.tables, (await readInventory(database)).tables);
    if (differences.length) throw new Error(`the restored database does not hold what the backup counted: ${differences.join('; ')}`);
    return { ok: true, manifest, migrated: await migrateToLatest(database) };
  });
}
