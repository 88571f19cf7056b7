/** A full app over an isolated test database, for app.inject tests and browser tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app/build-app.tsx';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { LocalMediaStorage } from '../../src/features/media/storage.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase, type TestDialect } from './databases.ts';
import { seedDir } from './seed.ts';

export const TEST_PUBLIC_URL = 'http://masthead.test';
/** Tests run at a fixed moment: the demo's generated dates and every "now" are repeatable. */
export const TEST_NOW = '2026-11-30T04:00:00.000Z';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly db: TestDatabase;
  readonly config: Config;
  /** The app's clock: tests move it instead of waiting. */
  readonly clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

export function testConfig(db: TestDatabase, env: Record<string, string> = {}): Config {
  return loadConfig({
    // Each test app keeps its files (media) in its own folder.
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'masthead-data-')),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    PUBLIC_URL: TEST_PUBLIC_URL,
    DATABASE_URL: db.url,
    MASTHEAD_SEED_DIR: seedDir(),
    // Off unless a suite turns it on: most suites write through services and read at once,
    // which a cache would answer from before the write (its own suite tests invalidation).
    PAGE_CACHE_MB: '0',
    SHARED_READS_SECONDS: '0',
    ...env,
  });
}

export async function createTestApp(
  dialect: TestDialect,
  opts: { demo?: boolean; perChannel?: number; env?: Record<string, string>; fetch?: AppDeps['fetch'] } = {},
): Promise<TestApp> {
  const db = await createTestDatabase(dialect);
  const config = testConfig(db, opts.env);
  const clock = fixedClock(TEST_NOW);
  if (opts.demo) {
    await loadDemo(db.database.db, clock, {
      storage: new LocalMediaStorage(config.mediaDir),
      timeZone: config.site.timeZone,
      seedDir: config.seedDir,
      perChannel: opts.perChannel ?? 12,
      captureTimeZone: 'Asia/Shanghai',
    });
  }
  const app = await buildApp({ config, database: db.database, clock, fetch: opts.fetch });
  return {
    app,
    db,
    config,
    clock,
    async close() {
      await app.close();
      await db.destroy();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** A test app listening on 127.0.0.1, with PUBLIC_URL pointing at it: for browsers. */
export async function startTestServer(
  dialect: TestDialect,
  opts: { demo?: boolean; perChannel?: number; env?: Record<string, string>; fetch?: AppDeps['fetch'] } = {},
): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Browsers see the site as readers do: through the page cache.
  const t = await createTestApp(dialect, { ...opts, env: { ...opts.env, PUBLIC_URL: baseUrl, PAGE_CACHE_MB: '16' } });
  await t.app.listen({ host: '127.0.0.1', port });
  return { ...t, baseUrl };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
