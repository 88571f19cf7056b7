/**
 * Articles: creating them (from the importer, the demo and later the editor), reading a
 * published one with everything its page shows, and listing published ones newest first.
 */
import type { ArticleKind, ArticleStatus, Db, NewArticleRow } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Keyset } from '../../shared/cursor.ts';
import { countChars, truncate } from '../../shared/text.ts';
import type { Channel } from '../channels/channel.ts';
import { getChannelById, subtreeIds } from '../channels/channels.service.ts';
import { findOrCreatePerson } from '../people/people.service.ts';
import { findOrCreateSource } from '../sources/sources.service.ts';
import type { ArticleDetail, ArticleListItem, Placement } from './article.ts';
import {
  countArticles,
  findArticleById,
  publishedByIds,
  findArticleByImportKey,
  insertArticle,
  listPublishedArticles,
  replaceReporters,
  reportersOf,
  updateArticle,
  type ArticleListRow,
} from './articles.repo.ts';
import { hydrateFigures, mediaIdsIn } from '../media/figures.ts';
import { primaryUrl } from '../media/media.ts';
import { getMedia, getMediaMap } from '../media/media.service.ts';
import { refreshDerived } from './derived.ts';
import { bodyBlocksText, sanitizeBody } from './body-html.ts';

export const TITLE_MAX_CHARS = 200;
export const SUMMARY_MAX_CHARS = 500;
/** How much of the first paragraph becomes the summary when none is given. */
const AUTO_SUMMARY_CHARS = 120;

