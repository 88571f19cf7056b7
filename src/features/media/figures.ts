/**
 * Images in article bodies. The editor writes a figure naming the media item:
 *   <figure data-media-id="12"><img src=… alt=…><figcaption>说明<small class="credit">来源</small></figcaption></figure>
 * On save, each becomes a responsive <picture> (AVIF, WebP, fallback; srcset with every
 * width; width/height against layout shift; lazy loading) built from the media record,
 * so readers' pages need no work per view. Unknown media ids are dropped.
 */
import { escapeHtml } from '@kitajs/html';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { fallbackVariants, FORMAT_MIME, mediaUrl, type Media, type MediaVariant } from './media.ts';

/** Article column width on wide screens, full width below it. */
export const BODY_IMAGE_SIZES = '(min-width: 44rem) 42rem, 100vw';

const isFigure = (el: Element) => el.name === 'figure' && el.attribs['data-media-id'] !== undefined;

export function mediaIdsIn(html: string): number[] {
  const doc = parseDocument(html);
  const ids = DomUtils.findAll(isFigure, doc.children)
    .map((el) => Number(el.attribs['data-media-id']))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  return [...new Set(ids)];
}

function srcset(variants: readonly MediaVariant[]): string {
  return variants.map((v) => `${mediaUrl(v.key)} ${v.width}w`).join(', ');
}

/** The <picture> for a media item, with every format and width it has. */
export function pictureHtml(media: Media, alt: string, sizes = BODY_IMAGE_SIZES): string {
  const sources = (['avif', 'webp'] as const)
    .map((format) => media.variants.filter((v) => v.format === format).sort((a, b) => a.width - b.width))
    .filter((list) => list.length > 0)
    .map((list) => `<source type="${FORMAT_MIME[list[0]!.format]}" srcset="${escapeHtml(srcset(list))}" sizes="${sizes}">`)
    .join('');
  const fallback = fallbackVariants(media);
  const main = fallback.find((v) => v.width >= 960) ?? fallback.at(-1);
  if (!main) return '';
  return (
    `<picture>${sources}<img src="${escapeHtml(mediaUrl(main.key))}" srcset="${escapeHtml(srcset(fallback))}" sizes="${sizes}"` +
    ` width="${main.width}" height="${main.height}" alt="${escapeHtml(alt)}" loading="lazy" decoding="async"></picture>`
  );
}

function figureHtml(media: Media, alt: string, caption: string, credit: string): string {
  const captionHtml = caption || credit ? `<figcaption>${escapeHtml(caption)}${credit ? `<small class="credit">${escapeHtml(credit)}</small>` : ''}</figcaption>` : '';
  return `<figure data-media-id="${media.id}">${pictureHtml(media, alt)}${captionHtml}</figure>`;
}

export function hydrateFigures(html: string, media: ReadonlyMap<number, Media>): string {
  const doc = parseDocument(html);
  const figures = DomUtils.findAll(isFigure, doc.children);
  if (figures.length === 0) return html;
  for (const fig of figures) {
    const item = media.get(Number(fig.attribs['data-media-id']));
    if (!item) {
      DomUtils.removeElement(fig);
      continue;
    }
    const img = DomUtils.findOne((el) => el.name === 'img', fig.children);
    const captionEl = DomUtils.findOne((el) => el.name === 'figcaption', fig.children);
    const creditEl = captionEl ? DomUtils.findOne((el) => el.name === 'small', captionEl.children) : null;
    const credit = creditEl ? DomUtils.textContent(creditEl).trim() : item.credit;
    if (creditEl) DomUtils.removeElement(creditEl);
    const caption = captionEl ? DomUtils.textContent(captionEl).trim() : item.caption;
    const alt = img?.attribs.alt ?? item.alt;
    const replacement = parseDocument(figureHtml(item, alt, caption, credit)).children[0];
    if (replacement) DomUtils.replaceElement(fig, replacement);
  }
  return DomUtils.getOuterHTML(doc, { encodeEntities: 'utf8', decodeEntities: true });
}
