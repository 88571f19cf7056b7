/**
 * The newsroom's page shell: a skip link, the sidebar (only what the user's role may
 * use), and the main area. Pure.
 */
import type { Children } from '@kitajs/html';
import { can, type Action } from '../../features/users/capabilities.ts';
import type { User } from '../../features/users/user.ts';
import type { NewsroomMessages } from '../i18n/messages.ts';

export interface NewsroomShell {
  readonly t: NewsroomMessages;
  readonly siteName: string;
  readonly user: User | null;
  readonly csrfToken: string;
  readonly assets: { readonly css: string; readonly js: string };
  /** This response's script nonce (platform/security-headers.ts). */
  readonly nonce: string;
  /** Extra scripts for this page (the editor). */
  readonly scripts?: readonly string[];
}

type NavKey = 'dashboard' | 'articles' | 'media' | 'slots' | 'channels' | 'topics' | 'lists' | 'review' | 'moods' | 'users' | 'apiKeys' | 'audit';

const NAV: ReadonlyArray<{ key: NavKey; href: string; label: (t: NewsroomMessages) => string; needs?: Action }> = [
  { key: 'dashboard', href: '/newsroom', label: (t) => t.navDashboard },
  { key: 'articles', href: '/newsroom/articles', label: (t) => t.navArticles },
  { key: 'media', href: '/newsroom/media', label: (t) => t.navMedia, needs: 'media.upload' },
  { key: 'slots', href: '/newsroom/slots', label: (t) => t.navSlots, needs: 'placement.manage' },
  { key: 'channels', href: '/newsroom/channels', label: (t) => t.navChannels, needs: 'channel.manage' },
  { key: 'topics', href: '/newsroom/topics', label: (t) => t.navTopics, needs: 'topic.manage' },
  { key: 'lists', href: '/newsroom/sources', label: (t) => t.navLists, needs: 'lists.manage' },
  { key: 'review', href: '/newsroom/review-stages', label: (t) => t.navReview, needs: 'review.configure' },
  { key: 'moods', href: '/newsroom/moods', label: (t) => t.navMoods, needs: 'moods.configure' },
  { key: 'users', href: '/newsroom/users', label: (t) => t.navUsers, needs: 'user.manage' },
  { key: 'apiKeys', href: '/newsroom/api-keys', label: (t) => t.navApiKeys, needs: 'api_keys.manage' },
  { key: 'audit', href: '/newsroom/audit', label: (t) => t.navAudit, needs: 'audit.view' },
];

function LanguageSwitch(props: { shell: NewsroomShell }): JSX.Element {
  const { t } = props.shell;
  const other = t.htmlLang === 'en' ? 'zh-CN' : 'en';
  return (
    <form method="post" action="/newsroom/locale" class="inline">
      <CsrfField token={props.shell.csrfToken} />
      <input type="hidden" name="locale" value={other} />
      <button type="submit" class="link" lang={other} safe>
        {t.language}
      </button>
    </form>
  );
}

export function CsrfField(props: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function NewsroomLayout(props: { shell: NewsroomShell; title: string; current?: NavKey; children: Children }): JSX.Element {
  const { shell, title } = props;
  const { t, user } = shell;
  return (
    '<!doctype html>' +
    (
      <html lang={t.htmlLang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title safe>{`${title} · ${t.newsroom} · ${shell.siteName}`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={shell.assets.css} />
          <script src={shell.assets.js} nonce={shell.nonce} defer></script>
          {(shell.scripts ?? []).map((src) => (
            <script src={src} nonce={shell.nonce} defer></script>
          ))}
        </head>
        <body class={user ? 'nr' : 'nr nr--bare'}>
          <a class="skip-link" href="#main" safe>
            {t.skipToContent}
          </a>
          {user ? (
            <header class="nr-header">
              <a class="nr-brand" href="/newsroom" safe>
                {`${shell.siteName} ${t.newsroom}`}
              </a>
              <nav class="nr-nav" aria-label={t.nav}>
                <ul>
                  {NAV.filter((n) => !n.needs || can(user.role, n.needs)).map((n) => (
                    <li>
                      <a href={n.href} aria-current={n.key === props.current ? 'page' : undefined} safe>
                        {n.label(t)}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <div class="nr-user">
                <a href="/newsroom/account" safe>
                  {t.signedInAs(`${user.displayName}（${t.roles[user.role]}）`)}
                </a>
                <a href="/" safe>
                  {t.viewSite}
                </a>
                <LanguageSwitch shell={shell} />
                <form method="post" action="/newsroom/logout" class="inline">
                  <CsrfField token={shell.csrfToken} />
                  <button type="submit" class="link" safe>
                    {t.signOut}
                  </button>
                </form>
              </div>
            </header>
          ) : (
            <header class="nr-header nr-header--bare">
              <span class="nr-brand" safe>
                {`${shell.siteName} ${t.newsroom}`}
              </span>
              {shell.csrfToken ? <LanguageSwitch shell={shell} /> : ''}
            </header>
          )}
          <main id="main" class="nr-main">
            {props.children}
          </main>
        </body>
      </html>
    )
  );
}

/** A list of problems at the top of a form, announced to screen readers. */
export function FormErrors(props: { t: NewsroomMessages; errors: readonly string[] }): JSX.Element {
  if (props.errors.length === 0) return '';
  return (
    <div class="nr-alert nr-alert--error" role="alert">
      <p safe>{props.t.fieldErrors}</p>
      <ul>
        {props.errors.map((e) => (
          <li safe>{e}</li>
        ))}
      </ul>
    </div>
  );
}

export function Notice(props: { text: string | null }): JSX.Element {
  if (!props.text) return '';
  return (
    <p class="nr-alert nr-alert--ok" role="status" safe>
      {props.text}
    </p>
  );
}
