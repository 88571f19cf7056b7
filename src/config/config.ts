/**
 * The only reader of process.env. Every setting is parsed once into a frozen, typed
 * Config; a bad value stops start-up with a list naming each problem.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { findSeedDir } from './seed-dir.ts';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize: number };

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  /** How long site-wide reads are kept per process (reader/shared-reads.ts); 0: not at all. */
  readonly sharedReadsMs: number;
  /** Server processes (Node cluster workers) sharing the port and the database. */
  readonly workers: number;
  readonly host: string;
  readonly port: number;
  /** Absolute base URL readers use, for canonical links, share links and QR codes. */
  readonly publicUrl: string;
  readonly database: DatabaseConfig;
  readonly site: {
    readonly name: string;
    readonly locale: Locale;
    readonly timeZone: string;
  };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Folder holding page captures for the demo; null when none was found. */
  readonly seedDir: string | null;
  readonly dataDir: string;
  /** Where uploaded media files are kept (the local storage backend). */
  readonly mediaDir: string;
  /**
   * Addresses of reverse proxies whose X-Forwarded-For is believed. Empty: the socket's
   * address is the client's, whatever headers say.
   */
  readonly trustProxy: readonly string[];
  /** Signs preview links and cookies; when null, one is generated and kept in the database. */
  readonly secretKey: string | null;
  readonly sessionTtlHours: number;
  /** Cookies get the Secure flag: true when PUBLIC_URL is https. */
  readonly secureCookies: boolean;
  readonly api: {
    /** Origins allowed to call /api/v1 from browsers: none, '*' or a list. */
    readonly corsOrigins: readonly string[];
    /** When true, /api/v1 answers only requests with a read key. */
    readonly keysRequired: boolean;
  };
  /** Feeds carry whole articles rather than summaries. */
  readonly feedFullContent: boolean;
  /** A WeChat official account, for the JS-SDK share configuration; null when not set up. */
  readonly wechat: { readonly appId: string; readonly appSecret: string } | null;
  /** Memory for rendered public pages, in bytes; 0 turns the page cache off. */
  readonly pageCacheBytes: number;
  /** When a process answers 503 instead of taking on work it cannot do (platform/load-shedding.ts); 0 turns a limit off. */
  readonly shedding: { readonly maxInFlight: number; readonly maxEventLoopDelayMs: number; readonly maxHeapBytes: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const ENVS = ['development', 'production', 'test'] as const;

/** Every variable Masthead reads, with its meaning; the README and `--help` list these. */
export const ENV_VARS: ReadonlyArray<readonly [name: string, meaning: string]> = [
  ['PORT', 'HTTP port (default 3000)'],
  ['HOST', 'interface to bind (default localhost)'],
  ['PUBLIC_URL', 'base URL readers see, for canonical and share links (default http://localhost:PORT)'],
  ['DATABASE_URL', 'postgres://… for PostgreSQL; sqlite:<file> or unset for the embedded database'],
  ['DATA_DIR', 'folder for the embedded database and other local data (default ./data)'],
  ['PG_POOL_SIZE', 'PostgreSQL connections per process (default 10)'],
  ['SITE_NAME', 'site name shown in the header and titles (default Masthead)'],
  ['SITE_LOCALE', 'reader UI language: zh-CN (default) or en'],
  ['SITE_TIME_ZONE', 'IANA time zone for displayed times (default Asia/Shanghai)'],
  ['LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')} (default info)`],
  ['NODE_ENV', `one of ${ENVS.join(', ')} (default development)`],
  ['MASTHEAD_SEED_DIR', 'folder of page captures loaded by the demo (default: shared/seed found beside the project)'],
  ['MEDIA_DIR', 'folder for uploaded media (default DATA_DIR/media)'],
  ['TRUST_PROXY', 'comma-separated proxy addresses/CIDRs whose X-Forwarded-For is trusted (default: none)'],
  ['SECRET_KEY', 'secret for signed links (or SECRET_KEY_FILE); default: generated once and kept in the database'],
  ['SESSION_TTL_HOURS', 'newsroom sessions last this long without use (default 12)'],
  ['API_CORS_ORIGINS', 'origins allowed to call /api/v1 from browsers: * or a comma-separated list (default: none)'],
  ['API_KEYS_REQUIRED', 'true: /api/v1 needs a read key (Authorization: Bearer …) (default false)'],
  ['FEED_FULL_CONTENT', 'true: RSS/Atom feeds carry whole articles (default: summaries)'],
  ['WECHAT_APP_ID', 'WeChat official-account app id, for the JS-SDK share card (default: none)'],
  ['WECHAT_APP_SECRET', 'its secret (or WECHAT_APP_SECRET_FILE)'],
  ['PAGE_CACHE_MB', 'memory per process for rendered public pages, 0 to turn the cache off (default 64)'],
  ['SHARED_READS_SECONDS', 'how long each process keeps reads every page shares (channels, moods, topics, rankings); 0 turns it off (default 10)'],
  ['MAX_IN_FLIGHT', 'requests one process works on at once before it answers 503 (cached pages are always served); 0 = no limit (default 256)'],
  ['SHED_EVENT_LOOP_DELAY_MS', 'how late the event loop may run before a process answers 503 for a second; 0 = off (default 2000)'],
  ['SHED_HEAP_MB', 'JavaScript heap in use past which a process answers 503; 0 = off (default 1536)'],
  ['WORKERS', 'server processes sharing the port: a number or "auto" (one per core); default auto in production, else 1'],
];

function oneOf<T extends string>(
  problems: string[],
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${name}: must be one of ${allowed.join(', ')} (got "${value}")`);
  return fallback;
}

