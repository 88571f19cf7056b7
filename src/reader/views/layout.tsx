/**
 * The page shell every reader page shares: skip link, header with the channel nav, main,
 * footer. Pure: a view model in, an HTML string out.
 */
import { escapeHtml, type Children } from '@kitajs/html';
import type { Messages } from '../i18n/messages.ts';
import { FeedLinks, JsonLd, SocialTags, type FeedLink, type SocialMeta } from './head-meta.tsx';

export interface NavLink {
  readonly name: string;
  readonly url: string;
}

export interface Shell {
  readonly t: Messages;
  readonly siteName: string;
  readonly nav: readonly NavLink[];
  readonly assets: { readonly css: string; readonly js: string };
  /** This response's script nonce (platform/security-headers.ts). */
  readonly nonce: string;
  /** Set when the operator configured a WeChat official account: the share script uses it. */
  readonly weChatAppId?: string | null;
}

export interface PageHead {
  readonly title: string;
  readonly description?: string;
  readonly canonicalUrl?: string;
  /** The nav entry to mark as current, by URL. */
  readonly currentNav?: string;
  /** Keep the page out of search engines (previews). */
  readonly noindex?: boolean;
  /** This page's own feed, offered beside the site's. */
  readonly feed?: FeedLink;
  readonly social?: SocialMeta;
  /** Structured data (schema.org objects), each in its own script element. */
  readonly jsonLd?: readonly unknown[];
}

export function Layout(props: { shell: Shell; head: PageHead; children: Children }): JSX.Element {
  const { shell, head } = props;
  const { t } = shell;
  return (
    '<!doctype html>' +
    (
      <html lang={t.htmlLang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <title safe>{head.title}</title>
          {head.description ? <meta name="description" content={escapeHtml(head.description)} /> : ''}
          {head.canonicalUrl ? <link rel="canonical" href={head.canonicalUrl} /> : ''}
          {head.noindex ? <meta name="robots" content="noindex, nofollow" /> : ''}
          <meta name="format-detection" content="telephone=no" />
          <FeedLinks feeds={[{ title: shell.siteName, path: '/' }, ...(head.feed ? [head.feed] : [])]} />
          {head.social ? <SocialTags meta={head.social} /> : ''}
          {head.jsonLd ? <JsonLd data={head.jsonLd} /> : ''}
          {shell.weChatAppId ? <meta name="masthead:wechat-app-id" content={shell.weChatAppId} /> : ''}
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={shell.assets.css} />
          <script src={shell.assets.js} nonce={shell.nonce} defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main" safe>
            {t.skipToContent}
          </a>
          <header class="site-header">
            <div class="site-header__inner">
              <a class="site-name" href="/" safe>
                {shell.siteName}
              </a>
              <nav class="site-nav" aria-label={t.mainNav}>
                <ul>
                  {shell.nav.map((link) => (
                    <li>
                      <a href={link.url} aria-current={link.url === head.currentNav ? 'page' : undefined} safe>
                        {link.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <form class="site-search" method="get" action="/search/" role="search">
                <label for="site-search-q" class="visually-hidden" safe>
                  {t.searchLabel}
                </label>
                <input id="site-search-q" type="search" name="q" placeholder={t.search} maxlength="200" />
                <button type="submit" safe>
                  {t.search}
                </button>
              </form>
            </div>
          </header>
          {props.children}
          <footer class="site-footer">
            <p safe>{t.footer(shell.siteName)}</p>
          </footer>
        </body>
      </html>
    )
  );
}
