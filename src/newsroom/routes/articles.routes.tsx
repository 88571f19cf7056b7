/**
 * Articles in the newsroom: list, write, save (never over someone else's save), autosave,
 * the workflow actions, schedules, revisions and preview links. Each change runs in one
 * transaction with its revision, workflow event and audit entry.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ArticleStatus, Db } from '../../db/schema.ts';
import { allowedPlacement, canEdit, canSeeHistory, canView } from '../../features/articles/article-access.ts';
import { articlePath } from '../../features/articles/article-path.ts';
import {
  autosaveArticle,
  blankDraft,
  contentOf,
  createDraft,
  getEditable,
  saveArticle,
  type ArticleDraft,
  type EditableArticle,
} from '../../features/articles/editing.service.ts';
import { decodeNewsroomCursor, encodeNewsroomCursor, newsroomArticles } from '../../features/articles/listing.service.ts';
import { audit } from '../../features/audit/audit.service.ts';
import { channelTree, getChannelByPath } from '../../features/channels/channels.service.ts';
import { primaryUrl } from '../../features/media/media.ts';
import { knownPeople } from '../../features/people/people.service.ts';
import { knownSources } from '../../features/sources/sources.service.ts';
import { getMedia } from '../../features/media/media.service.ts';
import { previewPath } from '../../features/preview/preview.ts';
import { diffContents, getRevision, pendingAutosave, revisionsOf } from '../../features/revisions/revisions.service.ts';
import { signingSecret } from '../../features/settings/settings.service.ts';
import { parseTagList } from '../../features/tags/tags.service.ts';
import { can } from '../../features/users/capabilities.ts';
import type { User } from '../../features/users/user.ts';
import {
  approve,
  availableActions,
  cancelScheduled,
  historyOf,
  publish,
  schedule,
  scheduledJobs,
  sendBack,
  submitForReview,
  withdraw,
  type ReviewStage,
} from '../../features/workflow/workflow.service.ts';
import { AppError, userMessage } from '../../platform/errors.ts';
import { measureText } from '../../shared/reading.ts';
import { formatDateTime, parseLocalDateTime } from '../../shared/time.ts';
import { bodyBlocksText } from '../../features/articles/body-html.ts';
import { requireCapability, requireSession } from '../auth.ts';
import { localeOf, messagesOf, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { ArticleEditPage, type ArticleEditModel } from '../views/article-edit.tsx';
import { ArticleListPage } from '../views/article-list.tsx';
import { RevisionDiffPage, RevisionsPage } from '../views/revisions.tsx';

const Id = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const Csrf = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 100 })) });
const short = (max = 500) => Type.Optional(Type.String({ maxLength: max }));

const ArticleForm = Type.Object({
  _csrf: short(100),
  version: short(20),
  title: short(1000),
  summary: short(2000),
  bodyHtml: short(1_000_000),
  channelId: short(20),
  source: short(200),
  byline: short(300),
  reporters: short(500),
  editorInCharge: short(100),
  tags: short(1000),
  coverMediaId: short(20),
  focus: short(10),
  exclusive: short(10),
  recommended: short(10),
  pinned: short(10),
});
type ArticleFormBody = Static<typeof ArticleForm>;

const ListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('draft'), Type.Literal('in_review'), Type.Literal('published'), Type.Literal('withdrawn')])),
  mine: short(5),
  before: short(100),
});

const NOTICES = ['saved', 'submitted', 'approved', 'published', 'sent_back', 'withdrawn', 'scheduled', 'cancelled', 'restored'] as const;

function positiveInt(text: string | undefined): number | null {
  if (!text || !/^[1-9][0-9]{0,15}$/.test(text.trim())) return null;
  return Number(text.trim());
}

function splitNames(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,，、;；\n]/u)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 20);
}

/** The form as an ArticleDraft; problems are named for the user. */
function draftFromForm(body: ArticleFormBody, fallbackChannelId: number): ArticleDraft {
  return {
    title: body.title ?? '',
    summary: body.summary ?? '',
    bodyHtml: body.bodyHtml ?? '',
    channelId: positiveInt(body.channelId) ?? fallbackChannelId,
    source: body.source ?? '',
    byline: body.byline ?? '',
    reporters: splitNames(body.reporters),
    editorInCharge: body.editorInCharge ?? '',
    tags: parseTagList(body.tags ?? ''),
    coverMediaId: positiveInt(body.coverMediaId),
    placement: { focus: !!body.focus, exclusive: !!body.exclusive, recommended: !!body.recommended, pinned: !!body.pinned },
  };
}

