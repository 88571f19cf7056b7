/**
 * The newsroom's workflow: draft → in review (through the channel's review stages) →
 * published → withdrawn, with sending back, scheduling, and a log of every step.
 *
 * Every transition names the state it expects (`status`, and for review steps the stage),
 * so two editors clicking at once cannot both move an article: the second sees
 * INVALID_TRANSITION. Callers run each call in a transaction.
 */
import { oneAtATimePer } from '../../db/locks.ts';
import type { ArticleStatus, Db, ReviewStageRow, Role } from '../../db/schema.ts';
import { enqueueJob, getJob, cancelJob, jobsAbout, type Job } from '../../jobs/jobs.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { canEdit, isAuthor } from '../articles/article-access.ts';
import { findArticleById, type ArticleRowWithNames } from '../articles/articles.repo.ts';
import { audit } from '../audit/audit.service.ts';
import { channelAncestry, getChannelById } from '../channels/channels.service.ts';
import { refreshDerived } from '../articles/derived.ts';
import { can } from '../users/capabilities.ts';
import { roleAtLeast } from '../users/roles.ts';
import type { User } from '../users/user.ts';
import { getUser } from '../users/users.service.ts';
import {
  approvalsFor,
  approversOf,
  eventsOf,
  inReview,
  insertApproval,
  insertWorkflowEvent,
  replaceChannelStages,
  stagesOfChannels,
  transitionArticle,
} from './workflow.repo.ts';

export interface ReviewStage {
  readonly position: number;
  /** Empty for the built-in stage; the UI names it. */
  readonly name: string;
  readonly rule: 'any' | 'all';
  readonly minRole: Exclude<Role, 'reporter'>;
  readonly approverIds: readonly number[];
}

/** Where no channel up the tree has stages: one editor approves. */
export const DEFAULT_STAGES: readonly ReviewStage[] = [{ position: 0, name: '', rule: 'any', minRole: 'editor', approverIds: [] }];

export const PUBLISH_JOB = 'article.publish';
export const WITHDRAW_JOB = 'article.withdraw';

export function mayApprove(user: User, stage: ReviewStage): boolean {
  if (!can(user.role, 'article.approve')) return false;
  return stage.approverIds.length > 0 ? stage.approverIds.includes(user.id) : roleAtLeast(user.role, stage.minRole);
}

function toStages(rows: readonly ReviewStageRow[], approvers: ReadonlyArray<{ stage_id: number; user_id: number }>): ReviewStage[] {
  return rows.map((r) => ({
    position: r.position,
    name: r.name,
    rule: r.rule,
    minRole: r.min_role,
    approverIds: approvers.filter((a) => a.stage_id === r.id).map((a) => a.user_id),
  }));
}

/** The stages configured on a channel itself (none: it inherits). */
export async function ownStages(db: Db, channelId: number): Promise<ReviewStage[]> {
  const rows = await stagesOfChannels(db, [channelId]);
  return toStages(rows, await approversOf(db, rows.map((r) => r.id)));
}

/** The stages an article in this channel goes through: its own, else the nearest ancestor's. */
export async function stagesForChannel(db: Db, channelId: number): Promise<readonly ReviewStage[]> {
  const channel = await getChannelById(db, channelId);
  if (!channel) return DEFAULT_STAGES;
  const chain = (await channelAncestry(db, channel)).reverse();
  const rows = await stagesOfChannels(db, chain.map((c) => c.id));
  for (const c of chain) {
    const own = rows.filter((r) => r.channel_id === c.id);
    if (own.length > 0) return toStages(own, await approversOf(db, own.map((r) => r.id)));
  }
  return DEFAULT_STAGES;
}

