/** The mood ranking page and the special-report pages. */
import { escapeHtml } from '@kitajs/html';
import { ArticleList, type ArticleListEntry } from './article-list.tsx';
import { TopicsBlock, type TopicEntry } from './blocks/topics.tsx';
import { ChannelSelect, type ChannelOption } from './channel-select.tsx';
import { Layout, type Shell } from './layout.tsx';

export interface RankingModel {
  readonly moods: ReadonlyArray<{ key: string; name: string; icon: string }>;
  readonly mood: string;
  readonly periods: readonly string[];
  readonly period: string;
  readonly channels: ReadonlyArray<ChannelOption>;
  readonly channel: string;
  readonly items: ReadonlyArray<ArticleListEntry & { count: number }>;
  readonly canonicalUrl: string;
}

export function RankingPage(props: { shell: Shell; model: RankingModel }): JSX.Element {
  const { shell, model } = props;
  const { t } = shell;
  const current = model.moods.find((m) => m.key === model.mood);
  return (
    <Layout shell={shell} head={{ title: `${t.moodRanking}_${shell.siteName}`, canonicalUrl: model.canonicalUrl }}>
      <main id="main" class="page page--list">
        <h1 class="page__title" safe>
          {t.moodRanking}
        </h1>
        <form method="get" action="/moods/" class="ranking__filters">
          <fieldset>
            <legend class="visually-hidden" safe>
              {t.moodsTitle}
            </legend>
            {model.moods.map((m) => (
              <label class="chip">
                <input type="radio" name="mood" value={m.key} checked={m.key === model.mood} /> {escapeHtml(`${m.icon} ${m.name}`)}
              </label>
            ))}
          </fieldset>
          <label>
            <span class="visually-hidden" safe>
              {t.periods.week}
            </span>
            <select name="period" aria-label={t.periods[model.period] ?? model.period}>
              {model.periods.map((p) => (
                <option value={p} selected={p === model.period} safe>
                  {t.periods[p] ?? p}
                </option>
              ))}
            </select>
          </label>
          <ChannelSelect channels={model.channels} selected={model.channel} allLabel={t.allChannels} ariaLabel={t.channels} />
          <button type="submit" class="button" safe>
            {t.show}
          </button>
        </form>
        <h2 class="section-title" safe>
          {t.rankingFor(current ? `${current.icon} ${current.name}` : '', t.periods[model.period] ?? model.period)}
        </h2>
        {model.items.length > 0 ? (
          <ol class="ranking__list">
            {model.items.map((item) => (
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
        ) : (
          <p class="empty" safe>
            {t.noArticles}
          </p>
        )}
      </main>
    </Layout>
  );
}

export function TopicsIndexPage(props: { shell: Shell; topics: readonly TopicEntry[]; canonicalUrl: string }): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  return (
    <Layout shell={shell} head={{ title: `${t.topics}_${shell.siteName}`, canonicalUrl: props.canonicalUrl }}>
      <main id="main" class="page page--list">
        <h1 class="visually-hidden" safe>
          {t.topics}
        </h1>
        {props.topics.length > 0 ? <TopicsBlock t={t} items={props.topics} /> : <p class="empty" safe>{t.noArticles}</p>}
      </main>
    </Layout>
  );
}

export interface TopicPageModel {
  readonly title: string;
  readonly intro: string;
  /** <picture> from the media library, or ''. Trusted. */
  readonly bannerHtml: string;
  readonly sections: ReadonlyArray<{ title: string; items: readonly ArticleListEntry[] }>;
  readonly canonicalUrl: string;
}

export function TopicPageView(props: { shell: Shell; model: TopicPageModel }): JSX.Element {
  const { shell, model } = props;
  const safeBanner = model.bannerHtml;
  return (
    <Layout
      shell={shell}
      head={{
        title: `${model.title}_${shell.siteName}`,
        description: model.intro,
        canonicalUrl: model.canonicalUrl,
        feed: { title: `${model.title}_${shell.siteName}`, path: new URL(model.canonicalUrl).pathname },
      }}
    >
      <main id="main" class="page page--list topic">
        {model.bannerHtml ? <div class="topic__banner">{safeBanner}</div> : ''}
        <h1 class="page__title" safe>
          {model.title}
        </h1>
        {model.intro ? (
          <p class="topic__intro" safe>
            {model.intro}
          </p>
        ) : (
          ''
        )}
        {model.sections.map((section, i) => (
          <section aria-labelledby={`topic-s${i}`}>
            <h2 id={`topic-s${i}`} class="section-title" safe>
              {section.title}
            </h2>
            <ArticleList items={section.items} headingLevel={3} />
          </section>
        ))}
      </main>
    </Layout>
  );
}