export interface ArticleInput {
  readonly kind: ArticleKind;
  readonly status: ArticleStatus;
  readonly title: string;
  readonly summary?: string;
  readonly bodyHtml: string;
  readonly channelId: number;
  readonly source?: string | null;
  readonly byline?: string | null;
  readonly reporters?: readonly string[];
  readonly editorInCharge?: string | null;
  readonly coverImageUrl?: string | null;
  /** A media-library image; its URL becomes the cover image URL. */
  readonly coverMediaId?: number | null;
  readonly publishedAt?: Date | null;
  readonly placement?: Partial<Placement>;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Explicit bidi embeddings, overrides and isolates can make a title read differently from
 * what was typed (and spill into the text beside it); zero-width spaces hide words from
 * search and from editors. Joiners (U+200C/U+200D) stay: Persian and emoji sequences need them.
 */
const INVISIBLE = /[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]/g;

function cleanLine(text: string): string {
  // Control characters never belong in a one-line field; runs of spaces collapse.
  // eslint-disable-next-line no-control-regex
  return text.replace(INVISIBLE, '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
}

function invalid(detail: string): never {
  throw new AppError('VALIDATION_FAILED', detail);
}

const flag = (on: boolean | undefined): 0 | 1 => (on ? 1 : 0);

type PreparedArticle = Omit<
  NewArticleRow,
  'created_at' | 'updated_at' | 'import_key' | 'version' | 'author_id' | 'review_stage' | 'review_round' | 'approved_at' | 'revised_at' | 'withdrawn_at'
>;

/** Validates an input and resolves its names to rows: the shape the database stores. */
export async function prepareArticle(db: Db, clock: Clock, input: ArticleInput): Promise<{ row: PreparedArticle; reporterIds: number[] }> {
  const title = cleanLine(input.title);
  if (!title) invalid('title: must not be empty');
  if ([...title].length > TITLE_MAX_CHARS) invalid(`title: at most ${TITLE_MAX_CHARS} characters`);
  if (!(await getChannelById(db, input.channelId))) invalid(`channel: no channel with id ${input.channelId}`);
  if (input.status === 'published' && !input.publishedAt) invalid('publishedAt: a published article needs a publication time');

  const clean = sanitizeBody(input.bodyHtml);
  const bodyHtml = hydrateFigures(clean, await getMediaMap(db, mediaIdsIn(clean)));
  const blocks = bodyBlocksText(bodyHtml);
  const cover = input.coverMediaId ? await getMedia(db, input.coverMediaId) : null;
  if (input.coverMediaId && !cover) invalid(`coverMediaId: no image with id ${input.coverMediaId}`);
  const summary = cleanLine(input.summary ?? '') || truncate(blocks[0] ?? '', AUTO_SUMMARY_CHARS);
  if ([...summary].length > SUMMARY_MAX_CHARS) invalid(`summary: at most ${SUMMARY_MAX_CHARS} characters`);

  const sourceName = input.source ? cleanLine(input.source) : '';
  const source = sourceName ? await findOrCreateSource(db, clock, sourceName) : null;
  const editorName = input.editorInCharge ? cleanLine(input.editorInCharge) : '';
  const editor = editorName ? await findOrCreatePerson(db, clock, editorName) : null;
  const reporterIds: number[] = [];
  for (const name of input.reporters ?? []) {
    const clean = cleanLine(name);
    if (!clean) continue;
    const person = await findOrCreatePerson(db, clock, clean);
    if (!reporterIds.includes(person.id)) reporterIds.push(person.id);
  }
  const byline = input.byline ? cleanLine(input.byline) : '';

  return {
    row: {
      kind: input.kind,
      status: input.status,
      title,
      summary,
      body_html: bodyHtml,
      body_chars: blocks.reduce((n, b) => n + countChars(b), 0),
      channel_id: input.channelId,
      source_id: source?.id ?? null,
      byline: byline || null,
      editor_in_charge_id: editor?.id ?? null,
      cover_image_url: cover ? primaryUrl(cover) : (input.coverImageUrl ?? null),
      cover_media_id: cover?.id ?? null,
      is_focus: flag(input.placement?.focus),
      is_exclusive: flag(input.placement?.exclusive),
      is_recommended: flag(input.placement?.recommended),
      is_pinned: flag(input.placement?.pinned),
      published_at: input.publishedAt ? input.publishedAt.toISOString() : null,
    },
    reporterIds,
  };
}

export async function createArticle(db: Db, clock: Clock, input: ArticleInput): Promise<number> {
  const { row, reporterIds } = await prepareArticle(db, clock, input);
  const now = clock.now().toISOString();
  const id = await insertArticle(db, { ...row, created_at: now, updated_at: now, import_key: null });
  await replaceReporters(db, id, reporterIds);
  if (row.status === 'published') await refreshDerived(db, clock, id);
  return id;
}

/**
 * Creates the article an import describes, or brings the one imported earlier under the
 * same key up to date. Importing the same thing twice changes nothing, not even times.
 */
export async function importArticle(
  db: Db,
  clock: Clock,
  importKey: string,
  input: ArticleInput,
): Promise<{ id: number; outcome: ImportOutcome }> {
  const { row, reporterIds } = await prepareArticle(db, clock, input);
  const existing = await findArticleByImportKey(db, importKey);
  const now = clock.now().toISOString();
  if (!existing) {
    const id = await insertArticle(db, { ...row, created_at: now, updated_at: now, import_key: importKey });
    await replaceReporters(db, id, reporterIds);
    if (row.status === 'published') await refreshDerived(db, clock, id);
    return { id, outcome: 'created' };
  }
  const currentReporters = (await reportersOf(db, existing.id)).map((r) => r.id);
  const changed =
    (Object.keys(row) as Array<keyof PreparedArticle>).some((k) => existing[k] !== row[k]) ||
    currentReporters.join(',') !== reporterIds.join(',');
  if (!changed) return { id: existing.id, outcome: 'unchanged' };
  await updateArticle(db, existing.id, { ...row, updated_at: now });
  await replaceReporters(db, existing.id, reporterIds);
  await refreshDerived(db, clock, existing.id);
  return { id: existing.id, outcome: 'updated' };
}

/** The article imported under `importKey`, with its publication time (for its URL). */
export async function findImported(db: Db, importKey: string): Promise<{ id: number; publishedAt: Date } | null> {
  const row = await findArticleByImportKey(db, importKey);
  return row?.published_at ? { id: row.id, publishedAt: new Date(row.published_at) } : null;
}

/** A published article with all its page shows, or null when there is none to show. */
export function getPublishedArticle(db: Db, id: number): Promise<ArticleDetail | null> {
  return articleDetail(db, id, false);
}

/** Any article, whatever its status, as its page would show it: for signed preview links. */
export function getArticleForPreview(db: Db, id: number): Promise<ArticleDetail | null> {
  return articleDetail(db, id, true);
}

/** 'withdrawn' lets readers be told the article was taken down (410) rather than never existed. */
export async function articleAvailability(db: Db, id: number): Promise<'published' | 'withdrawn' | 'missing'> {
  const row = await findArticleById(db, id);
  if (row?.status === 'published') return 'published';
  return row?.status === 'withdrawn' ? 'withdrawn' : 'missing';
}

async function articleDetail(db: Db, id: number, anyStatus: boolean): Promise<ArticleDetail | null> {
  const row = await findArticleById(db, id);
  if (!row) return null;
  if (!anyStatus && (row.status !== 'published' || !row.published_at)) return null;
  const [reporters, channel] = await Promise.all([reportersOf(db, id), getChannelById(db, row.channel_id)]);
  if (!channel) return null;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    summary: row.summary,
    channelId: row.channel_id,
    publishedAt: new Date(row.published_at ?? row.updated_at),
    updatedAt: new Date(row.updated_at),
    revisedAt: row.revised_at ? new Date(row.revised_at) : null,
    bodyHtml: row.body_html,
    bodyChars: row.body_chars,
    source: row.source_name,
    byline: row.byline,
    reporters,
    editorInCharge: row.editor_in_charge_id !== null && row.editor_name !== null ? { id: row.editor_in_charge_id, name: row.editor_name } : null,
    coverImageUrl: row.cover_image_url,
    placement: {
      focus: row.is_focus === 1,
      exclusive: row.is_exclusive === 1,
      recommended: row.is_recommended === 1,
      pinned: row.is_pinned === 1,
    },
    channel,
  };
}

function toListItem(row: ArticleListRow): ArticleListItem {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    channelId: row.channel_id,
    publishedAt: new Date(row.published_at),
  };
}

