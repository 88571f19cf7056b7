/**
 * Writes a parsed capture through the services: the channel path, the article with its
 * source, reporters and editor in charge, and the 推荐阅读 items as briefs. Called inside
 * a transaction by the caller, so a failure leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/schema.ts';
import { findImported, importArticle, type ImportOutcome } from '../../features/articles/articles.service.ts';
import { ensureChannelPath, ensureRootChannel } from '../../features/channels/channels.service.ts';
import type { Clock } from '../../shared/clock.ts';
import { escapeHtml, firstSentence } from '../../shared/text.ts';
import type { Capture } from './parse-capture.ts';

export interface CaptureImportResult {
  readonly article: { readonly id: number; readonly outcome: ImportOutcome; readonly publishedAt: Date; readonly title: string };
  readonly briefs: Readonly<Record<ImportOutcome, number>>;
}

function key(kind: string, ...parts: string[]): string {
  return `capture:${kind}:${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32)}`;
}

function articleKeyOf(capture: Capture): string {
  return key('article', capture.channelNames.join('/'), capture.title, capture.publishedAt.toISOString());
}

export async function importCapture(db: Db, clock: Clock, capture: Capture): Promise<CaptureImportResult> {
  const root = await ensureRootChannel(db, clock, capture.rootName);
  const channel = await ensureChannelPath(db, clock, root, capture.channelNames);

  const article = await importArticle(db, clock, articleKeyOf(capture), {
    kind: 'article',
    status: 'published',
    title: capture.title,
    bodyHtml: capture.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
    channelId: channel.id,
    source: capture.source,
    byline: capture.credit,
    reporters: capture.reporters,
    editorInCharge: capture.editorInCharge,
    publishedAt: capture.publishedAt,
  });

  const briefs: Record<ImportOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  for (const brief of capture.briefs) {
    const { outcome } = await importArticle(db, clock, key('brief', brief.summary, brief.publishedAt.toISOString()), {
      kind: 'brief',
      status: 'published',
      title: firstSentence(brief.summary),
      summary: brief.summary,
      bodyHtml: `<p>${escapeHtml(brief.summary)}</p>`,
      channelId: root.id,
      publishedAt: brief.publishedAt,
      placement: { recommended: true },
    });
    briefs[outcome]++;
  }
  return { article: { ...article, publishedAt: capture.publishedAt, title: capture.title }, briefs };
}

/** The article an earlier import of this capture created, if any. */
export async function findImportedCaptureArticle(db: Db, capture: Capture): Promise<{ id: number; publishedAt: Date } | null> {
  return findImported(db, articleKeyOf(capture));
}
