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

export function localParts(date: Date, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(date)) parts[p.type] = p.value;
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

/** `2026-01-06 13:25` for 2026-01-06T05:25Z in Asia/Shanghai. */
export function formatDateTime(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * The UTC instant of a wall-clock time in a zone, e.g. 2026-01-06 13:25 in Asia/Shanghai.
 * Returns null for a string not in `YYYY-MM-DD HH:mm` form or naming an impossible date.
 */
export function parseLocalDateTime(text: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const probe = new Date(asUtc);
  if (probe.getUTCDate() !== d || probe.getUTCMonth() !== mo - 1) return null;
  // The zone's offset at that moment; a second pass settles times near an offset change.
  let guess = asUtc - offsetMs(probe, timeZone);
  guess = asUtc - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

function offsetMs(date: Date, timeZone: string): number {
  const p = localParts(date, timeZone);
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  return wall - Math.floor(date.getTime() / 60_000) * 60_000;
}
