/**
 * Keyset cursors for lists ordered newest first: the position is the last item's
 * (published_at, id). Encoded as opaque base64url text; anything that does not decode to
 * exactly that shape is rejected, never trusted.
 */
export interface Keyset {
  readonly publishedAt: string;
  readonly id: number;
}

/**
 * Exactly the form toISOString writes: a look-alike such as 2026-02-31T… would reach the
 * database as text, and PostgreSQL refuses it (a 500 instead of a 400). So does year 0000,
 * which JavaScript writes for 1 BC but PostgreSQL does not have.
 */
export function isCanonicalInstant(text: string): boolean {
  const ms = Date.parse(text);
  return /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) && !Number.isNaN(ms) && new Date(ms).toISOString() === text;
}

export function encodeCursor(k: Keyset): string {
  return Buffer.from(`${k.publishedAt}|${k.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Keyset | null {
  if (text.length === 0 || text.length > 64 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const raw = Buffer.from(text, 'base64url').toString('utf8');
  const sep = raw.indexOf('|');
  if (sep < 0) return null;
  const publishedAt = raw.slice(0, sep);
  const idText = raw.slice(sep + 1);
  if (!isCanonicalInstant(publishedAt)) return null;
  if (!/^[1-9]\d{0,15}$/.test(idText)) return null;
  const id = Number(idText);
  if (!Number.isSafeInteger(id)) return null;
  return { publishedAt, id };
}
