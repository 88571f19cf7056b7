/**
 * Starting and stopping the server: open the database, migrate, build the app, listen,
 * and on SIGTERM/SIGINT stop accepting, finish in-flight requests and close the database
 * within a bounded time.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { workflowJobHandlers } from '../features/workflow/workflow.service.ts';
import { JobRunner } from '../jobs/runner.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { buildApp } from './build-app.tsx';

const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly database: Database;
  readonly address: string;
  close(): Promise<void>;
  /** What a shutdown under way is doing, to name it if it takes too long. */
  closingStep(): string;
}

export async function startServer(
  config: Config,
  opts: { migrate?: boolean; clock?: Clock; beforeListen?: (database: Database) => Promise<void> } = {},
): Promise<RunningServer> {
  const database = openDatabase(config.database);
  try {
    if (opts.migrate !== false) await migrateToLatest(database);
    await opts.beforeListen?.(database);
    const clock = opts.clock ?? systemClock;
    const app = await buildApp({ config, database, clock });
    const address = await app.listen({ host: config.host, port: config.port });
    // Scheduled publishing and withdrawal: every node runs a runner; the database decides who runs each job.
    const runner = new JobRunner({ db: database.db, clock, handlers: workflowJobHandlers(clock), log: app.log });
    runner.start();
    let closing: Promise<void> | undefined;
    let step = 'running';
    const close = () =>
      (closing ??= (async () => {
        step = 'waiting for the job in hand';
        await runner.stop();
        step = 'finishing requests and flushing read counts';
        // close() ends only the connections idle at that moment; a keep-alive connection whose
        // request was under way stays open after its answer until the client hangs up (72 s).
        // Close each as soon as it goes idle.
        const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
        try {
          await app.close();
        } finally {
          clearInterval(reaper);
        }
        step = 'closing the database';
        await database.close();
        step = 'closed';
      })());
    return { app, database, address, close, closingStep: () => step };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Closes the server on the first SIGTERM or SIGINT; forces exit if that takes too long. */
export function closeOnSignals(server: RunningServer, log: (msg: string) => void): void {
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal} received, shutting down`);
    const timer = setTimeout(() => {
      console.error(`masthead: shutdown took longer than ${SHUTDOWN_GRACE_MS} ms (still ${server.closingStep()}), exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`masthead: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
