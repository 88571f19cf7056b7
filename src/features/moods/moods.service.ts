/**
 * Voting a mood on an article, and reading the counts and rankings.
 *
 * One vote per reader per article is the database's primary key on (article, reader); the
 * reader is the anonymous id in a signed cookie. A vote, its counter and its daily rollup
 * commit together (the caller's transaction), and only then is it acknowledged, so under
 * any number of concurrent voters the counts equal the acknowledged votes exactly.
 * Addresses are kept only as a keyed hash, for the rate limit and for spotting stuffing.
 */
import { oneAtATimePer } from '../../db/locks.ts';
import type { Db } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { localDay } from '../../shared/time.ts';
import { findArticleById } from '../articles/articles.repo.ts';
import type { Channel } from '../channels/channel.ts';
import { subtreeIds } from '../channels/channels.service.ts';
import { MAX_ACTIVE_MOODS, MOOD_KEY, type Mood, type MoodState, type RankedArticle, type RankingPeriod } from './mood.ts';
import {
  activeMoods,
  allMoods,
  bumpCounts,
  countsFor,
  insertAlert,
  insertMood,
  insertVote,
  latestAlertSince,
  openAlerts,
  raiseAlert,
  recentVoteStats,
  resolveAlert,
  topAllTime,
  topByDays,
  updateMood,
  votesFromAddressSince,
  voteOf,
} from './moods.repo.ts';

/** Votes one address may cast in a minute, across all articles. */
export const VOTES_PER_ADDRESS_PER_MINUTE = 20;
/** A burst: this many votes for one mood on one article within the window… */
export const BURST_VOTES = 30;
export const BURST_WINDOW_MS = 10 * 60_000;
/** …coming from fewer distinct addresses than this share of the votes. */
export const BURST_ADDRESS_SHARE = 0.2;

function toMood(r: { id: number; key: string; name_zh: string; name_en: string; icon: string; position: number }): Mood {
  return { id: r.id, key: r.key, nameZh: r.name_zh, nameEn: r.name_en, icon: r.icon, position: r.position };
}

/**
 * The poll readers see. Never more than MAX_ACTIVE_MOODS, even if two admins raced past the
 * check or a site had more before it: the article page's blocks are sized on that bound.
 */
export async function moodSet(db: Db): Promise<Mood[]> {
  return (await activeMoods(db)).slice(0, MAX_ACTIVE_MOODS).map(toMood);
}

function tallied(moods: readonly Mood[], counts: ReadonlyMap<number, number>): MoodState['tallies'] {
  return moods.map((m) => ({ ...m, count: counts.get(m.id) ?? 0 }));
}

export async function moodState(db: Db, articleId: number, readerId: string | null): Promise<MoodState> {
  const [moods, counts, mine] = await Promise.all([moodSet(db), countsFor(db, articleId), readerId ? voteOf(db, articleId, readerId) : Promise.resolve(null)]);
  return {
    tallies: tallied(moods, counts),
    choice: moods.find((m) => m.id === mine)?.key ?? null,
  };
}

export interface VoteInput {
  readonly articleId: number;
  readonly readerId: string;
  readonly moodKey: string;
  readonly ipHash: string;
  readonly timeZone: string;
}

/**
 * Records a vote. Refuses with ALREADY_VOTED when this reader voted on this article before
 * (whatever the mood), RATE_LIMITED past the address's allowance.
 */
export async function castVote(db: Db, clock: Clock, input: VoteInput): Promise<MoodState> {
  const [outcome] = await castVotes(db, clock, [input]);
  if (outcome instanceof AppError) throw outcome;
  return outcome as MoodState;
}

/**
 * Records several votes in the caller's transaction: each either counts or is refused with
 * its own AppError, and every refusal happens before that vote writes anything, so the
 * others commit as if alone. Bursts are checked once per article and mood, and each
 * article's counts read once, however many votes it got.
 */