export async function configureStages(
  db: Db,
  clock: Clock,
  actor: User,
  channelId: number,
  stages: ReadonlyArray<{ name: string; rule: 'any' | 'all'; minRole: Exclude<Role, 'reporter'>; approverIds: readonly number[] }>,
): Promise<void> {
  if (!can(actor.role, 'review.configure')) throw new AppError('FORBIDDEN', 'review.configure');
  if (!(await getChannelById(db, channelId))) throw new AppError('CHANNEL_NOT_FOUND');
  for (const stage of stages) {
    if (!stage.name.trim()) throw new AppError('VALIDATION_FAILED', 'stage name: must not be empty');
    if (stage.rule === 'all' && stage.approverIds.length === 0) throw new AppError('VALIDATION_FAILED', 'a stage needing all approvers must name them');
    for (const id of stage.approverIds) {
      const user = await getUser(db, id);
      if (!user || !can(user.role, 'article.approve')) throw new AppError('VALIDATION_FAILED', `approver ${id}: not an editor`);
    }
  }
  await replaceChannelStages(db, channelId, stages.map((s) => ({ ...s, name: s.name.trim() })), clock.now().toISOString());
}

async function load(db: Db, id: number): Promise<ArticleRowWithNames> {
  const row = await findArticleById(db, id);
  if (!row) throw new AppError('ARTICLE_NOT_FOUND');
  return row;
}

async function logEvent(
  db: Db,
  clock: Clock,
  e: { articleId: number; actorId: number | null; action: string; from: ArticleStatus; to: ArticleStatus; stage?: number | null; comment?: string | null },
): Promise<void> {
  await insertWorkflowEvent(db, {
    article_id: e.articleId,
    actor_id: e.actorId,
    action: e.action,
    from_status: e.from,
    to_status: e.to,
    stage: e.stage ?? null,
    comment: e.comment ?? null,
    created_at: clock.now().toISOString(),
  });
}

function moved(ok: boolean): void {
  if (!ok) throw new AppError('INVALID_TRANSITION', 'the article changed meanwhile');
}

export async function submitForReview(db: Db, clock: Clock, actor: User, id: number): Promise<void> {
  const a = await load(db, id);
  if (a.status !== 'draft') throw new AppError('INVALID_TRANSITION', `cannot submit a ${a.status} article`);
  if (!can(actor.role, 'article.submit') || !canEdit(actor, { authorId: a.author_id, status: a.status })) throw new AppError('FORBIDDEN', 'article.submit');
  const now = clock.now().toISOString();
  moved(await transitionArticle(db, id, { status: 'draft' }, { status: 'in_review', review_stage: 0, review_round: (a.review_round ?? 0) + 1, approved_at: null, updated_at: now }));
  await logEvent(db, clock, { articleId: id, actorId: actor.id, action: 'submit', from: 'draft', to: 'in_review', stage: 0 });
}

/**
 * Approves the current stage; returns true when that was the last one. `seenStage` is the
 * stage the approver was shown: when the article is no longer there, REVIEW_STAGE_MOVED.
 */
export async function approve(db: Db, clock: Clock, actor: User, id: number, seenStage?: number): Promise<boolean> {
  // On an "all" stage each approval counts the others: two committing side by side on
  // PostgreSQL would each miss the other's, and the stage would never pass.
  await oneAtATimePer(db, 'articleApproval', String(id));
  const a = await load(db, id);
  // Approvals run one after another, so a double click (or a second tab) by someone who
  // approves the next stage too would otherwise count there, on a stage they never saw.
  if (seenStage !== undefined && (a.status !== 'in_review' || a.approved_at || a.review_stage !== seenStage)) throw new AppError('REVIEW_STAGE_MOVED');
  if (a.status !== 'in_review' || a.approved_at || a.review_stage === null) throw new AppError('INVALID_TRANSITION', 'nothing to approve');
  const stages = await stagesForChannel(db, a.channel_id);
  const stage = stages[a.review_stage] ?? stages.at(-1);
  if (!stage) throw new AppError('INVALID_TRANSITION');
  if (!mayApprove(actor, stage)) throw new AppError('NOT_AN_APPROVER');
  const round = a.review_round ?? 1;
  const now = clock.now().toISOString();
  if (!(await insertApproval(db, { article_id: id, round, stage: a.review_stage, user_id: actor.id, created_at: now }))) throw new AppError('ALREADY_APPROVED');
  await logEvent(db, clock, { articleId: id, actorId: actor.id, action: 'approve', from: 'in_review', to: 'in_review', stage: a.review_stage });
  const approvedBy = new Set((await approvalsFor(db, id, round, a.review_stage)).map((r) => r.user_id));
  const passed = stage.rule === 'any' || stage.approverIds.every((u) => approvedBy.has(u));
  if (!passed) return false;
  const last = a.review_stage >= stages.length - 1;
  const patch = last ? { approved_at: now, updated_at: now } : { review_stage: a.review_stage + 1, updated_at: now };
  moved(await transitionArticle(db, id, { status: 'in_review', reviewStage: a.review_stage }, patch));
  return last;
}

