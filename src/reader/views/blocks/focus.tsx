/**
 * 视觉焦点: photo news as a horizontally scrolling strip that snaps to each picture —
 * CSS scroll snapping, no script needed; the script adds previous/next buttons. Nothing
 * moves by itself, so there is nothing to pause and nothing to trouble reduced-motion readers.
 */
import type { Messages } from '../../i18n/messages.ts';

export interface FocusEntry {
  readonly url: string;
  readonly title: string;
  /** <picture> markup built from the media library: trusted. */
  readonly pictureHtml: string;
}

export function FocusBlock(props: { t: Messages; items: readonly FocusEntry[] }): JSX.Element {
  const { t, items } = props;
  if (items.length === 0) return '';
  return (
    <section class="block focus" aria-labelledby="focus-h" data-carousel>
      <h2 id="focus-h" class="section-title" safe>
        {t.focus}
      </h2>
      <ul class="focus__track" tabindex="0" aria-label={t.focus} data-prev={t.focusPrev} data-next={t.focusNext}>
        {items.map((item, i) => {
          const safePicture = item.pictureHtml;
          return (
            <li class="focus__slide" aria-label={`${i + 1} / ${items.length}`}>
              <a href={item.url}>
                {safePicture}
                <span class="focus__caption" safe>
                  {item.title}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
