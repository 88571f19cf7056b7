/**
 * The managed lists of sources (来源) and people (reporters, editors): what uses each entry,
 * and the changes a chief editor may make: rename, merge a duplicate into another, remove
 * an unused one.
 */
import type { NewsroomMessages } from '../i18n/messages.ts';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export type ListKind = 'sources' | 'people';

export interface ListRow {
  readonly id: number;
  readonly name: string;
  /** One cell per column of `ListsPageProps.columns`: what uses the entry. */
  readonly cells: readonly string[];
  readonly inUse: boolean;
}

export interface ListsPageProps {
  readonly shell: NewsroomShell;
  readonly kind: ListKind;
  readonly columns: readonly string[];
  readonly rows: readonly ListRow[];
  readonly total: number;
  readonly filter: string;
  readonly errors: readonly string[];
  readonly notice: string | null;
}

const TITLES: Record<ListKind, (t: NewsroomMessages) => string> = { sources: (t) => t.sourcesTitle, people: (t) => t.peopleTitle };

function Tabs(props: { t: NewsroomMessages; kind: ListKind }): JSX.Element {
  return (
    <nav class="inline-form" aria-label={props.t.navLists}>
      {(['sources', 'people'] as const).map((k) => (
        <a href={`/newsroom/${k}`} aria-current={k === props.kind ? 'page' : undefined} safe>
          {TITLES[k](props.t)}
        </a>
      ))}
    </nav>
  );
}

function MergeForm(props: { t: NewsroomMessages; kind: ListKind; csrf: string; rows: readonly ListRow[] }): JSX.Element {
  const { t, rows } = props;
  const options = (selected: number | undefined) =>
    rows.map((r) => (
      <option value={String(r.id)} selected={r.id === selected} safe>
        {t.listEntry(r.name, r.id)}
      </option>
    ));
  return (
    <form method="post" action={`/newsroom/${props.kind}/merge`} class="nr-card inline-form" data-confirm={`${t.listMerge}?`}>
      <CsrfField token={props.csrf} />
      <div class="nr-field">
        <label for="merge-from" safe>
          {t.listMergeFrom}
        </label>
        <select id="merge-from" name="fromId">
          {options(undefined)}
        </select>
      </div>
      <div class="nr-field">
        <label for="merge-into" safe>
          {t.listMergeInto}
        </label>
        <select id="merge-into" name="intoId">
          {options(rows[1]?.id)}
        </select>
      </div>
      <button type="submit" class="btn" safe>
        {t.listMerge}
      </button>
    </form>
  );
}

export function ListsPage(props: ListsPageProps): JSX.Element {
  const { shell, kind, rows } = props;
  const { t } = shell;
  const csrf = shell.csrfToken;
  const title = TITLES[kind](t);
  return (
    <NewsroomLayout shell={shell} title={title} current="lists">
      <h1 safe>{title}</h1>
      <Tabs t={t} kind={kind} />
      <p class="nr-muted" safe>
        {t.listsIntro}
      </p>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.errors} />
      <form method="get" action={`/newsroom/${kind}`} class="inline-form nr-card">
        <div class="nr-field">
          <label for="list-filter" safe>
            {t.listFilter}
          </label>
          <input id="list-filter" name="q" value={props.filter} />
        </div>
        <button type="submit" class="btn" safe>
          {t.listFind}
        </button>
        <span class="nr-muted" safe>
          {t.listShowing(rows.length, props.total)}
        </span>
      </form>
      {rows.length > 1 ? <MergeForm t={t} kind={kind} csrf={csrf} rows={rows} /> : ''}
      <table>
        <thead>
          <tr>
            <th scope="col" safe>
              {t.listName}
            </th>
            {props.columns.map((c) => (
              <th scope="col" safe>
                {c}
              </th>
            ))}
            <th scope="col" safe>
              {t.actions}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-entry={String(r.id)}>
              <td>
                <form method="post" action={`/newsroom/${kind}/${r.id}/rename`} class="inline-form">
                  <CsrfField token={csrf} />
                  <input name="name" value={r.name} aria-label={`${t.rename}: ${r.name}`} required />
                  <button type="submit" class="btn" safe>
                    {t.rename}
                  </button>
                </form>
              </td>
              {r.cells.map((c) => (
                <td safe>{c}</td>
              ))}
              <td>
                {r.inUse ? (
                  ''
                ) : (
                  <form method="post" action={`/newsroom/${kind}/${r.id}/delete`} class="inline" data-confirm={`${t.delete}: ${r.name}?`}>
                    <CsrfField token={csrf} />
                    <button type="submit" class="btn btn--danger" safe>
                      {t.delete}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </NewsroomLayout>
  );
}
