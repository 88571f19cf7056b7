/**
 * The only reader of process.env. Every setting is parsed once into a frozen, typed
 * Config; a bad value stops start-up with a list naming each problem.
 */
import path from 'node:path';
import { findSeedDir } from './seed-dir.ts';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize: number };

export interface Config {
  readonly env: 'development' | 'production' | 'test';
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

  const config: Config = {
    env: oneOf(problems, 'NODE_ENV', env.NODE_ENV, ENVS, 'development'),
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
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
