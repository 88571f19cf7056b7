/** The audit log (admins): who did what, when, to what, from where. */
import { escapeHtml } from '@kitajs/html';
import type { AuditRecord } from '../../features/audit/audit.service.ts';
import { NewsroomLayout, type NewsroomShell } from './layout.tsx';

/** A person, or the scheduler for a scheduled change (naming who set it up); '—' when nobody was signed in. */
function actorOf(e: AuditRecord, scheduler: (scheduledBy: string) => string): string {
  if (e.actorName !== null) return e.actorName;
  return e.detail.viaSchedule === true ? scheduler(String(e.detail.scheduledByName ?? e.detail.scheduledBy ?? '')) : '—';
}

export function AuditPage(props: { shell: NewsroomShell; items: readonly AuditRecord[]; nextUrl: string | null; formatTime: (d: Date) => string }): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  return (
    <NewsroomLayout shell={shell} title={t.auditTitle} current="audit">
      <h1 safe>{t.auditTitle}</h1>
      <table>
        <thead>
          <tr>
            {[t.auditAt, t.auditActor, t.auditAction, t.auditSubject, t.auditIp, t.auditDetail].map((h) => (
              <th scope="col" safe>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.items.map((e) => (
            <tr>
              <td safe>{props.formatTime(e.at)}</td>
              <td safe>{actorOf(e, t.auditScheduler)}</td>
              <td safe>{e.action}</td>
              <td safe>{e.subjectId ? `${e.subjectType} #${e.subjectId}` : e.subjectType}</td>
              <td safe>{e.ip ?? ''}</td>
              <td>
                <code>{escapeHtml(Object.keys(e.detail).length ? JSON.stringify(e.detail) : '')}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.nextUrl ? (
        <p>
          <a href={props.nextUrl} rel="next" safe>
            {t.nextPage}
          </a>
        </p>
      ) : (
        ''
      )}
    </NewsroomLayout>
  );
}
