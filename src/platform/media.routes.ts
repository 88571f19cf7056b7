/**
 * Serves uploaded media. File names are content-addressed by the upload (a random folder
 * per image), so a file never changes: a year-long immutable cache is safe.
 */
import type { FastifyInstance } from 'fastify';
import type { MediaStorage } from '../features/media/storage.ts';

const TYPES: Readonly<Record<string, string>> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
};

export async function mediaFileRoutes(app: FastifyInstance, opts: { storage: MediaStorage }): Promise<void> {
  app.get('/media/*', { config: { compress: false } }, async (req, reply) => {
    const key = (req.params as { '*': string })['*'];
    const file = await opts.storage.get(key);
    if (!file) return reply.callNotFound();
    return reply
      .type(TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream')
      .header('content-length', file.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(file.stream);
  });
}
