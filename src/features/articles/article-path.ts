/**
 * Article URLs carry the publication date (in the site's time zone) and the numeric id:
 * /2026-01/06/c_123456.html. Stable for any title, in any script, and never a slug.
 */
import { localParts } from '../../shared/time.ts';

export const ARTICLE_PATH = /^\/(\d{4})-(\d{2})\/(\d{2})\/c_([1-9]\d{0,15})\.html$/;

export function articlePath(id: number, publishedAt: Date, timeZone: string): string {
  const p = localParts(publishedAt, timeZone);
  return `/${p.year}-${p.month}/${p.day}/c_${id}.html`;
}
