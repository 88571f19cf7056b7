/**
 * Preview links for unpublished articles: the article id and an expiry, signed with the
 * site's secret (HMAC-SHA256). Anyone holding the link can read the draft until it
 * expires; nobody can make one without the secret, or stretch one's expiry.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const PREVIEW_TTL_MS = 24 * 3_600_000;

function signature(articleId: number, expires: number, secret: string): string {
  return createHmac('sha256', secret).update(`preview:${articleId}:${expires}`).digest('base64url');
}

export function previewPath(articleId: number, now: Date, secret: string, ttlMs = PREVIEW_TTL_MS): string {
  const expires = Math.floor((now.getTime() + ttlMs) / 1000);
  return `/preview/${articleId}?exp=${expires}&sig=${signature(articleId, expires, secret)}`;
}

export function verifyPreview(articleId: number, exp: string, sig: string, now: Date, secret: string): boolean {
  if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return false;
  const expires = Number(exp);
  if (expires * 1000 < now.getTime()) return false;
  const expected = Buffer.from(signature(articleId, expires, secret));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
