/** Content API read keys (admins): make one (shown once), see when each was last used, revoke. */
import type { ApiKeySummary } from '../../features/api-keys/api-keys.service.ts';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export interface ApiKeysPageModel {
  readonly keys: readonly ApiKeySummary[];
  /** The key just made: shown on this response only. */
  readonly newKey: string | null;
  readonly keysRequired: boolean;
  readonly errors: readonly string[];
  readonly notice: string | null;
  readonly formatTime: (d: Date) => string;
}

export function ApiKeysPage(props: { shell: NewsroomShell; model: ApiKeysPageModel }): JSX.Element {
  const { shell, model } = props;
  const { t } = shell;
  return (
    <NewsroomLayout shell={shell} title={t.apiKeysTitle} current="apiKeys">
      <h1 safe>{t.apiKeysTitle}</h1>
      <p safe>{t.apiKeysIntro}</p>
      <p>
        <span safe>{t.apiKeysRequired(model.keysRequired)}</span>{' '}
        <a href="/api/docs" safe>
          {t.apiDocs}
        </a>
      </p>
      <Notice text={model.notice} />
      <FormErrors t={t} errors={model.errors} />
      {model.newKey ? (
        <div class="nr-card" role="status">
          <p safe>{t.apiKeyCreated}</p>
          <p>
            <code class="api-key" safe>
              {model.newKey}
            </code>
          </p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action="/newsroom/api-keys" class="nr-card inline-form">
        <CsrfField token={shell.csrfToken} />
        <div class="nr-field">
          <label for="k-name" safe>
            {t.apiKeyName}
          </label>
          <input id="k-name" name="name" required maxlength="80" />
        </div>
        <button type="submit" class="btn btn--primary" safe>
          {t.newApiKey}
        </button>
      </form>
      {model.keys.length === 0 ? (
        <p safe>{t.apiKeysNone}</p>
      ) : (
        <table>
          <thead>
            <tr>
              {[t.apiKeyName, t.apiKeyCreatedAt, t.apiKeyLastUsed, ''].map((h) => (
                <th scope="col" safe>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {model.keys.map((k) => (
              <tr>
                <td safe>{k.name}</td>
                <td safe>{model.formatTime(k.createdAt)}</td>
                <td safe>{k.lastUsedAt ? model.formatTime(k.lastUsedAt) : t.apiKeyNeverUsed}</td>
                <td>
                  {k.revoked ? (
                    <span safe>{t.apiKeyRevoked}</span>
                  ) : (
                    <form method="post" action={`/newsroom/api-keys/${k.id}/revoke`} class="inline">
                      <CsrfField token={shell.csrfToken} />
                      <button type="submit" class="btn btn--danger" aria-label={`${t.apiKeyRevoke} ${k.name}`} safe>
                        {t.apiKeyRevoke}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </NewsroomLayout>
  );
}
