import type { AuditRow, Db } from '../../db/schema.ts';

export async function insertAudit(db: Db, row: Omit<AuditRow, 'id'>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export function listAudit(
  db: Db,
  opts: { beforeId?: number; limit: number; actorId?: number; action?: string },
): Promise<Array<AuditRow & { actor_name: string | null }>> {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .selectAll('audit_log')
    .select('users.display_name as actor_name');
  if (opts.beforeId) q = q.where('audit_log.id', '<', opts.beforeId);
  if (opts.actorId) q = q.where('audit_log.actor_id', '=', opts.actorId);
  if (opts.action) q = q.where('audit_log.action', '=', opts.action);
  return q.orderBy('audit_log.id', 'desc').limit(opts.limit).execute();
}
