/**
 * Overload: a real server (one process, small limits so a test machine can overload it)
 * under far more concurrent uncached requests than it may work on at once. It must refuse
 * the excess with 503 and Retry-After, keep serving cached pages, keep its memory bounded,
 * not crash, and serve normally again by itself once the load stops.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../helpers/app.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases.ts';
import { seedDir } from '../helpers/seed.ts';
import { startServerProcess } from '../helpers/server-process.ts';

const LOAD_CHILD = path.resolve(import.meta.dirname, '../helpers/load-child.ts');
const CONNECTIONS = 300;
const LOAD_SECONDS = 5;
/** Far above a resting server (~150 MB) and far below what an unbounded queue of 300 renders reaches over seconds. */
const RSS_BOUND_MB = 900;

interface Answer {
  status: number;
  retryAfter?: string;
  cache?: string;
  body: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
/** Readers of the cached page come on their own connections, as other readers would. */
const readerAgent = new http.Agent({ keepAlive: true, maxSockets: 10 });

function get(url: string, via = agent): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(url, { agent: via, headers: { accept: 'text/html' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], cache: res.headers['x-cache'] as string | undefined, body, ms: performance.now() - started }),
      );
    });
    // A refused or reset connection counts as a failure of the server, not of the test.
    req.on('error', (error) => resolve({ status: 0, body: String(error), ms: performance.now() - started }));
  });
}

/** The first 200 for the URL within 5 seconds, or null. */
async function serving(url: string): Promise<Answer | null> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const a = await get(url);
    if (a.status === 200) return a;
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

for (const dialect of await testDialects('overload')) {
  describe(`overload [${dialect}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(async () => {
      agent.destroy();
      readerAgent.destroy();
      await t.destroy();
    });

    it('sheds excess work with 503 and Retry-After, serves cached pages throughout, stays bounded, and recovers', async () => {
      // Under this load SQLite's loop ran 50–200 ms late on the 2-core test machine, some days
      // never past 200 ms while readers waited seconds: the limit sits below that range, so the
      // test is about shedding, not about how fast the machine is that day.
      const server = await startServerProcess(
        await freePort(),
        { LOG_LEVEL: 'warn', MASTHEAD_SEED_DIR: seedDir(), DATABASE_URL: t.url, PAGE_CACHE_MB: '16', MAX_IN_FLIGHT: '8', SHED_EVENT_LOOP_DELAY_MS: '50' },
        ['--demo'],
      );
      const { origin } = server;
      try {
        // Printed just after the server starts listening, which is when /healthz first answers.
        const seedLine = () => /Seed article: http:\/\/[^/]+(\S+)/.exec(server.output())?.[1];
        for (let i = 0; i < 50 && !seedLine(); i++) await new Promise((r) => setTimeout(r, 100));
        const seedPath = seedLine();
        assert.ok(seedPath, `the server names the seed article:\n${server.output()}`);
        // Start-up (migrations, the demo, bundling) blocks the event loop; the first samples after it may still shed.
        assert.ok(await serving(`${origin}/search/?q=${encodeURIComponent('援疆')}`), 'the server settles after start-up');
        const warm = await get(`${origin}${seedPath}`);
        assert.equal(warm.status, 200);
        assert.equal((await get(`${origin}${seedPath}`)).cache, 'HIT', 'the seed article is cached before the load');

        // The load: CONNECTIONS clients from another process, each asking for uncached search
        // pages back to back; meanwhile readers here ask for the cached page and probe the search.
        const paths = Array.from({ length: 500 }, (_, i) => `/search/?q=${encodeURIComponent('新疆 援疆 干部')}&n=${i}`);
        const load = spawn(process.execPath, ['--import', 'tsx', LOAD_CHILD, JSON.stringify({ url: origin, connections: CONNECTIONS, seconds: LOAD_SECONDS, paths })]);
        let loadOutput = '';
        load.stdout.on('data', (c: Buffer) => (loadOutput += c.toString()));
        load.stderr.on('data', (c: Buffer) => (loadOutput += c.toString()));
        const loadDone = new Promise<void>((resolve) => load.on('exit', () => resolve()));
        const cached: Answer[] = [];
        const probes: Answer[] = [];
        const rss: number[] = [];
        let loading = true;
        void loadDone.then(() => (loading = false));
        const sampler = setInterval(() => rss.push(rssMb(server.pid)), 100);
        // The load process needs a moment to start its clients.
        await new Promise((r) => setTimeout(r, 1_500));
        const reader = async () => {
          while (loading) {
            cached.push(await get(`${origin}${seedPath}`, readerAgent));
            probes.push(await get(`${origin}/search/?q=${encodeURIComponent('援疆')}&probe=${probes.length}`, readerAgent));
          }
        };
        await Promise.all(Array.from({ length: 3 }, reader));
        clearInterval(sampler);
        const result = JSON.parse(loadOutput.trim().split('\n').at(-1) ?? '{}') as { statuses: Record<string, number>; errors: number; timeouts: number };
        const statuses = result.statuses ?? {};
        const total = Object.values(statuses).reduce((a, b) => a + b, 0);
        const shed = probes.filter((a) => a.status === 503);
        const diagnostic = `load: ${total} answers ${JSON.stringify(statuses)}, ${result.errors} connection errors; probes ${probes.length} (${shed.length} × 503); cached page ${cached.filter((a) => a.status === 200).length}/${cached.length} × 200 (median ${median(cached.map((a) => a.ms)).toFixed(0)} ms); max RSS ${Math.max(...rss).toFixed(0)} MB`;
        console.log(`overload [${dialect}]: ${diagnostic}`);
        assert.ok((statuses['503'] ?? 0) > 0, `some requests were shed: ${diagnostic}`);
        assert.ok((statuses['200'] ?? 0) > 0, `the server kept doing work: ${diagnostic}`);
        assert.equal(total, (statuses['200'] ?? 0) + (statuses['503'] ?? 0), `every answer is 200 or 503: ${diagnostic}`);
        assert.equal(result.errors, 0, `no connection was refused or reset: ${diagnostic}`);
        for (const a of probes) assert.ok(a.status === 200 || a.status === 503, `probe answered ${a.status}`);
        for (const a of shed) {
          assert.equal(a.retryAfter, '5');
          assert.match(a.body, /访问人数过多/);
        }
        assert.ok(cached.length >= 3 && cached.every((a) => a.status === 200 && a.cache === 'HIT'), `cached pages served throughout: ${diagnostic}`);
        assert.ok(Math.max(...rss) < RSS_BOUND_MB, `memory bounded: ${diagnostic}`);

        // Recovery: with the load gone, the same page is served normally within seconds.
        const recovered = await serving(`${origin}/search/?q=${encodeURIComponent('援疆')}`);
        assert.ok(recovered, 'normal service again within 5 seconds of the load stopping');
        assert.match(recovered.body, /援疆/);
        const health = await get(`${origin}/healthz`);
        assert.equal(health.status, 200);
      } finally {
        server.terminate();
      }
      assert.deepEqual(await server.exited, { code: 0, signal: null }, `the server stopped cleanly after the load:\n${server.output()}`);
    });
  });
}
