/** An article's revisions, and the comparison of any two. */
import type { Revision } from '../../features/revisions/revision.ts';
import type { RevisionDiff } from '../../features/revisions/revisions.service.ts';
import { DiffView } from './diff.tsx';
import { CsrfField, NewsroomLayout, type NewsroomShell } from './layout.tsx';

export function RevisionsPage(props: {
  shell: NewsroomShell;
  articleId: number;
  title: string;
  revisions: readonly Revision[];
  canRestore: boolean;
  formatTime: (d: Date) => string;
}): JSX.Element {
  const { shell, revisions } = props;
  const { t } = shell;
  return (
    <NewsroomLayout shell={shell} title={`${t.revisions} · ${props.title}`} current="articles">
      <h1 safe>{`${t.revisions} · ${props.title}`}</h1>
      <p>
        <a href={`/newsroom/articles/${props.articleId}`} safe>
          {t.back}
        </a>
      </p>
      <form method="get" action={`/newsroom/articles/${props.articleId}/revisions/compare`}>
        <table>
          <thead>
            <tr>
              <th scope="col">A</th>
              <th scope="col">B</th>
              <th scope="col">#</th>
              <th scope="col" safe>
                {t.updatedAt}
              </th>
              <th scope="col" safe>
                {t.author}
              </th>
              <th scope="col" safe>
                {t.title}
              </th>
              <th scope="col" safe>
                {t.actions}
              </th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r, i) => (
              <tr>
                <td>
                  <input type="radio" name="a" value={String(r.id)} checked={i === 1} aria-label={`A: ${r.id}`} />
                </td>
                <td>
                  <input type="radio" name="b" value={String(r.id)} checked={i === 0} aria-label={`B: ${r.id}`} />
                </td>
                <td safe>{`v${r.version} · ${t.revisionKinds[r.kind] ?? r.kind}`}</td>
                <td safe>{props.formatTime(r.createdAt)}</td>
                <td safe>{r.authorName ?? '—'}</td>
                <td safe>{r.title}</td>
                <td>
                  {props.canRestore && i > 0 ? (
                    <button type="submit" class="btn" form={`restore-${r.id}`} safe>
                      {t.restore}
                    </button>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <button type="submit" class="btn btn--primary" safe>
            {t.compare}
          </button>
        </p>
      </form>
      {props.canRestore
        ? revisions.slice(1).map((r) => (
            <form id={`restore-${r.id}`} method="post" action={`/newsroom/articles/${props.articleId}/revisions/${r.id}/restore`} hidden>
              <CsrfField token={shell.csrfToken} />
            </form>
          ))
        : ''}
    </NewsroomLayout>
  );
}

export function RevisionDiffPage(props: { shell: NewsroomShell; articleId: number; a: Revision; b: Revision; diff: RevisionDiff }): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  const title = t.diffTitle(props.a.version, props.b.version);
  return (
    <NewsroomLayout shell={shell} title={title} current="articles">
      <h1 safe>{title}</h1>
      <p>
        <a href={`/newsroom/articles/${props.articleId}/revisions`} safe>
          {t.back}
        </a>
      </p>
      <section class="nr-card">
        <DiffView t={t} diff={props.diff} />
      </section>
    </NewsroomLayout>
  );
}
