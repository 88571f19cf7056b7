/**
 * Where the JS-SDK ticket comes from: WeChat's API, asked for an access token with the
 * official account's app id and secret, then for a jsapi ticket. Both last two hours; the
 * ticket is kept until five minutes before it expires, and concurrent callers share one
 * refresh. Only built when an operator configured WeChat, so nothing calls out otherwise.
 */
import type { Clock } from '../../shared/clock.ts';

export interface TicketProvider {
  ticket(): Promise<string>;
}

export type Fetch = (url: string) => Promise<{ ok: boolean; json(): Promise<unknown> }>;

const API = 'https://api.weixin.qq.com/cgi-bin';
const EARLY_MS = 5 * 60_000;

/** WeChat could not be reached or refused: the route logs it and answers 503. */
export class WeChatApiError extends Error {
  override readonly name = 'WeChatApiError';
}

interface WeChatReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  ticket?: string;
  expires_in?: number;
}

async function call(fetch: Fetch, url: string): Promise<WeChatReply> {
  let body: WeChatReply;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error('WeChat answered with an HTTP error');
    body = (await res.json()) as WeChatReply;
  } catch (error) {
    throw new WeChatApiError(`WeChat API call failed: ${(error as Error).message}`, { cause: error });
  }
  if (body.errcode) throw new WeChatApiError(`WeChat error ${body.errcode}: ${body.errmsg ?? ''}`);
  return body;
}

export function weChatTicketProvider(opts: { appId: string; appSecret: string; fetch: Fetch; clock: Clock }): TicketProvider {
  let cached: { ticket: string; until: number } | null = null;
  let pending: Promise<string> | null = null;

  async function refresh(): Promise<string> {
    const token = await call(opts.fetch, `${API}/token?grant_type=client_credential&appid=${encodeURIComponent(opts.appId)}&secret=${encodeURIComponent(opts.appSecret)}`);
    if (!token.access_token) throw new WeChatApiError('WeChat sent no access token');
    const reply = await call(opts.fetch, `${API}/ticket/getticket?access_token=${encodeURIComponent(token.access_token)}&type=jsapi`);
    if (!reply.ticket) throw new WeChatApiError('WeChat sent no ticket');
    cached = { ticket: reply.ticket, until: opts.clock.now().getTime() + (reply.expires_in ?? 7200) * 1000 - EARLY_MS };
    return reply.ticket;
  }

  return {
    async ticket() {
      if (cached && cached.until > opts.clock.now().getTime()) return cached.ticket;
      pending ??= refresh().finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}
