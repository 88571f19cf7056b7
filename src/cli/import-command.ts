/**
 * `masthead import`: read, decode and parse every file first; only when all are sound is
 * anything written, one transaction per capture.
 */
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/schema.ts';
import { decodeCapture, DecodeError } from '../importers/capture/decode.ts';
import { importCapture, type CaptureImportResult } from '../importers/capture/import-capture.ts';
import { parseCapture, type Capture } from '../importers/capture/parse-capture.ts';
import type { Clock } from '../shared/clock.ts';

export type ImportRun =
  | { readonly ok: true; readonly results: ReadonlyArray<CaptureImportResult & { readonly file: string }> }
  | { readonly ok: false; readonly problems: readonly string[] };

export async function runImport(
  db: Db,
  clock: Clock,
  files: readonly string[],
  opts: { encoding: string; timeZone: string },
): Promise<ImportRun> {
  const problems: string[] = [];
  const parsed: Array<{ file: string; capture: Capture }> = [];
  for (const file of files) {
    let text: string;
    try {
      text = decodeCapture(await readFile(file), opts.encoding);
    } catch (error) {
      const reason = error instanceof DecodeError ? error.message : ((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((error as Error).message));
      problems.push(`${file}: ${reason}`);
      continue;
    }
    const result = parseCapture(text, { timeZone: opts.timeZone });
    if (result.ok) parsed.push({ file, capture: result.capture });
    else problems.push(...result.problems.map((p) => `${file}: ${p}`));
  }
  if (problems.length > 0) return { ok: false, problems };
  const results: Array<CaptureImportResult & { file: string }> = [];
  for (const { file, capture } of parsed) {
    results.push({ file, ...(await db.transaction().execute((trx) => importCapture(trx, clock, capture))) });
  }
  return { ok: true, results };
}
