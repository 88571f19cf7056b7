/**
 * Editing in the newsroom: drafts, saves that never overwrite someone else's save
 * (optimistic versions), autosaves, and the revision each save leaves behind. The caller
 * runs each call in a transaction, so an article and its revision change together.
 */
import type { ArticleStatus, Db } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import type { RevisionContent } from '../revisions/revisions.service.ts';
import { refreshDerived } from './derived.ts';
import { recordRevision } from '../revisions/revisions.service.ts';
import { articleTagNames, setArticleTags } from '../tags/tags.service.ts';
import type { User } from '../users/user.ts';
import { allowedPlacement, canEdit } from './article-access.ts';
import { NO_PLACEMENT, type Placement } from './article.ts';
import { findArticleById, insertArticle, replaceReporters, reportersOf, updateArticleIfVersion } from './articles.repo.ts';
import { prepareArticle } from './articles.service.ts';
import { sanitizeBody } from './body-html.ts';

/** What the editor form edits. */
export interface ArticleDraft {
  readonly title: string;
  readonly summary: string;
  readonly bodyHtml: string;
  readonly channelId: number;
  readonly source: string;
  readonly byline: string;
  readonly reporters: readonly string[];
  readonly editorInCharge: string;
  readonly tags: readonly string[];
  readonly coverMediaId: number | null;
  readonly placement: Placement;
}

export interface EditableArticle extends ArticleDraft {
  readonly id: number;
  readonly version: number;
  readonly kind: 'article' | 'brief';
  readonly status: ArticleStatus;
  readonly authorId: number | null;
  readonly bodyChars: number;
  readonly publishedAt: Date | null;
  readonly updatedAt: Date;
  readonly revisedAt: Date | null;
  readonly withdrawnAt: Date | null;
  readonly reviewStage: number | null;
  readonly reviewRound: number;
  readonly approvedAt: Date | null;
}

const date = (text: string | null) => (text ? new Date(text) : null);

export async function getEditable(db: Db, id: number): Promise<EditableArticle | null> {
  const row = await findArticleById(db, id);
  if (!row) return null;
  const [reporters, tags] = await Promise.all([reportersOf(db, id), articleTagNames(db, id)]);
  return {
    id: row.id,
    version: row.version,
    kind: row.kind,
    status: row.status,
    authorId: row.author_id,
    title: row.title,
    summary: row.summary,
    bodyHtml: row.body_html,
    bodyChars: row.body_chars,
    channelId: row.channel_id,
    source: row.source_name ?? '',
    byline: row.byline ?? '',
    reporters: reporters.map((r) => r.name),
    editorInCharge: row.editor_name ?? '',
    tags,
    coverMediaId: row.cover_media_id,
    placement: { focus: row.is_focus === 1, exclusive: row.is_exclusive === 1, recommended: row.is_recommended === 1, pinned: row.is_pinned === 1 },
    publishedAt: date(row.published_at),
    updatedAt: new Date(row.updated_at),
    revisedAt: date(row.revised_at),
    withdrawnAt: date(row.withdrawn_at),
    reviewStage: row.review_stage,
    reviewRound: row.review_round ?? 0,
    approvedAt: date(row.approved_at),
  };
}

export function contentOf(a: ArticleDraft): RevisionContent {
  return {
    title: a.title,
    summary: a.summary,
    bodyHtml: a.bodyHtml,
    meta: {
      channelId: a.channelId,
      source: a.source,
      byline: a.byline,
      reporters: a.reporters,
      editorInCharge: a.editorInCharge,
      tags: a.tags,
      coverMediaId: a.coverMediaId,
      placement: a.placement,
    },
  };
}

function inputOf(draft: ArticleDraft, status: ArticleStatus, publishedAt: Date | null) {
  return {
    kind: 'article' as const,
    status,
    title: draft.title,
    summary: draft.summary,
    bodyHtml: draft.bodyHtml,
    channelId: draft.channelId,
    source: draft.source,
    byline: draft.byline,
    reporters: draft.reporters,
    editorInCharge: draft.editorInCharge,
    coverMediaId: draft.coverMediaId,
    placement: draft.placement,
    publishedAt,
  };
}

