/**
 * GET /api/v1/wechat/signature?url=: the JS-SDK config for a page of this site, so the
 * reader script can set WeChat's share card. Registered only when an operator configured
 * an official account (WECHAT_APP_ID / WECHAT_APP_SECRET).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { jsSdkSignature, newNonce } from './js-sdk-signature.ts';
import { WeChatApiError, type TicketProvider } from './ticket-provider.ts';

const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), detail: Type.Optional(Type.String()) }) });

export async function weChatRoutes(instance: FastifyInstance, opts: { appId: string; publicUrl: string; tickets: TicketProvider; clock: Clock }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const origin = new URL(opts.publicUrl).origin;
  app.get(
    '/wechat/signature',
    {
      // The site's own pages ask for it, for readers who hold no key.
      config: { keyless: true },
      schema: {
        summary: 'WeChat JS-SDK share configuration for a page of this site',
        tags: ['wechat'],
        querystring: Type.Object({ url: Type.String({ minLength: 1, maxLength: 2000, description: 'The page URL (its #fragment is ignored).' }) }),
        response: {
          200: Type.Object({ appId: Type.String(), timestamp: Type.Integer(), nonceStr: Type.String(), signature: Type.String({ pattern: '^[0-9a-f]{40}$' }) }),
          400: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      let url: URL;
      try {
        url = new URL(req.query.url);
      } catch {
        throw new AppError('VALIDATION_FAILED', 'url is not an absolute URL');
      }
      // Sign only this site's pages: the endpoint must not vouch for anyone else's.
      if (url.origin !== origin) throw new AppError('VALIDATION_FAILED', `url must be a page of ${origin}`);
      let ticket: string;
      try {
        ticket = await opts.tickets.ticket();
      } catch (error) {
        if (!(error instanceof WeChatApiError)) throw error;
        req.log.warn({ err: error }, 'WeChat JS-SDK ticket unavailable');
        throw new AppError('WECHAT_UNAVAILABLE');
      }
      const timestamp = Math.floor(opts.clock.now().getTime() / 1000);
      const nonceStr = newNonce();
      const signature = jsSdkSignature({ ticket, nonceStr, timestamp, url: req.query.url });
      return reply.header('cache-control', 'no-store').send({ appId: opts.appId, timestamp, nonceStr, signature });
    },
  );
}
