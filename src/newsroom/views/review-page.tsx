/** Review stages of one channel: up to five stages, each with its rule and approvers. */
import type { Role } from '../../db/schema.ts';
import type { User } from '../../features/users/user.ts';
import type { ReviewStage } from '../../features/workflow/workflow.service.ts';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export const MAX_STAGES = 5;

export function ReviewPage(props: {
  shell: NewsroomShell;
  channels: ReadonlyArray<{ id: number; label: string }>;
  channelId: number;
  own: readonly ReviewStage[];
  effective: readonly ReviewStage[];
  approvers: readonly User[];
  errors: readonly string[];
  notice: string | null;
}): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  const roles: Array<Exclude<Role, 'reporter'>> = ['editor', 'chief_editor', 'admin'];
  const rows = [...props.own, ...Array.from({ length: Math.max(0, MAX_STAGES - props.own.length) }, () => null)];
  return (
    <NewsroomLayout shell={shell} title={t.reviewTitle} current="review">
      <h1 safe>{t.reviewTitle}</h1>
      <p safe>{t.reviewIntro}</p>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.errors} />
      <form method="get" action="/newsroom/review-stages" class="inline-form nr-card">
        <label for="rv-channel" safe>
          {t.channel}
        </label>
        <select id="rv-channel" name="channel">
          {props.channels.map((c) => (
            <option value={String(c.id)} selected={c.id === props.channelId} safe>
              {c.label}
            </option>
          ))}
        </select>
        <button type="submit" class="btn" safe>
          {t.edit}
        </button>
      </form>
      {props.own.length === 0 ? (
        <p class="nr-muted" safe>
          {props.effective.map((s) => s.name || t.defaultStage).join(' → ')}
        </p>
      ) : (
        ''
      )}
      <form method="post" action={`/newsroom/review-stages/${props.channelId}`} class="nr-form">
        <CsrfField token={shell.csrfToken} />
        {rows.map((stage, i) => (
          <fieldset class="nr-card">
            <legend safe>{`${i + 1}`}</legend>
            <div class="nr-row">
              <div class="nr-field">
                <label for={`st${i}-name`} safe>
                  {t.stageName}
                </label>
                <input id={`st${i}-name`} name={`name${i}`} value={stage?.name ?? ''} />
              </div>
              <div class="nr-field">
                <label for={`st${i}-rule`} safe>
                  {t.stageRule}
                </label>
                <select id={`st${i}-rule`} name={`rule${i}`}>
                  <option value="any" selected={stage?.rule !== 'all'} safe>
                    {t.ruleAny}
                  </option>
                  <option value="all" selected={stage?.rule === 'all'} safe>
                    {t.ruleAll}
                  </option>
                </select>
              </div>
              <div class="nr-field">
                <label for={`st${i}-role`} safe>
                  {t.minRole}
                </label>
                <select id={`st${i}-role`} name={`minRole${i}`}>
                  {roles.map((r) => (
                    <option value={r} selected={(stage?.minRole ?? 'editor') === r} safe>
                      {t.roles[r]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <fieldset>
              <legend safe>{t.approvers}</legend>
              <small safe>{t.approversHint}</small>
              <div class="nr-checks">
                {props.approvers.map((u) => (
                  <label>
                    <input type="checkbox" name={`approvers${i}`} value={String(u.id)} checked={stage?.approverIds.includes(u.id) ?? false} />{' '}
                    <span safe>{`${u.displayName}（${t.roles[u.role]}）`}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          </fieldset>
        ))}
        <p>
          <button type="submit" class="btn btn--primary" safe>
            {t.save}
          </button>
        </p>
      </form>
    </NewsroomLayout>
  );
}
