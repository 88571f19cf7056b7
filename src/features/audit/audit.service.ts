/**
 * The audit log: who did what, when, to what. Written in the same transaction as the
 * change it records, so the log never claims a change that did not happen (or misses one).
 */
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { insertAudit, listAudit } from './audit.repo.ts';

export interface AuditEntry {
  readonly actorId: number | null;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId?: string | number | null;
  readonly detail?: Record<string, unknown>;
  readonly ip?: string | null;
}

export interface AuditRecord {
  readonly id: number;
  readonly actorName: string | null;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string | null;
  readonly detail: Record<string, unknown>;
  readonly ip: string | null;
  readonly at: Date;
}

export async function audit(db: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  await insertAudit(db, {
    actor_id: entry.actorId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId === undefined || entry.subjectId === null ? null : String(entry.subjectId),
    detail: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip ?? null,
    created_at: clock.now().toISOString(),
  });
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function auditPage(
  db: Db,
  opts: { beforeId?: number; limit: number; actorId?: number; action?: string },
): Promise<{ items: AuditRecord[]; nextBeforeId: number | null }> {
  const rows = await listAudit(db, { ...opts, limit: opts.limit + 1 });
  const items = rows.slice(0, opts.limit).map((r) => ({
    id: r.id,
    actorName: r.actor_name,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: parseDetail(r.detail),
    ip: r.ip,
    at: new Date(r.created_at),
  }));
  return { items, nextBeforeId: rows.length > opts.limit ? (items.at(-1)?.id ?? null) : null };
}
