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
  UNAUTHENTICATED: { status: 401, message: { 'zh-CN': '请先登录', en: 'Please sign in first' } },
  FORBIDDEN: { status: 403, message: { 'zh-CN': '您没有权限进行此操作', en: 'You are not allowed to do this' } },
  CSRF_FAILED: { status: 403, message: { 'zh-CN': '页面已过期或来源不明，请刷新后重试', en: 'This form has expired or came from elsewhere; reload and try again' } },
  LOGIN_FAILED: { status: 401, message: { 'zh-CN': '邮箱或密码不正确', en: 'Wrong email or password' } },
  LOGIN_THROTTLED: { status: 429, message: { 'zh-CN': '登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins; try again later' } },
  SETUP_DONE: { status: 403, message: { 'zh-CN': '系统已初始化，请直接登录', en: 'Setup is already done; sign in instead' } },
  EMAIL_TAKEN: { status: 409, message: { 'zh-CN': '该邮箱已被使用', en: 'That email address is already in use' } },
  WEAK_PASSWORD: { status: 400, message: { 'zh-CN': '密码至少需要 10 个字符', en: 'Passwords need at least 10 characters' } },
  RESET_LINK_INVALID: { status: 410, message: { 'zh-CN': '重设密码链接无效、已使用或已过期，请向管理员索取新链接', en: 'This password reset link is not valid, was used or has expired; ask an administrator for a new one' } },
  USER_NOT_FOUND: { status: 404, message: { 'zh-CN': '用户不存在', en: 'No such user' } },
  VERSION_CONFLICT: { status: 409, message: { 'zh-CN': '这篇稿件已被他人修改，请查看对方的版本后再保存', en: 'Someone else saved this article; review their version before saving' } },
  INVALID_TRANSITION: { status: 409, message: { 'zh-CN': '稿件当前状态不允许此操作', en: "The article's state does not allow this" } },
  NOT_AN_APPROVER: { status: 403, message: { 'zh-CN': '您不是当前审核环节的审核人', en: 'You are not an approver of the current review stage' } },
  ALREADY_APPROVED: { status: 409, message: { 'zh-CN': '您已审核过这一环节', en: 'You already approved this stage' } },
  REVIEW_STAGE_MOVED: { status: 409, message: { 'zh-CN': '您打开页面后，这篇稿件的审核环节已有变化，这次审核未计入；请查看稿件现在的状态', en: 'The review of this article moved on after you opened it, so this approval was not counted; check where it stands now' } },
  SCHEDULE_IN_PAST: { status: 400, message: { 'zh-CN': '定时时间必须晚于现在', en: 'The scheduled time must be in the future' } },
  HOME_CHANNEL_FIXED: { status: 400, message: { 'zh-CN': '首页频道不能移动或删除', en: 'The home channel cannot be moved or deleted' } },
  CHANNEL_MOVE_TARGET: { status: 400, message: { 'zh-CN': '请选择另一个频道来接收稿件', en: 'Choose another channel to take its articles' } },
  CONFIRMATION_REQUIRED: { status: 400, message: { 'zh-CN': '请先勾选确认，再执行此操作', en: 'Tick the confirmation first' } },
  TOO_MANY_MOODS: { status: 409, message: { 'zh-CN': '心情选项已达上限，请先停用一个', en: 'The poll holds as many moods as it can; retire one first' } },
  CHANNEL_NOT_EMPTY: { status: 409, message: { 'zh-CN': '频道下还有稿件或子频道，请先移走', en: 'The channel still has articles or sub-channels; move them first' } },
  SLUG_CONFLICT: { status: 409, message: { 'zh-CN': '同级下已有相同的网址名', en: 'A sibling already uses that URL name' } },
  INVALID_SLUG: { status: 400, message: { 'zh-CN': '网址名只能用小写字母、数字和连字符，并以字母开头', en: 'URL names use lower-case letters, digits and hyphens, starting with a letter' } },
  CHANNEL_CYCLE: { status: 409, message: { 'zh-CN': '不能把频道移到它自己的下级', en: 'A channel cannot move below itself' } },
  MEDIA_TYPE_REFUSED: { status: 415, message: { 'zh-CN': '只支持 JPEG、PNG、WebP 和 GIF 图片', en: 'Only JPEG, PNG, WebP and GIF images are accepted' } },
  MEDIA_TOO_LARGE: { status: 413, message: { 'zh-CN': '图片过大', en: 'The image is too large' } },
  MEDIA_UNREADABLE: { status: 400, message: { 'zh-CN': '无法读取这张图片', en: 'This image cannot be read' } },
  MEDIA_NOT_FOUND: { status: 404, message: { 'zh-CN': '图片不存在', en: 'No such image' } },
  PREVIEW_EXPIRED: { status: 410, message: { 'zh-CN': '预览链接已过期或无效', en: 'This preview link has expired or is not valid' } },
  ARTICLE_WITHDRAWN: { status: 410, message: { 'zh-CN': '该文章已撤稿', en: 'This article has been withdrawn' } },
  TOPIC_NOT_FOUND: { status: 404, message: { 'zh-CN': '专题不存在', en: 'No such topic' } },
  ALREADY_VOTED: { status: 409, message: { 'zh-CN': '您已经表达过心情了，每篇文章只能选一次', en: 'You have already given your mood on this article' } },
  RATE_LIMITED: { status: 429, message: { 'zh-CN': '操作太频繁，请稍后再试', en: 'Too many requests; please try again shortly' } },
  API_KEY_REQUIRED: { status: 401, message: { 'zh-CN': '需要有效的 API 访问密钥', en: 'A valid API read key is required' } },
  OVERLOADED: { status: 503, message: { 'zh-CN': '访问人数过多，请稍后再试', en: 'Too many requests right now; please try again in a moment' } },
  WECHAT_UNAVAILABLE: { status: 503, message: { 'zh-CN': '暂时无法连接微信，请稍后再试', en: 'WeChat cannot be reached right now; try again later' } },
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