export async function articleRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock, config } = deps;
  const tz = config.site.timeZone;
  const formatTime = (d: Date) => formatDateTime(d, tz);

  async function channelOptions() {
    return (await channelTree(db)).map((c) => ({ id: c.id, label: `${'　'.repeat(c.depth)}${c.name}` }));
  }

  async function defaultChannelId(): Promise<number> {
    return (await getChannelByPath(db, ''))?.id ?? 0;
  }

  async function viewable(user: User, id: number): Promise<EditableArticle> {
    const article = await getEditable(db, id);
    if (!article) throw new AppError('ARTICLE_NOT_FOUND');
    if (!canView(user, article)) throw new AppError('FORBIDDEN', 'article.view');
    return article;
  }

  /** For revisions and diffs: the article may be public, its drafts and review comments are not. */
  async function withHistory(user: User, id: number): Promise<EditableArticle> {
    const article = await viewable(user, id);
    if (!canSeeHistory(user, article)) throw new AppError('FORBIDDEN', 'article.history');
    return article;
  }

  /** Builds the edit page for an article (or a new one), with whatever state the request left. */
  async function editModel(
    req: FastifyRequest,
    article: EditableArticle | null,
    extra: Partial<Pick<ArticleEditModel, 'draft' | 'conflict' | 'errors' | 'notice' | 'previewUrl' | 'version'>> = {},
  ): Promise<ArticleEditModel> {
    const { user } = requireSession(req);
    const t = messagesOf(req, deps);
    const draft: ArticleDraft = extra.draft ?? article ?? blankDraft({ channelId: await defaultChannelId() });
    const cover = draft.coverMediaId ? await getMedia(db, draft.coverMediaId) : null;
    const text = bodyBlocksText(draft.bodyHtml).join('\n');
    const m = measureText(text);
    const stageName = (s: ReviewStage) => s.name || t.defaultStage;
    const seesHistory = article !== null && canSeeHistory(user, article);
    return {
      article,
      draft,
      version: extra.version ?? article?.version ?? 0,
      channels: await channelOptions(),
      knownSources: await knownSources(db),
      knownPeople: await knownPeople(db),
      readOnly: article ? !canEdit(user, article) : false,
      canPlace: can(user.role, 'article.place'),
      actions: article ? await availableActions(db, user, article.id) : null,
      seesHistory,
      history: seesHistory ? await historyOf(db, article.id) : [],
      jobs: seesHistory ? await scheduledJobs(db, article.id) : [],
      autosave: article && !extra.conflict ? await pendingAutosave(db, article.id, article.version, user.id) : null,
      conflict: extra.conflict ?? null,
      errors: extra.errors ?? [],
      notice: extra.notice ?? null,
      previewUrl: extra.previewUrl ?? null,
      publicUrl: article?.status === 'published' && article.publishedAt ? articlePath(article.id, article.publishedAt, tz) : null,
      coverUrl: cover ? primaryUrl(cover) : null,
      counts: { chars: m.chars, minutes: m.minutes },
      formatTime,
      stageName,
    };
  }

  function noticeText(req: FastifyRequest, key: string | undefined): string | null {
    if (!key || !(NOTICES as readonly string[]).includes(key)) return null;
    const t = messagesOf(req, deps);
    const map: Record<(typeof NOTICES)[number], string> = {
      saved: t.saved,
      submitted: t.submit,
      approved: t.approve,
      published: t.publish,
      sent_back: t.sendBack,
      withdrawn: t.withdraw,
      scheduled: t.scheduled,
      cancelled: t.cancelJob,
      restored: t.restore,
    };
    return `✓ ${map[key as (typeof NOTICES)[number]]}`;
  }

  /** A message for a refused save, in the user's language. */
  function problem(req: FastifyRequest, error: AppError): string {
    return `${userMessage(error.code, localeOf(req, deps))}${error.detail ? `（${error.detail}）` : ''}`;
  }

  app.get('/articles', { schema: { querystring: ListQuery } }, async (req, reply) => {
    const { user } = requireSession(req);
    const mine = req.query.mine === '1' || !can(user.role, 'article.view_all');
    const status = (req.query.status || null) as ArticleStatus | null;
    const before = decodeNewsroomCursor(req.query.before);
    const page = await newsroomArticles(db, { status: status ?? undefined, authorId: mine ? user.id : undefined, before, limit: 50 });
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (mine) params.set('mine', '1');
    if (page.next) params.set('before', encodeNewsroomCursor(page.next));
    return sendPage(
      reply,
      <ArticleListPage shell={shellOf(req, deps)} items={page.items} status={status} mine={mine} nextUrl={page.next ? `/newsroom/articles?${params}` : null} formatTime={formatTime} />,
    );
  });

  app.get('/articles/new', async (req, reply) => {
    requireCapability(req, 'article.create');
    const model = await editModel(req, null);
    return sendPage(reply, <ArticleEditPage shell={shellOf(req, deps, { scripts: [deps.assets.urls.editorJs] })} model={model} />);
  });

  app.post('/articles', { schema: { body: ArticleForm } }, async (req, reply) => {
    const { user } = requireCapability(req, 'article.create');
    const draft = draftFromForm(req.body, await defaultChannelId());
    try {
      const id = await db.transaction().execute(async (trx) => {
        const created = await createDraft(trx, clock, user, draft);
        await audit(trx, clock, { actorId: user.id, action: 'article.create', subjectType: 'article', subjectId: created, ip: req.ip });
        return created;
      });
      return seeOther(reply, `/newsroom/articles/${id}?notice=saved`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.code === 'FORBIDDEN') throw error;
      const model = await editModel(req, null, { draft, errors: [problem(req, error)] });
      return sendPage(reply, <ArticleEditPage shell={shellOf(req, deps, { scripts: [deps.assets.urls.editorJs] })} model={model} />, 400);
    }
  });

  app.get(
    '/articles/:id',
    { schema: { params: Id, querystring: Type.Object({ notice: short(20), preview: short(300) }) } },
    async (req, reply) => {
      const { user } = requireSession(req);
      const article = await viewable(user, Number(req.params.id));
      const preview = req.query.preview?.startsWith('/preview/') ? `${config.publicUrl}${req.query.preview}` : null;
      const model = await editModel(req, article, { notice: noticeText(req, req.query.notice), previewUrl: preview });
      return sendPage(reply, <ArticleEditPage shell={shellOf(req, deps, { scripts: [deps.assets.urls.editorJs] })} model={model} />);
    },
  );

  app.post('/articles/:id', { schema: { params: Id, body: ArticleForm } }, async (req, reply) => {
    const { user } = requireSession(req);
    const id = Number(req.params.id);
    const base = positiveInt(req.body.version) ?? 0;
    const draft = draftFromForm(req.body, await defaultChannelId());
    const shell = shellOf(req, deps, { scripts: [deps.assets.urls.editorJs] });
    try {
      const result = await db.transaction().execute(async (trx) => {
        const r = await saveArticle(trx, clock, user, id, base, draft);
        if (r.ok) await audit(trx, clock, { actorId: user.id, action: 'article.save', subjectType: 'article', subjectId: id, detail: { version: r.version }, ip: req.ip });
        return r;
      });
      if (result.ok) return seeOther(reply, `/newsroom/articles/${id}?notice=saved`);
      // Someone saved in between: show their changes against the user's, keep the user's text.
      const theirs = result.current;
      const mine = { ...draft, placement: allowedPlacement(user, draft.placement, theirs.placement) };
      const lastRevision = (await revisionsOf(db, id, 5)).find((r) => r.kind !== 'autosave');
      const conflict = { theirs, byName: lastRevision?.authorName ?? '', diff: diffContents(contentOf(theirs), contentOf(mine)) };
      const model = await editModel(req, theirs, { draft: mine, conflict, version: theirs.version, errors: [userMessage('VERSION_CONFLICT', localeOf(req, deps))] });
      return sendPage(reply, <ArticleEditPage shell={shell} model={model} />, 409);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.code === 'FORBIDDEN' || error.code === 'ARTICLE_NOT_FOUND') throw error;
      const current = await viewable(user, id);
      const model = await editModel(req, current, { draft, version: base, errors: [problem(req, error)] });
      return sendPage(reply, <ArticleEditPage shell={shell} model={model} />, 400);
    }
  });

  app.post('/articles/:id/autosave', { schema: { params: Id, body: ArticleForm } }, async (req, reply) => {
    const { user } = requireSession(req);
    const id = Number(req.params.id);
    const draft = draftFromForm(req.body, await defaultChannelId());
    await db.transaction().execute((trx) => autosaveArticle(trx, clock, user, id, positiveInt(req.body.version) ?? 0, draft));
    const p = formatDateTime(clock.now(), tz);
    return reply.send({ savedAt: p.slice(11) });
  });

  /** A workflow step: checks, runs in a transaction with its audit entry, returns to the article. */
  function step(path: string, notice: (typeof NOTICES)[number], run: (trx: Db, user: User, id: number, body: Record<string, string | undefined>) => Promise<unknown>) {
    app.post(`/articles/:id/${path}`, { schema: { params: Id, body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 5000 })) } }, async (req, reply) => {
      const { user } = requireSession(req);
      const id = Number(req.params.id);
      await db.transaction().execute(async (trx) => {
        await run(trx, user, id, req.body);
        await audit(trx, clock, { actorId: user.id, action: `article.${path.replace(/\/.*$/, '').replace('-', '_')}`, subjectType: 'article', subjectId: id, ip: req.ip });
      });
      return seeOther(reply, `/newsroom/articles/${id}?notice=${notice}`);
    });
  }

  step('submit', 'submitted', (trx, user, id) => submitForReview(trx, clock, user, id));
  // The form always sends the stage it showed. A request without one (JSON clients, scripts)
  // approves the current stage as before: it saw no page, so no stage of it can be stale.
  // Refused because the review moved on, the approver gets the article as it stands now.
  app.post(
    '/articles/:id/approve',
    { schema: { params: Id, body: Type.Object({ _csrf: short(100), stage: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })) }) } },
    async (req, reply) => {
      const { user } = requireSession(req);
      const id = Number(req.params.id);
      const seenStage = req.body.stage === undefined ? undefined : Number(req.body.stage);
      try {
        await db.transaction().execute(async (trx) => {
          await approve(trx, clock, user, id, seenStage);
          await audit(trx, clock, { actorId: user.id, action: 'article.approve', subjectType: 'article', subjectId: id, ip: req.ip });
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'REVIEW_STAGE_MOVED') throw error;
        const model = await editModel(req, await viewable(user, id), { errors: [problem(req, error)] });
        return sendPage(reply, <ArticleEditPage shell={shellOf(req, deps, { scripts: [deps.assets.urls.editorJs] })} model={model} />, 409);
      }
      return seeOther(reply, `/newsroom/articles/${id}?notice=approved`);
    },
  );
  step('publish', 'published', (trx, user, id) => publish(trx, clock, user, id));
  step('withdraw', 'withdrawn', (trx, user, id) => withdraw(trx, clock, user, id));
  step('send-back', 'sent_back', (trx, user, id, body) => {
    const target = body.target === 'author' ? 'author' : Number(body.target);
    if (target !== 'author' && !Number.isInteger(target)) throw new AppError('VALIDATION_FAILED', 'target');
    return sendBack(trx, clock, user, id, target, body.comment ?? '');
  });
  step('schedule', 'scheduled', (trx, user, id, body) => {
    const at = parseLocalDateTime((body.at ?? '').replace('T', ' ').slice(0, 16), tz);
    if (!at) throw new AppError('VALIDATION_FAILED', 'at: a date and time');
    if (body.kind !== 'publish' && body.kind !== 'withdraw') throw new AppError('VALIDATION_FAILED', 'kind');
    return schedule(trx, clock, user, id, body.kind, at);
  });

  app.post('/articles/:id/jobs/:jobId/cancel', { schema: { params: Type.Object({ id: Id.properties.id, jobId: Id.properties.id }), body: Csrf } }, async (req, reply) => {
    const { user } = requireSession(req);
    const id = Number(req.params.id);
    await db.transaction().execute(async (trx) => {
      await cancelScheduled(trx, clock, user, id, Number(req.params.jobId));
      await audit(trx, clock, { actorId: user.id, action: 'article.cancel_schedule', subjectType: 'article', subjectId: id, detail: { job: Number(req.params.jobId) }, ip: req.ip });
    });
    return seeOther(reply, `/newsroom/articles/${id}?notice=cancelled`);
  });

  app.post('/articles/:id/preview-link', { schema: { params: Id, body: Csrf } }, async (req, reply) => {
    const { user } = requireCapability(req, 'article.preview_link');
    const id = Number(req.params.id);
    const article = await viewable(user, id);
    if (!canEdit(user, article) && !can(user.role, 'article.view_all')) throw new AppError('FORBIDDEN', 'article.preview_link');
    const secret = await signingSecret(db, clock, config.secretKey);
    const path = previewPath(id, clock.now(), secret);
    await audit(db, clock, { actorId: user.id, action: 'article.preview_link', subjectType: 'article', subjectId: id, ip: req.ip });
    return seeOther(reply, `/newsroom/articles/${id}?preview=${encodeURIComponent(path)}`);
  });

  app.get('/articles/:id/revisions', { schema: { params: Id } }, async (req, reply) => {
    const { user } = requireSession(req);
    const article = await withHistory(user, Number(req.params.id));
    const revisions = await revisionsOf(db, article.id);
    const canRestore = canEdit(user, article) && can(user.role, 'article.restore_revision');
    return sendPage(
      reply,
      <RevisionsPage shell={shellOf(req, deps)} articleId={article.id} title={article.title} revisions={revisions} canRestore={canRestore} formatTime={formatTime} />,
    );
  });

  app.get(
    '/articles/:id/revisions/compare',
    { schema: { params: Id, querystring: Type.Object({ a: Id.properties.id, b: Id.properties.id }) } },
    async (req, reply) => {
      const { user } = requireSession(req);
      const article = await withHistory(user, Number(req.params.id));
      const [a, b] = await Promise.all([getRevision(db, article.id, Number(req.query.a)), getRevision(db, article.id, Number(req.query.b))]);
      if (!a || !b) throw new AppError('NOT_FOUND');
      const [older, newer] = a.id <= b.id ? [a, b] : [b, a];
      return sendPage(reply, <RevisionDiffPage shell={shellOf(req, deps)} articleId={article.id} a={older} b={newer} diff={diffContents(older, newer)} />);
    },
  );

  app.post('/articles/:id/revisions/:revisionId/restore', { schema: { params: Type.Object({ id: Id.properties.id, revisionId: Id.properties.id }), body: Csrf } }, async (req, reply) => {
    const { user } = requireCapability(req, 'article.restore_revision');
    const id = Number(req.params.id);
    const current = await withHistory(user, id);
    const revision = await getRevision(db, id, Number(req.params.revisionId));
    if (!revision) throw new AppError('NOT_FOUND');
    const m = revision.meta;
    const draft: ArticleDraft = {
      title: revision.title,
      summary: revision.summary,
      bodyHtml: revision.bodyHtml,
      channelId: m.channelId || current.channelId,
      source: m.source,
      byline: m.byline,
      reporters: m.reporters,
      editorInCharge: m.editorInCharge,
      tags: m.tags,
      coverMediaId: m.coverMediaId,
      placement: m.placement,
    };
    const result = await db.transaction().execute(async (trx) => {
      const r = await saveArticle(trx, clock, user, id, current.version, draft, 'restore');
      if (r.ok) await audit(trx, clock, { actorId: user.id, action: 'article.restore_revision', subjectType: 'article', subjectId: id, detail: { revision: revision.id }, ip: req.ip });
      return r;
    });
    if (!result.ok) throw new AppError('VERSION_CONFLICT');
    return seeOther(reply, `/newsroom/articles/${id}?notice=restored`);
  });
}
