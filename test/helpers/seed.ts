/** The reference capture (shared/seed), read as a test fixture. Missing is a failure, not a skip. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findSeedDir } from '../../src/config/seed-dir.ts';

export function seedDir(): string {
  const dir = process.env.MASTHEAD_SEED_DIR ?? findSeedDir(process.cwd());
  if (!dir) throw new Error('shared/seed not found beside the project; set MASTHEAD_SEED_DIR');
  return dir;
}

export function seedCapturePath(): string {
  const dir = seedDir();
  const file = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()[0];
  if (!file) throw new Error(`no .txt capture in ${dir}`);
  return path.join(dir, file);
}

export function seedCaptureText(): string {
  return readFileSync(seedCapturePath(), 'utf8');
}
