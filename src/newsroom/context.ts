/** Per-request helpers shared by newsroom routes: language, page shell, safe redirects. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../config/config.ts';
import { LANG_COOKIE } from './auth.ts';
import type { NewsroomDeps } from './deps.ts';
import { newsroomMessages, type NewsroomMessages } from './i18n/messages.ts';
import type { NewsroomShell } from './views/layout.tsx';
import { toHtml } from '../shared/to-html.ts';

export function localeOf(req: FastifyRequest, deps: NewsroomDeps): Locale {
  if (req.session) return req.session.user.locale;
  const cookie = req.cookies[LANG_COOKIE];
  return cookie === 'en' || cookie === 'zh-CN' ? cookie : deps.config.site.locale;
}

export function messagesOf(req: FastifyRequest, deps: NewsroomDeps): NewsroomMessages {
  return newsroomMessages(localeOf(req, deps));
}

export function shellOf(
  req: FastifyRequest,
  deps: NewsroomDeps,
  opts: { scripts?: readonly string[]; preAuthToken?: string } = {},
): NewsroomShell {
  const { scripts } = opts;
  return {
    t: messagesOf(req, deps),
    siteName: deps.config.site.name,
    user: req.session?.user ?? null,
    csrfToken: req.session?.csrfToken ?? opts.preAuthToken ?? '',
    assets: { css: deps.assets.urls.newsroomCss, js: deps.assets.urls.newsroomJs },
    nonce: req.cspNonce,
    scripts,
  };
}

export function sendPage(reply: FastifyReply, element: JSX.Element, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(toHtml(element));
}

/** Only paths inside the newsroom are followed after sign-in: no open redirects. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/newsroom(\/[^/\\]|$|\?)/.test(value) && !value.includes('//') ? value : '/newsroom';
}

/** After a successful POST: back to a page with GET (303), optionally with a notice key. */
export function seeOther(reply: FastifyReply, url: string): FastifyReply {
  return reply.code(303).header('location', url).send();
}
