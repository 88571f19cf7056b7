/**
 * The home page and channel pages: a heading, the sub-channels, published articles
 * newest first, and a link to the next page (a keyset cursor, so page N costs as page 1).
 */
import { ArticleList, type ArticleListEntry } from './article-list.tsx';
import { Breadcrumb } from './breadcrumb.tsx';
import { Layout, type NavLink, type PageHead, type Shell } from './layout.tsx';

export interface ListPageModel {
  readonly head: PageHead;
  readonly heading: string;
  /** Visually hidden heading (the home page's name is already in the header). */
  readonly headingHidden: boolean;
  readonly trail: readonly NavLink[] | null;
  readonly children: readonly NavLink[];
  readonly listHeading: string;
  readonly items: readonly ArticleListEntry[];
  readonly nextUrl: string | null;
  readonly firstUrl: string | null;
}

export function ListPage(props: { shell: Shell; page: ListPageModel }): JSX.Element {
  const { shell, page } = props;
  const { t } = shell;
  return (
    <Layout shell={shell} head={page.head}>
      <main id="main" class="page page--list">
        {page.trail ? <Breadcrumb t={t} trail={page.trail} /> : ''}
        <h1 class={page.headingHidden ? 'visually-hidden' : 'page__title'} safe>
          {page.heading}
        </h1>
        {page.children.length > 0 ? (
          <nav class="subchannels" aria-label={t.subChannels}>
            <ul>
              {page.children.map((c) => (
                <li>
                  <a href={c.url} safe>
                    {c.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          ''
        )}
        <section class="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading" class="section-title" safe>
            {page.listHeading}
          </h2>
          {page.items.length > 0 ? <ArticleList items={page.items} headingLevel={3} /> : <p class="empty" safe>{t.noArticles}</p>}
          {page.nextUrl || page.firstUrl ? (
            <nav class="pager" aria-label={page.listHeading}>
              {page.firstUrl ? <a href={page.firstUrl} safe>{t.firstPage}</a> : ''}
              {page.nextUrl ? (
                <a href={page.nextUrl} rel="next" safe>
                  {t.nextPage}
                </a>
              ) : (
                ''
              )}
            </nav>
          ) : (
            ''
          )}
        </section>
      </main>
    </Layout>
  );
}
