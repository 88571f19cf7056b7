/**
 * npm run bench [-- --quick] [--articles N] [--dialect sqlite|postgres] [--seconds S] [--connections C]
 *
 * Builds (or reuses) a generated dataset, starts Masthead in production mode (a process per
 * core), drives each scenario from a separate process on 127.0.0.1 (wrk, or autocannon
 * without it), samples every server process's memory, and writes bench/results/<date>.json
 * and .md. The article page served from the cache is measured against nginx serving the
 * same bytes as a static file, in alternating rounds so machine drift hits both.
 * --quick: a small dataset and short runs, to prove the harness works (CI), not to measure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDatasetHome, datasetEnv, openDataset } from './lib/dataset.ts';
import { drive, wrkInstalled, type LoadResult, type LoadSpec } from './lib/load.ts';
import { masthead, nginxInstalled, sampleRss, startMasthead, startNginx, type Running } from './lib/processes.ts';
import { machine, markdownReport, type Scenario } from './lib/report.ts';
import { loadMorePath, publishedCount, searchQueries } from './lib/targets.ts';
import { freePort } from '../test/helpers/app.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    articles: { type: 'string' },
    dialect: { type: 'string', default: 'sqlite' },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string' },
  },
});
const quick = args.quick as boolean;
const articles = Number(args.articles ?? (quick ? 2_400 : 1_000_000));
const seconds = Number(args.seconds ?? (quick ? 2 : 10));
const connections = Number(args.connections);
const rounds = Number(args.rounds ?? (quick ? 1 : 3));
const dialect = args.dialect === 'postgres' ? 'postgres' : 'sqlite';
const workers = availableParallelism();
const tool = wrkInstalled() ? 'wrk' : 'autocannon';
const root = path.resolve(import.meta.dirname, '..');

function log(message: string): void {
  console.error(`bench: ${message}`);
}

async function measure(name: string, server: Running, spec: Omit<LoadSpec, 'origin' | 'connections' | 'seconds'> & { connections?: number }): Promise<Scenario> {
  const rss = sampleRss(server.pid);
  const result: LoadResult = await drive({ origin: server.origin, connections, seconds, ...spec }, tool);
  const processes = rss.stop();
  if (result.errors > 0) log(`${name}: ${result.errors} answers were errors`);
  log(`${name}: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p95 ${result.p95Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`);
  return { name, connections: spec.connections ?? connections, seconds, ...result, processes };
}

/** Alternating rounds of A and B; each side reports its median round. */
async function alternate(a: () => Promise<Scenario>, b: () => Promise<Scenario>): Promise<[Scenario, Scenario]> {
  const as: Scenario[] = [];
  const bs: Scenario[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await a());
    bs.push(await b());
  }
  const median = (list: Scenario[]) => [...list].sort((x, y) => x.rps - y.rps)[Math.floor(list.length / 2)] as Scenario;
  return [median(as), median(bs)];
}

/** Stops a server; one that does not stop cleanly fails the run (after the results are printed). */
async function stopServer(server: Running): Promise<void> {
  const code = await server.stop();
  if (code !== 0) {
    log(`the server exited with ${code}:\n${server.output()}`);
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const env = datasetEnv(dialect, articles);
  await createDatasetHome(env);
  log(`dataset: ${articles} articles on ${dialect} (built once, then reused)`);
  await masthead(['demo', '--articles', String(articles)], { ...env, LOG_LEVEL: 'warn' });

  const database = openDataset(env);
  const total = await publishedCount(database.db);
  const maxDepth = Math.floor(total / 20) - 2;
  const depths = [1, 100, 10_000].map((d) => Math.max(1, Math.min(d, maxDepth)));
  const loadMore = await Promise.all(depths.map((d) => loadMorePath(database.db, d)));
  const queries = await searchQueries(database.db, quick ? 6 : 24);
  await database.close();

  const scenarios: Scenario[] = [];
  const cached = await startMasthead({ ...env, PAGE_CACHE_MB: '64', TRUST_PROXY: '127.0.0.1' }, await freePort(), workers);
  const seed = cached.seedPath;
  const voteId = Number(/c_(\d+)\.html/.exec(seed)?.[1]);
  try {
    const page = await (await fetch(`${cached.origin}${seed}`)).text();
    if (nginxInstalled()) {
      const nginx = await startNginx(await freePort(), workers, { 'article.html': page });
      try {
        const [hit, ref] = await alternate(
          () => measure('Article page, cache hit', cached, { paths: [seed] }),
          () => measure('Same bytes as a static file (nginx)', nginx, { paths: ['/article.html'] }),
        );
        scenarios.push(hit, ref);
      } finally {
        await nginx.stop();
      }
    } else {
      log('nginx is not installed: no static-file reference this run');
      scenarios.push(await measure('Article page, cache hit', cached, { paths: [seed] }));
    }
    scenarios.push(await measure('Home page (cached)', cached, { paths: ['/'] }));
    for (const [i, d] of depths.entries()) scenarios.push(await measure(`Load more, depth ${d} pages`, cached, { paths: [loadMore[i] as string] }));
    scenarios.push(await measure(`Search, ${queries.length} Chinese queries`, cached, { paths: queries.map((q) => `/search/?q=${encodeURIComponent(q)}`) }));
    scenarios.push(
      await measure('Mood vote POST (durable, acknowledged)', cached, {
        paths: [`/api/v1/articles/${voteId}/moods`],
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ mood: 'like' }),
        distinctClients: true,
      }),
    );
  } finally {
    await stopServer(cached);
  }

  const uncached = await startMasthead({ ...env, PAGE_CACHE_MB: '0' }, await freePort(), workers);
  try {
    scenarios.push(await measure('Article page, cache off (rendered each time)', uncached, { paths: [uncached.seedPath] }));
    scenarios.push(await measure('Article page, cache off, one connection (render time)', uncached, { paths: [uncached.seedPath], connections: 1 }));
    scenarios.push(await measure('Home page, cache off', uncached, { paths: ['/'] }));
  } finally {
    await stopServer(uncached);
  }

  const report = { date: new Date().toISOString(), quick, tool, dialect, articles: total, workers, machine: machine(), scenarios };
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stem = `${report.date.slice(0, 10)}${quick ? '-quick' : ''}-${dialect}`;
  const md = markdownReport(report);
  writeFileSync(path.join(dir, `${stem}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, `${stem}.md`), md);
  console.log(md);
  const failed = scenarios.filter((s) => s.requests === 0 || s.errors > s.requests * 0.01);
  if (failed.length > 0) throw new Error(`scenarios with errors or no answers: ${failed.map((s) => `${s.name} (${s.errors}/${s.requests})`).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