function integer(
  problems: string[],
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}: must be a whole number from ${min} to ${max} (got "${value}")`);
    return fallback;
  }
  return n;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parseDatabase(problems: string[], env: Env, dataDir: string): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  const poolSize = integer(problems, 'PG_POOL_SIZE', env.PG_POOL_SIZE, 10, 1, 200);
  if (!url) return { dialect: 'sqlite', file: path.join(dataDir, 'masthead.sqlite') };
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      new URL(url);
    } catch {
      problems.push('DATABASE_URL: not a valid postgres:// URL');
    }
    return { dialect: 'postgres', url, poolSize };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) problems.push('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/masthead.sqlite');
    return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  problems.push(`DATABASE_URL: must start with postgres://, postgresql:// or sqlite: (got "${url.split(':')[0]}:…")`);
  return { dialect: 'sqlite', file: path.join(dataDir, 'masthead.sqlite') };
}

/** A secret from NAME, or from the file NAME_FILE names (for Docker/Kubernetes secrets). */
function secret(problems: string[], env: Env, name: string, cwd: string): string | null {
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      const value = readFileSync(path.resolve(cwd, file), 'utf8').trim();
      if (value.length < 32) problems.push(`${name}_FILE: the secret must be at least 32 characters`);
      return value;
    } catch {
      problems.push(`${name}_FILE: cannot read ${file}`);
      return null;
    }
  }
  const value = env[name];
  if (value === undefined || value === '') return null;
  if (value.length < 32) problems.push(`${name}: must be at least 32 characters`);
  return value;
}

function flag(problems: string[], name: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  problems.push(`${name}: must be true or false (got "${value}")`);
  return false;
}

function origins(problems: string[], value: string | undefined): string[] {
  if (!value) return [];
  if (value.trim() === '*') return ['*'];
  const list = value.split(',').map((v) => v.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const o of list) {
    try {
      const u = new URL(o);
      if (u.origin !== o) throw new Error('not an origin');
    } catch {
      problems.push(`API_CORS_ORIGINS: "${o}" is not an origin like https://app.example.com`);
    }
  }
  return list;
}

