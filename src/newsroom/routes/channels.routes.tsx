/** Channel management for chief editors. Every change is one transaction with its audit entry. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { audit } from '../../features/audit/audit.service.ts';
import { addChannel, channelArticleCounts, deleteChannel, moveChannel, renameChannel, reorderChannel } from '../../features/channels/channel-admin.service.ts';
import { channelTree } from '../../features/channels/channels.service.ts';
import { AppError, userMessage } from '../../platform/errors.ts';
import { requireCapability } from '../auth.ts';
import { localeOf, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { ChannelsPage } from '../views/channels-page.tsx';
import { invalidatePages } from '../../features/invalidation/invalidation.service.ts';
import { PageTag } from '../../features/invalidation/page-tags.ts';

const Id = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const csrf = Type.String({ maxLength: 100 });

/** The form's fields for the audit log, without its CSRF token. */
function withoutToken(body: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([k]) => k !== '_csrf'));
}

export async function channelRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock } = deps;

  async function page(req: FastifyRequest, errors: string[], notice: string | null) {
    const [tree, counts] = await Promise.all([channelTree(db), channelArticleCounts(db)]);
    return <ChannelsPage shell={shellOf(req, deps)} channels={tree.map((c) => ({ ...c, articles: counts.get(c.id) ?? 0 }))} errors={errors} notice={notice} />;
  }

  app.get('/channels', { schema: { querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    requireCapability(req, 'channel.manage');
    return sendPage(reply, await page(req, [], req.query.notice === 'saved' ? `✓ ${shellOf(req, deps).t.saved}` : null));
  });

  /**
   * Runs a change; a refused one re-renders the page with the reason, nothing changed.
   * What `run` returns joins the form's fields in the audit entry.
   */
  function change<B>(
    action: string,
    path: string,
    body: ReturnType<typeof Type.Object>,
    run: (trx: Db, req: FastifyRequest<{ Params: { id?: string }; Body: B }>) => Promise<Record<string, unknown> | void>,
  ) {
    app.post(path, { schema: { body, ...(path.includes(':id') ? { params: Id } : {}) } }, async (req, reply) => {
      const { user } = requireCapability(req, 'channel.manage');
      try {
        await db.transaction().execute(async (trx) => {
          const outcome = await run(trx, req as never);
          const detail = { ...withoutToken(req.body), ...outcome };
          await audit(trx, clock, { actorId: user.id, action: `channel.${action}`, subjectType: 'channel', subjectId: (req.params as { id?: string }).id ?? null, detail, ip: req.ip });
          // Channel names and paths are in every page's navigation and breadcrumb.
          await invalidatePages(trx, clock, [PageTag.site]);
        });
        return seeOther(reply, '/newsroom/channels?notice=saved');
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        const message = `${userMessage(error.code, localeOf(req, deps))}${error.detail ? `（${error.detail}）` : ''}`;
        return sendPage(reply, await page(req, [message], null), error.status);
      }
    });
  }

  change<{ parentId: string; name: string; slug?: string }>(
    'create',
    '/channels',
    Type.Object({ _csrf: csrf, parentId: Type.String({ pattern: '^[0-9]{1,16}$' }), name: Type.String({ maxLength: 100 }), slug: Type.Optional(Type.String({ maxLength: 100 })) }),
    async (trx, req) => {
      await addChannel(trx, clock, Number(req.body.parentId), req.body.name, req.body.slug ?? '');
    },
  );
  change<{ name: string }>('rename', '/channels/:id/rename', Type.Object({ _csrf: csrf, name: Type.String({ maxLength: 100 }) }), (trx, req) =>
    renameChannel(trx, clock, Number(req.params.id), req.body.name),
  );
  change<{ direction: 'up' | 'down' }>('reorder', '/channels/:id/reorder', Type.Object({ _csrf: csrf, direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) }), (trx, req) =>
    reorderChannel(trx, clock, Number(req.params.id), req.body.direction),
  );
  change<{ parentId: string }>('move', '/channels/:id/move', Type.Object({ _csrf: csrf, parentId: Type.String({ pattern: '^[0-9]{1,16}$' }) }), (trx, req) =>
    moveChannel(trx, clock, Number(req.params.id), Number(req.body.parentId)),
  );
  // Without a target (the form's default) a channel that still holds anything is refused.
  change<{ targetId?: string }>('delete', '/channels/:id/delete', Type.Object({ _csrf: csrf, targetId: Type.Optional(Type.String({ pattern: '^[0-9]{0,16}$' })) }), async (trx, req) => ({
    ...(await deleteChannel(trx, clock, Number(req.params.id), req.body.targetId ? Number(req.body.targetId) : null)),
  }));
}
