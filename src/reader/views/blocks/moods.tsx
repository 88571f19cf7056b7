/**
 * 您此时的心情: one button per mood, each a submit button of a plain form, so voting works
 * without JavaScript (the server answers with a redirect back here). The script turns
 * it into an in-page vote and refreshes the counts when the page came from a cache.
 */
import { escapeHtml } from '@kitajs/html';
import type { Messages } from '../../i18n/messages.ts';

export interface MoodChoiceView {
  readonly key: string;
  readonly name: string;
  readonly icon: string;
  readonly count: number;
}

export interface MoodsModel {
  readonly action: string;
  readonly stateUrl: string;
  readonly tallies: readonly MoodChoiceView[];
  readonly choice: string | null;
  /** A message after a vote without JavaScript (thanks, already voted, too many). */
  readonly status: string | null;
}

export function MoodsBlock(props: { t: Messages; model: MoodsModel }): JSX.Element {
  const { t, model } = props;
  return (
    <section class="block moods" id="moods" aria-labelledby="moods-h" data-moods={model.stateUrl}>
      <h2 id="moods-h" class="section-title" safe>
        {t.moodsTitle}
      </h2>
      <form method="post" action={model.action} class="moods__form">
        <ul class="moods__list">
          {model.tallies.map((m) => (
            <li>
              <button
                type="submit"
                name="mood"
                value={m.key}
                class="moods__button"
                aria-pressed={model.choice === m.key ? 'true' : 'false'}
                aria-label={t.moodCount(m.name, m.count)}
                data-mood={m.key}
                data-name={m.name}
              >
                <span class="moods__icon" aria-hidden="true" safe>
                  {m.icon}
                </span>
                <span class="moods__name" safe>
                  {m.name}
                </span>
                <span class="moods__count" data-count safe>
                  {String(m.count)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </form>
      <p class="moods__status" role="status" data-your-choice={t.moodYourChoice('{name}')}>
        {escapeHtml(model.status ?? (model.choice ? t.moodYourChoice(model.tallies.find((m) => m.key === model.choice)?.name ?? '') : ''))}
      </p>
    </section>
  );
}