export async function castVotes(db: Db, clock: Clock, inputs: readonly VoteInput[]): Promise<Array<MoodState | AppError>> {
  const moods = await moodSet(db);
  const now = clock.now();
  const articles = new Map<number, Awaited<ReturnType<typeof findArticleById>>>();
  const outcomes: Array<{ articleId: number; mood: Mood } | AppError> = [];
  for (const input of inputs) {
    try {
      if (!articles.has(input.articleId)) articles.set(input.articleId, await findArticleById(db, input.articleId));
      const article = articles.get(input.articleId);
      if (!article || article.status !== 'published') throw new AppError('ARTICLE_NOT_FOUND');
      const mood = moods.find((m) => m.key === input.moodKey);
      if (!mood) throw new AppError('VALIDATION_FAILED', `mood: no mood "${input.moodKey}"`);
      await oneAtATimePer(db, 'votesFromAddress', input.ipHash);
      if ((await votesFromAddressSince(db, input.ipHash, new Date(now.getTime() - 60_000).toISOString())) >= VOTES_PER_ADDRESS_PER_MINUTE) {
        throw new AppError('RATE_LIMITED');
      }
      const inserted = await insertVote(db, { article_id: article.id, reader_id: input.readerId, mood_id: mood.id, ip_hash: input.ipHash, created_at: now.toISOString() });
      if (!inserted) throw new AppError('ALREADY_VOTED');
      await bumpCounts(db, { article_id: article.id, mood_id: mood.id, channel_id: article.channel_id, day: localDay(now, input.timeZone) });
      outcomes.push({ articleId: article.id, mood });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push(error);
    }
  }
  const voted = outcomes.filter((o): o is { articleId: number; mood: Mood } => !(o instanceof AppError));
  const pairs = new Map(voted.map((v) => [`${v.articleId}:${v.mood.id}`, v]));
  for (const v of pairs.values()) await flagBurst(db, now, v.articleId, v.mood.id);
  const tallies = new Map<number, MoodState['tallies']>();
  for (const articleId of new Set(voted.map((v) => v.articleId))) tallies.set(articleId, tallied(moods, await countsFor(db, articleId)));
  return outcomes.map((o) => (o instanceof AppError ? o : { tallies: tallies.get(o.articleId) ?? [], choice: o.mood.key }));
}

/**
 * Flags many votes for one mood from few addresses in the last BURST_WINDOW_MS, for editors
 * to review. The window slides with each vote: fixed windows let a burst that straddles a
 * boundary pass as two halves under the threshold. A burst is one alert however many votes
 * land in it: while the last alert for this article and mood is less than a window old, votes
 * raise its figures to the largest seen instead of filing another.
 */
async function flagBurst(db: Db, now: Date, articleId: number, moodId: number): Promise<void> {
  const since = new Date(now.getTime() - BURST_WINDOW_MS);
  const stats = await recentVoteStats(db, articleId, moodId, since.toISOString());
  if (stats.votes < BURST_VOTES || stats.addresses >= stats.votes * BURST_ADDRESS_SHARE) return;
  const recent = await latestAlertSince(db, articleId, moodId, since.toISOString());
  if (recent) {
    await raiseAlert(db, recent, stats.votes, stats.addresses);
    return;
  }
  // Rounded to the minute so that votes crossing the threshold side by side (PostgreSQL lets
  // both miss the other's alert) meet on the table's unique key and share one alert.
  const windowStart = new Date(Math.floor(since.getTime() / 60_000) * 60_000);
  await insertAlert(db, {
    article_id: articleId,
    mood_id: moodId,
    window_started_at: windowStart.toISOString(),
    votes: stats.votes,
    distinct_ips: stats.addresses,
    created_at: now.toISOString(),
  });
}

/** The days a period covers, in the site's time zone: a week is the last seven days, a month runs to date. */
export function periodDays(period: Exclude<RankingPeriod, 'all'>, now: Date, timeZone: string): string[] {
  const today = localDay(now, timeZone);
  const back = (n: number) => localDay(new Date(now.getTime() - n * 86_400_000), timeZone);
  if (period === 'today') return [today];
  if (period === 'yesterday') return [back(1)];
  if (period === 'week') return Array.from({ length: 7 }, (_, i) => back(i));
  const days: string[] = [];
  for (let i = 0; i < 31; i++) {
    const d = back(i);
    if (d.slice(0, 7) !== today.slice(0, 7)) break;
    days.push(d);
  }
  return days;
}

