/**
 * The database rows for a slice of the generated dataset: articles, their reporters and tags,
 * their keywords for related reading and their search documents (made by the same functions
 * publishing uses), related lists naming the story's other articles (scored as publishing
 * scores a pair, but chosen from the story rather than searched for), and votes and reads
 * for the recent ones. Pure: runs in worker threads.
 */
import { bonus, keywordVector, relatedText, type Term } from '../../features/related/keywords.ts';
import { countChars, escapeHtml } from '../../shared/text.ts';
import { localDay } from '../../shared/time.ts';
import { searchTokens } from '../../search/search-index.ts';
import type { DatasetRows } from './dataset.repo.ts';
import { generateArticle, type DatasetShape, type GeneratedArticle } from './generate-article.ts';
import { vocabulary } from './vocabulary.ts';
import { seededRandom } from '../demo-content.ts';

export interface DatasetIds {
  /** Article index i gets id base + i. */
  readonly base: number;
  readonly channels: readonly number[];
  readonly people: readonly number[];
  readonly editors: readonly number[];
  readonly sources: readonly number[];
  readonly tags: readonly number[];
  readonly moods: readonly number[];
}

export interface SliceRequest {
  readonly start: number;
  readonly end: number;
  readonly shape: Omit<DatasetShape, 'until'> & { readonly until: string };
  readonly ids: DatasetIds;
  readonly keyPrefix: string;
  readonly timeZone: string;
}

const DAY_MS = 86_400_000;

function cosine(a: readonly Term[], b: readonly Term[]): number {
  const weights = new Map(a.map((t) => [t.term, t.weight]));
  return b.reduce((n, t) => n + t.weight * (weights.get(t.term) ?? 0), 0);
}

export function datasetRows(req: SliceRequest): DatasetRows {
  const shape: DatasetShape = { ...req.shape, until: new Date(req.shape.until) };
  const words = vocabulary();
  const { ids } = req;
  const until = shape.until.getTime();
  const rows = { articles: [], reporters: [], tags: [], terms: [], related: [], searchDocs: [], moodCounts: [], moodDaily: [], viewDaily: [], articleViews: [] } as {
    -readonly [K in keyof DatasetRows]: Array<DatasetRows[K][number]>;
  };
  // A story's articles score each other, so each article is made once and its keywords found once.
  const made = new Map<number, { a: GeneratedArticle; bodyHtml: string; vector: Term[] }>();
  const article = (i: number) => {
    let m = made.get(i);
    if (!m) {
      const a = generateArticle(i, shape, words);
      const bodyHtml = a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
      m = { a, bodyHtml, vector: keywordVector(relatedText(a.title, a.summary, bodyHtml)) };
      made.set(i, m);
    }
    return m;
  };
  for (let i = req.start; i < req.end; i++) {
    const { a, bodyHtml, vector } = article(i);
    const id = ids.base + i;
    const channelId = ids.channels[a.channel] as number;
    const at = a.publishedAt.toISOString();
    rows.articles.push({
      id,
      kind: 'article',
      status: 'published',
      title: a.title,
      summary: a.summary,
      body_html: bodyHtml,
      body_chars: a.paragraphs.reduce((n, p) => n + countChars(p), 0),
      channel_id: channelId,
      source_id: ids.sources[a.source] ?? null,
      byline: null,
      editor_in_charge_id: ids.editors[a.editor] ?? null,
      cover_image_url: null,
      is_focus: 0,
      is_exclusive: 0,
      is_recommended: 0,
      is_pinned: 0,
      published_at: at,
      created_at: at,
      updated_at: at,
      import_key: `${req.keyPrefix}${i}`,
      version: 1,
    });
    a.reporters.forEach((p, position) => rows.reporters.push({ article_id: id, person_id: ids.people[p] as number, position }));
    for (const t of a.tags) rows.tags.push({ article_id: id, tag_id: ids.tags[t] as number });
    for (const t of vector) rows.terms.push({ article_id: id, term: t.term, weight: t.weight });
    a.related
      .map((j) => {
        const other = article(j);
        const sharedTags = other.a.tags.filter((t) => a.tags.includes(t)).length;
        return { j, score: cosine(vector, other.vector) + bonus(sharedTags, other.a.channel === a.channel) };
      })
      .sort((x, y) => y.score - x.score || y.j - x.j)
      .forEach(({ j, score }, position) => rows.related.push({ article_id: id, related_id: ids.base + j, score, position }));
    rows.searchDocs.push({ article_id: id, channel_id: channelId, published_at: at, ...searchTokens({ title: a.title, summary: a.summary, bodyText: a.paragraphs.join('\n') }) });

    // Readers: a quarter of articles drew moods; every article was read, the last two weeks day by day.
    const rnd = seededRandom(shape.seed * 3_000_017 + i);
    const age = until - a.publishedAt.getTime();
    if (rnd() < 0.25) {
      const moods = ids.moods.filter(() => rnd() < 0.5);
      for (const moodId of moods) {
        const count = 1 + Math.floor(rnd() * rnd() * 400);
        rows.moodCounts.push({ article_id: id, mood_id: moodId, channel_id: channelId, count });
        if (age < 30 * DAY_MS) rows.moodDaily.push({ day: localDay(a.publishedAt, req.timeZone), article_id: id, mood_id: moodId, channel_id: channelId, count });
      }
    }
    const views = 20 + Math.floor(rnd() * rnd() * 20_000);
    rows.articleViews.push({ article_id: id, views });
    if (age < 14 * DAY_MS) rows.viewDaily.push({ day: localDay(a.publishedAt, req.timeZone), article_id: id, channel_id: channelId, views });
  }
  return rows;
}
