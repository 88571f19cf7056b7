/**
 * Drives load at a server from a separate process: wrk when installed (C, far lighter than
 * any Node client, which matters when client and server share two cores), else autocannon
 * in a child process. Both take a list of request paths (cycled) and report requests/s,
 * p50/p99 latency and how many answers were not 2xx/3xx.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LoadSpec {
  readonly origin: string;
  readonly paths: readonly string[];
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** POST only: give every request its own X-Forwarded-For (10.x.y.z), as readers behind a proxy. */
  readonly distinctClients?: boolean;
  readonly connections: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly tool: 'wrk' | 'autocannon';
  readonly requests: number;
  readonly rps: number;
  readonly p50Ms: number;
  /** autocannon reports no 95th percentile: its 97.5th stands in (an upper bound). */
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export function wrkInstalled(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}: ${err || out}`))));
  });
}

const lua = (s: string) => JSON.stringify(s);

function wrkScript(spec: LoadSpec): string {
  const headers = { ...(spec.headers ?? {}) };
  return `
local paths = { ${spec.paths.map(lua).join(', ')} }
local headers = { ${Object.entries(headers).map(([k, v]) => `[${lua(k)}] = ${lua(v)}`).join(', ')} }
local body = ${spec.body === undefined ? 'nil' : lua(spec.body)}
local method = ${lua(spec.method ?? 'GET')}
local distinct = ${spec.distinctClients ? 'true' : 'false'}
local threads = {}
local n = 0
-- Set per thread by setup() (thread:set writes a global of the thread's own Lua state).
tid = 0
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  n = 0
end
function request()
  n = n + 1
  local p = paths[(n % #paths) + 1]
  if distinct then
    local k = tid * 4000000 + n
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(k / 65536) % 256, math.floor(k / 256) % 256, k % 256)
  end
  return wrk.format(method, p, headers, body)
end
function done(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"requests":%d,"micros":%d,"p50":%d,"p95":%d,"p99":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), bad))
end
`;
}

async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-wrk-'));
  const script = path.join(dir, 'script.lua');
  writeFileSync(script, wrkScript(spec));
  const threads = Math.min(2, spec.connections);
  const out = await run('wrk', [`-t${threads}`, `-c${spec.connections}`, `-d${spec.seconds}s`, '--timeout', '10s', '-s', script, `${spec.origin}${spec.paths[0]}`]);
  const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const r = JSON.parse(line) as { requests: number; micros: number; p50: number; p95: number; p99: number; errors: number };
  return { tool: 'wrk', requests: r.requests, rps: r.requests / (r.micros / 1e6), p50Ms: r.p50 / 1000, p95Ms: r.p95 / 1000, p99Ms: r.p99 / 1000, errors: r.errors };
}

async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const child = path.join(import.meta.dirname, 'autocannon-child.ts');
  const out = await run(process.execPath, ['--import', 'tsx', child, JSON.stringify(spec)]);
  return { tool: 'autocannon', ...(JSON.parse(out.trim().split('\n').at(-1) as string) as Omit<LoadResult, 'tool'>) };
}

export function drive(spec: LoadSpec, tool: 'wrk' | 'autocannon'): Promise<LoadResult> {
  return tool === 'wrk' ? runWrk(spec) : runAutocannon(spec);
}
