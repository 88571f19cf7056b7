/**
 * QR codes for the desktop share panel, drawn as inline SVG by the qrcode library.
 * An article's URL never changes, so each code is made once and kept (bounded).
 */
import QRCode from 'qrcode';

const MAX_ENTRIES = 2000;
const cache = new Map<string, string>();

export async function qrSvg(url: string): Promise<string> {
  const hit = cache.get(url);
  if (hit !== undefined) return hit;
  const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  // The figure's caption says what the code is for; the drawing itself is decoration to a screen reader.
  const labelled = svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(url, labelled);
  return labelled;
}
