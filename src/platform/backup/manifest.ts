/**
 * The manifest: what a backup folder must hold for a restore to trust it. Written last, so
 * a folder without one was never finished; read as `unknown` and checked against this
 * schema before anything in it is believed.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { Dialect } from '../../db/database.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MEDIA_FOLDER = 'media';
export const FORMAT_VERSION = 1;

const Digest = { size: Type.Integer({ minimum: 0 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) };

const ManifestSchema = Type.Object({
  format: Type.Literal('masthead-backup'),
  formatVersion: Type.Integer({ minimum: 1 }),
  dialect: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  createdAt: Type.String(),
  /** The last migration the database had; null for a database never migrated. */
  migration: Type.Union([Type.String(), Type.Null()]),
  database: Type.Object(Digest),
  /** Rows per table, as the copied database holds them. */
  tables: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  /** Paths relative to the media folder, with '/' between folders. */
  media: Type.Array(Type.Object({ path: Type.String({ minLength: 1 }), ...Digest })),
});

export type Manifest = Static<typeof ManifestSchema>;
export type FileDigest = { readonly size: number; readonly sha256: string };

/** The database copy's file name: each dialect's tool writes its own format. */
export function databaseFileName(dialect: Dialect): string {
  return dialect === 'sqlite' ? 'database.sqlite' : 'database.pgdump';
}

/** A path that stays inside the folder it is joined to, whatever the manifest says. */
export function isContainedPath(p: string): boolean {
  return !p.includes('\\') && !p.includes('\0') && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

async function isFolder(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

export type ManifestRead = { readonly ok: true; readonly manifest: Manifest } | { readonly ok: false; readonly problems: readonly string[] };

export async function readManifest(dir: string): Promise<ManifestRead> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !(await isFolder(dir))) return { ok: false, problems: [`${dir}: no such folder`] };
    if (code === 'ENOENT') return { ok: false, problems: [`${file}: missing, so this is not a finished backup (a backup writes its manifest last)`] };
    return { ok: false, problems: [`${file}: cannot be read (${(error as Error).message})`] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problems: [`${file}: not valid JSON`] };
  }
  if (typeof data === 'object' && data !== null && 'formatVersion' in data && data.formatVersion !== FORMAT_VERSION) {
    return { ok: false, problems: [`${file}: format version ${String(data.formatVersion)}; this Masthead reads version ${FORMAT_VERSION}`] };
  }
  if (!Value.Check(ManifestSchema, data)) {
    return { ok: false, problems: Value.Errors(ManifestSchema, data).slice(0, 10).map((e) => `${file}: ${e.instancePath || '(top)'} ${e.message}`) };
  }
  const unsafe = data.media.filter((m) => !isContainedPath(m.path));
  if (unsafe.length) return { ok: false, problems: unsafe.map((m) => `${file}: media path ${JSON.stringify(m.path)} leaves the media folder`) };
  return { ok: true, manifest: data };
}
