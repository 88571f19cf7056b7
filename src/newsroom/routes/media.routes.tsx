/** The media library: uploading (multipart, from a form or the editor's picker) and describing images. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../features/audit/audit.service.ts';
import { primaryUrl, type Media } from '../../features/media/media.ts';
import { describeMedia, getMedia, mediaPage, uploadImage } from '../../features/media/media.service.ts';
import { can } from '../../features/users/capabilities.ts';
import { AppError, userMessage } from '../../platform/errors.ts';
import { requireCapability, verifyCsrf } from '../auth.ts';
import { localeOf, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { MediaPage } from '../views/media-page.tsx';
import { invalidatePages } from '../../features/invalidation/invalidation.service.ts';
import { PageTag } from '../../features/invalidation/page-tags.ts';

function pickerJson(m: Media) {
  return { id: m.id, url: primaryUrl(m), alt: m.alt, caption: m.caption, credit: m.credit, width: m.width, height: m.height };
}

export async function mediaRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock, config, storage } = deps;

  app.get('/media', { schema: { querystring: Type.Object({ before: Type.Optional(Type.String({ pattern: '^[0-9]{1,16}$' })), notice: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    const { user } = requireCapability(req, 'media.upload');
    const page = await mediaPage(db, { beforeId: req.query.before ? Number(req.query.before) : undefined, limit: 48 });
    const canEdit = (m: Media) => m.uploadedBy === user.id || can(user.role, 'media.edit_others');
    const notice = req.query.notice === 'uploaded' || req.query.notice === 'saved' ? `✓ ${shellOf(req, deps).t.saved}` : null;
    return sendPage(
      reply,
      <MediaPage
        shell={shellOf(req, deps)}
        items={page.items}
        nextUrl={page.nextBeforeId ? `/newsroom/media?before=${page.nextBeforeId}` : null}
        errors={[]}
        notice={notice}
        canEdit={canEdit}
      />,
    );
  });

  app.get('/media.json', async (req, reply) => {
    requireCapability(req, 'media.upload');
    const page = await mediaPage(db, { limit: 60 });
    return reply.send({ items: page.items.map(pickerJson) });
  });

  app.post('/media', async (req, reply) => {
    const { user } = requireCapability(req, 'media.upload');
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    const part = await req.file();
    if (!part) throw new AppError('VALIDATION_FAILED', 'file: choose an image to upload');
    const field = part.fields._csrf;
    const fieldToken = field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : undefined;
    verifyCsrf(req, config, typeof req.headers['x-csrf-token'] === 'string' ? req.headers['x-csrf-token'] : fieldToken);
    let data: Buffer;
    try {
      data = await part.toBuffer();
    } catch {
      throw new AppError('MEDIA_TOO_LARGE');
    }
    try {
      const media = await uploadImage(db, storage, clock, { data, filename: part.filename, uploadedBy: user.id }, (trx, m) =>
        audit(trx, clock, { actorId: user.id, action: 'media.upload', subjectType: 'media', subjectId: m.id, detail: { name: m.originalName, bytes: m.bytes }, ip: req.ip }),
      );
      if (wantsJson) return reply.code(201).send({ media: pickerJson(media) });
      return seeOther(reply, '/newsroom/media?notice=uploaded');
    } catch (error) {
      if (!(error instanceof AppError) || wantsJson) throw error;
      const page = await mediaPage(db, { limit: 48 });
      const message = `${userMessage(error.code, localeOf(req, deps))}${error.detail ? `（${error.detail}）` : ''}`;
      return sendPage(reply, <MediaPage shell={shellOf(req, deps)} items={page.items} nextUrl={null} errors={[message]} notice={null} canEdit={() => false} />, error.status);
    }
  });

  app.post(
    '/media/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }),
        body: Type.Object({ _csrf: Type.String({ maxLength: 100 }), alt: Type.String({ maxLength: 300 }), caption: Type.String({ maxLength: 500 }), credit: Type.String({ maxLength: 100 }) }),
      },
    },
    async (req, reply) => {
      const { user } = requireCapability(req, 'media.upload');
      const media = await getMedia(db, Number(req.params.id));
      if (!media) throw new AppError('MEDIA_NOT_FOUND');
      if (media.uploadedBy !== user.id && !can(user.role, 'media.edit_others')) throw new AppError('FORBIDDEN', 'media.edit_others');
      await db.transaction().execute(async (trx) => {
        await describeMedia(trx, media.id, req.body);
        await audit(trx, clock, { actorId: user.id, action: 'media.describe', subjectType: 'media', subjectId: media.id, ip: req.ip });
        await invalidatePages(trx, clock, [PageTag.media(media.id)]);
      });
      return seeOther(reply, '/newsroom/media?notice=saved');
    },
  );
}