/** A draft holding only the given fields: the new-article form starts from one. */
export function blankDraft(fields: Partial<ArticleDraft> & Pick<ArticleDraft, 'channelId'>): ArticleDraft {
  return { title: '', summary: '', bodyHtml: '', source: '', byline: '', reporters: [], editorInCharge: '', tags: [], coverMediaId: null, placement: NO_PLACEMENT, ...fields };
}

export async function createDraft(db: Db, clock: Clock, actor: User, requested: ArticleDraft): Promise<number> {
  const draft = { ...requested, placement: allowedPlacement(actor, requested.placement, NO_PLACEMENT) };
  const { row, reporterIds } = await prepareArticle(db, clock, inputOf(draft, 'draft', null));
  const now = clock.now().toISOString();
  const id = await insertArticle(db, { ...row, author_id: actor.id, created_at: now, updated_at: now, import_key: null });
  await replaceReporters(db, id, reporterIds);
  await setArticleTags(db, clock, id, draft.tags);
  const saved = await getEditable(db, id);
  if (saved) await recordRevision(db, clock, { articleId: id, version: saved.version, kind: 'save', authorId: actor.id, content: contentOf(saved) });
  return id;
}

export type SaveResult = { readonly ok: true; readonly version: number } | { readonly ok: false; readonly current: EditableArticle };

async function editable(db: Db, actor: User, id: number): Promise<EditableArticle> {
  const current = await getEditable(db, id);
  if (!current) throw new AppError('ARTICLE_NOT_FOUND');
  if (!canEdit(actor, current)) throw new AppError('FORBIDDEN', 'article.edit');
  return current;
}

/**
 * Saves `requested` over version `baseVersion`. If someone saved in between, nothing is
 * written and their version comes back so the editor can merge.
 */
export async function saveArticle(
  db: Db,
  clock: Clock,
  actor: User,
  id: number,
  baseVersion: number,
  requested: ArticleDraft,
  kind: 'save' | 'restore' = 'save',
): Promise<SaveResult> {
  const current = await editable(db, actor, id);
  if (current.version !== baseVersion) return { ok: false, current };
  const draft = { ...requested, placement: allowedPlacement(actor, requested.placement, current.placement) };
  const { row, reporterIds } = await prepareArticle(db, clock, inputOf(draft, current.status, current.publishedAt));
  const now = clock.now().toISOString();
  // Correcting a published article keeps its URL and first publication time; readers see 更新时间.
  const revised = current.status === 'published' ? { revised_at: now } : {};
  const { status: _status, published_at: _published, ...content } = row;
  if (!(await updateArticleIfVersion(db, id, baseVersion, { ...content, ...revised, updated_at: now }))) {
    const latest = await getEditable(db, id);
    if (!latest) throw new AppError('ARTICLE_NOT_FOUND');
    return { ok: false, current: latest };
  }
  await replaceReporters(db, id, reporterIds);
  await setArticleTags(db, clock, id, draft.tags);
  const saved = await getEditable(db, id);
  if (saved) await recordRevision(db, clock, { articleId: id, version: saved.version, kind, authorId: actor.id, content: contentOf(saved) });
  if (current.status === 'published') await refreshDerived(db, clock, id);
  return { ok: true, version: baseVersion + 1 };
}

/** Keeps the editor's unsaved text as an autosave revision; the article itself is untouched. */
export async function autosaveArticle(db: Db, clock: Clock, actor: User, id: number, baseVersion: number, draft: ArticleDraft): Promise<void> {
  const current = await editable(db, actor, id);
  const content = contentOf({ ...draft, bodyHtml: sanitizeBody(draft.bodyHtml), placement: allowedPlacement(actor, draft.placement, current.placement) });
  await recordRevision(db, clock, { articleId: id, version: Math.min(baseVersion, current.version), kind: 'autosave', authorId: actor.id, content });
}
