/**
 * What the managed lists (sources, people) share: how an entry's name is cleaned, and the
 * answer to a change. A refusal is an expected answer the page explains, not an error.
 */

/** Longest name an entry may be given by hand. */
export const ENTRY_NAME_MAX = 60;

/** Invisible marks, as the editor drops them from names (articles.service cleanLine). */
const INVISIBLE = /[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]/g;

/**
 * A name as the editor stores what is typed, so a renamed entry is the one a later article
 * naming it finds; null when nothing, or too much, is left.
 */
export function cleanEntryName(name: string): string | null {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(INVISIBLE, '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  return clean && [...clean].length <= ENTRY_NAME_MAX ? clean : null;
}

export type ListRefusal =
  | { readonly reason: 'not_found' }
  | { readonly reason: 'bad_name' }
  | { readonly reason: 'name_taken'; readonly name: string }
  | { readonly reason: 'same_entry' }
  | { readonly reason: 'in_use'; readonly articles: number }
  | { readonly reason: 'has_account' };

/** Done (with what the audit log should say), or refused with the reason. */
export type ListChange = { readonly ok: true; readonly detail: Record<string, unknown> } | { readonly ok: false; readonly refusal: ListRefusal };

export const refused = (refusal: ListRefusal): ListChange => ({ ok: false, refusal });

/** A page of a managed list: the entries matching a filter, in name order. */
export interface ListPage<Row> {
  readonly rows: readonly Row[];
  readonly total: number;
}
