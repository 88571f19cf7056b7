/**
 * Measures the two candidate segmenters for related reading and search:
 * jieba (@node-rs/jieba) and the built-in Intl.Segmenter.
 *   node --import tsx bench/segmenter.ts
 * Quality: precision@3 of related lists over test/fixtures/related-groups.ts with 30
 * generated distractor articles, keywords weighted by TF-IDF (both with IDF from this
 * corpus, and jieba with its own IDF table as used in production). Speed: characters
 * segmented per second on the reference article. Results go in docs/decisions/008.
 */
import { readFileSync } from 'node:fs';
import { DEMO_CHANNELS, demoArticle } from '../src/demo/demo-content.ts';
import { segmenter } from '../src/search/segment/segmenter.ts';
import { findSeedDir } from '../src/config/seed-dir.ts';
import { RELATED_GROUPS } from '../test/fixtures/related-groups.ts';

type Doc = { id: number; group: string | null; text: string };

const docs: Doc[] = [];
for (const [group, list] of Object.entries(RELATED_GROUPS)) for (const a of list) docs.push({ id: docs.length, group, text: `${a.title}\n${a.title}\n${a.body}` });
for (const c of DEMO_CHANNELS.filter((d) => ['culture', 'world', 'local/livelihood'].includes(d.path))) {
  for (let n = 0; n < 10; n++) {
    const a = demoArticle(c, n);
    docs.push({ id: docs.length, group: null, text: `${a.title}\n${a.title}\n${a.paragraphs.join('\n')}` });
  }
}

const intl = new Intl.Segmenter('zh', { granularity: 'word' });
const intlWords = (text: string) => [...intl.segment(text)].filter((s) => s.isWordLike && [...s.segment].length >= 2).map((s) => s.segment);
const jiebaWords = (text: string) => segmenter().words(text).filter((w) => [...w].length >= 2);

function corpusVectors(words: (t: string) => string[]): Map<number, Map<string, number>> {
  const tokenised = docs.map((d) => words(d.text));
  const df = new Map<string, number>();
  for (const toks of tokenised) for (const w of new Set(toks)) df.set(w, (df.get(w) ?? 0) + 1);
  const out = new Map<number, Map<string, number>>();
  tokenised.forEach((toks, i) => {
    const tf = new Map<string, number>();
    for (const w of toks) tf.set(w, (tf.get(w) ?? 0) + 1);
    const weights = [...tf].map(([w, n]) => [w, (n / toks.length) * Math.log(docs.length / (df.get(w) ?? 1))] as const);
    out.set(i, normalise(weights.sort((a, b) => b[1] - a[1]).slice(0, 25)));
  });
  return out;
}

function jiebaIdfVectors(): Map<number, Map<string, number>> {
  return new Map(docs.map((d) => [d.id, normalise(segmenter().keywords(d.text, 25).map((k) => [k.term, k.weight] as const))]));
}

function normalise(pairs: ReadonlyArray<readonly [string, number]>): Map<string, number> {
  const norm = Math.sqrt(pairs.reduce((n, [, w]) => n + w * w, 0)) || 1;
  return new Map(pairs.map(([t, w]) => [t, w / norm]));
}

function precisionAt3(vectors: Map<number, Map<string, number>>): number {
  let hits = 0;
  let total = 0;
  for (const d of docs.filter((x) => x.group)) {
    const v = vectors.get(d.id) ?? new Map();
    const scored = docs
      .filter((o) => o.id !== d.id)
      .map((o) => {
        let s = 0;
        for (const [t, w] of vectors.get(o.id) ?? new Map()) s += w * (v.get(t) ?? 0);
        return { o, s };
      })
      .sort((a, b) => b.s - a.s)
      .slice(0, 3);
    for (const { o } of scored) {
      total++;
      if (o.group === d.group) hits++;
    }
  }
  return hits / total;
}

function speed(words: (t: string) => string[]): number {
  const dir = findSeedDir(process.cwd());
  const text = dir ? readFileSync(`${dir}/000_6589f554af0d408b.txt`, 'utf8') : docs.map((d) => d.text).join('\n');
  for (let i = 0; i < 20; i++) words(text);
  const rounds = 300;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) words(text);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return ([...text].length * rounds) / seconds;
}

const sample = '第十二批省市错时轮换援疆骨干欢迎大会暨培训班开班式在乌鲁木齐举行';
const rows = [
  ['jieba, own IDF table (production)', precisionAt3(jiebaIdfVectors()), speed((t) => segmenter().words(t)), segmenter().words(sample).join(' / ')],
  ['jieba, corpus IDF', precisionAt3(corpusVectors(jiebaWords)), speed((t) => segmenter().words(t)), ''],
  ['Intl.Segmenter, corpus IDF', precisionAt3(corpusVectors(intlWords)), speed((t) => [...intl.segment(t)].map((x) => x.segment)), [...intl.segment(sample)].filter((s) => s.isWordLike).map((s) => s.segment).join(' / ')],
] as const;

console.log(`| segmenter | precision@3 (${docs.filter((d) => d.group).length} fixture articles, ${docs.length - docs.filter((d) => d.group).length} distractors) | chars/s |`);
console.log('|---|---|---|');
for (const [name, p, s] of rows) console.log(`| ${name} | ${p.toFixed(3)} | ${Math.round(s).toLocaleString('en')} |`);
console.log('\nSegmentation of the reference headline:');
for (const [name, , , seg] of rows) if (seg) console.log(`- ${name}: ${seg}`);
