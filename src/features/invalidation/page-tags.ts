/**
 * The names of what a public page shows, for the page cache: a page is stored with the tags
 * of everything it shows, and a change names the tags it alters. Kept coarse where every
 * page shows the thing anyway (the shell, the newest lists), exact where pages differ.
 */
export const PageTag = {
  /** The shell every page has: site name, channel navigation, the mood set. */
  site: 'site',
  /** Lists of newest, curated, focus and most-read articles; home, channel and article pages show them. */
  lists: 'lists',
  /** The special-reports block and index. */
  topics: 'topics',
  article: (id: number) => `a:${id}`,
  topic: (id: number) => `t:${id}`,
  media: (id: number) => `m:${id}`,
} as const;

/** Tags are plain tokens (letters, digits, colon): safe in a header and a space-separated list. */
export function isPageTag(tag: string): boolean {
  return /^[a-z]+(:\d+)?$/.test(tag);
}
