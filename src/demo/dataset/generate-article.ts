/**
 * One generated article of a large dataset, from its index alone (deterministic, so any
 * worker can make any slice). Articles come in stories of STORY_SIZE consecutive articles
 * sharing a place and key words, published days apart: a story's other articles are its
 * related reading. Bodies run 3 to 16 paragraphs (about 900 characters on average, like
 * wire copy), written from sentence patterns over the dictionary's vocabulary. Pure.
 */
import { GIVEN as DEMO_GIVEN, OUTCOMES as DEMO_OUTCOMES, pick, seededRandom, SURNAMES as DEMO_SURNAMES } from '../demo-content.ts';
import type { Vocabulary } from './vocabulary.ts';

export const STORY_SIZE = 6;

export interface DatasetShape {
  readonly total: number;
  /** The newest article's time; the oldest is `years` before. */
  readonly until: Date;
  readonly years: number;
  readonly channels: number;
  readonly people: number;
  readonly editors: number;
  readonly sources: number;
  readonly tags: number;
  readonly seed: number;
}

export interface GeneratedArticle {
  readonly index: number;
  readonly channel: number;
  readonly title: string;
  readonly summary: string;
  readonly paragraphs: readonly string[];
  readonly publishedAt: Date;
  /** Indexes into the people pool. */
  readonly reporters: readonly number[];
  readonly editor: number;
  readonly source: number;
  /** Indexes into the tag pool. */
  readonly tags: readonly number[];
  /** Other articles of the same story (indexes), nearest first. */
  readonly related: readonly number[];
}

/** Biased toward the front of a list (which is most-frequent first): a rough Zipf. */
function zipf(rnd: () => number, list: readonly string[]): string {
  const r = rnd();
  return list[Math.floor(r * r * list.length)] as string;
}

/** A story's subject: not the commonest words (国家, 工作), which say nothing on their own. */
function subject(rnd: () => number, list: readonly string[], skip: number): string {
  return list[skip + Math.floor(rnd() * (list.length - skip))] as string;
}

// The demo's names and outcomes, and more: a pool of thousands of people needs more combinations.
const SURNAMES = [...DEMO_SURNAMES, '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹'];
const GIVEN = [...DEMO_GIVEN, '文', '斌', '欣', '婷', '浩', '宇', '佳', '凯'];

/** The n-th name of the people pool: surname and given name, deterministic. */
export function personName(n: number): string {
  const given = GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length] as string;
  const second = n >= SURNAMES.length * GIVEN.length ? (GIVEN[Math.floor(n / (SURNAMES.length * GIVEN.length)) % GIVEN.length] as string) : '';
  return `${SURNAMES[n % SURNAMES.length]}${given}${second}`;
}

const OUTCOMES = [...DEMO_OUTCOMES, '形成可复制的经验', '跑出加速度'];

type W = { place: string; key: string; key2: string; noun: () => string; verb: () => string; adj: () => string; org: string; person: string; n: number; month: number };

const SENTENCES: ReadonlyArray<(w: W) => string> = [
  (w) => `记者从${w.place}${w.org}获悉，${w.place}${w.verb()}${w.key}相关工作，目前已${w.noun()}${w.verb()}。`,
  (w) => `据介绍，今年以来，${w.place}围绕${w.key}和${w.key2}制定了${w.n}项具体措施，明确了${w.noun()}和${w.noun()}的时间表。`,
  (w) => `“我们把${w.key}作为今年的重点任务，一件一件抓落实。”${w.org}负责人${w.person}说。`,
  (w) => `在${w.place}的一处${w.noun()}，工作人员正在为前来咨询的群众讲解${w.key}的新变化。`,
  (w) => `数据显示，截至${w.month}月底，${w.key}相关项目累计投入资金${w.n}亿元，带动${w.noun()}${w.n * 3}万人次。`,
  (w) => `不少市民表示，${w.key}让${w.noun()}更加${w.adj()}，“${w.verb()}不再来回跑，心里踏实多了”。`,
  (w) => `业内专家认为，${w.key}既要立足当前，也要着眼长远，持续完善${w.noun()}和${w.noun()}。`,
  (w) => `下一步，${w.place}将继续深化${w.key}，推动更多${w.noun()}向基层延伸。`,
  (w) => `${w.person}在${w.noun()}一线工作了${w.n}年，见证了${w.key2}从无到有的全过程。`,
  (w) => `为确保各项措施落地见效，${w.org}建立了${w.noun()}定期调度和督导检查机制。`,
  (w) => `${w.place}还将${w.verb()}${w.noun()}，加强${w.noun()}与${w.noun()}的衔接。`,
  (w) => `与往年相比，今年的${w.key2}更加注重${w.noun()}，${w.noun()}的${w.adj()}程度明显提高。`,
  (w) => `${w.org}相关负责人介绍，围绕${w.key}，已累计${w.verb()}${w.noun()}${w.n}个。`,
  (w) => `在${w.noun()}现场，${w.person}一边${w.verb()}，一边向记者介绍${w.key}的进展。`,
  (w) => `当前，${w.key2}正处在关键阶段，${w.noun()}和${w.noun()}的压力不容忽视。`,
  (w) => `记者了解到，${w.place}已有${w.n}个${w.noun()}参与${w.key}，覆盖${w.noun()}${w.n * 2}处。`,
];

