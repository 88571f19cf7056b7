/**
 * Content API read keys, for admins. A new key is shown in the response to the POST that
 * made it and never again (only its hash is kept); making and revoking are audited.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { apiKeys, createApiKey, revokeKey } from '../../features/api-keys/api-keys.service.ts';
import { audit } from '../../features/audit/audit.service.ts';
import { AppError, userMessage } from '../../platform/errors.ts';
import { formatDateTime } from '../../shared/time.ts';
import { requireCapability } from '../auth.ts';
import { localeOf, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { ApiKeysPage } from '../views/api-keys-page.tsx';

const csrf = Type.String({ maxLength: 100 });

export async function apiKeyRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock, config } = deps;

  const page = async (req: FastifyRequest, extra: { newKey?: string; errors?: string[]; notice?: string | null }) => (
    <ApiKeysPage
      shell={shellOf(req, deps)}
      model={{
        keys: await apiKeys(db),
        newKey: extra.newKey ?? null,
        keysRequired: config.api.keysRequired,
        errors: extra.errors ?? [],
        notice: extra.notice ?? null,
        formatTime: (d) => formatDateTime(d, config.site.timeZone),
      }}
    />
  );

  app.get('/api-keys', { schema: { querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    requireCapability(req, 'api_keys.manage');
    return sendPage(reply, await page(req, { notice: req.query.notice === 'revoked' ? `✓ ${shellOf(req, deps).t.apiKeyRevoked}` : null }));
  });

  app.post('/api-keys', { schema: { body: Type.Object({ _csrf: csrf, name: Type.String({ maxLength: 200 }) }) } }, async (req, reply) => {
    const { user } = requireCapability(req, 'api_keys.manage');
    try {
      const made = await db.transaction().execute(async (trx) => {
        const key = await createApiKey(trx, clock, req.body.name);
        await audit(trx, clock, { actorId: user.id, action: 'api_key.create', subjectType: 'api_key', subjectId: key.id, ip: req.ip });
        return key;
      });
      // The key is in this page only: never cache it anywhere.
      reply.header('cache-control', 'no-store');
      return sendPage(reply, await page(req, { newKey: made.key }));
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return sendPage(reply, await page(req, { errors: [`${userMessage(error.code, localeOf(req, deps))}${error.detail ? `（${error.detail}）` : ''}`] }), error.status);
    }
  });

  app.post('/api-keys/:id/revoke', { schema: { params: Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }), body: Type.Object({ _csrf: csrf }) } }, async (req, reply) => {
    const { user } = requireCapability(req, 'api_keys.manage');
    const id = Number(req.params.id);
    await db.transaction().execute(async (trx) => {
      await revokeKey(trx, clock, id);
      await audit(trx, clock, { actorId: user.id, action: 'api_key.revoke', subjectType: 'api_key', subjectId: id, ip: req.ip });
    });
    return seeOther(reply, '/newsroom/api-keys?notice=revoked');
  });
}
