import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { auditPage } from '../../features/audit/audit.service.ts';
import { formatDateTime } from '../../shared/time.ts';
import { requireCapability } from '../auth.ts';
import { sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { AuditPage } from '../views/audit-page.tsx';

export async function auditRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  app.get('/audit', { schema: { querystring: Type.Object({ before: Type.Optional(Type.String({ pattern: '^[0-9]{1,16}$' })) }) } }, async (req, reply) => {
    requireCapability(req, 'audit.view');
    const page = await auditPage(deps.db, { beforeId: req.query.before ? Number(req.query.before) : undefined, limit: 100 });
    return sendPage(
      reply,
      <AuditPage
        shell={shellOf(req, deps)}
        items={page.items}
        nextUrl={page.nextBeforeId ? `/newsroom/audit?before=${page.nextBeforeId}` : null}
        formatTime={(d) => formatDateTime(d, deps.config.site.timeZone)}
      />,
    );
  });
}
