import type { ArticleStatus, ArticleUpdate, Db, ReviewStageRow, WorkflowEventRow } from '../../db/schema.ts';

export function stagesOfChannels(db: Db, channelIds: readonly number[]): Promise<ReviewStageRow[]> {
  if (channelIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('review_stages').selectAll().where('channel_id', 'in', channelIds).orderBy('position').execute();
}

export function approversOf(db: Db, stageIds: readonly number[]): Promise<Array<{ stage_id: number; user_id: number }>> {
  if (stageIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('review_stage_approvers').select(['stage_id', 'user_id']).where('stage_id', 'in', stageIds).execute();
}

export async function replaceChannelStages(
  db: Db,
  channelId: number,
  stages: ReadonlyArray<{ name: string; rule: 'any' | 'all'; minRole: ReviewStageRow['min_role']; approverIds: readonly number[] }>,
  now: string,
): Promise<void> {
  await db.deleteFrom('review_stages').where('channel_id', '=', channelId).execute();
  for (const [position, stage] of stages.entries()) {
    const { id } = await db
      .insertInto('review_stages')
      .values({ channel_id: channelId, position, name: stage.name, rule: stage.rule, min_role: stage.minRole, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (stage.approverIds.length > 0) {
      await db.insertInto('review_stage_approvers').values(stage.approverIds.map((user_id) => ({ stage_id: id, user_id }))).execute();
    }
  }
}

export function approvalsFor(db: Db, articleId: number, round: number, stage: number): Promise<Array<{ user_id: number }>> {
  return db.selectFrom('article_approvals').select('user_id').where('article_id', '=', articleId).where('round', '=', round).where('stage', '=', stage).execute();
}

/** Records an approval; false when this user already approved this stage in this round. */
export async function insertApproval(db: Db, row: { article_id: number; round: number; stage: number; user_id: number; created_at: string }): Promise<boolean> {
  const r = await db
    .insertInto('article_approvals')
    .values(row)
    .onConflict((oc) => oc.columns(['article_id', 'round', 'stage', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Moves an article between states only if it is still in the state the caller saw. */
export async function transitionArticle(
  db: Db,
  id: number,
  expect: { status: ArticleStatus; reviewStage?: number | null },
  patch: ArticleUpdate,
): Promise<boolean> {
  let q = db.updateTable('articles').set(patch).where('id', '=', id).where('status', '=', expect.status);
  if (expect.reviewStage !== undefined) q = expect.reviewStage === null ? q.where('review_stage', 'is', null) : q.where('review_stage', '=', expect.reviewStage);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertWorkflowEvent(db: Db, row: Omit<WorkflowEventRow, 'id'>): Promise<void> {
  await db.insertInto('workflow_events').values(row).execute();
}

export function eventsOf(db: Db, articleId: number): Promise<Array<WorkflowEventRow & { actor_name: string | null }>> {
  return db
    .selectFrom('workflow_events')
    .leftJoin('users', 'users.id', 'workflow_events.actor_id')
    .selectAll('workflow_events')
    .select('users.display_name as actor_name')
    .where('workflow_events.article_id', '=', articleId)
    .orderBy('workflow_events.id', 'desc')
    .execute();
}

export function inReview(db: Db, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'channel_id', 'review_stage', 'review_round', 'approved_at', 'title', 'updated_at', 'author_id'])
    .where('status', '=', 'in_review')
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
}
