/**
 * Production mode: several server processes (Node cluster workers) share the port, which
 * the primary hands out round-robin, and the database. The primary serves nothing itself:
 * the CLI migrates and loads the demo in it before forking, then it watches the workers,
 * starts a new one when one dies, and on SIGTERM/SIGINT passes the signal on and exits when
 * every worker has closed (each one's own graceful shutdown, see server.ts).
 */
import cluster, { type Worker } from 'node:cluster';

/** Deaths within a minute after which the primary stops replacing workers and exits. */
const MAX_RESTARTS_PER_MINUTE = 5;
const SHUTDOWN_GRACE_MS = 15_000;

export const isPrimaryProcess = (): boolean => cluster.isPrimary;

/** Forks `count` workers and resolves when all listen; the returned promise ends with the cluster. */
export async function runCluster(count: number, log: (message: string) => void): Promise<{ stopped: Promise<number> }> {
  let stopping = false;
  const deaths: number[] = [];
  let failed = false;
  const stopped = new Promise<number>((resolve) => {
    cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
      const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length;
      if (stopping) {
        if (code !== 0) failed = true;
        if (alive === 0) resolve(failed ? 1 : 0);
        return;
      }
      const now = Date.now();
      deaths.push(now);
      while ((deaths[0] as number) < now - 60_000) deaths.shift();
      if (deaths.length > MAX_RESTARTS_PER_MINUTE) {
        log(`workers keep dying (${deaths.length} in a minute); stopping`);
        failed = true;
        shutdown('SIGTERM');
        if (alive === 0) resolve(1);
        return;
      }
      log(`worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another`);
      cluster.fork();
    });
  });

  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => {
      log(`workers still running after ${SHUTDOWN_GRACE_MS} ms; killing them`);
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  const listening: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const worker = cluster.fork();
    listening.push(
      new Promise((resolve, reject) => {
        worker.once('listening', () => resolve());
        worker.once('exit', (code) => reject(new Error(`a server process exited with code ${code} before it could listen`)));
      }),
    );
  }
  try {
    await Promise.all(listening);
  } catch (error) {
    shutdown('SIGTERM');
    await stopped;
    throw error;
  }
  return { stopped };
}
