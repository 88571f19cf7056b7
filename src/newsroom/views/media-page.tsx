/** The media library: upload, and every image with its alt text, caption and credit. */
import { primaryUrl, type Media } from '../../features/media/media.ts';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export function MediaPage(props: {
  shell: NewsroomShell;
  items: readonly Media[];
  nextUrl: string | null;
  errors: readonly string[];
  notice: string | null;
  canEdit: (m: Media) => boolean;
}): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  return (
    <NewsroomLayout shell={shell} title={t.mediaTitle} current="media">
      <h1 safe>{t.mediaTitle}</h1>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.errors} />
      <form method="post" action="/newsroom/media" enctype="multipart/form-data" class="nr-card inline-form">
        <CsrfField token={shell.csrfToken} />
        <div class="nr-field">
          <label for="upload-file" safe>
            {t.upload}
          </label>
          <input id="upload-file" type="file" name="file" accept="image/jpeg,image/png,image/webp,image/gif" required aria-describedby="upload-hint" />
          <small id="upload-hint" safe>
            {t.uploadHint}
          </small>
        </div>
        <button type="submit" class="btn btn--primary" safe>
          {t.upload}
        </button>
      </form>
      <ul class="media-grid">
        {props.items.map((m) => (
          <li class="nr-card">
            <img src={primaryUrl(m)} alt={m.alt} loading="lazy" />
            <p class="nr-muted" safe>{`#${m.id} · ${m.width}×${m.height} · ${m.originalName}`}</p>
            {props.canEdit(m) ? (
              <form method="post" action={`/newsroom/media/${m.id}`} class="nr-form">
                <CsrfField token={shell.csrfToken} />
                {(['alt', 'caption', 'credit'] as const).map((k) => (
                  <div class="nr-field">
                    <label for={`m${m.id}-${k}`} safe>
                      {t[k]}
                    </label>
                    <input id={`m${m.id}-${k}`} name={k} value={m[k]} />
                  </div>
                ))}
                <button type="submit" class="btn" safe>
                  {t.save}
                </button>
              </form>
            ) : (
              <p safe>{[m.caption, m.credit].filter(Boolean).join(' · ')}</p>
            )}
          </li>
        ))}
      </ul>
      {props.nextUrl ? (
        <a href={props.nextUrl} rel="next" safe>
          {t.nextPage}
        </a>
      ) : (
        ''
      )}
    </NewsroomLayout>
  );
}
