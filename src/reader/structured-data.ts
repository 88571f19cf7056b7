/**
 * schema.org objects for JSON-LD: the article as a NewsArticle (reporters as authors, the
 * editor in charge as editor, the site as publisher), its breadcrumb trail, and the site
 * itself with its search. Pure.
 */
import type { ArticleDetail } from '../features/articles/article.ts';

interface Site {
  readonly name: string;
  readonly publicUrl: string;
  readonly locale: string;
}

/** Google shows at most 110 characters of a headline. */
const HEADLINE_MAX = 110;

export function newsArticleLd(
  site: Site,
  article: ArticleDetail,
  extra: { url: string; image: string | null; section: string | null; keywords: readonly string[] },
): Record<string, unknown> {
  const person = (name: string) => ({ '@type': 'Person', name });
  const authors = article.reporters.length > 0 ? article.reporters.map((r) => person(r.name)) : article.byline ? [person(article.byline)] : [];
  const publisher = { '@type': 'Organization', name: site.name, url: `${site.publicUrl}/` };
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: [...article.title].slice(0, HEADLINE_MAX).join(''),
    description: article.summary,
    url: extra.url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': extra.url },
    datePublished: article.publishedAt.toISOString(),
    dateModified: (article.revisedAt ?? article.publishedAt).toISOString(),
    inLanguage: site.locale,
    ...(extra.image ? { image: [extra.image] } : {}),
    author: authors.length > 0 ? authors : publisher,
    ...(article.editorInCharge ? { editor: person(article.editorInCharge.name) } : {}),
    publisher,
    ...(extra.section ? { articleSection: extra.section } : {}),
    ...(extra.keywords.length > 0 ? { keywords: extra.keywords.join(',') } : {}),
    ...(article.source ? { sourceOrganization: { '@type': 'Organization', name: article.source } } : {}),
    isAccessibleForFree: true,
  };
}

export function breadcrumbLd(trail: ReadonlyArray<{ name: string; url: string }>): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((step, i) => ({ '@type': 'ListItem', position: i + 1, name: step.name, item: step.url })),
  };
}

/** The home page's WebSite object: lets search engines offer the site's own search. */
export function webSiteLd(site: Site): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: site.name,
    url: `${site.publicUrl}/`,
    inLanguage: site.locale,
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${site.publicUrl}/search/?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}

/** The picture a share card shows: the cover, else the body's first image; absolute. */
export function shareImage(article: ArticleDetail, publicUrl: string): string | null {
  const src = article.coverImageUrl ?? /<img\b[^>]*\bsrc="([^"]+)"/.exec(article.bodyHtml)?.[1] ?? null;
  if (!src) return null;
  return src.startsWith('/') && !src.startsWith('//') ? `${publicUrl}${src}` : src;
}
