/**
 * The article page of the newsroom: the form (title, body editor, metadata), and beside
 * it the workflow (status, stage, the actions this user may take, schedules, history).
 * With `conflict`, the form holds the user's unsaved text and the panel shows what the
 * other person saved, so they can merge before saving again.
 */
import { escapeHtml, type Children } from '@kitajs/html';
import type { ArticleDraft, EditableArticle } from '../../features/articles/editing.service.ts';
import type { Revision } from '../../features/revisions/revision.ts';
import type { RevisionDiff } from '../../features/revisions/revisions.service.ts';
import type { ReviewStage, WorkflowEvent } from '../../features/workflow/workflow.service.ts';
import type { Job } from '../../jobs/jobs.service.ts';
import type { NewsroomMessages } from '../i18n/messages.ts';
import { DiffView } from './diff.tsx';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

export interface ArticleEditModel {
  readonly article: EditableArticle | null;
  readonly draft: ArticleDraft;
  readonly version: number;
  readonly channels: ReadonlyArray<{ id: number; label: string }>;
  /** The managed lists of outlets and people, suggested as the user types (free entry stays possible). */
  readonly knownSources: readonly string[];
  readonly knownPeople: readonly string[];
  readonly readOnly: boolean;
  /** Placement flags are the editors' call: without `article.place` the fieldset is not shown. */
  readonly canPlace: boolean;
  readonly actions: {
    readonly stages: readonly ReviewStage[];
    readonly currentStage: ReviewStage | null;
    readonly canSubmit: boolean;
    readonly canApprove: boolean;
    readonly canSendBack: boolean;
    readonly canPublish: boolean;
    readonly canWithdraw: boolean;
    readonly canSchedule: boolean;
  } | null;
  /** Authors and those who see every article: the workflow history and revisions are theirs. */
  readonly seesHistory: boolean;
  readonly history: readonly WorkflowEvent[];
  readonly jobs: readonly Job[];
  readonly autosave: Revision | null;
  readonly conflict: { readonly theirs: EditableArticle; readonly byName: string; readonly diff: RevisionDiff } | null;
  readonly errors: readonly string[];
  readonly notice: string | null;
  readonly previewUrl: string | null;
  readonly publicUrl: string | null;
  readonly coverUrl: string | null;
  readonly counts: { readonly chars: number; readonly minutes: number };
  readonly formatTime: (d: Date) => string;
  readonly stageName: (s: ReviewStage) => string;
}

function editorLabels(t: NewsroomMessages): string {
  return JSON.stringify({
    toolbar: t.body,
    body: t.body,
    paragraph: t.htmlLang === 'en' ? 'Paragraph' : '段落',
    h2: 'H2',
    h3: 'H3',
    bold: t.htmlLang === 'en' ? 'Bold' : '加粗',
    italic: t.htmlLang === 'en' ? 'Italic' : '斜体',
    quote: t.htmlLang === 'en' ? 'Quote' : '引用',
    bulletList: t.htmlLang === 'en' ? 'List' : '列表',
    orderedList: t.htmlLang === 'en' ? 'Numbered' : '编号',
    link: t.htmlLang === 'en' ? 'Link' : '链接',
    linkPrompt: t.htmlLang === 'en' ? 'Link address (empty removes the link)' : '链接地址（留空则取消链接）',
    image: t.insertImage,
    undo: t.htmlLang === 'en' ? 'Undo' : '撤销',
    redo: t.htmlLang === 'en' ? 'Redo' : '重做',
    caption: t.caption,
    credit: t.credit,
    alt: t.alt,
    remove: t.removeImage,
    pickImage: t.chooseImage,
    upload: t.upload,
    uploading: t.htmlLang === 'en' ? 'Uploading…' : '上传中…',
    insert: t.insertImage,
    close: t.cancel,
    loadFailed: t.errorTitle,
    chars: t.charCount(-1).replace('-1', '{n}'),
    minutes: t.readingTime(-1).replace('-1', '{n}'),
    autosaved: t.autosaved('{t}'),
    autosaveFailed: t.autosaveFailed,
  });
}

