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

/** Kysely's and SQLite's own tables, and SQLite's FTS5 index (PostgreSQL's is the tsv column): not compared. */
const INTERNAL = /^(kysely_|sqlite_|search_fts)/;

/**
 * Created indexes by name, and unique constraints as `unique(a,b)` (their index names
 * differ by dialect), so the two dialects compare like for like.
 */
async function indexesOf(db: Kysely<DB>, dialect: TestDialect, table: string): Promise<string[]> {
  if (dialect === 'sqlite') {
    const list = await sql<{ name: string; origin: string }>`select name, origin from pragma_index_list(${table})`.execute(db);
    const out: string[] = [];
    for (const { name, origin } of list.rows) {
      if (origin === 'c') out.push(name);
      if (origin === 'u') {
        const cols = await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(db);
        out.push(`unique(${cols.rows.map((c) => c.name).join(',')})`);
      }
    }
    return out;
  }
  const created = await sql<{ indexname: string }>`
    select indexname from pg_indexes i
    where schemaname = 'public' and tablename = ${table}
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
  const unique = await sql<{ cols: string }>`
    select string_agg(a.attname, ',' order by k.ord) as cols
    from pg_constraint c
    cross join lateral unnest(c.conkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
    where c.contype = 'u' and c.conrelid = ${table}::regclass
    group by c.oid`.execute(db);
  return [...created.rows.map((r) => r.indexname), ...unique.rows.map((r) => `unique(${r.cols})`)];
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
  real: 'float',
  float8: 'float',
};

/** The dialect-neutral view of a snapshot, for the parity check. */
export function logicalSchema(s: SchemaSnapshot, dialect: TestDialect): unknown {
  const out: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(s.tables)) {
    const columns: Record<string, unknown> = {};
    for (const [c, shape] of Object.entries(t.columns)) {
      // PostgreSQL's full-text column: the counterpart of SQLite's FTS5 table, by design.
      if (dialect === 'postgres' && name === 'search_docs' && c === 'tsv') continue;
      // SQLite stores timestamps as text; its column names say which they are.
      const isTime = /_(at|until)$/.test(c);
      const type = dialect === 'sqlite' && isTime && shape.type === 'text' ? 'time' : (LOGICAL[shape.type] ?? shape.type);
      columns[c] = { type, nullable: shape.nullable, hasDefault: shape.hasDefault };
    }
    out[name] = { columns, indexes: t.indexes.filter((i) => i !== 'search_docs_tsv') };
  }
  return out;
}
