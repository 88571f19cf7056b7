/**
 * Users and roles, for admins. Disabling a user or resetting their password ends their
 * sessions in the same transaction, so the change takes effect on their next request.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { audit } from '../../features/audit/audit.service.ts';
import { endAllSessions } from '../../features/sessions/sessions.service.ts';
import { issuePasswordReset } from '../../features/users/password-resets.service.ts';
import { allUsers, changePassword, createUser, setDisabled, setRole } from '../../features/users/users.service.ts';
import { AppError, userMessage } from '../../platform/errors.ts';
import { requireCapability } from '../auth.ts';
import { localeOf, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { UsersPage } from '../views/users-page.tsx';

const Id = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const csrf = Type.String({ maxLength: 100 });
const RoleValue = Type.Union([Type.Literal('reporter'), Type.Literal('editor'), Type.Literal('chief_editor'), Type.Literal('admin')]);

export async function userRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock, config } = deps;

  const page = async (req: FastifyRequest, errors: string[], notice: string | null, resetLink?: { name: string; url: string }) => (
    <UsersPage shell={shellOf(req, deps)} users={await allUsers(db)} errors={errors} notice={notice} resetLink={resetLink} />
  );

  async function attempt(req: FastifyRequest, reply: FastifyReply, action: string, subjectId: number | null, run: (trx: Db, adminId: number) => Promise<unknown>) {
    const { user } = requireCapability(req, 'user.manage');
    try {
      await db.transaction().execute(async (trx) => {
        await run(trx, user.id);
        await audit(trx, clock, { actorId: user.id, action, subjectType: 'user', subjectId, ip: req.ip });
      });
      return seeOther(reply, '/newsroom/users?notice=saved');
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.code === 'FORBIDDEN') throw error;
      return sendPage(reply, await page(req, [`${userMessage(error.code, localeOf(req, deps))}${error.detail ? `（${error.detail}）` : ''}`], null), error.status);
    }
  }

  app.get('/users', { schema: { querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    requireCapability(req, 'user.manage');
    return sendPage(reply, await page(req, [], req.query.notice === 'saved' ? `✓ ${shellOf(req, deps).t.saved}` : null));
  });

  app.post(
    '/users',
    { schema: { body: Type.Object({ _csrf: csrf, displayName: Type.String({ maxLength: 100 }), email: Type.String({ maxLength: 320 }), role: RoleValue, password: Type.String({ maxLength: 1000 }) }) } },
    async (req, reply) => attempt(req, reply, 'user.create', null, (trx) => createUser(trx, clock, req.body)),
  );

  app.post('/users/:id/role', { schema: { params: Id, body: Type.Object({ _csrf: csrf, role: RoleValue }) } }, async (req, reply) =>
    attempt(req, reply, `user.role.${req.body.role}`, Number(req.params.id), async (trx, adminId) => {
      if (Number(req.params.id) === adminId && req.body.role !== 'admin') throw new AppError('VALIDATION_FAILED', 'you cannot take away your own admin role');
      await setRole(trx, clock, Number(req.params.id), req.body.role);
    }),
  );

  for (const [path, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/users/:id/${path}`, { schema: { params: Id, body: Type.Object({ _csrf: csrf }) } }, async (req, reply) =>
      attempt(req, reply, `user.${path}`, Number(req.params.id), async (trx, adminId) => {
        const id = Number(req.params.id);
        if (id === adminId && disabled) throw new AppError('VALIDATION_FAILED', 'you cannot disable yourself');
        await setDisabled(trx, clock, id, disabled);
        if (disabled) await endAllSessions(trx, id);
      }),
    );
  }

  app.post('/users/:id/password', { schema: { params: Id, body: Type.Object({ _csrf: csrf, password: Type.String({ maxLength: 1000 }) }) } }, async (req, reply) =>
    attempt(req, reply, 'user.password_reset', Number(req.params.id), async (trx) => {
      await changePassword(trx, clock, Number(req.params.id), req.body.password);
      await endAllSessions(trx, Number(req.params.id));
    }),
  );

  // The link is shown once, on this answer; only its hash is kept.
  app.post('/users/:id/reset-link', { schema: { params: Id, body: Type.Object({ _csrf: csrf }) } }, async (req, reply) => {
    const { user: admin } = requireCapability(req, 'user.manage');
    const id = Number(req.params.id);
    const { token, user } = await db.transaction().execute(async (trx) => {
      const made = await issuePasswordReset(trx, clock, id, admin.id);
      await audit(trx, clock, { actorId: admin.id, action: 'user.password_reset_link', subjectType: 'user', subjectId: id, ip: req.ip });
      return made;
    });
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, await page(req, [], null, { name: user.displayName, url: `${config.publicUrl}/newsroom/reset/${token}` }));
  });
}
