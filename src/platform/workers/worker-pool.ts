/**
 * A small pool of worker threads running one TypeScript module, for CPU-bound batch work
 * (the dataset generator's segmentation). A worker does not inherit the tsx loader that
 * bin/masthead.mjs registers in code, so each starts from a two-line script that registers
 * tsx and then imports the module. The module answers with `serveWorkerRequests`.
 */
import { parentPort, Worker } from 'node:worker_threads';

const TSX_API = import.meta.resolve('tsx/esm/api');

type Reply<Res> = { id: number; ok: true; value: Res } | { id: number; ok: false; message: string };

interface Pending<Res> {
  resolve(value: Res): void;
  reject(error: Error): void;
}

export class WorkerPool<Req, Res> {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ id: number; req: Req }> = [];
  private readonly pending = new Map<number, Pending<Res>>();
  private readonly assigned = new Map<Worker, number>();
  private nextId = 0;

  constructor(moduleUrl: URL, size: number) {
    const boot = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(boot, { eval: true });
      worker.on('message', (reply: Reply<Res>) => this.settle(worker, reply));
      worker.on('error', (error) => this.fail(worker, error));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  run(req: Req): Promise<Res> {
    const id = this.nextId++;
    const result = new Promise<Res>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Callers may await results in their own order; one failing early is not "unhandled".
    result.catch(() => undefined);
    this.queue.push({ id, req });
    this.dispatch();
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.queue.shift() as { id: number; req: Req };
      this.assigned.set(worker, job.id);
      worker.postMessage(job);
    }
  }

  private settle(worker: Worker, reply: Reply<Res>): void {
    const p = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    this.assigned.delete(worker);
    this.idle.push(worker);
    if (reply.ok) p?.resolve(reply.value);
    else p?.reject(new Error(reply.message));
    this.dispatch();
  }

  /** A worker that crashed takes its job with it; the pool refuses the rest rather than hang. */
  private fail(worker: Worker, error: Error): void {
    const id = this.assigned.get(worker);
    if (id !== undefined) this.pending.get(id)?.reject(error);
    for (const [, p] of this.pending) p.reject(error);
    this.pending.clear();
    this.queue.length = 0;
  }
}

/** Inside a worker: answer each request with `handle`'s result (or its error's message). */
export function serveWorkerRequests<Req, Res>(handle: (req: Req) => Res): void {
  if (!parentPort) throw new Error('serveWorkerRequests runs only inside a worker thread');
  const port = parentPort;
  port.on('message', ({ id, req }: { id: number; req: Req }) => {
    try {
      port.postMessage({ id, ok: true, value: handle(req) });
    } catch (error) {
      port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