function wechat(problems: string[], env: Env, cwd: string): Config['wechat'] {
  const appId = env.WECHAT_APP_ID?.trim();
  const appSecret = env.WECHAT_APP_SECRET_FILE ? secret(problems, env, 'WECHAT_APP_SECRET', cwd) : env.WECHAT_APP_SECRET?.trim();
  if (!appId && !appSecret) return null;
  if (!appId || !appSecret) {
    problems.push('WECHAT_APP_ID and WECHAT_APP_SECRET: set both or neither');
    return null;
  }
  return { appId, appSecret };
}

function proxies(problems: string[], value: string | undefined): string[] {
  if (!value) return [];
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  for (const p of list) {
    const [addr, bits] = p.split('/');
    if (!addr || isIP(addr) === 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      problems.push(`TRUST_PROXY: "${p}" is not an IP address or CIDR`);
    }
  }
  return list;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const port = integer(problems, 'PORT', env.PORT, 3000, 0, 65535);
  const dataDir = path.resolve(cwd, env.DATA_DIR || 'data');
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    problems.push(`PUBLIC_URL: must be an http(s) URL (got "${publicUrl}")`);
  }
  const timeZone = env.SITE_TIME_ZONE || 'Asia/Shanghai';
  if (!isTimeZone(timeZone)) problems.push(`SITE_TIME_ZONE: unknown time zone "${timeZone}"`);
  const siteName = (env.SITE_NAME ?? 'Masthead').trim();
  if (!siteName) problems.push('SITE_NAME: must not be empty');

  const mode = oneOf(problems, 'NODE_ENV', env.NODE_ENV, ENVS, 'development');
  const config: Config = {
    env: mode,
    workers: workerCount(problems, env.WORKERS, mode),
    host: env.HOST || 'localhost',
    port,
    publicUrl,
    database: parseDatabase(problems, env, dataDir),
    site: {
      name: siteName,
      locale: oneOf(problems, 'SITE_LOCALE', env.SITE_LOCALE, LOCALES, 'zh-CN'),
      timeZone,
    },
    logLevel: oneOf(problems, 'LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, 'info'),
    seedDir: env.MASTHEAD_SEED_DIR ? path.resolve(cwd, env.MASTHEAD_SEED_DIR) : findSeedDir(cwd),
    dataDir,
    mediaDir: path.resolve(cwd, env.MEDIA_DIR || path.join(dataDir, 'media')),
    trustProxy: proxies(problems, env.TRUST_PROXY),
    secretKey: secret(problems, env, 'SECRET_KEY', cwd),
    sessionTtlHours: integer(problems, 'SESSION_TTL_HOURS', env.SESSION_TTL_HOURS, 12, 1, 24 * 90),
    secureCookies: publicUrl.startsWith('https:'),
    api: { corsOrigins: origins(problems, env.API_CORS_ORIGINS), keysRequired: flag(problems, 'API_KEYS_REQUIRED', env.API_KEYS_REQUIRED) },
    feedFullContent: flag(problems, 'FEED_FULL_CONTENT', env.FEED_FULL_CONTENT),
    wechat: wechat(problems, env, cwd),
    pageCacheBytes: integer(problems, 'PAGE_CACHE_MB', env.PAGE_CACHE_MB, 64, 0, 16_384) * 1024 * 1024,
    sharedReadsMs: integer(problems, 'SHARED_READS_SECONDS', env.SHARED_READS_SECONDS, 10, 0, 3600) * 1000,
    shedding: {
      maxInFlight: integer(problems, 'MAX_IN_FLIGHT', env.MAX_IN_FLIGHT, 256, 0, 100_000),
      maxEventLoopDelayMs: integer(problems, 'SHED_EVENT_LOOP_DELAY_MS', env.SHED_EVENT_LOOP_DELAY_MS, 2000, 0, 60_000),
      maxHeapBytes: integer(problems, 'SHED_HEAP_MB', env.SHED_HEAP_MB, 1536, 0, 65_536) * 1024 * 1024,
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

function workerCount(problems: string[], value: string | undefined, mode: Config['env']): number {
  if (value === 'auto' || (!value && mode === 'production')) return availableParallelism();
  return integer(problems, 'WORKERS', value, 1, 1, 256);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
