/**
 * The archive by month, for sitemaps: which months have articles (and how many), and the
 * articles of a month or, for a month too big for one sitemap, of a day.
 */
import type { Db } from '../../db/schema.ts';
import { localParts, parseLocalDateTime } from '../../shared/time.ts';
import { countPublishedBetween, publishedBetween, publishedSpan, publishedStatsBetween } from './articles.repo.ts';

export interface ArchiveEntry {
  readonly id: number;
  readonly publishedAt: Date;
  readonly lastModified: Date;
  readonly title: string;
}

export interface ArchiveMonth {
  /** YYYY-MM in the site's time zone. */
  readonly month: string;
  readonly count: number;
  /** The newest publication or correction among them: the newest <lastmod> of the month's sitemap. */
  readonly lastModified: Date;
}

/** The instant a month starts in the site's time zone. */
export function monthStart(year: number, month: number, timeZone: string): Date {
  const y = month > 12 ? year + 1 : year;
  const m = month > 12 ? 1 : month;
  return parseLocalDateTime(`${y}-${String(m).padStart(2, '0')}-01 00:00`, timeZone) as Date;
}

function monthBounds(month: string, timeZone: string): [string, string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return [monthStart(y, m, timeZone).toISOString(), monthStart(y, m + 1, timeZone).toISOString()];
}

/** A day (YYYY-MM-DD, site time) as an instant range; null for a date that does not exist. */
function dayBounds(day: string, timeZone: string): [string, string] | null {
  const start = parseLocalDateTime(`${day} 00:00`, timeZone);
  if (!start || localParts(start, timeZone).day !== day.slice(8, 10)) return null;
  // The next local midnight: 26 hours on is always the next day, whatever the zone's shifts.
  const next = localParts(new Date(start.getTime() + 26 * 3600_000), timeZone);
  const end = parseLocalDateTime(`${next.year}-${next.month}-${next.day} 00:00`, timeZone) as Date;
  return [start.toISOString(), end.toISOString()];
}

/** Months (site time) that have published articles, newest first, with how many and when they last changed. */
export async function monthsWithArticles(db: Db, timeZone: string): Promise<ArchiveMonth[]> {
  const span = await publishedSpan(db);
  if (!span.first || !span.last) return [];
  const first = localParts(new Date(span.first), timeZone);
  const last = localParts(new Date(span.last), timeZone);
  const months: ArchiveMonth[] = [];
  let y = Number(last.year);
  let m = Number(last.month);
  while (y > Number(first.year) || (y === Number(first.year) && m >= Number(first.month))) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const { count, lastModified } = await publishedStatsBetween(db, ...monthBounds(month, timeZone));
    if (count > 0 && lastModified) months.push({ month, count, lastModified: new Date(lastModified) });
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return months;
}

/** A month's articles, oldest first, at most `limit`. */
export async function articlesInMonth(db: Db, month: string, timeZone: string, limit: number): Promise<ArchiveEntry[]> {
  const [from, to] = monthBounds(month, timeZone);
  return (await publishedBetween(db, from, to, limit)).map(toEntry);
}

/** The days (YYYY-MM-DD) of a month that have published articles. */
export async function daysWithArticles(db: Db, month: string, timeZone: string): Promise<string[]> {
  const days: string[] = [];
  for (let d = 1; d <= 31; d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    const bounds = dayBounds(day, timeZone);
    if (bounds && (await countPublishedBetween(db, ...bounds)) > 0) days.push(day);
  }
  return days;
}

/** A day's articles, oldest first, at most `limit`; empty for a date that does not exist. */
export async function articlesOnDay(db: Db, day: string, timeZone: string, limit: number): Promise<ArchiveEntry[]> {
  const bounds = dayBounds(day, timeZone);
  return bounds ? (await publishedBetween(db, ...bounds, limit)).map(toEntry) : [];
}

export async function articlesSince(db: Db, since: Date, until: Date, limit: number): Promise<ArchiveEntry[]> {
  return (await publishedBetween(db, since.toISOString(), until.toISOString(), limit)).map(toEntry);
}

function toEntry(r: { id: number; published_at: string | null; updated_at: string; revised_at: string | null; title: string }): ArchiveEntry {
  return { id: r.id, publishedAt: new Date(r.published_at ?? r.updated_at), lastModified: new Date(r.revised_at ?? r.published_at ?? r.updated_at), title: r.title };
}
