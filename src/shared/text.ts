/** Small text helpers shared by importers, services and views. No I/O. */

/** Counts characters as readers see them (code points, not UTF-16 units), ignoring whitespace. */
export function countChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

/** Text content of trusted, already-sanitised HTML: tags dropped, the five entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/(p|h[1-6]|li|blockquote|figcaption)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Cuts text to at most `max` code points, ending with … when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The first sentence of Chinese or Western text, up to `max` characters: used to title a
 * brief that arrived with only a summary.
 */
export function firstSentence(text: string, max = 40): string {
  const trimmed = text.trim();
  const m = /^(.+?[。！？!?])/u.exec(trimmed);
  const sentence = (m?.[1] ?? trimmed).replace(/[。]$/u, '');
  return truncate(sentence, max);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
