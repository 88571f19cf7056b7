/**
 * Every save of an article is a revision; autosaves are revisions too, but a run of them
 * by one person keeps only the newest. Any two revisions can be compared, and an old one
 * restored as a new save (the editing service does the saving).
 */
import type { Db, RevisionKind } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { NO_PLACEMENT } from '../articles/article.ts';
import { bodyBlocksText } from '../articles/body-html.ts';
import type { Revision, RevisionMeta } from './revision.ts';
import { findRevision, insertRevision, latestRevision, listRevisions, replaceRevision, type RevisionWithAuthor } from './revisions.repo.ts';
import { diffText, type DiffPart } from './text-diff.ts';

export interface RevisionContent {
  readonly title: string;
  readonly summary: string;
  readonly bodyHtml: string;
  readonly meta: RevisionMeta;
}

const EMPTY_META: RevisionMeta = {
  channelId: 0,
  source: '',
  byline: '',
  reporters: [],
  editorInCharge: '',
  tags: [],
  coverMediaId: null,
  placement: NO_PLACEMENT,
};

function parseMeta(text: string): RevisionMeta {
  try {
    const value = JSON.parse(text) as Partial<RevisionMeta>;
    return { ...EMPTY_META, ...value, placement: { ...EMPTY_META.placement, ...(value.placement ?? {}) } };
  } catch {
    return EMPTY_META;
  }
}

function toRevision(row: RevisionWithAuthor): Revision {
  return {
    id: row.id,
    articleId: row.article_id,
    version: row.version,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    bodyHtml: row.body_html,
    meta: parseMeta(row.meta),
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: new Date(row.created_at),
  };
}

export async function recordRevision(
  db: Db,
  clock: Clock,
  input: { articleId: number; version: number; kind: RevisionKind; authorId: number | null; content: RevisionContent },
): Promise<void> {
  const row = {
    version: input.version,
    kind: input.kind,
    title: input.content.title,
    summary: input.content.summary,
    body_html: input.content.bodyHtml,
    meta: JSON.stringify(input.content.meta),
    author_id: input.authorId,
    created_at: clock.now().toISOString(),
  };
  if (input.kind === 'autosave') {
    const latest = await latestRevision(db, input.articleId);
    if (latest?.kind === 'autosave' && latest.author_id === input.authorId && latest.version === input.version) {
      await replaceRevision(db, latest.id, row);
      return;
    }
  }
  await insertRevision(db, { article_id: input.articleId, ...row });
}

export async function revisionsOf(db: Db, articleId: number, limit = 100): Promise<Revision[]> {
  return (await listRevisions(db, articleId, limit)).map(toRevision);
}

export async function getRevision(db: Db, articleId: number, id: number): Promise<Revision | null> {
  const row = await findRevision(db, articleId, id);
  return row ? toRevision(row) : null;
}

/** An autosave newer than the article's saved version, if the user left one behind. */
export async function pendingAutosave(db: Db, articleId: number, version: number, authorId: number): Promise<Revision | null> {
  const latest = (await revisionsOf(db, articleId, 1))[0];
  return latest && latest.kind === 'autosave' && latest.authorId === authorId && latest.version === version ? latest : null;
}

export interface RevisionDiff {
  readonly title: DiffPart[];
  readonly summary: DiffPart[];
  readonly body: DiffPart[];
  /** Other fields that changed, by name, with before and after. */
  readonly fields: Array<{ name: keyof RevisionMeta; before: string; after: string }>;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.join('、');
  if (value && typeof value === 'object') return Object.entries(value).filter(([, v]) => v).map(([k]) => k).join(', ');
  return value === null || value === undefined ? '' : String(value);
}

export function diffContents(a: RevisionContent, b: RevisionContent): RevisionDiff {
  const fields: RevisionDiff['fields'] = [];
  for (const name of Object.keys(EMPTY_META) as Array<keyof RevisionMeta>) {
    const before = show(a.meta[name]);
    const after = show(b.meta[name]);
    if (before !== after) fields.push({ name, before, after });
  }
  return {
    title: diffText(a.title, b.title),
    summary: diffText(a.summary, b.summary),
    body: diffText(bodyBlocksText(a.bodyHtml).join('\n'), bodyBlocksText(b.bodyHtml).join('\n')),
    fields,
  };
}
