/** Images in the media library, and the rules for what may be uploaded. */

export type VariantFormat = 'avif' | 'webp' | 'jpeg' | 'png' | 'gif';

export interface MediaVariant {
  readonly format: VariantFormat;
  readonly width: number;
  readonly height: number;
  readonly key: string;
  readonly bytes: number;
}

export interface Media {
  readonly id: number;
  readonly mime: string;
  readonly originalName: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly variants: readonly MediaVariant[];
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
  readonly uploadedBy: number | null;
  readonly createdAt: Date;
}

export const MEDIA_LIMITS = {
  maxBytes: 20 * 1024 * 1024,
  /** 40 megapixels: a 7,300 × 5,500 photo. Decoding more is a memory bomb. */
  maxPixels: 40_000_000,
  maxSide: 16_000,
} as const;

/** What we accept, by the file's bytes (never by its name). */
export const ACCEPTED_MIME: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/** Responsive widths generated for every image (never wider than the original). */
export const VARIANT_WIDTHS: readonly number[] = [320, 640, 960, 1280, 1920];

export const FORMAT_MIME: Readonly<Record<VariantFormat, string>> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
};

export function mediaUrl(key: string): string {
  return `/media/${key}`;
}

/** The fallback format's variants, narrowest first: what an <img> falls back to. */
export function fallbackVariants(media: Pick<Media, 'variants'>): MediaVariant[] {
  const fallback = media.variants.filter((v) => v.format !== 'avif' && v.format !== 'webp');
  return (fallback.length > 0 ? fallback : [...media.variants]).sort((a, b) => a.width - b.width);
}

/** A good single URL for the image (about 960 wide), for thumbnails and share cards. */
export function primaryUrl(media: Pick<Media, 'variants'>): string {
  const list = fallbackVariants(media);
  const pick = list.find((v) => v.width >= 960) ?? list.at(-1);
  return pick ? mediaUrl(pick.key) : '';
}
