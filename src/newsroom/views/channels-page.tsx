/** The channel tree, with every change a chief editor may make. */
import type { Channel } from '../../features/channels/channel.ts';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

type Row = Channel & { depth: number; articles: number };

export function ChannelsPage(props: { shell: NewsroomShell; channels: readonly Row[]; errors: readonly string[]; notice: string | null }): JSX.Element {
  const { shell, channels } = props;
  const { t } = shell;
  const csrf = shell.csrfToken;
  const label = (c: Row) => `${'　'.repeat(c.depth)}${c.name}`;
  return (
    <NewsroomLayout shell={shell} title={t.channelsTitle} current="channels">
      <h1 safe>{t.channelsTitle}</h1>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.errors} />
      <form method="post" action="/newsroom/channels" class="nr-card inline-form">
        <CsrfField token={csrf} />
        <div class="nr-field">
          <label for="new-parent" safe>
            {t.parent}
          </label>
          <select id="new-parent" name="parentId">
            {channels.map((c) => (
              <option value={String(c.id)} safe>
                {label(c)}
              </option>
            ))}
          </select>
        </div>
        <div class="nr-field">
          <label for="new-name" safe>
            {t.channelName}
          </label>
          <input id="new-name" name="name" required />
        </div>
        <div class="nr-field">
          <label for="new-slug" safe>
            {t.slug}
          </label>
          <input id="new-slug" name="slug" aria-describedby="new-slug-hint" />
          <small id="new-slug-hint" safe>
            {t.slugHint}
          </small>
        </div>
        <button type="submit" class="btn btn--primary" safe>
          {t.create}
        </button>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col" safe>
              {t.channelName}
            </th>
            <th scope="col" safe>
              {t.slug}
            </th>
            <th scope="col" safe>
              {t.navArticles}
            </th>
            <th scope="col" safe>
              {t.actions}
            </th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr>
              <td>
                <form method="post" action={`/newsroom/channels/${c.id}/rename`} class="inline-form">
                  <CsrfField token={csrf} />
                  <span aria-hidden="true" safe>
                    {'　'.repeat(c.depth)}
                  </span>
                  <input name="name" value={c.name} aria-label={`${t.rename}: ${c.name}`} required />
                  <button type="submit" class="btn" safe>
                    {t.rename}
                  </button>
                </form>
              </td>
              <td>
                <a href={c.path === '' ? '/' : `/${c.path}/`} safe>
                  {`/${c.path}`}
                </a>
              </td>
              <td safe>{t.articleCount(c.articles)}</td>
              <td>
                {c.parentId === null ? (
                  ''
                ) : (
                  <div class="inline-form">
                    {(['up', 'down'] as const).map((dir) => (
                      <form method="post" action={`/newsroom/channels/${c.id}/reorder`} class="inline">
                        <CsrfField token={csrf} />
                        <input type="hidden" name="direction" value={dir} />
                        <button type="submit" class="btn" aria-label={`${dir === 'up' ? t.moveUp : t.moveDown}: ${c.name}`}>
                          {dir === 'up' ? '↑' : '↓'}
                        </button>
                      </form>
                    ))}
                    <form method="post" action={`/newsroom/channels/${c.id}/move`} class="inline-form">
                      <CsrfField token={csrf} />
                      <select name="parentId" aria-label={`${t.parent}: ${c.name}`}>
                        {channels
                          .filter((p) => p.id !== c.id && !p.path.startsWith(`${c.path}/`))
                          .map((p) => (
                            <option value={String(p.id)} selected={p.id === c.parentId} safe>
                              {label(p)}
                            </option>
                          ))}
                      </select>
                      <button type="submit" class="btn" safe>
                        {t.move}
                      </button>
                    </form>
                    <form method="post" action={`/newsroom/channels/${c.id}/delete`} class="inline-form" data-confirm={`${t.delete}: ${c.name}?`}>
                      <CsrfField token={csrf} />
                      {c.articles > 0 || channels.some((k) => k.parentId === c.id) ? (
                        <select name="targetId" aria-label={`${t.channelDeleteMoveTo}: ${c.name}`}>
                          <option value="" safe>
                            {t.channelDeleteMoveNone}
                          </option>
                          {channels
                            .filter((p) => p.id !== c.id && !p.path.startsWith(`${c.path}/`))
                            .map((p) => (
                              <option value={String(p.id)} safe>
                                {label(p)}
                              </option>
                            ))}
                        </select>
                      ) : (
                        ''
                      )}
                      <button type="submit" class="btn btn--danger" safe>
                        {t.delete}
                      </button>
                    </form>
                    <a href={`/newsroom/review-stages?channel=${c.id}`} safe>
                      {t.navReview}
                    </a>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </NewsroomLayout>
  );
}
