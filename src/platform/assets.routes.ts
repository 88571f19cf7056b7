import type { FastifyInstance } from 'fastify';
import type { AssetBundle } from './assets.ts';

/** Serves the bundled assets, picking the best pre-compressed copy the client accepts. */
export async function assetRoutes(app: FastifyInstance, opts: { assets: AssetBundle }): Promise<void> {
  app.get('/assets/:file', { config: { compress: false } }, async (req, reply) => {
    const asset = opts.assets.files.get(req.url.split('?')[0] ?? '');
    if (!asset) return reply.callNotFound();
    const accept = String(req.headers['accept-encoding'] ?? '');
    reply
      .header('content-type', asset.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'accept-encoding');
    if (/\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(asset.brotli);
    if (/\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}
