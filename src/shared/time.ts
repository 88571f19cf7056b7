/**
 * Times are stored in UTC and shown in the site's time zone in the capture's format,
 * YYYY-MM-DD HH:mm. Formatters are costly to build, so one is kept per zone.
 */
export interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Date.UTC, except that years 0–99 are those years, not 1900–1999. */
function utcMs(year: number, monthIndex: number, day: number, hour: number, minute: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  d.setUTCHours(hour, minute);
  return d.getTime();
}

/** The instants both databases store: PostgreSQL has no year 0 and reads no five-digit years. */
const FIRST_STORABLE_MS = Date.parse('0001-01-01T00:00:00.000Z');
const END_STORABLE_MS = Date.parse('+010000-01-01T00:00:00.000Z');

const QUARTER_HOUR_MS = 900_000;
const offsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset from UTC at an instant. Asking Intl for every date shown cost a page
 * about a millisecond, so the answer is kept per quarter hour: offsets are whole quarter
 * hours and zones change them at local :00 or :30, so a change never falls inside one.
 */
function offsetMs(ms: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR_MS;
    const p: Record<string, string> = {};
    for (const part of formatterFor(timeZone).formatToParts(new Date(start))) p[part.type] = part.value;
    offset = utcMs(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - start;
    if (zone.size >= 50_000) zone.clear();
    zone.set(quarter, offset);
  }
  return offset;
}

const two = (n: number) => String(n).padStart(2, '0');

export function localParts(date: Date, timeZone: string): LocalParts {
  const local = new Date(date.getTime() + offsetMs(date.getTime(), timeZone));
  return {
    year: String(local.getUTCFullYear()).padStart(4, '0'),
    month: two(local.getUTCMonth() + 1),
    day: two(local.getUTCDate()),
    hour: two(local.getUTCHours()),
    minute: two(local.getUTCMinutes()),
  };
}

/** The calendar day in a zone, `2026-01-06`: the key of daily rollups and day archives. */
export function localDay(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `2026-01-06 13:25` for 2026-01-06T05:25Z in Asia/Shanghai. */
export function formatDateTime(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * The UTC instant of a wall-clock time in a zone, e.g. 2026-01-06 13:25 in Asia/Shanghai.
 * Returns null for a string not in `YYYY-MM-DD HH:mm` form, naming an impossible date, or
 * naming an instant outside years 0001–9999 UTC, which the databases cannot store.
 */
export function parseLocalDateTime(text: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const asUtc = utcMs(y, mo - 1, d, h, mi);
  const probe = new Date(asUtc);
  if (probe.getUTCDate() !== d || probe.getUTCMonth() !== mo - 1) return null;
  // The zone's offset at that moment; a second pass settles times near an offset change.
  let guess = asUtc - offsetMs(asUtc, timeZone);
  guess = asUtc - offsetMs(guess, timeZone);
  return guess >= FIRST_STORABLE_MS && guess < END_STORABLE_MS ? new Date(guess) : null;
}

