/** Users and roles (admins), with the capability matrix they grant. */
import { ACTIONS, MATRIX, type Action } from '../../features/users/capabilities.ts';
import { ROLES } from '../../features/users/roles.ts';
import type { User } from '../../features/users/user.ts';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export function UsersPage(props: {
  shell: NewsroomShell;
  users: readonly User[];
  errors: readonly string[];
  notice: string | null;
  /** A reset link just issued: shown on this answer only. */
  resetLink?: { readonly name: string; readonly url: string };
}): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  const csrf = shell.csrfToken;
  const en = t.htmlLang === 'en';
  return (
    <NewsroomLayout shell={shell} title={t.usersTitle} current="users">
      <h1 safe>{t.usersTitle}</h1>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.errors} />
      {props.resetLink ? (
        <div class="nr-card" role="status">
          <p safe>{t.resetLinkIssued(props.resetLink.name)}</p>
          <p>
            <code class="api-key" data-reset-link safe>
              {props.resetLink.url}
            </code>
          </p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action="/newsroom/users" class="nr-card inline-form">
        <CsrfField token={csrf} />
        <div class="nr-field">
          <label for="u-name" safe>
            {t.displayName}
          </label>
          <input id="u-name" name="displayName" required />
        </div>
        <div class="nr-field">
          <label for="u-email" safe>
            {t.email}
          </label>
          <input id="u-email" name="email" type="email" required />
        </div>
        <div class="nr-field">
          <label for="u-role" safe>
            {t.role}
          </label>
          <select id="u-role" name="role">
            {ROLES.map((r) => (
              <option value={r} safe>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </div>
        <div class="nr-field">
          <label for="u-password" safe>
            {t.password}
          </label>
          <input id="u-password" name="password" type="password" autocomplete="new-password" required aria-describedby="u-password-hint" />
          <small id="u-password-hint" safe>
            {t.passwordHint}
          </small>
        </div>
        <button type="submit" class="btn btn--primary" safe>
          {t.newUser}
        </button>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col" safe>
              {t.displayName}
            </th>
            <th scope="col" safe>
              {t.email}
            </th>
            <th scope="col" safe>
              {t.role}
            </th>
            <th scope="col" safe>
              {t.actions}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <td safe>{u.disabled ? `${u.displayName}（${t.disabled}）` : u.displayName}</td>
              <td safe>{u.email}</td>
              <td>
                <form method="post" action={`/newsroom/users/${u.id}/role`} class="inline-form">
                  <CsrfField token={csrf} />
                  <select name="role" aria-label={`${t.role}: ${u.displayName}`}>
                    {ROLES.map((r) => (
                      <option value={r} selected={r === u.role} safe>
                        {t.roles[r]}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="btn" safe>
                    {t.save}
                  </button>
                </form>
              </td>
              <td>
                <div class="inline-form">
                  <form method="post" action={`/newsroom/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`} class="inline">
                    <CsrfField token={csrf} />
                    <button type="submit" class={u.disabled ? 'btn' : 'btn btn--danger'} safe>
                      {u.disabled ? t.enable : t.disable}
                    </button>
                  </form>
                  <form method="post" action={`/newsroom/users/${u.id}/reset-link`} class="inline">
                    <CsrfField token={csrf} />
                    <button type="submit" class="btn" safe>
                      {t.resetLink}
                    </button>
                  </form>
                  <form method="post" action={`/newsroom/users/${u.id}/password`} class="inline-form">
                    <CsrfField token={csrf} />
                    <input type="password" name="password" autocomplete="new-password" aria-label={`${t.newPassword}: ${u.displayName}`} required />
                    <button type="submit" class="btn" safe>
                      {t.resetPassword}
                    </button>
                  </form>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 safe>{t.roleMatrix}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col"></th>
            {ROLES.map((r) => (
              <th scope="col" safe>
                {t.roles[r]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(Object.keys(ACTIONS) as Action[]).map((a) => (
            <tr>
              <th scope="row">
                {en ? ACTIONS[a].en : ACTIONS[a].zh}
              </th>
              {ROLES.map((r) => (
                <td>{MATRIX[a].includes(r) ? '✓' : '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </NewsroomLayout>
  );
}
