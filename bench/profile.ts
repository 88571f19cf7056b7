/**
 * npm run bench:profile -- <scenario> [--articles N] [--dialect sqlite|postgres] [--seconds S]
 *
 * What dominates a scenario's cost, measured rather than guessed: one server process runs
 * under --cpu-prof while wrk (or autocannon) drives the scenario, and the profile's self
 * time is summed by function and by part (database driver, SQL building, rendering,
 * compression, garbage collection…). Scenarios: article-miss, article-hit, home-miss,
 * load-more-deep, search, vote. Uses the dataset `npm run bench` built.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { datasetEnv, openDataset } from './lib/dataset.ts';
import { drive, wrkInstalled, type LoadSpec } from './lib/load.ts';
import { startMasthead } from './lib/processes.ts';
import { loadMorePath, searchQueries } from './lib/targets.ts';
import { freePort } from '../test/helpers/app.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { articles: { type: 'string', default: '1000000' }, dialect: { type: 'string', default: 'sqlite' }, seconds: { type: 'string', default: '10' } },
});
const scenario = positionals[0] ?? 'article-miss';
const env = datasetEnv(args.dialect === 'postgres' ? 'postgres' : 'sqlite', Number(args.articles));

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Which part of the stack a function belongs to, from its file. */
function part(url: string, name: string): string {
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(idle)' || name === '(program)') return 'idle / V8';
  if (url.includes('kysely/dist/esm/dialect') || url.includes('better-sqlite3') || url.includes('/pg/') || url.includes('pg-protocol')) return 'database driver (SQL running)';
  if (url.includes('kysely')) return 'Kysely (building SQL)';
  if (url.includes('@kitajs') || url.includes('/views/')) return 'rendering HTML (Kita JSX)';
  if (url.includes('zlib')) return 'compression';
  if (url.includes('fastify') || url.includes('find-my-way') || url.includes('light-my-request') || url.includes('node:_http') || url.includes('node:net')) return 'HTTP (Fastify, Node)';
  if (url.includes('/src/')) return 'Masthead code';
  return 'other';
}

/** Sums the profile's samples over its last `seconds` (the load; start-up came before). */
function summarise(file: string, seconds: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; endTime: number };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.endTime;
  for (let i = profile.samples.length - 1; i >= 0 && at > profile.endTime - seconds * 1e6; i--) {
    const delta = profile.timeDeltas[i] ?? 0;
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + delta);
    at -= delta;
  }
  const fns = new Map<string, number>();
  const parts = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of self) {
    const n = byId.get(id) as Node;
    const p = part(n.callFrame.url, n.callFrame.functionName);
    parts.set(p, (parts.get(p) ?? 0) + micros);
    if (p === 'idle / V8') continue;
    busy += micros;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + micros);
  }
  const pct = (x: number) => `${((x / busy) * 100).toFixed(1)}%`;
  console.log(`\nbusy time by part (of ${(busy / 1e6).toFixed(1)} s on the CPU):`);
  for (const [p, t] of [...parts].filter(([p]) => p !== 'idle / V8').sort((a, b) => b[1] - a[1])) console.log(`  ${pct(t).padStart(6)}  ${p}`);
  console.log('\ntop functions by self time:');
  for (const [k, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(t).padStart(6)}  ${k}`);
}

async function main(): Promise<void> {
  const database = openDataset(env);
  const deep = await loadMorePath(database.db, 10_000).catch(() => loadMorePath(database.db, 1));
  const queries = scenario === 'search' ? await searchQueries(database.db, 24) : [];
  await database.close();

  const dir = path.join(os.tmpdir(), `masthead-profile-${process.pid}`);
  const cached = scenario === 'article-hit';
  const server = await startMasthead({ ...env, PAGE_CACHE_MB: cached ? '64' : '0', TRUST_PROXY: '127.0.0.1' }, await freePort(), 1, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const specs: Record<string, Omit<LoadSpec, 'origin' | 'connections' | 'seconds'>> = {
    'article-miss': { paths: [server.seedPath] },
    'article-hit': { paths: [server.seedPath] },
    'home-miss': { paths: ['/'] },
    'load-more-deep': { paths: [deep] },
    search: { paths: queries.map((q) => `/search/?q=${encodeURIComponent(q)}`) },
    vote: { paths: [`/api/v1/articles/${/c_(\d+)/.exec(server.seedPath)?.[1]}/moods`], method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mood":"like"}', distinctClients: true },
  };
  const spec = specs[scenario];
  if (!spec) throw new Error(`no scenario "${scenario}"; one of ${Object.keys(specs).join(', ')}`);
  const result = await drive({ origin: server.origin, connections: 8, seconds: Number(args.seconds), ...spec }, wrkInstalled() ? 'wrk' : 'autocannon');
  await server.stop();
  console.log(`${scenario} on one process: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`);
  // The main thread and tsx's loader thread each write a profile; the main thread's is the larger.
  const files = readdirSync(dir).map((f) => path.join(dir, f));
  const worker = files.sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
  if (!worker) throw new Error('no profile was written');
  summarise(worker, Number(args.seconds));
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(`bench:profile: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
