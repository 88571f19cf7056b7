/**
 * Sitemaps by the sitemaps.org protocol and Google's news extension. Pure: models in, XML
 * out. Limits from the protocol: 50,000 URLs per file; news sitemaps 1,000 URLs from the
 * last two days.
 */
export const SITEMAP_MAX_URLS = 50_000;
export const NEWS_MAX_URLS = 1_000;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** W3C datetime without fractions: what every consumer of sitemaps parses. */
function w3c(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function sitemapIndex(entries: ReadonlyArray<{ url: string; lastModified: Date | null }>): string {
  const body = entries
    .map((e) => `<sitemap><loc>${xmlEscape(e.url)}</loc>${e.lastModified ? `<lastmod>${w3c(e.lastModified)}</lastmod>` : ''}</sitemap>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n${body}\n</sitemapindex>\n`;
}

export function urlSet(entries: ReadonlyArray<{ url: string; lastModified: Date | null; changeFrequency?: 'hourly' | 'daily' | 'weekly' | 'monthly' }>): string {
  const body = entries
    .map(
      (e) =>
        `<url><loc>${xmlEscape(e.url)}</loc>${e.lastModified ? `<lastmod>${w3c(e.lastModified)}</lastmod>` : ''}${e.changeFrequency ? `<changefreq>${e.changeFrequency}</changefreq>` : ''}</url>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}">\n${body}\n</urlset>\n`;
}

export function newsSitemap(
  publication: { name: string; language: string },
  entries: ReadonlyArray<{ url: string; title: string; publishedAt: Date }>,
): string {
  const pub = `<news:publication><news:name>${xmlEscape(publication.name)}</news:name><news:language>${xmlEscape(publication.language)}</news:language></news:publication>`;
  const body = entries
    .map(
      (e) =>
        `<url><loc>${xmlEscape(e.url)}</loc><news:news>${pub}<news:publication_date>${w3c(e.publishedAt)}</news:publication_date><news:title>${xmlEscape(e.title)}</news:title></news:news></url>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${body}\n</urlset>\n`;
}

/** The language code Google News expects: ISO 639, with zh-cn / zh-tw for Chinese. */
export function newsLanguage(locale: string): string {
  return locale.toLowerCase() === 'zh-cn' ? 'zh-cn' : locale.split('-')[0]!.toLowerCase();
}
