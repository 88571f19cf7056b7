/** Curated slots (推荐位): what leads the recommended feed, and when. */
import type { SlotView } from '../../features/feed/feed.service.ts';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export function SlotsPage(props: {
  shell: NewsroomShell;
  slots: readonly SlotView[];
  channels: ReadonlyArray<{ id: number; label: string }>;
  errors: readonly string[];
  notice: string | null;
  formatTime: (d: Date) => string;
}): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  const csrf = shell.csrfToken;
  return (
    <NewsroomLayout shell={shell} title={t.slotsTitle} current="slots">
      <h1 safe>{t.slotsTitle}</h1>
      <p safe>{t.slotsIntro}</p>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.errors} />
      {props.slots.map((slot) => (
        <section class="nr-card" aria-labelledby={`slot-${slot.id}`}>
          <h2 id={`slot-${slot.id}`} safe>
            {slot.name}
          </h2>
          <ol>
            {slot.items.map((item) => (
              <li>
                <a href={`/newsroom/articles/${item.id}`} safe>
                  {item.title}
                </a>{' '}
                <small class="nr-muted" safe>
                  {[item.startsAt ? `${t.startsAt} ${props.formatTime(item.startsAt)}` : '', item.endsAt ? `${t.endsAt} ${props.formatTime(item.endsAt)}` : ''].filter(Boolean).join(' · ')}
                </small>
                <span class="inline-form">
                  {(['up', 'down'] as const).map((dir) => (
                    <form method="post" action={`/newsroom/slots/${slot.id}/items/${item.id}/move`} class="inline">
                      <CsrfField token={csrf} />
                      <input type="hidden" name="direction" value={dir} />
                      <button type="submit" class="btn" aria-label={`${dir === 'up' ? t.moveUp : t.moveDown}: ${item.title}`}>
                        {dir === 'up' ? '↑' : '↓'}
                      </button>
                    </form>
                  ))}
                  <form method="post" action={`/newsroom/slots/${slot.id}/items/${item.id}/remove`} class="inline">
                    <CsrfField token={csrf} />
                    <button type="submit" class="btn btn--danger" safe>
                      {t.remove}
                    </button>
                  </form>
                </span>
              </li>
            ))}
          </ol>
          <form method="post" action={`/newsroom/slots/${slot.id}/items`} class="inline-form">
            <CsrfField token={csrf} />
            <div class="nr-field">
              <label for={`s${slot.id}-article`} safe>
                {t.articleId}
              </label>
              <input id={`s${slot.id}-article`} name="articleId" type="number" min="1" required />
            </div>
            <div class="nr-field">
              <label for={`s${slot.id}-from`} safe>
                {t.startsAt}
              </label>
              <input id={`s${slot.id}-from`} name="startsAt" type="datetime-local" />
            </div>
            <div class="nr-field">
              <label for={`s${slot.id}-until`} safe>
                {t.endsAt}
              </label>
              <input id={`s${slot.id}-until`} name="endsAt" type="datetime-local" />
            </div>
            <button type="submit" class="btn btn--primary" safe>
              {t.add}
            </button>
          </form>
        </section>
      ))}
      <form method="post" action="/newsroom/slots" class="nr-card inline-form">
        <CsrfField token={csrf} />
        <div class="nr-field">
          <label for="slot-channel" safe>
            {t.newSlotFor}
          </label>
          <select id="slot-channel" name="channelId">
            {props.channels.map((c) => (
              <option value={String(c.id)} safe>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="btn" safe>
          {t.create}
        </button>
      </form>
    </NewsroomLayout>
  );
}