function Text(props: { name: string; label: string; value: string; hint?: string; readOnly: boolean; wide?: boolean; required?: boolean; list?: string }): JSX.Element {
  const id = `f-${props.name}`;
  return (
    <div class={props.wide ? 'nr-field nr-field--title' : 'nr-field'}>
      <label for={id} safe>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type="text"
        value={props.value}
        readonly={props.readOnly}
        required={props.required}
        list={props.list}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint ? (
        <small id={`${id}-hint`} safe>
          {props.hint}
        </small>
      ) : (
        ''
      )}
    </div>
  );
}

function ArticleForm(props: { t: NewsroomMessages; model: ArticleEditModel; csrf: string }): JSX.Element {
  const { t, model } = props;
  const d = model.draft;
  const ro = model.readOnly;
  const action = model.article ? `/newsroom/articles/${model.article.id}` : '/newsroom/articles';
  return (
    <form
      method="post"
      action={action}
      id="article-form"
      class="nr-form nr-card"
      data-autosave-url={model.article && !ro ? `/newsroom/articles/${model.article.id}/autosave` : undefined}
    >
      <CsrfField token={props.csrf} />
      <input type="hidden" name="version" value={String(model.version)} />
      <Text name="title" label={t.title} value={d.title} readOnly={ro} wide required />
      <div class="nr-field">
        <label for="f-summary" safe>
          {t.summary}
        </label>
        <textarea id="f-summary" name="summary" rows="3" readonly={ro} safe>
          {d.summary}
        </textarea>
      </div>
      <div class="nr-field" data-editor={ro ? undefined : ''} data-labels={editorLabels(t)}>
        <label for="f-bodyHtml" safe>
          {t.body}
        </label>
        <textarea id="f-bodyHtml" name="bodyHtml" rows="20" readonly={ro} safe>
          {d.bodyHtml}
        </textarea>
        <p class="nr-counts" data-editor-count aria-live="polite" safe>
          {`${t.charCount(model.counts.chars)} · ${t.readingTime(model.counts.minutes)}`}
        </p>
        <p class="nr-counts" data-autosave-status role="status"></p>
      </div>
      <div class="nr-row">
        <div class="nr-field">
          <label for="f-channelId" safe>
            {t.channel}
          </label>
          <select id="f-channelId" name="channelId" disabled={ro}>
            {model.channels.map((c) => (
              <option value={String(c.id)} selected={c.id === d.channelId} safe>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <Text name="source" label={t.source} value={d.source} readOnly={ro} list="known-sources" />
        <Text name="editorInCharge" label={t.editorInCharge} value={d.editorInCharge} readOnly={ro} list="known-people" />
      </div>
      <div class="nr-row">
        <Text name="reporters" label={t.reporters} value={d.reporters.join('、')} hint={t.reportersHint} readOnly={ro} list="known-people" />
        <Text name="byline" label={t.byline} value={d.byline} hint={t.bylineHint} readOnly={ro} />
        <Text name="tags" label={t.tags} value={d.tags.join('，')} hint={t.tagsHint} readOnly={ro} />
      </div>
      <div class="nr-row">
        <div class="nr-field">
          <label for="f-coverMediaId" safe>
            {t.cover}
          </label>
          <input id="f-coverMediaId" name="coverMediaId" type="number" min="1" value={d.coverMediaId ? String(d.coverMediaId) : ''} readonly={ro} />
          <img data-cover-preview src={model.coverUrl ?? ''} alt="" hidden={!model.coverUrl} class="ed-cover-preview" />
          {ro ? (
            ''
          ) : (
            <button type="button" class="btn" data-pick-cover hidden safe>
              {t.chooseImage}
            </button>
          )}
        </div>
        {model.canPlace ? (
          <fieldset class="nr-field">
            <legend safe>{t.placement}</legend>
            <div class="nr-checks">
              {(
                [
                  ['focus', t.placementFocus],
                  ['exclusive', t.placementExclusive],
                  ['recommended', t.placementRecommended],
                  ['pinned', t.placementPinned],
                ] as const
              ).map(([key, label]) => (
                <label>
                  <input type="checkbox" name={key} checked={d.placement[key]} disabled={ro} /> {escapeText(label)}
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          ''
        )}
      </div>
      <datalist id="known-sources">
        {model.knownSources.map((n) => (
          <option value={n} />
        ))}
      </datalist>
      <datalist id="known-people">
        {model.knownPeople.map((n) => (
          <option value={n} />
        ))}
      </datalist>
      {ro ? (
        ''
      ) : (
        <p>
          <button type="submit" class="btn btn--primary" safe>
            {model.conflict ? t.conflictResubmit : model.article ? t.save : t.create}
          </button>
        </p>
      )}
    </form>
  );
}

function escapeText(text: string): string {
  return escapeHtml(text);
}

function ActionForm(props: { id: number; path: string; csrf: string; label: string; primary?: boolean; confirm?: string; children?: Children }): JSX.Element {
  return (
    <form method="post" action={`/newsroom/articles/${props.id}/${props.path}`} class="inline-form" data-confirm={props.confirm}>
      <CsrfField token={props.csrf} />
      {props.children ?? ''}
      <button type="submit" class={props.primary ? 'btn btn--primary' : 'btn'} safe>
        {props.label}
      </button>
    </form>
  );
}

/** What an event's comment says, in words: scheduling stores the time, cancelling the kind. */
function eventNote(e: WorkflowEvent, t: NewsroomMessages, f: (d: Date) => string): JSX.Element {
  if (!e.comment) return '';
  if (e.action.startsWith('schedule_')) {
    const at = new Date(e.comment);
    return <q safe>{Number.isNaN(at.getTime()) ? e.comment : f(at)}</q>;
  }
  if (e.action === 'cancel_schedule') return <q safe>{t.events[`schedule_${e.comment}`] ?? e.comment}</q>;
  return <q safe>{e.comment}</q>;
}

function WorkflowPanel(props: { t: NewsroomMessages; model: ArticleEditModel; csrf: string }): JSX.Element {
  const { t, model, csrf } = props;
  const a = model.article;
  const acts = model.actions;
  if (!a || !acts) return '';
  const f = model.formatTime;
  return (
    <section class="nr-card" aria-labelledby="wf-h">
      <h2 id="wf-h" safe>
        {t.workflow}
      </h2>
      <p>
        <span class={`badge badge--${a.status}`} safe>
          {t.statuses[a.status]}
        </span>{' '}
        {acts.currentStage ? <span safe>{t.reviewStageNow(model.stageName(acts.currentStage))}</span> : ''}
        {a.status === 'in_review' && a.approvedAt ? <span safe>{t.approvedReady}</span> : ''}
      </p>
      {model.publicUrl ? (
        <p>
          <a href={model.publicUrl} safe>
            {t.openOnSite}
          </a>
        </p>
      ) : (
        ''
      )}
      <div class="nr-form">
        {acts.canSubmit ? <ActionForm id={a.id} path="submit" csrf={csrf} label={t.submit} primary /> : ''}
        {acts.canApprove ? (
          <ActionForm id={a.id} path="approve" csrf={csrf} label={t.approve} primary>
            <input type="hidden" name="stage" value={String(a.reviewStage ?? 0)} />
          </ActionForm>
        ) : (
          ''
        )}
        {acts.canPublish ? <ActionForm id={a.id} path="publish" csrf={csrf} label={t.publishNow} primary /> : ''}
        {acts.canWithdraw ? <ActionForm id={a.id} path="withdraw" csrf={csrf} label={t.withdraw} confirm={t.withdraw} /> : ''}
        {acts.canSendBack ? (
          <ActionForm id={a.id} path="send-back" csrf={csrf} label={t.sendBack}>
            <div class="nr-field">
              <label for="sb-target" safe>
                {t.sendBackTo}
              </label>
              <select id="sb-target" name="target">
                <option value="author" safe>
                  {t.toAuthor}
                </option>
                {acts.stages
                  .filter((s) => a.approvedAt || s.position < (a.reviewStage ?? 0))
                  .map((s) => (
                    <option value={String(s.position)} safe>
                      {model.stageName(s)}
                    </option>
                  ))}
              </select>
              <label for="sb-comment" safe>
                {t.comment}
              </label>
              <textarea id="sb-comment" name="comment" rows="2" required></textarea>
            </div>
          </ActionForm>
        ) : (
          ''
        )}
        {acts.canSchedule ? (
          <>
            {a.status !== 'published' && acts.canPublish ? (
              <ActionForm id={a.id} path="schedule" csrf={csrf} label={t.schedulePublish}>
                <input type="hidden" name="kind" value="publish" />
                <label>
                  {escapeText(t.scheduleAt)} <input type="datetime-local" name="at" required />
                </label>
              </ActionForm>
            ) : (
              ''
            )}
            {a.status === 'published' || acts.canPublish ? (
              <ActionForm id={a.id} path="schedule" csrf={csrf} label={t.scheduleWithdraw}>
                <input type="hidden" name="kind" value="withdraw" />
                <label>
                  {escapeText(t.scheduleAt)} <input type="datetime-local" name="at" required />
                </label>
              </ActionForm>
            ) : (
              ''
            )}
          </>
        ) : (
          ''
        )}
        <ActionForm id={a.id} path="preview-link" csrf={csrf} label={t.previewLink} />
        {model.previewUrl ? (
          <p>
            {escapeText(t.previewCreated)}
            <a href={model.previewUrl} safe>
              {model.previewUrl}
            </a>
          </p>
        ) : (
          ''
        )}
      </div>
      {model.jobs.length > 0 ? (
        <>
          <h3 safe>{t.scheduled}</h3>
          <ul>
            {model.jobs.map((j) => (
              <li>
                {escapeText(`${t.jobKinds[j.kind] ?? j.kind} · ${f(j.runAt)} · ${t.jobStatus[j.status] ?? j.status}`)}
                {j.lastError ? <small class="nr-muted" safe>{` (${j.lastError})`}</small> : ''}
                {j.status === 'pending' && acts.canSchedule ? <ActionForm id={a.id} path={`jobs/${j.id}/cancel`} csrf={csrf} label={t.cancelJob} /> : ''}
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {model.seesHistory ? (
        <>
          <h3 safe>{t.history}</h3>
          <ol class="nr-history">
            {model.history.map((e) => (
              <li>
                <small safe>{`${f(e.at)} ${e.actorName ?? ''} ${t.events[e.action] ?? e.action}`}</small>
                {eventNote(e, t, f)}
              </li>
            ))}
          </ol>
          <p>
            <a href={`/newsroom/articles/${a.id}/revisions`} safe>
              {t.revisions}
            </a>
          </p>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

export function ArticleEditPage(props: { shell: NewsroomShell; model: ArticleEditModel }): JSX.Element {
  const { shell, model } = props;
  const { t } = shell;
  const title = model.article ? model.draft.title || t.edit : t.newArticle;
  return (
    <NewsroomLayout shell={shell} title={title} current="articles">
      <h1 safe>{title}</h1>
      <Notice text={model.notice} />
      <FormErrors t={t} errors={model.errors} />
      {model.conflict ? (
        <section class="nr-card nr-alert nr-alert--error" aria-labelledby="conflict-h">
          <h2 id="conflict-h" safe>
            {t.conflictTitle}
          </h2>
          <p safe>{t.conflictIntro(model.conflict.byName, model.formatTime(model.conflict.theirs.updatedAt))}</p>
          <h3 safe>{`${t.conflictTheirs} → ${t.conflictYours}`}</h3>
          <DiffView t={t} diff={model.conflict.diff} />
        </section>
      ) : (
        ''
      )}
      {model.autosave && !model.conflict ? (
        <section class="nr-card" aria-labelledby="autosave-h">
          <p id="autosave-h" safe>
            {`${t.restoreAutosave}（${model.formatTime(model.autosave.createdAt)}）`}
          </p>
          <form method="post" action={`/newsroom/articles/${model.article?.id ?? 0}/revisions/${model.autosave.id}/restore`}>
            <CsrfField token={shell.csrfToken} />
            <button type="submit" class="btn" safe>
              {t.restoreAutosaveButton}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <div class="nr-editor">
        <ArticleForm t={t} model={model} csrf={shell.csrfToken} />
        <aside class="nr-side">
          <WorkflowPanel t={t} model={model} csrf={shell.csrfToken} />
        </aside>
      </div>
    </NewsroomLayout>
  );
}
