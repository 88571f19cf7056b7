import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateTime, parseLocalDateTime } from './time.ts';

describe('formatDateTime', () => {
  it('shows UTC instants in the site zone as YYYY-MM-DD HH:mm', () => {
    assert.equal(formatDateTime(new Date('2026-01-06T05:25:00Z'), 'Asia/Shanghai'), '2026-01-06 13:25');
    assert.equal(formatDateTime(new Date('2026-01-06T16:05:00Z'), 'Asia/Shanghai'), '2026-01-07 00:05');
    assert.equal(formatDateTime(new Date('2026-01-06T05:25:00Z'), 'UTC'), '2026-01-06 05:25');
  });
});

describe('parseLocalDateTime', () => {
  it('reads a Beijing wall-clock time as the right UTC instant', () => {
    assert.equal(parseLocalDateTime('2026-01-06 13:25', 'Asia/Shanghai')?.toISOString(), '2026-01-06T05:25:00.000Z');
    assert.equal(parseLocalDateTime('2026-01-01 00:00', 'Asia/Shanghai')?.toISOString(), '2025-12-31T16:00:00.000Z');
  });

  it('handles zones with daylight saving on both sides of the change', () => {
    assert.equal(parseLocalDateTime('2026-07-01 12:00', 'America/New_York')?.toISOString(), '2026-07-01T16:00:00.000Z');
    assert.equal(parseLocalDateTime('2026-01-15 12:00', 'America/New_York')?.toISOString(), '2026-01-15T17:00:00.000Z');
  });

  it('round-trips with formatDateTime', () => {
    for (const text of ['2026-03-03 09:37', '2024-02-29 23:59', '2026-12-31 00:00']) {
      const d = parseLocalDateTime(text, 'Asia/Shanghai');
      assert.ok(d);
      assert.equal(formatDateTime(d, 'Asia/Shanghai'), text);
    }
  });

  it('refuses text that is not a real date and time', () => {
    for (const bad of ['2026-02-30 10:00', '2026-13-01 10:00', '2026-01-01 24:00', '2026-01-01', 'yesterday', '']) {
      assert.equal(parseLocalDateTime(bad, 'Asia/Shanghai'), null, bad);
    }
  });
});