/** Back to an earlier stage, or to the author as a draft; earlier approvals stop counting. */
export async function sendBack(db: Db, clock: Clock, actor: User, id: number, target: number | 'author', comment: string): Promise<void> {
  if (!can(actor.role, 'article.send_back')) throw new AppError('FORBIDDEN', 'article.send_back');
  const a = await load(db, id);
  if (a.status !== 'in_review') throw new AppError('INVALID_TRANSITION', `cannot send back a ${a.status} article`);
  const text = comment.trim();
  if (!text) throw new AppError('VALIDATION_FAILED', 'comment: say what needs to change');
  const current = a.approved_at ? Number.MAX_SAFE_INTEGER : (a.review_stage ?? 0);
  if (target !== 'author' && (target < 0 || target >= current)) throw new AppError('VALIDATION_FAILED', 'stage: only an earlier stage');
  const now = clock.now().toISOString();
  const round = (a.review_round ?? 1) + 1;
  const toAuthor = target === 'author';
  moved(
    await transitionArticle(db, id, { status: 'in_review', reviewStage: a.review_stage }, {
      status: toAuthor ? 'draft' : 'in_review',
      review_stage: toAuthor ? null : target,
      review_round: round,
      approved_at: null,
      updated_at: now,
    }),
  );
  await logEvent(db, clock, { articleId: id, actorId: actor.id, action: 'send_back', from: 'in_review', to: toAuthor ? 'draft' : 'in_review', stage: toAuthor ? null : target, comment: text.slice(0, 2000) });
}

/** Whether `actor` may publish the article as it stands. */
export function mayPublish(actor: User, a: { status: ArticleStatus; approved_at: string | null }): boolean {
  if (a.status === 'published') return false;
  if (a.status === 'withdrawn') return can(actor.role, 'article.publish');
  if (a.status === 'in_review' && a.approved_at) return can(actor.role, 'article.publish');
  return can(actor.role, 'article.publish_unreviewed');
}

/**
 * Publishes now (or at `at`, when a scheduled job runs). The first publication fixes the
 * URL's date; republishing after a withdrawal keeps it.
 */
export async function publish(db: Db, clock: Clock, actor: User, id: number, opts: { at?: Date; viaSchedule?: boolean } = {}): Promise<void> {
  const a = await load(db, id);
  if (!mayPublish(actor, a)) {
    throw a.status === 'published' ? new AppError('INVALID_TRANSITION', 'already published') : new AppError('FORBIDDEN', 'article.publish');
  }
  const now = clock.now().toISOString();
  const publishedAt = a.published_at ?? (opts.at ?? clock.now()).toISOString();
  moved(
    await transitionArticle(db, id, { status: a.status }, {
      status: 'published',
      published_at: publishedAt,
      withdrawn_at: null,
      review_stage: null,
      updated_at: now,
    }),
  );
  await logEvent(db, clock, { articleId: id, actorId: actor.id, action: opts.viaSchedule ? 'publish_scheduled' : 'publish', from: a.status, to: 'published' });
  await refreshDerived(db, clock, id);
}

