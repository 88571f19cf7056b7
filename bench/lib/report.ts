/** The benchmark's record: the machine it ran on and a markdown table of the scenarios. */
import { execSync } from 'node:child_process';
import os from 'node:os';
import type { LoadResult } from './load.ts';

export interface Scenario extends LoadResult {
  readonly name: string;
  readonly connections: number;
  readonly seconds: number;
  readonly processes: ReadonlyArray<{ pid: number; name: string; role: string; peakMb: number }>;
}

export interface Report {
  readonly date: string;
  readonly quick: boolean;
  readonly tool: string;
  readonly dialect: string;
  readonly articles: number;
  readonly workers: number;
  readonly machine: ReturnType<typeof machine>;
  readonly scenarios: readonly Scenario[];
}

function version(cmd: string): string | null {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n')[0] ?? null;
  } catch {
    return null;
  }
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    wrk: version('wrk --version 2>&1 | head -n 1'),
    nginx: version('nginx -v 2>&1'),
  };
}

const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function markdownReport(r: Report): string {
  const m = r.machine;
  const lines = [
    `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' (quick: a harness check, not a measurement)' : ''}: ${n(r.articles)} published articles on ${r.dialect}, ` +
      `Masthead with ${r.workers} worker processes, load from ${r.tool} on 127.0.0.1. Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GiB, ${m.os}, Node ${m.node}.`,
    '',
    '| scenario | conn. | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS per process (MB) |',
    '|---|--:|--:|--:|--:|--:|--:|---|',
    ...r.scenarios.map(
      (s) =>
        `| ${s.name} | ${s.connections} | ${n(s.rps)} | ${n(s.p50Ms, 2)} | ${n(s.p95Ms, 2)} | ${n(s.p99Ms, 2)} | ${s.errors} | ${s.processes.map((p) => `${p.role === 'primary' ? `${p.name} (primary)` : p.name} ${p.peakMb}`).join(', ')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
