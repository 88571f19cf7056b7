import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { periodDays } from './moods.service.ts';

const TZ = 'Asia/Shanghai';

describe('periodDays', () => {
  it('counts days in the site\'s time zone: 00:30 in Beijing is already the next day', () => {
    const now = new Date('2026-11-30T16:30:00Z');
    assert.deepEqual(periodDays('today', now, TZ), ['2026-12-01']);
    assert.deepEqual(periodDays('yesterday', now, TZ), ['2026-11-30']);
  });

  it('takes a week as the last seven days, today included, across a month end', () => {
    assert.deepEqual(periodDays('week', new Date('2026-12-02T04:00:00Z'), TZ), [
      '2026-12-02',
      '2026-12-01',
      '2026-11-30',
      '2026-11-29',
      '2026-11-28',
      '2026-11-27',
      '2026-11-26',
    ]);
  });

  it('runs a month from its first day to today', () => {
    assert.deepEqual(periodDays('month', new Date('2026-11-30T16:30:00Z'), TZ), ['2026-12-01']);
    const november = periodDays('month', new Date('2026-11-30T04:00:00Z'), TZ);
    assert.equal(november.length, 30);
    assert.equal(november[0], '2026-11-30');
    assert.equal(november.at(-1), '2026-11-01');
    assert.equal(periodDays('month', new Date('2027-03-31T04:00:00Z'), TZ).length, 31);
  });
});
