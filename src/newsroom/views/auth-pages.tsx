/** Sign-in and first-run setup. */
import type { NewsroomMessages } from '../i18n/messages.ts';
import { FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export function LoginPage(props: { shell: NewsroomShell; token: string; email: string; next: string; errors: readonly string[]; notice?: string | null }): JSX.Element {
  const { t } = props.shell;
  return (
    <NewsroomLayout shell={props.shell} title={t.signIn}>
      <section class="nr-card nr-card--narrow">
        <h1 safe>{t.signInTitle}</h1>
        <Notice text={props.notice ?? null} />
        <FormErrors t={t} errors={props.errors} />
        <form method="post" action="/newsroom/login" class="nr-form">
          <input type="hidden" name="_csrf" value={props.token} />
          <input type="hidden" name="next" value={props.next} />
          <Field t={t} label={t.email} name="email" type="email" value={props.email} autocomplete="username" />
          <Field t={t} label={t.password} name="password" type="password" autocomplete="current-password" />
          <button type="submit" class="btn btn--primary" safe>
            {t.signIn}
          </button>
        </form>
        <p>
          <a href="/newsroom/forgot" safe>
            {t.forgotPassword}
          </a>
        </p>
      </section>
    </NewsroomLayout>
  );
}

/** The same page for every visitor: it asks for no address, so it reveals no account. */
export function ForgotPasswordPage(props: { shell: NewsroomShell }): JSX.Element {
  const { t } = props.shell;
  return (
    <NewsroomLayout shell={props.shell} title={t.forgotTitle}>
      <section class="nr-card nr-card--narrow">
        <h1 safe>{t.forgotTitle}</h1>
        <p safe>{t.forgotBody}</p>
        <p>
          <a href="/newsroom/login" safe>
            {t.backToSignIn}
          </a>
        </p>
      </section>
    </NewsroomLayout>
  );
}

export function ResetPasswordPage(props: { shell: NewsroomShell; action: string; errors: readonly string[] }): JSX.Element {
  const { t } = props.shell;
  return (
    <NewsroomLayout shell={props.shell} title={t.resetTitle}>
      <section class="nr-card nr-card--narrow">
        <h1 safe>{t.resetTitle}</h1>
        <FormErrors t={t} errors={props.errors} />
        <form method="post" action={props.action} class="nr-form">
          <input type="hidden" name="_csrf" value={props.shell.csrfToken} />
          <Field t={t} label={t.newPassword} name="password" type="password" autocomplete="new-password" hint={t.passwordHint} />
          <button type="submit" class="btn btn--primary" safe>
            {t.resetSubmit}
          </button>
        </form>
      </section>
    </NewsroomLayout>
  );
}

export function SetupPage(props: { shell: NewsroomShell; token: string; values: { email: string; displayName: string }; errors: readonly string[] }): JSX.Element {
  const { t } = props.shell;
  return (
    <NewsroomLayout shell={props.shell} title={t.setupTitle}>
      <section class="nr-card nr-card--narrow">
        <h1 safe>{t.setupTitle}</h1>
        <p safe>{t.setupIntro}</p>
        <FormErrors t={t} errors={props.errors} />
        <form method="post" action="/newsroom/setup" class="nr-form">
          <input type="hidden" name="_csrf" value={props.token} />
          <Field t={t} label={t.displayName} name="displayName" value={props.values.displayName} autocomplete="name" />
          <Field t={t} label={t.email} name="email" type="email" value={props.values.email} autocomplete="username" />
          <Field t={t} label={t.password} name="password" type="password" autocomplete="new-password" hint={t.passwordHint} />
          <button type="submit" class="btn btn--primary" safe>
            {t.setupSubmit}
          </button>
        </form>
      </section>
    </NewsroomLayout>
  );
}

/** A labelled input; the hint is tied to it for screen readers. */
export function Field(props: {
  t: NewsroomMessages;
  label: string;
  name: string;
  type?: string;
  value?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
}): JSX.Element {
  const id = `f-${props.name}`;
  return (
    <div class="nr-field">
      <label for={id} safe>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint ? (
        <small id={`${id}-hint`} safe>
          {props.hint}
        </small>
      ) : (
        ''
      )}
    </div>
  );
}
