/**
 * Rendered public pages in memory, least recently used first out, under a byte budget.
 * Each page keeps its identity body and, made on first demand, its gzip and brotli forms
 * (counted in the budget); its tags say what it shows, so a change drops exactly the pages
 * showing it. Pages also expire: blocks fed by votes and reads are at most this stale.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

export interface PageToCache {
  readonly body: Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly etag: string;
  readonly tags: readonly string[];
  readonly vary: string;
  /** The Content-Security-Policy the page was rendered under: its nonce is in the body. */
  readonly contentSecurityPolicy: string;
  /** Run each time the copy is served (an article page counts a read per reader, hit or not). */
  readonly onHit?: () => void;
  /** How long the page may be served, in ms. */
  readonly ttlMs: number;
}

interface Entry extends PageToCache {
  readonly key: string;
  readonly expiresAt: number;
  encoded: Partial<Record<'br' | 'gzip', Buffer>>;
  bytes: number;
}

export interface PageCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly purged: number;
}

/** Fixed per-entry overhead (key, headers, maps) counted against the budget. */
const ENTRY_OVERHEAD = 512;

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private purged = 0;

  constructor(
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.remove(entry);
      this.misses += 1;
      return undefined;
    }
    // Re-insert: Map order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits += 1;
    return entry;
  }

  set(key: string, page: PageToCache): void {
    const old = this.entries.get(key);
    if (old) this.remove(old);
    const entry: Entry = { ...page, key, expiresAt: this.now() + page.ttlMs, encoded: {}, bytes: page.body.length + key.length + ENTRY_OVERHEAD };
    if (entry.bytes > this.maxBytes / 4) return; // one page must not push out everything else
    this.entries.set(key, entry);
    for (const tag of page.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    this.bytes += entry.bytes;
    this.evict();
  }

  /** The body in an encoding, compressing once on first demand. */
  body(entry: Entry, encoding: Encoding): Buffer {
    if (encoding === 'identity') return entry.body;
    let out = entry.encoded[encoding];
    if (!out) {
      out =
        encoding === 'br'
          ? brotliCompressSync(entry.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length } })
          : gzipSync(entry.body, { level: 9 });
      entry.encoded[encoding] = out;
      if (this.entries.get(entry.key) === entry) {
        entry.bytes += out.length;
        this.bytes += out.length;
        this.evict();
      }
    }
    return out;
  }

  /** Drops every page carrying any of the tags; returns how many. */
  purge(tags: Iterable<string>): number {
    let n = 0;
    for (const tag of tags) {
      for (const key of [...(this.byTag.get(tag) ?? [])]) {
        const entry = this.entries.get(key);
        if (entry) {
          this.remove(entry);
          n += 1;
        }
      }
    }
    this.purged += n;
    return n;
  }

  clear(): void {
    this.purged += this.entries.size;
    this.entries.clear();
    this.byTag.clear();
    this.bytes = 0;
  }

  stats(): PageCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes, hits: this.hits, misses: this.misses, purged: this.purged };
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.key);
    this.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(entry.key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }

  private evict(): void {
    for (const entry of this.entries.values()) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(entry);
    }
  }
}

/** The best encoding a client accepts: brotli, then gzip, else none. */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Map(
    acceptEncoding.split(',').map((part) => {
      const [name = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return [name.trim(), q === undefined ? 1 : Number(q)] as const;
    }),
  );
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}
