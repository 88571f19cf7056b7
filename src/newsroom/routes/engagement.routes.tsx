/** Curated slots (editors), the mood set (admins) and vote-stuffing alerts (editors). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../db/schema.ts';
import type { Action } from '../../features/users/capabilities.ts';
import { audit } from '../../features/audit/audit.service.ts';
import { channelTree, getChannelById } from '../../features/channels/channels.service.ts';
import { ensureSlot, moveInSlot, placeInSlot, removeFromSlot, slotsForNewsroom } from '../../features/feed/feed.service.ts';
import { addMood, configureMood, dismissAlert, moodAdminList } from '../../features/moods/moods.service.ts';
import { getEditable } from '../../features/articles/editing.service.ts';
import { AppError, userMessage } from '../../platform/errors.ts';
import { formatDateTime, parseLocalDateTime } from '../../shared/time.ts';
import { requireCapability } from '../auth.ts';
import { localeOf, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { MoodsPage } from '../views/moods-page.tsx';
import { SlotsPage } from '../views/slots-page.tsx';
import { invalidatePages } from '../../features/invalidation/invalidation.service.ts';
import { PageTag } from '../../features/invalidation/page-tags.ts';

const csrf = Type.String({ maxLength: 100 });
const num = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const Notice = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });

export async function engagementAdminRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock, config } = deps;
  const tz = config.site.timeZone;

  const slotsPage = async (req: FastifyRequest, errors: string[], notice: string | null) => (
    <SlotsPage
      shell={shellOf(req, deps)}
      slots={await slotsForNewsroom(db)}
      channels={(await channelTree(db)).filter((c) => c.depth > 0).map((c) => ({ id: c.id, label: `${'　'.repeat(c.depth - 1)}${c.name}` }))}
      errors={errors}
      notice={notice}
      formatTime={(d) => formatDateTime(d, tz)}
    />
  );
  const moodsPage = async (req: FastifyRequest, errors: string[], notice: string | null) => (
    <MoodsPage shell={shellOf(req, deps)} moods={await moodAdminList(db)} errors={errors} notice={notice} />
  );

  /** Runs a change in one transaction with its audit entry; a refusal re-renders the page with the reason. */
  async function change(
    req: FastifyRequest,
    reply: FastifyReply,
    need: Action,
    action: string,
    back: string,
    page: (req: FastifyRequest, errors: string[], notice: string | null) => Promise<JSX.Element>,
    run: (trx: Db) => Promise<unknown>,
  ) {
    const { user } = requireCapability(req, need);
    try {
      await db.transaction().execute(async (trx) => {
        await run(trx);
        await audit(trx, clock, { actorId: user.id, action, subjectType: need.split('.')[0] ?? 'item', ip: req.ip });
        // Slots feed every list; the mood set is part of every page's shell.
        await invalidatePages(trx, clock, [need === 'placement.manage' ? PageTag.lists : PageTag.site]);
      });
      return seeOther(reply, `${back}?notice=saved`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return sendPage(reply, await page(req, [`${userMessage(error.code, localeOf(req, deps))}${error.detail ? `（${error.detail}）` : ''}`], null), error.status);
    }
  }

  const notice = (req: FastifyRequest, key: string | undefined) => (key === 'saved' ? `✓ ${shellOf(req, deps).t.saved}` : null);
  const localTime = (text: string | undefined, field: string): Date | null => {
    if (!text) return null;
    const at = parseLocalDateTime(text.replace('T', ' ').slice(0, 16), tz);
    if (!at) throw new AppError('VALIDATION_FAILED', `${field}: a date and time`);
    return at;
  };

  app.get('/slots', { schema: { querystring: Notice } }, async (req, reply) => {
    requireCapability(req, 'placement.manage');
    return sendPage(reply, await slotsPage(req, [], notice(req, req.query.notice)));
  });
  app.post('/slots', { schema: { body: Type.Object({ _csrf: csrf, channelId: num }) } }, async (req, reply) =>
    change(req, reply, 'placement.manage', 'slot.create', '/newsroom/slots', slotsPage, async (trx) => {
      const channel = await getChannelById(trx, Number(req.body.channelId));
      if (!channel) throw new AppError('CHANNEL_NOT_FOUND');
      await ensureSlot(trx, channel);
    }),
  );
  app.post(
    '/slots/:slotId/items',
    { schema: { params: Type.Object({ slotId: num }), body: Type.Object({ _csrf: csrf, articleId: num, startsAt: Type.Optional(Type.String({ maxLength: 20 })), endsAt: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (req, reply) =>
      change(req, reply, 'placement.manage', 'slot.add', '/newsroom/slots', slotsPage, async (trx) => {
        if (!(await getEditable(trx, Number(req.body.articleId)))) throw new AppError('ARTICLE_NOT_FOUND');
        await placeInSlot(trx, Number(req.params.slotId), Number(req.body.articleId), { startsAt: localTime(req.body.startsAt, 'startsAt'), endsAt: localTime(req.body.endsAt, 'endsAt') });
      }),
  );
  app.post('/slots/:slotId/items/:articleId/remove', { schema: { params: Type.Object({ slotId: num, articleId: num }), body: Type.Object({ _csrf: csrf }) } }, async (req, reply) =>
    change(req, reply, 'placement.manage', 'slot.remove', '/newsroom/slots', slotsPage, (trx) => removeFromSlot(trx, Number(req.params.slotId), Number(req.params.articleId))),
  );
  app.post(
    '/slots/:slotId/items/:articleId/move',
    { schema: { params: Type.Object({ slotId: num, articleId: num }), body: Type.Object({ _csrf: csrf, direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) }) } },
    async (req, reply) =>
      change(req, reply, 'placement.manage', 'slot.move', '/newsroom/slots', slotsPage, (trx) => moveInSlot(trx, Number(req.params.slotId), Number(req.params.articleId), req.body.direction)),
  );

  app.get('/moods', { schema: { querystring: Notice } }, async (req, reply) => {
    requireCapability(req, 'moods.configure');
    return sendPage(reply, await moodsPage(req, [], notice(req, req.query.notice)));
  });
  const MoodFields = {
    nameZh: Type.String({ maxLength: 40 }),
    nameEn: Type.String({ maxLength: 60 }),
    icon: Type.String({ maxLength: 16 }),
  };
  app.post('/moods', { schema: { body: Type.Object({ _csrf: csrf, key: Type.String({ maxLength: 40 }), ...MoodFields }) } }, async (req, reply) =>
    change(req, reply, 'moods.configure', 'moods.add', '/newsroom/moods', moodsPage, (trx) => addMood(trx, req.body)),
  );
  app.post(
    '/moods/:id',
    { schema: { params: Type.Object({ id: num }), body: Type.Object({ _csrf: csrf, ...MoodFields, position: Type.String({ pattern: '^[0-9]{1,3}$' }), active: Type.Optional(Type.String({ maxLength: 5 })) }) } },
    async (req, reply) =>
      change(req, reply, 'moods.configure', 'moods.configure', '/newsroom/moods', moodsPage, (trx) =>
        configureMood(trx, Number(req.params.id), { ...req.body, position: Number(req.body.position), active: !!req.body.active }),
      ),
  );

  app.post('/mood-alerts/:id/dismiss', { schema: { params: Type.Object({ id: num }), body: Type.Object({ _csrf: csrf }) } }, async (req, reply) => {
    const { user } = requireCapability(req, 'moods.review_alerts');
    await db.transaction().execute(async (trx) => {
      await dismissAlert(trx, clock, Number(req.params.id));
      await audit(trx, clock, { actorId: user.id, action: 'moods.dismiss_alert', subjectType: 'mood_alert', subjectId: Number(req.params.id), ip: req.ip });
    });
    return seeOther(reply, '/newsroom');
  });
}
