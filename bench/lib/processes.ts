/**
 * The processes a benchmark measures: Masthead in production mode (a cluster), nginx serving
 * a static copy of a page, and a sampler of each process's resident memory (from /proc).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processTable } from '../../test/helpers/proc.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/masthead.mjs');

export interface Running {
  readonly origin: string;
  readonly pid: number;
  readonly output: () => string;
  stop(): Promise<number | null>;
}

function waitFor(child: ChildProcess, output: () => string, ready: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = ready.exec(output());
      if (m) {
        clearInterval(timer);
        resolve(m);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`${what} exited with ${code} before it was ready:\n${output()}`));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<number | null> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
}

/** `masthead <args>` to completion, its output streamed to ours (for the dataset's progress bar). */
export function masthead(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`masthead ${args.join(' ')} exited with ${code}`))));
  });
}

export async function startMasthead(env: Record<string, string>, port: number, workers: number, nodeArgs: string[] = []): Promise<Running & { seedPath: string }> {
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--workers', String(workers)], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const m = await waitFor(child, () => out, /Seed article: http:\/\/[^/]+(\S+)[\s\S]*Newsroom:/, 'masthead serve');
  return { origin: `http://127.0.0.1:${port}`, pid: child.pid as number, seedPath: m[1] as string, output: () => out, stop: stopper(child) };
}

export function nginxInstalled(): boolean {
  return spawnSync('nginx', ['-v']).error === undefined;
}

/** nginx with as many workers as Masthead has processes, serving `files` from a scratch root. */
export async function startNginx(port: number, workers: number, files: Record<string, string>): Promise<Running> {
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'masthead-nginx-'));
  const root = path.join(prefix, 'html');
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), body);
  }
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    `user root;
worker_processes ${workers};
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { text/html html; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${out}`);
    if (await fetch(origin).then(() => true, () => false)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { origin, pid: child.pid as number, output: () => out, stop: stopper(child) };
}

/** The process and its descendants, each with its command name. */
function tree(pid: number): Array<{ pid: number; name: string }> {
  const table = processTable();
  const out: Array<{ pid: number; name: string }> = [];
  const walk = (p: number, name: string) => {
    out.push({ pid: p, name });
    for (const c of table) if (c.ppid === p) walk(c.pid, c.name);
  };
  walk(pid, table.find((p) => p.pid === pid)?.name ?? '?');
  return out;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the resident memory of a process tree every 100 ms; `stop` gives each process's peak. */
export function sampleRss(pid: number): { stop(): Array<{ pid: number; name: string; role: string; peakMb: number }> } {
  const peaks = new Map<number, { name: string; peakMb: number }>();
  const sample = () => {
    for (const p of tree(pid)) {
      const mb = rssMb(p.pid);
      const seen = peaks.get(p.pid);
      if (!seen || mb > seen.peakMb) peaks.set(p.pid, { name: p.name, peakMb: mb });
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return [...peaks.entries()].map(([p, v]) => ({ pid: p, name: v.name, role: p === pid ? 'primary' : 'worker', peakMb: Math.round(v.peakMb) }));
    },
  };
}