export interface ArticlePage {
  readonly items: readonly ArticleListItem[];
  /** Where the next page starts, or null on the last page. */
  readonly next: Keyset | null;
}

/** Published articles newest first: site-wide, or in a channel (and below), a tag or a topic. */
export async function listPublished(
  db: Db,
  opts: { channel?: Channel | null; tagId?: number; topicId?: number; after?: Keyset | null; limit: number },
): Promise<ArticlePage> {
  const channelIds = opts.channel && opts.channel.path !== '' ? await subtreeIds(db, opts.channel) : undefined;
  const rows = await listPublishedArticles(db, { channelIds, tagId: opts.tagId, topicId: opts.topicId, after: opts.after ?? null, limit: opts.limit + 1 });
  const items = rows.slice(0, opts.limit).map(toListItem);
  const last = rows.length > opts.limit ? rows[opts.limit - 1] : undefined;
  return { items, next: last ? { publishedAt: last.published_at, id: last.id } : null };
}

/** Published articles by id, in the order asked for (missing or unpublished ones left out). */
export async function getListItems(db: Db, ids: readonly number[]): Promise<ArticleListItem[]> {
  const rows = await publishedByIds(db, ids);
  const byId = new Map(rows.map((r) => [r.id, toListItem(r)]));
  return ids.flatMap((id) => {
    const item = byId.get(id);
    return item ? [item] : [];
  });
}

export function countAllArticles(db: Db): Promise<number> {
  return countArticles(db);
}
