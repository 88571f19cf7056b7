/**
 * How late the event loop runs: a timer that should fire every CHECK_MS notes how late it
 * fired. A process with more CPU work than it can do runs long loop iterations (each handles
 * every readable connection), so the lag grows with the load. Timer drift is measured rather
 * than perf_hooks' delay histogram because an iteration longer than the sampling window
 * leaves the histogram empty, which reads as "no data" exactly when the loop is most behind.
 * Once over the limit the process counts as overloaded for HOLD_MS, so the shed requests
 * themselves (cheap, fast iterations) do not flip it straight back.
 */
const CHECK_MS = 100;
const HOLD_MS = 1_000;

export class EventLoopLag {
  private timer: NodeJS.Timeout | null = null;
  private expected = 0;
  private overSince = -Infinity;

  constructor(private readonly limitMs: number) {}

  get overloaded(): boolean {
    return performance.now() - this.overSince < HOLD_MS;
  }

  start(): void {
    this.expected = performance.now() + CHECK_MS;
    this.timer = setInterval(() => this.check(), CHECK_MS).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private check(): void {
    const now = performance.now();
    if (now - this.expected > this.limitMs) this.overSince = now;
    this.expected = now + CHECK_MS;
  }
}
