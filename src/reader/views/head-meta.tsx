/**
 * What the page tells machines: feed links, Open Graph and Twitter card tags (WeChat,
 * QQ and Weibo read og: and itemprop tags for their share cards), and JSON-LD. Pure.
 */
import { escapeHtml } from '@kitajs/html';
export interface FeedLink {
  readonly title: string;
  /** Root-relative folder the feed files sit in, ending in "/". */
  readonly path: string;
}

export interface SocialMeta {
  readonly type: 'article' | 'website';
  readonly siteName: string;
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly image: string | null;
  readonly locale: string;
  readonly publishedTime?: string;
  readonly modifiedTime?: string;
  readonly section?: string;
  readonly tags?: readonly string[];
}

/**
 * JSON inside <script> must not be able to close the element or open a comment: escape
 * "<", ">" and "&" (and the JS line separators) as \u escapes, which JSON reads back the same.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function FeedLinks(props: { feeds: readonly FeedLink[] }): JSX.Element {
  return props.feeds
    .map((f) => (
      <>
        <link rel="alternate" type="application/rss+xml" title={f.title} href={`${f.path}feed.xml`} />
        <link rel="alternate" type="application/atom+xml" title={f.title} href={`${f.path}atom.xml`} />
      </>
    ))
    .join('');
}

export function SocialTags(props: { meta: SocialMeta }): JSX.Element {
  // Kita escapes only quotes in attributes; escape fully so "&amp;" in a title stays as typed.
  const m = { ...props.meta, siteName: escapeHtml(props.meta.siteName), title: escapeHtml(props.meta.title), description: escapeHtml(props.meta.description) };
  const tags = (props.meta.tags ?? []).map((tag) => escapeHtml(tag));
  const ogLocale = m.locale.replace('-', '_');
  return (
    <>
      <meta property="og:type" content={m.type} />
      <meta property="og:site_name" content={m.siteName} />
      <meta property="og:title" content={m.title} />
      <meta property="og:description" content={m.description} />
      <meta property="og:url" content={m.url} />
      <meta property="og:locale" content={ogLocale} />
      {m.image ? <meta property="og:image" content={m.image} /> : ''}
      {m.publishedTime ? <meta property="article:published_time" content={m.publishedTime} /> : ''}
      {m.modifiedTime ? <meta property="article:modified_time" content={m.modifiedTime} /> : ''}
      {m.section ? <meta property="article:section" content={escapeHtml(m.section)} /> : ''}
      {tags.map((tag) => (
        <meta property="article:tag" content={tag} />
      ))}
      <meta name="twitter:card" content={m.image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={m.title} />
      <meta name="twitter:description" content={m.description} />
      {m.image ? <meta name="twitter:image" content={m.image} /> : ''}
      <meta itemprop="name" content={m.title} />
      <meta itemprop="description" content={m.description} />
      {m.image ? <meta itemprop="image" content={m.image} /> : ''}
    </>
  );
}

export function JsonLd(props: { data: readonly unknown[] }): JSX.Element {
  return props.data.map((d) => `<script type="application/ld+json">${jsonForScript(d)}</script>`).join('');
}
