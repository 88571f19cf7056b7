/**
 * A dialect's schema as plain data: tables, columns (type, nullability, default) and
 * indexes. Reading indexes needs each dialect's catalog; that is all the dialect code here.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { TestDialect } from './databases.ts';

export interface ColumnShape {
  readonly type: string;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
}

export interface SchemaSnapshot {
  readonly tables: Record<string, { columns: Record<string, ColumnShape>; indexes: string[] }>;
}

const INTERNAL = /^(kysely_|sqlite_)/;

async function indexesOf(db: Kysely<DB>, dialect: TestDialect, table: string): Promise<string[]> {
  if (dialect === 'sqlite') {
    const rows = await sql<{ name: string }>`select name from pragma_index_list(${table})`.execute(db);
    return rows.rows.map((r) => r.name).filter((n) => !n.startsWith('sqlite_autoindex'));
  }
  const rows = await sql<{ indexname: string }>`select indexname from pg_indexes where schemaname = 'public' and tablename = ${table}`.execute(db);
  return rows.rows.map((r) => r.indexname).filter((n) => !n.endsWith('_pkey') && !n.endsWith('_key') && !n.endsWith('_pk'));
}

export async function snapshotSchema(db: Kysely<DB>, dialect: TestDialect): Promise<SchemaSnapshot> {
  const tables: SchemaSnapshot['tables'] = {};
  for (const t of (await db.introspection.getTables()).filter((t) => !INTERNAL.test(t.name)).sort((a, b) => a.name.localeCompare(b.name))) {
    const columns: Record<string, ColumnShape> = {};
    for (const c of t.columns) columns[c.name] = { type: c.dataType.toLowerCase(), nullable: c.isNullable, hasDefault: c.hasDefaultValue || c.isAutoIncrementing };
    tables[t.name] = { columns, indexes: (await indexesOf(db, dialect, t.name)).sort() };
  }
  return { tables };
}

/** Each dialect's spelling of one logical type. */
const LOGICAL: Record<string, string> = {
  integer: 'integer',
  int4: 'integer',
  int8: 'integer',
  bigint: 'integer',
  text: 'text',
  timestamptz: 'time',
};

/** The dialect-neutral view of a snapshot, for the parity check. */
export function logicalSchema(s: SchemaSnapshot, dialect: TestDialect): unknown {
  const out: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(s.tables)) {
    const columns: Record<string, unknown> = {};
    for (const [c, shape] of Object.entries(t.columns)) {
      // SQLite stores timestamps as text; its column names say which they are.
      const isTime = /_at$/.test(c);
      const type = dialect === 'sqlite' && isTime && shape.type === 'text' ? 'time' : (LOGICAL[shape.type] ?? shape.type);
      columns[c] = { type, nullable: shape.nullable, hasDefault: shape.hasDefault };
    }
    out[name] = { columns, indexes: t.indexes };
  }
  return out;
}
