/**
 * "Contains this text" for name filters, the same on both dialects: case-insensitive (for
 * the letters each database's lower() knows) and literal, so % and _ typed into a filter
 * are characters, not wildcards.
 */
import { sql, type RawBuilder } from 'kysely';

export function containsText(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
