/**
 * Turning domain objects into view models: URLs, display times, the shared shell. Kept
 * apart from routes so views stay pure and these rules are tested on their own.
 */
import { articlePath } from '../features/articles/article-path.ts';
import type { ArticleDetail, ArticleListItem } from '../features/articles/article.ts';
import { channelUrl, type Channel } from '../features/channels/channel.ts';
import { formatDateTime } from '../shared/time.ts';
import type { AssetBundle } from '../platform/assets.ts';
import type { ReaderDeps } from './deps.ts';
import { messagesFor, type Messages } from './i18n/messages.ts';
import type { ArticleListEntry } from './views/article-list.tsx';
import type { NavLink, Shell } from './views/layout.tsx';

/** Articles longer than this many characters fold on small screens (about two phone screens). */
export const FOLD_MIN_CHARS = 600;

export function displayTime(date: Date, timeZone: string): { iso: string; text: string } {
  return { iso: date.toISOString(), text: formatDateTime(date, timeZone) };
}

export function channelLink(t: Messages, channel: Channel): NavLink {
  return { name: channel.path === '' ? t.home : channel.name, url: channelUrl(channel) };
}

export function listEntry(item: ArticleListItem, timeZone: string): ArticleListEntry {
  return {
    url: articlePath(item.id, item.publishedAt, timeZone),
    title: item.title,
    summary: item.summary,
    time: displayTime(item.publishedAt, timeZone),
  };
}

/** The credit line: as printed when the article has one, else built from its reporters. */
export function creditLine(t: Messages, article: ArticleDetail): string | null {
  if (article.byline) return article.byline;
  if (article.reporters.length === 0) return null;
  return t.reportersCredit(article.reporters.map((r) => r.name).join(' '));
}

/** The page shell: site name, the top-level channels as nav, the asset URLs, the response's script nonce. */
export async function loadShell(deps: ReaderDeps, assets: AssetBundle, nonce: string): Promise<Shell> {
  const t = messagesFor(deps.site.locale);
  const root = await deps.getChannelByPath('');
  const top = root ? await deps.childChannels(root) : [];
  return {
    t,
    siteName: deps.site.name,
    nav: [{ name: t.home, url: '/' }, ...top.map((c) => channelLink(t, c))],
    assets: { css: assets.urls.readerCss, js: assets.urls.readerJs },
    nonce,
    weChatAppId: deps.site.weChatAppId,
  };
}
