/**
 * The reader's search page: a plain GET form, so it works without JavaScript, with the
 * hits' terms marked and a "more" link carrying the cursor.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { articlePath } from '../features/articles/article-path.ts';
import { isValidSlug } from '../features/channels/channel.ts';
import type { AssetBundle } from '../platform/assets.ts';
import { AppError } from '../platform/errors.ts';
import { SEARCH_CANDIDATES } from '../search/backends/backend.ts';
import { decodeSearchCursor, encodeSearchCursor } from '../search/search-cursor.ts';
import { toHtml } from '../shared/to-html.ts';
import { parseLocalDateTime } from '../shared/time.ts';
import type { ReaderDeps } from './deps.ts';
import { displayTime, loadShell } from './page-models.ts';
import { SearchPage } from './views/search-page.tsx';

export async function searchRoutes(instance: FastifyInstance, opts: { deps: ReaderDeps; assets: AssetBundle }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps, assets } = opts;
  const { timeZone } = deps.site;
  app.get(
    '/search/',
    {
      schema: {
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 10_000 })),
          channel: Type.Optional(Type.String({ maxLength: 200 })),
          from: Type.Optional(Type.String({ maxLength: 20 })),
          to: Type.Optional(Type.String({ maxLength: 20 })),
          after: Type.Optional(Type.String({ maxLength: 300 })),
        }),
      },
    },
    async (req, reply) => {
      const q = (req.query.q ?? '').trim();
      const shell = await loadShell(deps, assets, req.cspNonce);
      const root = await deps.getChannelByPath('');
      const channels = root ? await deps.childChannels(root) : [];
      const path = req.query.channel ?? '';
      const channel = path && path.split('/').every((s, i) => isValidSlug(s, i === 0)) ? await deps.getChannelByPath(path) : null;
      // Dates that do not parse are ignored rather than refused: this is a reader's form.
      const day = (text: string | undefined) => (text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseLocalDateTime(`${text} 00:00`, timeZone) : null);
      const from = day(req.query.from);
      const to = day(req.query.to);
      const after = req.query.after ? decodeSearchCursor(req.query.after) : null;
      if (req.query.after && !after) throw new AppError('INVALID_CURSOR');
      const result = q ? await deps.search({ query: q, channel, from, to: to ? new Date(to.getTime() + 86_400_000) : null, after, limit: 20 }) : { hits: [], next: null, partial: false, truncated: false };
      const params = new URLSearchParams({ q });
      if (channel) params.set('channel', channel.path);
      if (from && req.query.from) params.set('from', req.query.from);
      if (to && req.query.to) params.set('to', req.query.to);
      if (result.next) params.set('after', encodeSearchCursor(result.next));
      const html = toHtml(
        <SearchPage
          shell={shell}
          model={{
            query: q,
            channel: channel?.path ?? '',
            from: from ? (req.query.from ?? '') : '',
            to: to ? (req.query.to ?? '') : '',
            channels: channels.map((c) => ({ path: c.path, name: c.name })),
            hits: result.hits.map((h) => ({ url: articlePath(h.id, h.publishedAt, timeZone), titleHtml: h.titleHtml, snippetHtml: h.snippetHtml, time: displayTime(h.publishedAt, timeZone) })),
            nextUrl: result.next ? `/search/?${params}` : null,
            searched: q.length > 0,
            partial: result.partial,
            truncatedNote: result.truncated ? shell.t.searchTruncated(SEARCH_CANDIDATES) : null,
          }}
        />,
      );
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
    },
  );

  app.get('/search', async (req, reply) => reply.redirect(`/search/${req.url.slice('/search'.length)}`, 301));
}
