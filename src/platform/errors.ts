/**
 * The error catalog: every error a user can see has a stable code, an HTTP status and
 * user-safe text in each UI language. Domain code throws AppError with a code; the one
 * error handler turns it into JSON for the API and a page for HTML. Tests assert codes.
 */
import type { Locale } from '../config/config.ts';

interface CatalogEntry {
  readonly status: number;
  readonly message: Readonly<Record<Locale, string>>;
}

export const ERROR_CATALOG = {
  NOT_FOUND: { status: 404, message: { 'zh-CN': '您访问的页面不存在', en: 'The page you asked for does not exist' } },
  ARTICLE_NOT_FOUND: { status: 404, message: { 'zh-CN': '这篇文章不存在或已下线', en: 'This article does not exist or is no longer available' } },
  CHANNEL_NOT_FOUND: { status: 404, message: { 'zh-CN': '这个频道不存在', en: 'This channel does not exist' } },
  INVALID_CURSOR: { status: 400, message: { 'zh-CN': '翻页参数无效，请从第一页重新浏览', en: 'The page position is not valid; start again from the first page' } },
  VALIDATION_FAILED: { status: 400, message: { 'zh-CN': '请求参数不正确', en: 'The request has invalid parameters' } },
  PAYLOAD_TOO_LARGE: { status: 413, message: { 'zh-CN': '提交的内容过大', en: 'The request body is too large' } },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' } },
  METHOD_NOT_ALLOWED: { status: 405, message: { 'zh-CN': '不支持该请求方法', en: 'Method not allowed' } },
  INTERNAL: { status: 500, message: { 'zh-CN': '服务器出了点问题，请稍后再试', en: 'Something went wrong on our side; please try again later' } },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Extra detail safe to show (e.g. which parameter was wrong). */
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'AppError';
    this.status = ERROR_CATALOG[code].status;
  }
}

export function userMessage(code: ErrorCode, locale: Locale): string {
  return ERROR_CATALOG[code].message[locale];
}