export async function withdraw(db: Db, clock: Clock, actor: User, id: number, opts: { viaSchedule?: boolean } = {}): Promise<void> {
  if (!can(actor.role, 'article.withdraw')) throw new AppError('FORBIDDEN', 'article.withdraw');
  const a = await load(db, id);
  if (a.status !== 'published') throw new AppError('INVALID_TRANSITION', `cannot withdraw a ${a.status} article`);
  const now = clock.now().toISOString();
  moved(await transitionArticle(db, id, { status: 'published' }, { status: 'withdrawn', withdrawn_at: now, updated_at: now }));
  await logEvent(db, clock, { articleId: id, actorId: actor.id, action: opts.viaSchedule ? 'withdraw_scheduled' : 'withdraw', from: 'published', to: 'withdrawn' });
  await refreshDerived(db, clock, id);
}

export const articleSubject = (id: number) => `article:${id}`;

/** Schedules publishing or withdrawal; a second schedule of the same kind replaces the first. */
export async function schedule(db: Db, clock: Clock, actor: User, id: number, kind: 'publish' | 'withdraw', at: Date): Promise<number> {
  if (!can(actor.role, 'article.schedule')) throw new AppError('FORBIDDEN', 'article.schedule');
  if (!(at.getTime() > clock.now().getTime())) throw new AppError('SCHEDULE_IN_PAST');
  const a = await load(db, id);
  if (kind === 'publish' && !mayPublish(actor, a)) throw new AppError('FORBIDDEN', 'article.publish');
  if (kind === 'withdraw' && a.status === 'withdrawn') throw new AppError('INVALID_TRANSITION', 'already withdrawn');
  const jobId = await enqueueJob(db, clock, {
    kind: kind === 'publish' ? PUBLISH_JOB : WITHDRAW_JOB,
    payload: { articleId: id, by: actor.id },
    runAt: at,
    subject: articleSubject(id),
    dedupeKey: `${articleSubject(id)}:${kind}`,
  });
  await logEvent(db, clock, { articleId: id, actorId: actor.id, action: `schedule_${kind}`, from: a.status, to: a.status, comment: at.toISOString() });
  return jobId;
}

export async function cancelScheduled(db: Db, clock: Clock, actor: User, articleId: number, jobId: number): Promise<void> {
  if (!can(actor.role, 'article.schedule')) throw new AppError('FORBIDDEN', 'article.schedule');
  const job = await getJob(db, jobId);
  if (!job || job.subject !== articleSubject(articleId)) throw new AppError('NOT_FOUND');
  if (!(await cancelJob(db, clock, jobId))) throw new AppError('INVALID_TRANSITION', 'the job is no longer pending');
  const a = await load(db, articleId);
  await logEvent(db, clock, { articleId, actorId: actor.id, action: 'cancel_schedule', from: a.status, to: a.status, comment: job.kind });
}

export function scheduledJobs(db: Db, articleId: number): Promise<Job[]> {
  return jobsAbout(db, articleSubject(articleId));
}

export interface WorkflowEvent {
  readonly action: string;
  readonly actorName: string | null;
  readonly from: string;
  readonly to: string;
  readonly stage: number | null;
  readonly comment: string | null;
  readonly at: Date;
}

export async function historyOf(db: Db, articleId: number): Promise<WorkflowEvent[]> {
  return (await eventsOf(db, articleId)).map((e) => ({
    action: e.action,
    actorName: e.actor_name,
    from: e.from_status,
    to: e.to_status,
    stage: e.stage,
    comment: e.comment,
    at: new Date(e.created_at),
  }));
}

