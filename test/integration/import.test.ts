/**
 * The capture importer against a real database: every field the capture carries lands,
 * a second import changes nothing, and a malformed capture writes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runImport } from '../../src/cli/import-command.ts';
import { getPublishedArticle, listPublished } from '../../src/features/articles/articles.service.ts';
import { channelAncestry, getChannelByPath } from '../../src/features/channels/channels.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases.ts';
import { seedCapturePath, seedCaptureText } from '../helpers/seed.ts';
import { countRows, dumpTables } from '../helpers/tables.ts';

const dialects = await testDialects('capture import');
const OPTS = { encoding: 'utf-8', timeZone: 'Asia/Shanghai' };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'masthead-import-'));

function writeCapture(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

for (const dialect of dialects) {
  describe(`capture import [${dialect}]`, () => {
    let t: TestDatabase;
    const clock = fixedClock('2026-11-30T04:00:00Z');
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(() => t.destroy());

    it('creates the article with every field the capture carries, and its briefs', async () => {
      const run = await runImport(t.database.db, clock, [seedCapturePath()], OPTS);
      assert.ok(run.ok, run.ok ? '' : run.problems.join('\n'));
      const [result] = run.results;
      assert.ok(result);
      assert.equal(result.article.outcome, 'created');
      assert.deepEqual(result.briefs, { created: 20, updated: 0, unchanged: 0 });

      const a = await getPublishedArticle(t.database.db, result.article.id);
      assert.ok(a);
      assert.equal(a.title, '第十二批省市错时轮换援疆骨干——“既然来了,就把根扎深、事办实!”');
      assert.equal(a.source, '新疆日报');
      assert.equal(a.publishedAt.toISOString(), '2026-01-06T05:25:00.000Z');
      assert.equal(a.byline, '石榴云/新疆日报记者 刘翔');
      assert.deepEqual(a.reporters.map((r) => r.name), ['刘翔']);
      assert.equal(a.editorInCharge?.name, '王宏泽');
      assert.equal((a.bodyHtml.match(/<p>/g) ?? []).length, 18);
      assert.ok(a.bodyHtml.startsWith('<p>山海深情,跨越万里。'));
      assert.ok(a.summary.startsWith('山海深情,跨越万里。'));

      const trail = await channelAncestry(t.database.db, a.channel);
      assert.deepEqual(trail.map((c) => c.name), ['首页', '地方频道', '社会']);
      assert.deepEqual(trail.map((c) => c.path), ['', 'difangpindao', 'difangpindao/shehui']);

      const home = await listPublished(t.database.db, { channel: await getChannelByPath(t.database.db, ''), limit: 50 });
      const briefs = home.items.filter((i) => i.kind === 'brief');
      assert.equal(briefs.length, 20);
      assert.equal(briefs[0]?.summary, '我国生成式人工智能用户规模和普及率快速提升。');
      assert.equal(briefs[0]?.title, '我国生成式人工智能用户规模和普及率快速提升');
    });

    it('changes nothing when the same capture is imported again', async () => {
      const before = await dumpTables(t.database.db);
      clock.advance(3_600_000);
      const run = await runImport(t.database.db, clock, [seedCapturePath()], OPTS);
      assert.ok(run.ok);
      assert.equal(run.results[0]?.article.outcome, 'unchanged');
      assert.deepEqual(run.results[0]?.briefs, { created: 0, updated: 0, unchanged: 20 });
      assert.deepEqual(await dumpTables(t.database.db), before);
    });

    it('updates the same article when the capture was corrected', async () => {
      const corrected = writeCapture('corrected.txt', seedCaptureText().replace('[ 责编:王宏泽 ]', '[ 责编:李明 ]'));
      const counts = await countRows(t.database.db);
      const run = await runImport(t.database.db, clock, [corrected], OPTS);
      assert.ok(run.ok);
      assert.equal(run.results[0]?.article.outcome, 'updated');
      const a = await getPublishedArticle(t.database.db, run.results[0].article.id);
      assert.equal(a?.editorInCharge?.name, '李明');
      const after = await countRows(t.database.db);
      assert.equal(after.articles, counts.articles);
      assert.equal(after.people, (counts.people ?? 0) + 1);
    });

    it('refuses a truncated capture, names what is missing, and writes nothing', async () => {
      const text = seedCaptureText();
      const truncated = writeCapture('truncated.txt', text.slice(0, Math.floor(text.length / 3)));
      const other = writeCapture('other.txt', text.replace('第十二批', '第十三批').replace('第十二批', '第十三批'));
      const before = await dumpTables(t.database.db);
      // One bad file stops the whole run, the good one included.
      const run = await runImport(t.database.db, clock, [other, truncated], OPTS);
      assert.equal(run.ok, false);
      assert.ok(!run.ok && run.problems.some((p) => p.startsWith(truncated) && /责编/.test(p) && /truncated/.test(p)));
      assert.deepEqual(await dumpTables(t.database.db), before);
    });

    it('refuses a missing file and a file in the wrong encoding by name', async () => {
      const gbk = writeCapture('gbk.txt', '');
      writeFileSync(gbk, Buffer.from([0xc9, 0xe7, 0xbb, 0xe1, 0x0a]));
      const run = await runImport(t.database.db, clock, [path.join(tmp, 'nope.txt'), gbk], OPTS);
      assert.equal(run.ok, false);
      assert.ok(!run.ok);
      assert.match(run.problems[0] ?? '', /nope\.txt: no such file/);
      assert.match(run.problems[1] ?? '', /gbk\.txt: not valid utf-8 text; .*gb18030/);
    });
  });
}
