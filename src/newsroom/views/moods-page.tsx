/** The mood set (admins): names, icons, order, and which are offered. */
import type { Mood } from '../../features/moods/mood.ts';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export function MoodsPage(props: { shell: NewsroomShell; moods: ReadonlyArray<Mood & { active: boolean }>; errors: readonly string[]; notice: string | null }): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  const csrf = shell.csrfToken;
  return (
    <NewsroomLayout shell={shell} title={t.moodsTitle} current="moods">
      <h1 safe>{t.moodsTitle}</h1>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.errors} />
      {props.moods.map((m) => (
        <form method="post" action={`/newsroom/moods/${m.id}`} class="nr-card inline-form" aria-label={m.key}>
          <CsrfField token={csrf} />
          <code safe>{m.key}</code>
          {(
            [
              ['nameZh', t.nameZh, m.nameZh],
              ['nameEn', t.nameEn, m.nameEn],
              ['icon', t.icon, m.icon],
              ['position', t.order, String(m.position)],
            ] as const
          ).map(([name, label, value]) => (
            <div class="nr-field">
              <label for={`m${m.id}-${name}`} safe>
                {label}
              </label>
              <input id={`m${m.id}-${name}`} name={name} value={value} type={name === 'position' ? 'number' : 'text'} required />
            </div>
          ))}
          <label>
            <input type="checkbox" name="active" checked={m.active} /> <span safe>{t.active}</span>
          </label>
          <button type="submit" class="btn" safe>
            {t.save}
          </button>
        </form>
      ))}
      <form method="post" action="/newsroom/moods" class="nr-card inline-form">
        <CsrfField token={csrf} />
        {(
          [
            ['key', t.moodKey],
            ['nameZh', t.nameZh],
            ['nameEn', t.nameEn],
            ['icon', t.icon],
          ] as const
        ).map(([name, label]) => (
          <div class="nr-field">
            <label for={`new-${name}`} safe>
              {label}
            </label>
            <input id={`new-${name}`} name={name} required />
          </div>
        ))}
        <button type="submit" class="btn btn--primary" safe>
          {t.addMood}
        </button>
      </form>
    </NewsroomLayout>
  );
}
