/**
 * Which stored page a request asks for. Links shared in WeChat and elsewhere come back with
 * tracking parameters (?from=timeline&isappinstalled=0, utm_*) that change nothing on the
 * page; they are left out of the key so a shared story is one cached page, not thousands.
 * Any other parameter makes the request uncacheable. Inside WeChat the share block differs,
 * so WeChat readers have their own copy.
 */
const IGNORED = new Set(['from', 'isappinstalled', 'scene', 'clicktime', 'enterid', 'share_token', 'spm', 'fbclid', 'gclid', 'ref']);

export function isWeChat(userAgent: string | undefined): boolean {
  return /MicroMessenger/i.test(userAgent ?? '');
}

/** The cache key for a GET, or null when its query asks for something a page cache should not hold. */
export function pageCacheKey(url: string, userAgent: string | undefined): string | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (q >= 0) {
    for (const name of new URLSearchParams(url.slice(q + 1)).keys()) {
      if (!IGNORED.has(name) && !name.startsWith('utm_')) return null;
    }
  }
  return isWeChat(userAgent) ? `${path} wx` : path;
}
