/** Topic management for chief editors. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { audit } from '../../features/audit/audit.service.ts';
import {
  addArticleToSection,
  addSection,
  allTopics,
  createTopic,
  deleteTopic,
  editTopic,
  moveArticleInSection,
  moveSection,
  removeArticleFromSection,
  removeSection,
  reorderTopic,
  topicForEditing,
  type TopicInput,
} from '../../features/topics/topics.service.ts';
import { AppError, userMessage } from '../../platform/errors.ts';
import { requireCapability } from '../auth.ts';
import { localeOf, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { TopicsPage } from '../views/topics-page.tsx';
import { invalidatePages } from '../../features/invalidation/invalidation.service.ts';
import { PageTag } from '../../features/invalidation/page-tags.ts';

const Id = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const TopicBody = Type.Object({
  _csrf: Type.String({ maxLength: 100 }),
  title: Type.String({ maxLength: 200 }),
  slug: Type.Optional(Type.String({ maxLength: 100 })),
  intro: Type.Optional(Type.String({ maxLength: 4000 })),
  bannerMediaId: Type.Optional(Type.String({ pattern: '^[0-9]{0,16}$' })),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
});

function inputOf(body: Static<typeof TopicBody>): TopicInput {
  return { title: body.title, slug: body.slug ?? '', intro: body.intro ?? '', bannerMediaId: body.bannerMediaId ? Number(body.bannerMediaId) || null : null, status: body.status };
}

export async function topicRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock } = deps;

  const page = async (req: FastifyRequest, errors: string[], notice: string | null) => {
    const topics = [];
    for (const topic of await allTopics(db)) topics.push({ ...topic, sections: (await topicForEditing(db, topic.id))?.sections ?? [] });
    return <TopicsPage shell={shellOf(req, deps)} topics={topics} errors={errors} notice={notice} />;
  };

  /** `run` may note what the audit entry should say beyond who, what and when. */
  async function attempt(
    req: FastifyRequest,
    reply: FastifyReply,
    action: string,
    subjectId: number | null,
    run: (trx: Db, note: (detail: Record<string, unknown>) => void) => Promise<unknown>,
  ) {
    const { user } = requireCapability(req, 'topic.manage');
    try {
      await db.transaction().execute(async (trx) => {
        let detail: Record<string, unknown> | undefined;
        await run(trx, (d) => {
          detail = d;
        });
        await audit(trx, clock, { actorId: user.id, action, subjectType: 'topic', subjectId, detail, ip: req.ip });
        await invalidatePages(trx, clock, [PageTag.topics]);
      });
      return seeOther(reply, '/newsroom/topics?notice=saved');
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return sendPage(reply, await page(req, [`${userMessage(error.code, localeOf(req, deps))}${error.detail ? `（${error.detail}）` : ''}`], null), error.status);
    }
  }

  app.get('/topics', { schema: { querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    requireCapability(req, 'topic.manage');
    return sendPage(reply, await page(req, [], req.query.notice === 'saved' ? `✓ ${shellOf(req, deps).t.saved}` : null));
  });

  app.post('/topics', { schema: { body: TopicBody } }, async (req, reply) => attempt(req, reply, 'topic.create', null, (trx) => createTopic(trx, clock, inputOf(req.body))));

  app.post('/topics/:id', { schema: { params: Id, body: TopicBody } }, async (req, reply) =>
    attempt(req, reply, 'topic.edit', Number(req.params.id), (trx) => editTopic(trx, clock, Number(req.params.id), inputOf(req.body))),
  );

  app.post(
    '/topics/:id/reorder',
    { schema: { params: Id, body: Type.Object({ _csrf: Type.String({ maxLength: 100 }), direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) }) } },
    async (req, reply) => attempt(req, reply, 'topic.reorder', Number(req.params.id), (trx) => reorderTopic(trx, clock, Number(req.params.id), req.body.direction)),
  );

  const num = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
  const csrf = Type.String({ maxLength: 100 });
  const direction = Type.Union([Type.Literal('up'), Type.Literal('down')]);

  // The form's checkbox is the confirmation: without it nothing is deleted, and the page says so.
  app.post('/topics/:id/delete', { schema: { params: Id, body: Type.Object({ _csrf: csrf, confirm: Type.Optional(Type.Literal('yes')) }) } }, async (req, reply) =>
    attempt(req, reply, 'topic.delete', Number(req.params.id), async (trx, note) => {
      if (req.body.confirm !== 'yes') throw new AppError('CONFIRMATION_REQUIRED');
      const topic = await deleteTopic(trx, Number(req.params.id));
      note({ title: topic.title, slug: topic.slug });
    }),
  );
  app.post('/topics/:id/sections', { schema: { params: Id, body: Type.Object({ _csrf: csrf, title: Type.String({ maxLength: 200 }) }) } }, async (req, reply) =>
    attempt(req, reply, 'topic.add_section', Number(req.params.id), (trx) => addSection(trx, Number(req.params.id), req.body.title)),
  );
  app.post('/topic-sections/:sectionId/move', { schema: { params: Type.Object({ sectionId: num }), body: Type.Object({ _csrf: csrf, direction }) } }, async (req, reply) =>
    attempt(req, reply, 'topic.move_section', null, (trx) => moveSection(trx, Number(req.params.sectionId), req.body.direction)),
  );
  app.post('/topic-sections/:sectionId/remove', { schema: { params: Type.Object({ sectionId: num }), body: Type.Object({ _csrf: csrf }) } }, async (req, reply) =>
    attempt(req, reply, 'topic.remove_section', null, (trx) => removeSection(trx, Number(req.params.sectionId))),
  );
  app.post('/topic-sections/:sectionId/articles', { schema: { params: Type.Object({ sectionId: num }), body: Type.Object({ _csrf: csrf, articleId: num }) } }, async (req, reply) =>
    attempt(req, reply, 'topic.add_article', null, (trx) => addArticleToSection(trx, Number(req.params.sectionId), Number(req.body.articleId))),
  );
  app.post('/topic-sections/:sectionId/articles/:articleId/remove', { schema: { params: Type.Object({ sectionId: num, articleId: num }), body: Type.Object({ _csrf: csrf }) } }, async (req, reply) =>
    attempt(req, reply, 'topic.remove_article', null, (trx) => removeArticleFromSection(trx, Number(req.params.sectionId), Number(req.params.articleId))),
  );
  app.post(
    '/topic-sections/:sectionId/articles/:articleId/move',
    { schema: { params: Type.Object({ sectionId: num, articleId: num }), body: Type.Object({ _csrf: csrf, direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) }) } },
    async (req, reply) =>
      attempt(req, reply, 'topic.move_article', null, (trx) => moveArticleInSection(trx, Number(req.params.sectionId), Number(req.params.articleId), req.body.direction)),
  );
}
