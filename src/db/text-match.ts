/**
 * "Contains this text" for name filters, the same on both dialects: case-insensitive (for
 * the letters each database's lower() knows: ASCII on SQLite, all on PostgreSQL) and
 * literal, so % and _ typed into a filter are characters, not wildcards.
 */
import { sql, type RawBuilder } from 'kysely';

export function containsText(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Folded by the database on both sides: SQLite's lower() knows only ASCII, and a name
  // must always find itself.
  return sql<boolean>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'`;
}
