/**
 * Article bodies are stored only after passing an allowlist sanitiser (sanitize-html, a
 * maintained parser-based library; never regexes). Whatever reaches the database is safe to
 * render as-is on reader pages.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'strong', 'em', 'b', 'i', 'a', 'blockquote', 'ul', 'ol', 'li', 'br', 'figure', 'figcaption', 'img', 'small'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    // Names a media-library item; the figure is rebuilt from the library on save.
    figure: ['data-media-id'],
    small: ['class'],
  },
  allowedClasses: { small: ['credit'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // Empty paragraphs (the editor's trailing one, Word's spacers) are not content.
  exclusiveFilter: (frame) => frame.tag === 'p' && frame.text.trim() === '' && frame.mediaChildren.length === 0,
  // Links in articles leave the site: never hand them our window or referrer.
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
  },
};

export function sanitizeBody(html: string): string {
  // One pass can leave a block inside a <p> where a dropped tag stood between them
  // (<p><span><p>x</p></span></p> gives <p><p>x</p></p>), which the next parse, a browser's
  // or our own on the next save, splits apart. A second pass settles it, so a stored body
  // sanitises to itself and re-saving never changes it.
  return sanitizeHtml(sanitizeHtml(html, OPTIONS), OPTIONS).trim();
}

/** The body's text, block by block (entities decoded), for counts and summaries. */
export function bodyBlocksText(html: string): string[] {
  const doc = parseDocument(html);
  return DomUtils.getChildren(doc)
    .map((node) => DomUtils.textContent(node).trim())
    .filter((t) => t.length > 0);
}
