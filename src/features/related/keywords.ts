/**
 * What related reading scores articles by, with no database: an article's keyword vector
 * and what shared tags and the same channel add. Publishing and the generated dataset use it.
 */
import { segmenter } from '../../search/segment/segmenter.ts';
import { bodyBlocksText } from '../articles/body-html.ts';

export const KEYWORDS_PER_ARTICLE = 25;
const TAG_BONUS = 0.05;
const CHANNEL_BONUS = 0.02;

export interface Term {
  readonly term: string;
  readonly weight: number;
}

/** The text keywords come from: the title counts twice, as editors put the story in it. */
export function relatedText(title: string, summary: string, bodyHtml: string): string {
  return [title, title, summary, ...bodyBlocksText(bodyHtml)].join('\n');
}

/** The strongest keywords (jieba TF-IDF), L2-normalised so that a dot product is a cosine. */
export function keywordVector(text: string): Term[] {
  const kws = segmenter().keywords(text, KEYWORDS_PER_ARTICLE);
  const norm = Math.sqrt(kws.reduce((n, k) => n + k.weight * k.weight, 0)) || 1;
  return kws.map((k) => ({ term: k.term, weight: k.weight / norm }));
}

/** What the same story told by other means adds to the text's score. */
export function bonus(sharedTags: number, sameChannel: boolean): number {
  return sharedTags * TAG_BONUS + (sameChannel ? CHANNEL_BONUS : 0);
}
