/**
 * `masthead serve` in a child process leading its own process group, so a test can end it
 * as a crash does (SIGKILL to the whole group, whatever it forked) or as an operator does
 * (SIGTERM to the server, which then shuts down by itself).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../bin/masthead.mjs');
const START_TIMEOUT_MS = 90_000;

export interface ServerProcess {
  readonly pid: number;
  readonly origin: string;
  output(): string;
  /** Settles when the process has exited: its code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the process group: the server and anything it started die at once. */
  crash(): void;
  /** SIGTERM to the server alone: its graceful shutdown. */
  terminate(): void;
}

function healthy(origin: string): Promise<boolean> {
  return new Promise((resolve) => {
    http
      .get(`${origin}/healthz`, { agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });
}

/** Starts the server with `env` on 127.0.0.1:`port` and resolves once /healthz answers 200. */
export async function startServerProcess(port: number, env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    detached: true,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: origin, ...env },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const pid = child.pid as number;
  const server: ServerProcess = {
    pid,
    origin,
    output: () => out,
    exited,
    crash: () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    },
    terminate: () => child.kill('SIGTERM'),
  };
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await healthy(origin))) {
    if (gone) throw new Error(`masthead serve exited before it was healthy:\n${out}`);
    if (Date.now() > deadline) {
      server.crash();
      throw new Error(`masthead serve was not healthy within ${START_TIMEOUT_MS} ms:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server;
}
