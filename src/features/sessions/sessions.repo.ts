import type { Db, SessionRow, UserRow } from '../../db/schema.ts';

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export function findSessionWithUser(db: Db, id: string): Promise<(SessionRow & { user: UserRow }) | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select([
      'users.email',
      'users.display_name',
      'users.password_hash',
      'users.role',
      'users.locale',
      'users.person_id',
      'users.disabled_at',
      'users.password_changed_at',
      'users.created_at as user_created_at',
      'users.updated_at as user_updated_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst()
    .then((r) =>
      r
        ? {
            id: r.id,
            user_id: r.user_id,
            csrf_token: r.csrf_token,
            ip: r.ip,
            user_agent: r.user_agent,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
            user: {
              id: r.user_id,
              email: r.email,
              display_name: r.display_name,
              password_hash: r.password_hash,
              role: r.role,
              locale: r.locale,
              person_id: r.person_id,
              disabled_at: r.disabled_at,
              password_changed_at: r.password_changed_at,
              created_at: r.user_created_at,
              updated_at: r.user_updated_at,
            },
          }
        : undefined,
    );
}

export async function touchSession(db: Db, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}
