/**
 * Chinese-aware word segmentation, behind one interface for related reading and search.
 * The implementation is jieba (@node-rs/jieba: the dictionary, an HMM for words it lacks,
 * and TF-IDF keyword extraction with its IDF table); docs/decisions/008-segmenter.md has
 * the measured comparison with Intl.Segmenter that chose it.
 */
import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict.js';

export interface Keyword {
  readonly term: string;
  readonly weight: number;
}

export interface Segmenter {
  /** Words of the text, in order (punctuation and whitespace dropped). */
  words(text: string): string[];
  /** The text's strongest terms by TF-IDF, strongest first. */
  keywords(text: string, limit: number): Keyword[];
}

/** Words that say nothing about what a news story is about. */
const STOP = new Set([
  '记者', '通讯员', '表示', '介绍', '今年', '目前', '进行', '工作', '相关', '有关', '我们', '他们', '一个', '没有', '已经', '通过', '可以', '以及',
  '同时', '其中', '此外', '据悉', '获悉', '日电', '报道', '新华社', '人民日报', '责编', '编辑', '来源', '近日', '今天', '昨天',
]);

const WORD = /[\p{L}\p{N}]/u;

class JiebaSegmenter implements Segmenter {
  private readonly jieba = Jieba.withDict(dict);
  private readonly tfidf = TfIdf.withDict(idf);

  constructor() {
    this.tfidf.setConfig({ useHmm: true, minKeywordLength: 2 });
  }

  words(text: string): string[] {
    return this.jieba.cut(text, true).filter((w) => WORD.test(w));
  }

  keywords(text: string, limit: number): Keyword[] {
    return this.tfidf
      .extractKeywords(this.jieba, text, limit + STOP.size)
      .filter((k) => !STOP.has(k.keyword) && WORD.test(k.keyword))
      .slice(0, limit)
      .map((k) => ({ term: k.keyword, weight: k.weight }));
  }
}

let instance: Segmenter | undefined;

/** The process's segmenter; the dictionary loads once, on first use (about 150 ms). */
export function segmenter(): Segmenter {
  instance ??= new JiebaSegmenter();
  return instance;
}
