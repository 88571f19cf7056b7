/** The newsroom's article list, filterable by status and by "mine", newest change first. */
import type { ArticleStatus } from '../../db/schema.ts';
import type { NewsroomListItem } from '../../features/articles/listing.service.ts';
import { NewsroomLayout, type NewsroomShell } from './layout.tsx';

export function ArticleListPage(props: {
  shell: NewsroomShell;
  items: readonly NewsroomListItem[];
  status: ArticleStatus | null;
  mine: boolean;
  nextUrl: string | null;
  formatTime: (d: Date) => string;
}): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  const statuses: ArticleStatus[] = ['draft', 'in_review', 'published', 'withdrawn'];
  return (
    <NewsroomLayout shell={shell} title={t.articlesTitle} current="articles">
      <h1 safe>{t.articlesTitle}</h1>
      <p>
        <a class="btn btn--primary" href="/newsroom/articles/new" safe>
          {t.newArticle}
        </a>
      </p>
      <form method="get" action="/newsroom/articles" class="inline-form nr-card">
        <div class="nr-field">
          <label for="filter-status" safe>
            {t.filterStatus}
          </label>
          <select id="filter-status" name="status">
            <option value="" safe>
              {t.filterAll}
            </option>
            {statuses.map((s) => (
              <option value={s} selected={s === props.status} safe>
                {t.statuses[s]}
              </option>
            ))}
          </select>
        </div>
        <label>
          <input type="checkbox" name="mine" value="1" checked={props.mine} /> <span safe>{t.filterMine}</span>
        </label>
        <button type="submit" class="btn" safe>
          {t.filterStatus}
        </button>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col" safe>
              {t.title}
            </th>
            <th scope="col" safe>
              {t.status}
            </th>
            <th scope="col" safe>
              {t.channel}
            </th>
            <th scope="col" safe>
              {t.author}
            </th>
            <th scope="col" safe>
              {t.updatedAt}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((a) => (
            <tr>
              <td>
                <a href={`/newsroom/articles/${a.id}`} safe>
                  {a.title}
                </a>
              </td>
              <td>
                <span class={`badge badge--${a.status}`} safe>
                  {t.statuses[a.status]}
                </span>
              </td>
              <td safe>{a.channelName}</td>
              <td safe>{a.authorName ?? '—'}</td>
              <td safe>{props.formatTime(a.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.nextUrl ? (
        <p>
          <a href={props.nextUrl} rel="next" safe>
            {t.nextPage}
          </a>
        </p>
      ) : (
        ''
      )}
    </NewsroomLayout>
  );
}
