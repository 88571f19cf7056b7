/**
 * `masthead import`: read, decode and parse every file first; only when all are sound is
 * anything written, in one transaction, so a capture the services refuse (a headline over
 * the length limit, say) leaves nothing of the others behind.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Db } from '../db/schema.ts';
import { decodeCapture, DecodeError } from '../importers/capture/decode.ts';
import { importCapture, type CaptureImportResult } from '../importers/capture/import-capture.ts';
import { parseCapture, type Capture } from '../importers/capture/parse-capture.ts';
import { AppError } from '../platform/errors.ts';
import type { Clock } from '../shared/clock.ts';

/**
 * A page capture is tens of kilobytes. Past this it is not one, and its body would be more
 * than the newsroom editor can save (1,000,000 characters of HTML).
 */
export const MAX_CAPTURE_BYTES = 2 * 1024 * 1024;

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
      const { size } = await stat(file);
      if (size > MAX_CAPTURE_BYTES) {
        problems.push(`${file}: ${(size / 1048576).toFixed(1)} MB; a capture is at most ${MAX_CAPTURE_BYTES / 1048576} MB`);
        continue;
      }
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
  let current = '';
  try {
    const results = await db.transaction().execute(async (trx) => {
      const out: Array<CaptureImportResult & { file: string }> = [];
      for (const { file, capture } of parsed) {
        current = file;
        out.push({ file, ...(await importCapture(trx, clock, capture)) });
      }
      return out;
    });
    return { ok: true, results };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, problems: [`${current}: ${error.detail ?? error.message}`] };
    throw error;
  }
}
