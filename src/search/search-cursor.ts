/**
 * Search result cursors: the last hit's score, time and id (and whether the pages come from
 * the any-word fallback), as opaque text; anything else is refused.
 */
import { isCanonicalInstant } from '../shared/cursor.ts';
import type { SearchCursor } from './backends/backend.ts';

export function encodeSearchCursor(c: SearchCursor): string {
  return Buffer.from(JSON.stringify(c.partial ? [c.score, c.publishedAt, c.id, 1] : [c.score, c.publishedAt, c.id])).toString('base64url');
}

export function decodeSearchCursor(text: string): SearchCursor | null {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length < 3 || value.length > 4) return null;
    const [score, publishedAt, id, partial] = value as [unknown, unknown, unknown, unknown];
    if (value.length === 4 && partial !== 1) return null;
    if (typeof score !== 'number' || !Number.isFinite(score)) return null;
    if (typeof publishedAt !== 'string' || !isCanonicalInstant(publishedAt)) return null;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return null;
    return { score, publishedAt, id, partial: partial === 1 };
  } catch {
    return null;
  }
}
