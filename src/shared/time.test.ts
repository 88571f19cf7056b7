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

  // Found by parse-capture.property.test.ts: Date.UTC reads years 0–99 as 1900–1999, so
  // 0050-06-01 became 1950, and instants past 9999 or before 0001 reached PostgreSQL, which refuses them.
  it('reads years before 100 as themselves, and refuses what the databases cannot store', () => {
    assert.equal(parseLocalDateTime('0050-06-01 12:00', 'UTC')?.toISOString(), '0050-06-01T12:00:00.000Z');
    assert.equal(formatDateTime(new Date('0050-06-01T12:00:00Z'), 'UTC'), '0050-06-01 12:00');
    assert.equal(parseLocalDateTime('0001-01-01 00:00', 'UTC')?.toISOString(), '0001-01-01T00:00:00.000Z');
    assert.equal(parseLocalDateTime('9999-12-31 23:59', 'Asia/Shanghai')?.toISOString(), '9999-12-31T15:59:00.000Z');
    for (const [text, zone] of [['0000-06-01 00:00', 'UTC'], ['0001-01-01 00:00', 'Asia/Shanghai'], ['9999-12-31 19:00', 'America/New_York']] as const) {
      assert.equal(parseLocalDateTime(text, zone), null, `${text} ${zone}`);
    }
  });

  it('agrees with Intl at every quarter hour around offset changes, in zones with odd offsets and DST', () => {
    const intl = (date: Date, timeZone: string) => {
      const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    const zones = ['Asia/Shanghai', 'Europe/London', 'America/New_York', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    // Two days around each spring and autumn change of 2026, every 7 minutes (not aligned to the cache's quarters).
    const spans = ['2026-03-07', '2026-03-28', '2026-04-04', '2026-10-03', '2026-10-24', '2026-10-31'].map((d) => Date.parse(`${d}T00:00:00Z`));
    for (const timeZone of zones) {
      for (const start of spans) {
        for (let ms = start; ms < start + 2 * 86_400_000; ms += 7 * 60_000 + 13_000) {
          assert.equal(formatDateTime(new Date(ms), timeZone), intl(new Date(ms), timeZone), `${timeZone} ${new Date(ms).toISOString()}`);
        }
      }
    }
  });
});
