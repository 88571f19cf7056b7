/** 新闻表情排行: the last seven days' top stories for each mood, and the way to the full ranking. */
import type { Messages } from '../../i18n/messages.ts';
import type { ArticleListEntry } from '../article-list.tsx';

export interface MoodRankingModel {
  readonly moods: ReadonlyArray<{ key: string; name: string; icon: string; items: ReadonlyArray<ArticleListEntry & { count: number }> }>;
  readonly pageUrl: string;
}

export function MoodRankingBlock(props: { t: Messages; model: MoodRankingModel }): JSX.Element {
  const { t, model } = props;
  if (model.moods.every((m) => m.items.length === 0)) return '';
  return (
    <section class="block mood-ranking" aria-labelledby="ranking-h">
      <h2 id="ranking-h" class="section-title">
        <a href={model.pageUrl} safe>
          {t.moodRanking}
        </a>
      </h2>
      <div class="mood-ranking__grid">
        {model.moods.map((m) => (
          <section aria-label={`${t.moodRanking} · ${m.name}`}>
            <h3 class="mood-ranking__mood">
              <span aria-hidden="true" safe>
                {m.icon}
              </span>{' '}
              <a href={`${model.pageUrl}?mood=${m.key}&period=week`} safe>
                {m.name}
              </a>
            </h3>
            <ol class="link-list">
              {m.items.map((item) => (
                <li>
                  <a href={item.url} safe>
                    {item.title}
                  </a>
                  <span class="count" safe>
                    {t.votes(item.count)}
                  </span>
                </li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </section>
  );
}