export function generateArticle(index: number, shape: DatasetShape, words: Vocabulary): GeneratedArticle {
  const story = Math.floor(index / STORY_SIZE);
  const srnd = seededRandom(shape.seed * 1_000_003 + story * 7919);
  const rnd = seededRandom(shape.seed * 2_000_003 + index * 104_729);
  // The story: where, what about, in which channel, filed by whom.
  const place = subject(srnd, words.places, 10);
  const key = subject(srnd, words.nouns, 300);
  const key2 = subject(srnd, words.nouns, 300);
  const channel = Math.floor(srnd() * shape.channels);
  const storyTags = [Math.floor(srnd() * shape.tags), Math.floor(srnd() * shape.tags), Math.floor(srnd() * shape.tags)];
  const storyReporter = Math.floor(srnd() * shape.people);

  const w = (): W => ({
    place,
    key,
    key2,
    noun: () => zipf(rnd, words.nouns),
    verb: () => zipf(rnd, words.verbs),
    adj: () => zipf(rnd, words.adjectives),
    org: `${place}${zipf(rnd, words.orgs)}`,
    person: personName(Math.floor(rnd() * 27_000)),
    n: 2 + Math.floor(rnd() * 40),
    month: 1 + Math.floor(rnd() * 12),
  });

  const lengthRoll = rnd();
  const paragraphCount = lengthRoll < 0.15 ? 3 + Math.floor(rnd() * 2) : lengthRoll < 0.85 ? 5 + Math.floor(rnd() * 7) : 12 + Math.floor(rnd() * 8);
  const paragraphs: string[] = [];
  for (let p = 0; p < paragraphCount; p++) {
    let text = '';
    const count = 2 + Math.floor(rnd() * 3);
    for (let s = 0; s < count; s++) text += pick(rnd, SENTENCES)(w());
    paragraphs.push(text);
  }
  const verb = zipf(rnd, words.verbs);
  const title =
    rnd() < 0.5
      ? `${place}${verb}${key}${rnd() < 0.4 ? `——${pick(rnd, OUTCOMES)}` : ''}`
      : `${key}${zipf(rnd, words.nouns)}：${place}${verb}${key2}`;
  const first = paragraphs[0] ?? '';
  const summary = first.length > 120 ? `${first.slice(0, first.indexOf('。') + 1 || 120)}` : first;

  // Time: evenly over the span, the newest last; a story's articles hours to days apart.
  const spanMs = shape.years * 365 * 86_400_000;
  const step = spanMs / shape.total;
  const at = shape.until.getTime() - (shape.total - 1 - index) * step - Math.floor(rnd() * Math.min(step, 3_600_000));
  const first3 = story * STORY_SIZE;
  const related: number[] = [];
  for (let d = 1; d < STORY_SIZE; d++) {
    for (const j of [index - d, index + d]) if (j >= first3 && j < first3 + STORY_SIZE && j < shape.total && j !== index) related.push(j);
  }
  const reporters = rnd() < 0.3 ? [storyReporter, Math.floor(rnd() * shape.people)] : [storyReporter];
  return {
    index,
    channel,
    title,
    summary,
    paragraphs,
    publishedAt: new Date(at),
    reporters: [...new Set(reporters)],
    editor: Math.floor(rnd() * shape.editors),
    source: Math.floor(rnd() * shape.sources),
    tags: [...new Set(storyTags.slice(0, 2 + Math.floor(rnd() * 2)))],
    related: related.slice(0, 5),
  };
}
