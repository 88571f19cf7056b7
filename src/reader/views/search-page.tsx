/** The search page: the query and its filters, then hits with their terms marked. */
import { ChannelSelect, type ChannelOption } from './channel-select.tsx';
import { Layout, type Shell } from './layout.tsx';

export interface SearchPageModel {
  readonly query: string;
  readonly channel: string;
  readonly from: string;
  readonly to: string;
  readonly channels: ReadonlyArray<ChannelOption>;
  readonly hits: ReadonlyArray<{ url: string; titleHtml: string; snippetHtml: string; time: { iso: string; text: string } }>;
  readonly nextUrl: string | null;
  readonly searched: boolean;
  /** The hits have only some of the query's words. */
  readonly partial: boolean;
  /** Set when more articles matched than are ranked: says so, and how to reach older ones. */
  readonly truncatedNote: string | null;
}

export function SearchPage(props: { shell: Shell; model: SearchPageModel }): JSX.Element {
  const { shell, model } = props;
  const { t } = shell;
  return (
    <Layout shell={shell} head={{ title: `${model.query ? `${model.query} - ` : ''}${t.search}_${shell.siteName}`, noindex: true }}>
      <main id="main" class="page page--list">
        <h1 class="page__title" safe>
          {model.searched ? t.searchResultsFor(model.query) : t.searchLabel}
        </h1>
        <form method="get" action="/search/" class="search__form" role="search">
          <label>
            <span safe>{t.searchLabel}</span>
            <input type="search" name="q" value={model.query} maxlength="200" required />
          </label>
          <label>
            <span safe>{t.channels}</span>
            <ChannelSelect channels={model.channels} selected={model.channel} allLabel={t.allChannels} />
          </label>
          <label>
            <span safe>{t.searchFrom}</span>
            <input type="date" name="from" value={model.from} />
          </label>
          <label>
            <span safe>{t.searchTo}</span>
            <input type="date" name="to" value={model.to} />
          </label>
          <button type="submit" class="button" safe>
            {t.search}
          </button>
        </form>
        {model.searched && model.hits.length === 0 ? (
          <p class="empty" safe>
            {t.searchNone}
          </p>
        ) : (
          ''
        )}
        {model.partial && model.hits.length > 0 ? (
          <p class="search__partial" role="status" safe>
            {t.searchPartial}
          </p>
        ) : (
          ''
        )}
        {model.truncatedNote && model.hits.length > 0 ? (
          <p class="search__truncated" role="status" safe>
            {model.truncatedNote}
          </p>
        ) : (
          ''
        )}
        <ol class="feed__list search__hits">
          {model.hits.map((hit) => {
            const safeTitle = hit.titleHtml;
            const safeSnippet = hit.snippetHtml;
            return (
              <li class="feed__item">
                <h2 class="feed__title">
                  <a href={hit.url}>{safeTitle}</a>
                </h2>
                <p class="feed__summary">{safeSnippet}</p>
                <time class="feed__time" datetime={hit.time.iso} safe>
                  {hit.time.text}
                </time>
              </li>
            );
          })}
        </ol>
        {model.nextUrl ? (
          <a class="feed__more" href={model.nextUrl} rel="next" safe>
            {t.searchMore}
          </a>
        ) : (
          ''
        )}
      </main>
    </Layout>
  );
}