/** Top articles for a mood over a period, site-wide or in a channel and its sub-channels. */
export async function moodRanking(
  db: Db,
  clock: Clock,
  input: { moodKey: string; period: RankingPeriod; channel: Channel | null; timeZone: string; limit: number },
): Promise<RankedArticle[]> {
  const mood = (await moodSet(db)).find((m) => m.key === input.moodKey);
  if (!mood) return [];
  const channelIds = input.channel && input.channel.path !== '' ? await subtreeIds(db, input.channel) : null;
  const rows =
    input.period === 'all'
      ? await topAllTime(db, mood.id, channelIds, input.limit)
      : await topByDays(db, mood.id, periodDays(input.period, clock.now(), input.timeZone), channelIds, input.limit);
  return rows.filter((r) => r.count > 0).map((r) => ({ articleId: r.article_id, count: r.count }));
}

export interface BurstAlert {
  readonly id: number;
  readonly articleId: number;
  readonly title: string;
  readonly moodZh: string;
  readonly moodEn: string;
  readonly votes: number;
  readonly addresses: number;
  readonly windowStart: Date;
}

export async function burstAlerts(db: Db, limit = 20): Promise<BurstAlert[]> {
  return (await openAlerts(db, limit)).map((a) => ({
    id: a.id,
    articleId: a.article_id,
    title: a.title,
    moodZh: a.name_zh,
    moodEn: a.name_en,
    votes: a.votes,
    addresses: a.distinct_ips,
    windowStart: new Date(a.window_started_at),
  }));
}

export function dismissAlert(db: Db, clock: Clock, id: number): Promise<void> {
  return resolveAlert(db, id, clock.now().toISOString());
}

/** The admin's editable view of the mood set, inactive moods included. */
export async function moodAdminList(db: Db): Promise<Array<Mood & { active: boolean }>> {
  return (await allMoods(db)).map((r) => ({ ...toMood(r), active: r.active === 1 }));
}

/** Names and icon of a mood, trimmed and checked. */
function moodText(input: { nameZh: string; nameEn: string; icon: string }): { name_zh: string; name_en: string; icon: string } {
  const nameZh = input.nameZh.trim();
  const nameEn = input.nameEn.trim();
  const icon = input.icon.trim();
  if (!nameZh || [...nameZh].length > 10 || !nameEn || nameEn.length > 30) throw new AppError('VALIDATION_FAILED', 'name: 1–10 characters (Chinese), 1–30 (English)');
  if (!icon || [...icon].length > 4) throw new AppError('VALIDATION_FAILED', 'icon: an emoji or up to 4 characters');
  return { name_zh: nameZh, name_en: nameEn, icon };
}

export async function configureMood(
  db: Db,
  id: number,
  input: { nameZh: string; nameEn: string; icon: string; position: number; active: boolean },
): Promise<void> {
  if (input.active) {
    const active = await activeMoods(db);
    if (!active.some((m) => m.id === id)) refuseMoreThanAllowed(active.length);
  }
  await updateMood(db, id, { ...moodText(input), position: input.position, active: input.active ? 1 : 0 });
}

function refuseMoreThanAllowed(activeCount: number): void {
  if (activeCount >= MAX_ACTIVE_MOODS) throw new AppError('TOO_MANY_MOODS');
}

export async function addMood(db: Db, input: { key: string; nameZh: string; nameEn: string; icon: string }): Promise<void> {
  if (!MOOD_KEY.test(input.key)) throw new AppError('INVALID_SLUG');
  const existing = await allMoods(db);
  if (existing.some((m) => m.key === input.key)) throw new AppError('SLUG_CONFLICT');
  refuseMoreThanAllowed(existing.filter((m) => m.active === 1).length);
  await insertMood(db, { key: input.key, ...moodText(input), position: existing.length });
}
