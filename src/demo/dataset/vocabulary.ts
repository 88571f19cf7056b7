/**
 * Word pools for generated articles, taken from jieba's own dictionary (the one search and
 * related reading segment with), so generated text has a real vocabulary: thousands of
 * nouns, verbs and places, drawn more often the more common they are. Pure once loaded.
 */
import { dict } from '@node-rs/jieba/dict.js';

export interface Vocabulary {
  readonly nouns: readonly string[];
  readonly verbs: readonly string[];
  readonly places: readonly string[];
  readonly orgs: readonly string[];
  readonly adjectives: readonly string[];
}

const HAN = /^\p{Script=Han}{2,4}$/u;

function top(entries: Array<[word: string, freq: number]>, n: number): string[] {
  return entries
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([w]) => w);
}

let cached: Vocabulary | null = null;

/** The pools, most frequent first (about 30 ms to build, once per process). */
export function vocabulary(): Vocabulary {
  if (cached) return cached;
  const byPos = new Map<string, Array<[string, number]>>();
  for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
    const [word, freqText, pos] = line.split(' ');
    if (!word || !pos || !HAN.test(word)) continue;
    const freq = Number(freqText);
    if (!(freq >= 20)) continue;
    const key = pos.trim();
    let list = byPos.get(key);
    if (!list) byPos.set(key, (list = []));
    list.push([word, freq]);
  }
  const of = (...tags: string[]) => tags.flatMap((t) => byPos.get(t) ?? []);
  cached = {
    nouns: top(of('n', 'vn', 'nz'), 12_000),
    verbs: top(of('v').filter(([w]) => w.length === 2), 1_500),
    places: top(of('ns'), 1_500),
    orgs: top(of('nt'), 600),
    adjectives: top(of('a', 'ad'), 500),
  };
  return cached;
}
