/** Configuring each channel's review stages (chief editors). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Role } from '../../db/schema.ts';
import { audit } from '../../features/audit/audit.service.ts';
import { channelTree, getChannelByPath } from '../../features/channels/channels.service.ts';
import { can } from '../../features/users/capabilities.ts';
import { isRole } from '../../features/users/roles.ts';
import { allUsers } from '../../features/users/users.service.ts';
import { configureStages, ownStages, stagesForChannel } from '../../features/workflow/workflow.service.ts';
import { AppError, userMessage } from '../../platform/errors.ts';
import { requireCapability } from '../auth.ts';
import { localeOf, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { MAX_STAGES, ReviewPage } from '../views/review-page.tsx';

const Id = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });

function values(body: Record<string, unknown>, key: string): string[] {
  const v = body[key];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

export async function reviewRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock } = deps;

  async function page(req: FastifyRequest, channelId: number, errors: string[], notice: string | null) {
    const tree = await channelTree(db);
    const approvers = (await allUsers(db)).filter((u) => !u.disabled && can(u.role, 'article.approve'));
    return (
      <ReviewPage
        shell={shellOf(req, deps)}
        channels={tree.map((c) => ({ id: c.id, label: `${'　'.repeat(c.depth)}${c.name}` }))}
        channelId={channelId}
        own={await ownStages(db, channelId)}
        effective={await stagesForChannel(db, channelId)}
        approvers={approvers}
        errors={errors}
        notice={notice}
      />
    );
  }

  app.get(
    '/review-stages',
    { schema: { querystring: Type.Object({ channel: Type.Optional(Type.String({ pattern: '^[0-9]{1,16}$' })), notice: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (req, reply) => {
      requireCapability(req, 'review.configure');
      const channelId = req.query.channel ? Number(req.query.channel) : ((await getChannelByPath(db, ''))?.id ?? 0);
      return sendPage(reply, await page(req, channelId, [], req.query.notice === 'saved' ? `✓ ${shellOf(req, deps).t.saved}` : null));
    },
  );

  app.post('/review-stages/:id', { schema: { params: Id, body: Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 100 })])) } }, async (req, reply) => {
    const { user } = requireCapability(req, 'review.configure');
    const channelId = Number(req.params.id);
    const body = req.body as Record<string, unknown>;
    const stages: Array<{ name: string; rule: 'any' | 'all'; minRole: Exclude<Role, 'reporter'>; approverIds: number[] }> = [];
    for (let i = 0; i < MAX_STAGES; i++) {
      const name = String(body[`name${i}`] ?? '').trim();
      if (!name) continue;
      const minRole = String(body[`minRole${i}`] ?? 'editor');
      if (!isRole(minRole) || minRole === 'reporter') throw new AppError('VALIDATION_FAILED', `minRole${i}`);
      stages.push({ name, rule: body[`rule${i}`] === 'all' ? ('all' as const) : ('any' as const), minRole, approverIds: values(body, `approvers${i}`).map(Number).filter(Number.isSafeInteger) });
    }
    try {
      await db.transaction().execute(async (trx) => {
        await configureStages(trx, clock, user, channelId, stages);
        await audit(trx, clock, { actorId: user.id, action: 'review.configure', subjectType: 'channel', subjectId: channelId, detail: { stages: stages.map((s) => s.name) }, ip: req.ip });
      });
      return seeOther(reply, `/newsroom/review-stages?channel=${channelId}&notice=saved`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.code === 'FORBIDDEN') throw error;
      return sendPage(reply, await page(req, channelId, [`${userMessage(error.code, localeOf(req, deps))}${error.detail ? `（${error.detail}）` : ''}`], null), error.status);
    }
  });
}
