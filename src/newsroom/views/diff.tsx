/** A readable diff: removed text struck through, added text highlighted, changed fields listed. */
import type { RevisionDiff } from '../../features/revisions/revisions.service.ts';
import type { DiffPart } from '../../features/revisions/text-diff.ts';
import type { NewsroomMessages } from '../i18n/messages.ts';

function Parts(props: { parts: readonly DiffPart[] }): JSX.Element {
  return (
    <div class="diff">
      {props.parts.map((p) =>
        p.kind === 'added' ? <ins safe>{p.text}</ins> : p.kind === 'removed' ? <del safe>{p.text}</del> : <span safe>{p.text}</span>,
      )}
    </div>
  );
}

const changed = (parts: readonly DiffPart[]) => parts.some((p) => p.kind !== 'same');

export function DiffView(props: { t: NewsroomMessages; diff: RevisionDiff }): JSX.Element {
  const { t, diff } = props;
  if (!changed(diff.title) && !changed(diff.summary) && !changed(diff.body) && diff.fields.length === 0) {
    return <p safe>{t.noDifferences}</p>;
  }
  return (
    <div class="nr-diff">
      {changed(diff.title) ? (
        <>
          <h4 safe>{t.title}</h4>
          <Parts parts={diff.title} />
        </>
      ) : (
        ''
      )}
      {changed(diff.summary) ? (
        <>
          <h4 safe>{t.summary}</h4>
          <Parts parts={diff.summary} />
        </>
      ) : (
        ''
      )}
      {changed(diff.body) ? (
        <>
          <h4 safe>{t.body}</h4>
          <Parts parts={diff.body} />
        </>
      ) : (
        ''
      )}
      {diff.fields.length > 0 ? (
        <table>
          <tbody>
            {diff.fields.map((f) => (
              <tr>
                <th scope="row">
                  {f.name}
                </th>
                <td>
                  <del safe>{f.before}</del>
                </td>
                <td>
                  <ins safe>{f.after}</ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
    </div>
  );
}
