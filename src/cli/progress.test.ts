import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { progressBar } from './progress.ts';

/** A log file: a stream that is not a terminal. */
function logStream() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => text.split('\n').slice(0, -1) };
}

/** Where each line has the bar: "54% 40/73". */
function positions(lines: readonly string[]): string[] {
  return lines.map((line) => /\] (\d+%) \| (\d+\/\d+) \|/.exec(line)?.slice(1).join(' ') ?? line);
}

/** Off a terminal the bar draws itself every two seconds. */
const SCHEDULE_MS = 2000;

describe('progressBar in a log', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
  afterEach(() => mock.timers.reset());

  it('prints a line when the bar moved, and none while it waits at 100% for stop()', () => {
    const log = logStream();
    const bar = progressBar('Loading demo content', log.stream);
    bar.update(0, 73);
    mock.timers.tick(SCHEDULE_MS);
    bar.update(40, 73);
    mock.timers.tick(SCHEDULE_MS);
    bar.update(73, 73);
    for (let i = 0; i < 5; i++) mock.timers.tick(SCHEDULE_MS);
    bar.stop();
    const lines = log.lines();
    assert.deepEqual(positions(lines), ['0% 0/73', '54% 40/73', '100% 73/73']);
    assert.ok(lines.every((line) => line.startsWith('Loading demo content [')));
  });

  it('prints the final line once at stop when the bar moved after the last line', () => {
    const log = logStream();
    const bar = progressBar('Indexing articles', log.stream);
    bar.update(10, 20);
    mock.timers.tick(SCHEDULE_MS);
    bar.update(20, 20);
    bar.stop();
    assert.deepEqual(positions(log.lines()), ['0% 0/20', '50% 10/20', '100% 20/20']);
  });
});
