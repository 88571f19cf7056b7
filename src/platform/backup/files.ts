/**
 * Files in and out of a backup: listing the media folder, and copying or reading a file
 * while hashing it, synced to disk before it counts as written.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FileDigest } from './manifest.ts';

/**
 * Every file under `root`, as '/'-separated relative paths in a stable order. Media storage
 * writes `*.tmp` then renames, so those are uploads in flight, not media.
 */
export async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(rel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && !entry.name.endsWith('.tmp')) found.push(child);
    }
  }
  await walk('');
  return found.sort();
}

export async function hashFile(file: string, onBytes: (n: number) => void = () => {}): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    onBytes(chunk.length);
  }
  return { size, sha256: hash.digest('hex') };
}

/** Copies `from` to `to` (which must not exist), hashing what it wrote, and syncs it. */
export async function copyHashed(from: string, to: string): Promise<FileDigest> {
  // The source is opened first, so a missing one fails before anything is created.
  const input = await open(from, 'r');
  try {
    await mkdir(path.dirname(to), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const out = await open(to, 'wx');
    try {
      for await (const chunk of input.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        await out.write(chunk);
      }
      await out.sync();
    } finally {
      await out.close();
    }
    return { size, sha256: hash.digest('hex') };
  } finally {
    await input.close();
  }
}

/** Copies into place through a temporary name beside the target: never half a file there. */
export async function copyIntoPlace(from: string, to: string): Promise<FileDigest> {
  const tmp = `${to}.${process.pid}.tmp`;
  try {
    const digest = await copyHashed(from, tmp);
    await rename(tmp, to);
    return digest;
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export async function writeFileSynced(file: string, text: string): Promise<void> {
  const out = await open(file, 'wx');
  try {
    await out.writeFile(text);
    await out.sync();
  } finally {
    await out.close();
  }
}

/** Makes a rename or new entry in `dir` survive a crash. */
export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
