/** One's own account: the password change. */
import { escapeHtml } from '@kitajs/html';
import { Field } from './auth-pages.tsx';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export function AccountPage(props: { shell: NewsroomShell; errors: readonly string[]; notice: string | null }): JSX.Element {
  const { shell } = props;
  const { t, user } = shell;
  return (
    <NewsroomLayout shell={shell} title={t.accountTitle}>
      <h1 safe>{t.accountTitle}</h1>
      <p>{escapeHtml(user ? `${user.displayName} · ${user.email} · ${t.roles[user.role]}` : '')}</p>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.errors} />
      <form method="post" action="/newsroom/account/password" class="nr-card nr-card--narrow nr-form">
        <h2 safe>{t.changePassword}</h2>
        <CsrfField token={shell.csrfToken} />
        <Field t={t} label={t.currentPassword} name="current" type="password" autocomplete="current-password" />
        <Field t={t} label={t.newPassword} name="password" type="password" autocomplete="new-password" hint={t.passwordHint} />
        <button type="submit" class="btn btn--primary" safe>
          {t.changePassword}
        </button>
      </form>
    </NewsroomLayout>
  );
}
