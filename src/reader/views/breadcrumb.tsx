import type { Messages } from '../i18n/messages.ts';
import type { NavLink } from './layout.tsx';

/** 首页> 地方频道> 社会 > 正文: every level a link, the last one the current page. */
export function Breadcrumb(props: { t: Messages; trail: readonly NavLink[]; current?: string }): JSX.Element {
  const { t, trail, current } = props;
  return (
    <nav class="breadcrumb" aria-label={t.breadcrumb}>
      <ol>
        {trail.map((link, i) =>
          i === trail.length - 1 && current === undefined ? (
            <li>
              <a href={link.url} aria-current="page" safe>
                {link.name}
              </a>
            </li>
          ) : (
            <li>
              <a href={link.url} safe>
                {link.name}
              </a>
            </li>
          ),
        )}
        {current !== undefined ? (
          <li aria-current="page" safe>
            {current}
          </li>
        ) : (
          ''
        )}
      </ol>
    </nav>
  );
}
