/**
 * Uploading images: the type is read from the bytes (file-type), the size and pixel count
 * are checked before anything is decoded, metadata (EXIF, GPS) is dropped, and sharp makes
 * every responsive variant. Files are written before the row; if anything fails, the
 * files written so far are removed, so nothing is ever half-stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import type { Db, MediaRow } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { ACCEPTED_MIME, MEDIA_LIMITS, VARIANT_WIDTHS, type Media, type MediaVariant, type VariantFormat } from './media.ts';
import { findMediaById, findMediaByIds, insertMedia, listMedia, updateMediaText } from './media.repo.ts';
import type { MediaStorage } from './storage.ts';

const EXT: Readonly<Record<VariantFormat, string>> = { avif: 'avif', webp: 'webp', jpeg: 'jpg', png: 'png', gif: 'gif' };

function parseVariants(text: string): MediaVariant[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as MediaVariant[]) : [];
  } catch {
    return [];
  }
}

export function toMedia(row: MediaRow): Media {
  return {
    id: row.id,
    mime: row.mime,
    originalName: row.original_name,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    variants: parseVariants(row.variants),
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    uploadedBy: row.uploaded_by,
    createdAt: new Date(row.created_at),
  };
}

/** Reads what the bytes are and how big they claim to be, refusing what we will not decode. */
async function inspect(data: Buffer): Promise<{ mime: string; width: number; height: number; animated: boolean; alpha: boolean }> {
  if (data.length > MEDIA_LIMITS.maxBytes) throw new AppError('MEDIA_TOO_LARGE', `${(data.length / 1048576).toFixed(1)} MB; at most ${MEDIA_LIMITS.maxBytes / 1048576} MB`);
  const type = await fileTypeFromBuffer(data);
  const head = data.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  if (!type && (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')))) {
    throw new AppError('MEDIA_TYPE_REFUSED', 'SVG images are not accepted: they can carry scripts');
  }
  if (!type || !ACCEPTED_MIME.has(type.mime)) throw new AppError('MEDIA_TYPE_REFUSED', type ? `the file is ${type.mime}` : 'the file is not an image');
  let meta: Metadata;
  try {
    // Only the header is read here: nothing is decoded yet.
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('MEDIA_UNREADABLE');
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw new AppError('MEDIA_UNREADABLE');
  if (width * height > MEDIA_LIMITS.maxPixels || width > MEDIA_LIMITS.maxSide || height > MEDIA_LIMITS.maxSide) {
    throw new AppError('MEDIA_TOO_LARGE', `${width}×${height} pixels; at most ${MEDIA_LIMITS.maxPixels / 1e6} megapixels`);
  }
  return { mime: type.mime, width, height, animated: (meta.pages ?? 1) > 1, alpha: meta.hasAlpha ?? false };
}

/**
 * Path separators, control characters, and the bidirectional controls that make
 * "photo\u202egnp.exe" read as "photoexe.png".
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHAR = /[/\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The uploader's file name, for display only; cut by characters, never inside a surrogate pair. */
function safeFileName(name: string): string {
  return [...name].slice(0, 200).map((ch) => (UNSAFE_NAME_CHAR.test(ch) ? '_' : ch)).join('') || 'image';
}

function widthsFor(original: number): number[] {
  const widths = VARIANT_WIDTHS.filter((w) => w < original);
  widths.push(Math.min(original, VARIANT_WIDTHS.at(-1) ?? original));
  return [...new Set(widths)];
}

async function render(data: Buffer, format: VariantFormat, width: number, animated: boolean): Promise<{ data: Buffer; width: number; height: number }> {
  let img = sharp(data, { limitInputPixels: MEDIA_LIMITS.maxPixels, animated }).rotate().resize({ width, withoutEnlargement: true });
  if (format === 'avif') img = img.avif({ quality: 55, effort: 2 });
  else if (format === 'webp') img = img.webp({ quality: 78 });
  else if (format === 'jpeg') img = img.jpeg({ quality: 80, mozjpeg: true });
  else if (format === 'png') img = img.png({ compressionLevel: 9 });
  else img = img.gif();
  // sharp drops EXIF, GPS and every other metadata unless told to keep it.
  const { data: out, info } = await img.toBuffer({ resolveWithObject: true });
  return { data: out, width: info.width, height: info.pageHeight ?? info.height };
}

export async function uploadImage(
  db: Db,
  storage: MediaStorage,
  clock: Clock,
  input: { data: Buffer; filename: string; uploadedBy: number | null; alt?: string; caption?: string; credit?: string },
  /** Written with the media row, in its transaction (the upload's audit entry). */
  alongside?: (trx: Db, media: Media) => Promise<void>,
): Promise<Media> {
  const info = await inspect(input.data);
  const now = clock.now();
  const prefix = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomBytes(8).toString('hex')}`;
  const fallback: VariantFormat = info.mime === 'image/gif' ? 'gif' : info.alpha ? 'png' : 'jpeg';
  const formats: VariantFormat[] = info.animated ? ['webp', fallback] : ['avif', 'webp', fallback];
  const written: string[] = [];
  try {
    const variants: MediaVariant[] = [];
    for (const width of widthsFor(info.width)) {
      for (const format of formats) {
        const out = await render(input.data, format, width, info.animated);
        const key = `${prefix}/${out.width}.${EXT[format]}`;
        await storage.put(key, out.data);
        written.push(key);
        variants.push({ format, width: out.width, height: out.height, key, bytes: out.data.length });
      }
    }
    const values: Omit<MediaRow, 'id'> = {
      kind: 'image',
      mime: info.mime,
      original_name: safeFileName(input.filename),
      width: info.width,
      height: info.height,
      bytes: input.data.length,
      sha256: createHash('sha256').update(input.data).digest('hex'),
      storage_prefix: prefix,
      variants: JSON.stringify(variants),
      alt: (input.alt ?? '').trim().slice(0, 300),
      caption: (input.caption ?? '').trim().slice(0, 500),
      credit: (input.credit ?? '').trim().slice(0, 100),
      uploaded_by: input.uploadedBy,
      created_at: now.toISOString(),
    };
    // Only the row is written in a transaction, never the encoding above: on SQLite a
    // transaction holds the process's one connection, and every other request would wait.
    if (!alongside) return toMedia(await insertMedia(db, values));
    return await db.transaction().execute(async (trx) => {
      const media = toMedia(await insertMedia(trx, values));
      await alongside(trx, media);
      return media;
    });
  } catch (error) {
    await storage.delete(written);
    if (error instanceof AppError) throw error;
    throw new AppError('MEDIA_UNREADABLE', error instanceof Error ? error.message.slice(0, 200) : undefined);
  }
}

export async function getMedia(db: Db, id: number): Promise<Media | null> {
  const row = await findMediaById(db, id);
  return row ? toMedia(row) : null;
}

export async function getMediaMap(db: Db, ids: readonly number[]): Promise<Map<number, Media>> {
  const rows = await findMediaByIds(db, ids);
  return new Map(rows.map((r) => [r.id, toMedia(r)]));
}

export async function mediaPage(db: Db, opts: { beforeId?: number; limit: number }): Promise<{ items: Media[]; nextBeforeId: number | null }> {
  const rows = await listMedia(db, { beforeId: opts.beforeId, limit: opts.limit + 1 });
  const items = rows.slice(0, opts.limit).map(toMedia);
  return { items, nextBeforeId: rows.length > opts.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function describeMedia(db: Db, id: number, text: { alt: string; caption: string; credit: string }): Promise<void> {
  if (!(await findMediaById(db, id))) throw new AppError('MEDIA_NOT_FOUND');
  await updateMediaText(db, id, { alt: text.alt.trim().slice(0, 300), caption: text.caption.trim().slice(0, 500), credit: text.credit.trim().slice(0, 100) });
}
