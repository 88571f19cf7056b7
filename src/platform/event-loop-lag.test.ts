import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { EventLoopLag } from './event-loop-lag.ts';

/** Holds the event loop, as a long synchronous step does. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

test('a loop held past the limit counts as overloaded for a moment, then recovers; shorter steps do not count', async () => {
  const lag = new EventLoopLag(250);
  lag.start();
  try {
    await sleep(250);
    for (let i = 0; i < 3; i++) {
      block(60);
      await sleep(20);
    }
    assert.equal(lag.overloaded, false, 'steps well under the limit');
    block(600);
    await sleep(20);
    assert.equal(lag.overloaded, true, 'the loop was held past the limit');
    await sleep(1_500);
    assert.equal(lag.overloaded, false, 'recovered once the loop ran freely');
  } finally {
    lag.stop();
  }
});
