import type { Db, Role, UserRow } from '../../db/schema.ts';

export function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('role', 'desc').orderBy('display_name').execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Db,
  row: { email: string; displayName: string; passwordHash: string; role: Role; personId: number | null; now: string },
): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({
      email: row.email,
      display_name: row.displayName,
      password_hash: row.passwordHash,
      role: row.role,
      person_id: row.personId,
      disabled_at: null,
      password_changed_at: row.now,
      created_at: row.now,
      updated_at: row.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUser(
  db: Db,
  id: number,
  patch: Partial<Pick<UserRow, 'display_name' | 'password_hash' | 'role' | 'locale' | 'disabled_at' | 'password_changed_at'>> & { updated_at: string },
): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}