/** Articles in review whose current stage `user` may approve (and has not yet). */
export async function reviewQueue(db: Db, user: User, limit = 50): Promise<Array<{ id: number; title: string; updatedAt: Date }>> {
  if (!can(user.role, 'article.approve')) return [];
  const out: Array<{ id: number; title: string; updatedAt: Date }> = [];
  for (const a of await inReview(db, 200)) {
    if (a.approved_at || a.review_stage === null) continue;
    const stage = (await stagesForChannel(db, a.channel_id))[a.review_stage];
    if (!stage || !mayApprove(user, stage)) continue;
    const done = await approvalsFor(db, a.id, a.review_round ?? 1, a.review_stage);
    if (done.some((d) => d.user_id === user.id)) continue;
    out.push({ id: a.id, title: a.title, updatedAt: new Date(a.updated_at) });
    if (out.length >= limit) break;
  }
  return out;
}

/** What the current user can do with an article right now: drives the editor's buttons. */
export async function availableActions(db: Db, actor: User, id: number) {
  const a = await load(db, id);
  const stages = await stagesForChannel(db, a.channel_id);
  const stage = a.status === 'in_review' && a.review_stage !== null && !a.approved_at ? stages[a.review_stage] : undefined;
  const approved = stage ? new Set((await approvalsFor(db, id, a.review_round ?? 1, a.review_stage ?? 0)).map((r) => r.user_id)) : new Set<number>();
  return {
    stages,
    currentStage: stage ?? null,
    canSubmit: a.status === 'draft' && can(actor.role, 'article.submit') && canEdit(actor, { authorId: a.author_id, status: a.status }),
    canApprove: !!stage && mayApprove(actor, stage) && !approved.has(actor.id),
    canSendBack: a.status === 'in_review' && can(actor.role, 'article.send_back'),
    canPublish: mayPublish(actor, a),
    canWithdraw: a.status === 'published' && can(actor.role, 'article.withdraw'),
    canSchedule: can(actor.role, 'article.schedule') && a.status !== 'withdrawn',
    isAuthor: isAuthor(actor, { authorId: a.author_id, status: a.status }),
  };
}

/**
 * Job handlers: the scheduled change, done with the rights of the person who scheduled it.
 * The audit log names the scheduler as the actor (nobody clicked at that moment) and who
 * set it up in the detail.
 */
export function workflowJobHandlers(clock: Clock) {
  const payloadOf = (job: Job) => {
    const p = job.payload as { articleId?: unknown; by?: unknown } | null;
    if (!p || typeof p.articleId !== 'number' || typeof p.by !== 'number') throw new Error('bad payload');
    return { articleId: p.articleId, by: p.by };
  };
  const audited = (db: Db, action: string, articleId: number, scheduler: User, job: Job) =>
    audit(db, clock, {
      actorId: null,
      action,
      subjectType: 'article',
      subjectId: articleId,
      detail: { viaSchedule: true, job: job.id, scheduledBy: scheduler.id, scheduledByName: scheduler.displayName, runAt: job.runAt.toISOString() },
    });
  return {
    [PUBLISH_JOB]: async (db: Db, job: Job) => {
      const { articleId, by } = payloadOf(job);
      const actor = await getUser(db, by);
      if (!actor || actor.disabled) throw new Error(`user ${by} who scheduled this can no longer publish`);
      const a = await findArticleById(db, articleId);
      // Already published (by hand, or by a run that committed): nothing left to do.
      if (!a || a.status === 'published') return;
      await publish(db, clock, actor, articleId, { at: job.runAt, viaSchedule: true });
      await audited(db, 'article.publish', articleId, actor, job);
    },
    [WITHDRAW_JOB]: async (db: Db, job: Job) => {
      const { articleId, by } = payloadOf(job);
      const actor = await getUser(db, by);
      if (!actor || actor.disabled) throw new Error(`user ${by} who scheduled this can no longer withdraw`);
      const a = await findArticleById(db, articleId);
      if (!a || a.status !== 'published') return;
      await withdraw(db, clock, actor, articleId, { viaSchedule: true });
      await audited(db, 'article.withdraw', articleId, actor, job);
    },
  };
}
