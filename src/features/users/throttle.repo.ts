import type { Db } from '../../db/schema.ts';

export function findThrottle(db: Db, key: string) {
  return db.selectFrom('auth_throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

/**
 * Counts one failure in a single statement, so parallel failures are all counted: a window
 * older than `windowStartedBefore` starts again at 1, and reaching `maxFailures` locks the key
 * until `lockUntil`. An existing lock is never shortened.
 */
export async function addFailure(
  db: Db,
  input: { key: string; now: string; windowStartedBefore: string; maxFailures: number; lockUntil: string },
): Promise<number> {
  const { key, now, windowStartedBefore, maxFailures, lockUntil } = input;
  const row = await db
    .insertInto('auth_throttle')
    .values({ key, failures: 1, window_started_at: now, locked_until: maxFailures <= 1 ? lockUntil : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const stale = eb('auth_throttle.window_started_at', '<', windowStartedBefore);
        const next = eb('auth_throttle.failures', '+', 1);
        return {
          failures: eb.case().when(stale).then(1).else(next).end(),
          window_started_at: eb.case().when(stale).then(eb.ref('excluded.window_started_at')).else(eb.ref('auth_throttle.window_started_at')).end(),
          // The column in the last branch gives PostgreSQL the type of the two parameters.
          locked_until: eb
            .case()
            .when(stale)
            .then(eb.ref('excluded.locked_until'))
            .when(next, '>=', maxFailures)
            .then(lockUntil)
            .else(eb.ref('auth_throttle.locked_until'))
            .end(),
        };
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

/** Takes one counted failure back (a guess that proved right), and the lock it alone caused. */
export async function forgiveFailure(db: Db, key: string, maxFailures: number): Promise<void> {
  await db
    .updateTable('auth_throttle')
    .set((eb) => ({
      failures: eb('failures', '-', 1),
      locked_until: eb.case().when('failures', '<=', maxFailures).then(null).else(eb.ref('locked_until')).end(),
    }))
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}
