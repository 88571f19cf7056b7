/**
 * Fills a database with the demo site: the channel tree, the reference capture(s) from
 * the seed folder, and generated articles in every channel. Safe to run again: every
 * item has an import key, so a second run finds what the first one wrote.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/schema.ts';
import { importArticle, type ImportOutcome } from '../features/articles/articles.service.ts';
import type { Channel } from '../features/channels/channel.ts';
import { createChildChannel, ensureRootChannel, getChannelByPath } from '../features/channels/channels.service.ts';
import { decodeCapture } from '../importers/capture/decode.ts';
import { importCapture, type CaptureImportResult } from '../importers/capture/import-capture.ts';
import { parseCapture, type Capture } from '../importers/capture/parse-capture.ts';
import type { Clock } from '../shared/clock.ts';
import { escapeHtml } from '../shared/text.ts';
import type { MediaStorage } from '../features/media/storage.ts';
import { DEMO_CHANNELS, demoArticle } from './demo-content.ts';
import { loadDemoEngagement } from './demo-engagement.ts';

export interface DemoOptions {
  readonly seedDir: string | null;
  readonly perChannel: number;
  /** Time zone the captures' times are written in (the reference portal's: Beijing). */
  readonly captureTimeZone: string;
  readonly onProgress?: (done: number, total: number) => void;
  /** Where the demo's pictures go; without it the demo has no photo news, topics or votes. */
  readonly storage?: MediaStorage;
  /** The site's time zone, for the daily rollups of demo votes and reads. */
  readonly timeZone?: string;
}

export interface DemoResult {
  readonly captures: ReadonlyArray<CaptureImportResult & { readonly file: string }>;
  readonly generated: Readonly<Record<ImportOutcome, number>>;
  readonly warnings: readonly string[];
}

export class SeedCaptureError extends Error {}

/** Reads and parses every capture in the seed folder; nothing is written here. */
export async function readSeedCaptures(seedDir: string, timeZone: string): Promise<Array<{ file: string; capture: Capture }>> {
  const files = (await readdir(seedDir)).filter((f) => f.endsWith('.txt')).sort();
  const out: Array<{ file: string; capture: Capture }> = [];
  for (const file of files) {
    const full = path.join(seedDir, file);
    const parsed = parseCapture(decodeCapture(await readFile(full)), { timeZone });
    if (!parsed.ok) throw new SeedCaptureError(`${full}: ${parsed.problems.join('; ')}`);
    out.push({ file: full, capture: parsed.capture });
  }
  return out;
}

export async function ensureDemoChannels(db: Db, clock: Clock, rootName: string): Promise<Map<string, Channel>> {
  const root = await ensureRootChannel(db, clock, rootName);
  const byPath = new Map<string, Channel>([['', root]]);
  for (const c of DEMO_CHANNELS) {
    const parentPath = c.path.includes('/') ? c.path.slice(0, c.path.lastIndexOf('/')) : '';
    const parent = byPath.get(parentPath) ?? root;
    const existing = await getChannelByPath(db, c.path);
    const slug = c.path.slice(c.path.lastIndexOf('/') + 1);
    byPath.set(c.path, existing ?? (await createChildChannel(db, clock, parent, c.name, slug)));
  }
  return byPath;
}

export async function loadDemo(db: Db, clock: Clock, opts: DemoOptions): Promise<DemoResult> {
  const warnings: string[] = [];
  const seeds = opts.seedDir ? await readSeedCaptures(opts.seedDir, opts.captureTimeZone) : [];
  if (!opts.seedDir) warnings.push('no seed folder found (set MASTHEAD_SEED_DIR); the demo has no reference article');

  const leaves = DEMO_CHANNELS.filter((c) => c.topics.length > 0);
  const total = seeds.length + leaves.length * opts.perChannel;
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);

  return db.transaction().execute(async (trx) => {
    const channels = await ensureDemoChannels(trx, clock, seeds[0]?.capture.rootName ?? '首页');
    const captures: Array<CaptureImportResult & { file: string }> = [];
    for (const { file, capture } of seeds) {
      captures.push({ file, ...(await importCapture(trx, clock, capture)) });
      tick();
    }
    // Generated articles are dated back from the start of today, so the demo looks current
    // and a second run on the same day changes nothing.
    const anchor = new Date(clock.now());
    anchor.setUTCHours(0, 0, 0, 0);
    const generated: Record<ImportOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
    const byChannel = new Map<string, number[]>();
    for (const channel of leaves) {
      const target = channels.get(channel.path);
      if (!target) continue;
      for (let n = 0; n < opts.perChannel; n++) {
        const a = demoArticle(channel, n);
        const { id, outcome } = await importArticle(trx, clock, `demo:${channel.path}:${n}`, {
          kind: 'article',
          status: 'published',
          title: a.title,
          bodyHtml: a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
          channelId: target.id,
          source: a.source,
          byline: a.credit,
          reporters: a.reporters,
          editorInCharge: a.editorInCharge,
          publishedAt: new Date(anchor.getTime() - a.ageMinutes * 60_000),
        });
        generated[outcome]++;
        byChannel.set(channel.path, [...(byChannel.get(channel.path) ?? []), id]);
        tick();
      }
    }
    if (opts.storage) {
      const seedArticleId = captures[0]?.article.id ?? null;
      const allIds = [...(seedArticleId ? [seedArticleId] : []), ...[...byChannel.values()].flat()];
      await loadDemoEngagement(trx, clock, opts.storage, { seedArticleId, byChannel, channels, allIds }, opts.timeZone ?? opts.captureTimeZone);
    }
    return { captures, generated, warnings };
  });
}
