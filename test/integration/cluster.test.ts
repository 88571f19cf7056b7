/**
 * Production mode: `masthead serve --workers 2` runs two server processes on one port and
 * one database; a change made anywhere reaches both processes' page caches; SIGTERM stops all.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { invalidatePages } from '../../src/features/invalidation/invalidation.service.ts';
import { PageTag } from '../../src/features/invalidation/page-tags.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { freePort } from '../helpers/app.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases.ts';
import { processTable } from '../helpers/proc.ts';
import { seedDir } from '../helpers/seed.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/masthead.mjs');

/** A GET on a fresh connection, so the cluster can hand each request to either worker. */
function get(url: string): Promise<{ status: number; cache: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cache: String(res.headers['x-cache']), body }));
      })
      .on('error', reject);
  });
}

/** The Node processes a process started (not helpers such as the esbuild service tsx may run). */
function childrenOf(pid: number): number[] {
  return processTable()
    .filter((p) => p.ppid === pid && p.name === 'node')
    .map((p) => p.pid);
}

for (const dialect of await testDialects('cluster')) {
  describe(`masthead serve --workers 2 [${dialect}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(() => t.destroy());

    it('serves from two processes whose page caches both drop a changed article, and stops them all on SIGTERM', async () => {
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, 'serve', '--demo', '--workers', '2'], {
        env: { ...process.env, LOG_LEVEL: 'warn', MASTHEAD_SEED_DIR: seedDir(), DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', PAGE_CACHE_MB: '16' },
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const seedUrl = await new Promise<string>((resolve, reject) => {
          const timer = setInterval(() => {
            const m = /Seed article: http:\/\/[^/]+(\S+)/.exec(output);
            if (m?.[1] && /Newsroom:/.test(output)) {
              clearInterval(timer);
              resolve(`http://127.0.0.1:${port}${m[1]}`);
            }
          }, 50);
          void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
        });
        assert.match(output, /\(2 processes\)/);
        assert.equal(childrenOf(child.pid as number).length, 2, 'two server processes');

        // Fresh connections reach both workers; each caches the page on its first request.
        const first = await Promise.all(Array.from({ length: 8 }, () => get(seedUrl)));
        assert.ok(first.every((r) => r.status === 200 && r.body.includes('第十二批省市错时轮换援疆骨干')));
        const again = await Promise.all(Array.from({ length: 8 }, () => get(seedUrl)));
        assert.ok(again.filter((r) => r.cache === 'HIT').length >= 6, 'both workers answer from their caches');

        // A change written by another process (as a newsroom on another node would).
        const id = Number(/c_(\d+)\.html/.exec(seedUrl)?.[1]);
        await t.database.db.updateTable('articles').set({ title: '集群中两个进程都看到的新标题' }).where('id', '=', id).execute();
        await invalidatePages(t.database.db, systemClock, [PageTag.article(id)]);
        await new Promise((r) => setTimeout(r, 1_000));
        const changed = await Promise.all(Array.from({ length: 8 }, () => get(seedUrl)));
        assert.ok(changed.every((r) => r.body.includes('集群中两个进程都看到的新标题')), 'no worker serves the old page');
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, output);
      assert.equal(childrenOf(child.pid as number).length, 0);
    });
  });
}
