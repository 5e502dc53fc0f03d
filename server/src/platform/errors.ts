import { format, type Locale, type Messages } from './i18n.ts';

/** Every error code the API can answer with, its HTTP status and its messages. */
const CATALOG = {
  VALIDATION_FAILED: {
    status: 400,
    'zh-CN': '请求内容有误，请检查标出的字段',
    'en-US': 'The request has invalid fields',
  },
  MALFORMED_JSON: {
    status: 400,
    'zh-CN': '请求体不是有效的 JSON',
    'en-US': 'The request body is not valid JSON',
  },
  JSON_TOO_DEEP: {
    status: 400,
    'zh-CN': '请求体的嵌套层级过深，上限为 {limit} 层',
    'en-US': 'The request body is nested too deeply; the limit is {limit} levels',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    'zh-CN': '不支持的内容类型',
    'en-US': 'Unsupported content type',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    'zh-CN': '请求内容过大，上限为 {limit}',
    'en-US': 'The request is too large; the limit is {limit}',
  },
  FILE_TOO_LARGE: {
    status: 413,
    'zh-CN': '文件过大：{kind}不能超过 {limit}',
    'en-US': 'The file is too large: a {kind} may be at most {limit}',
  },
  FILE_TYPE_REFUSED: { status: 415, 'zh-CN': '{reason}', 'en-US': '{reason}' },
  IMPORT_TOO_LARGE: {
    status: 413,
    'zh-CN': '导入文件过大：{what}不能超过 {limit}',
    'en-US': 'The import file is too large: {what} may be at most {limit}',
  },
  IMPORT_LIMIT: {
    status: 422,
    'zh-CN': '导入文件超出限制：{what}不能超过 {limit}',
    'en-US': 'The import file breaks a limit: {what} may be at most {limit}',
  },
  IMPORT_REFUSED: {
    status: 422,
    'zh-CN': '无法导入：{reason}',
    'en-US': 'Cannot import: {reason}',
  },
  BUSY: { status: 429, 'zh-CN': '{reason}', 'en-US': '{reason}' },
  RANGE_NOT_SATISFIABLE: {
    status: 416,
    'zh-CN': '请求的字节范围无效',
    'en-US': 'The requested byte range cannot be served',
  },
  NOT_FOUND: { status: 404, 'zh-CN': '找不到请求的资源', 'en-US': 'Not found' },
  ROUTE_NOT_FOUND: {
    status: 404,
    'zh-CN': '接口不存在：{method} {url}',
    'en-US': 'No such endpoint: {method} {url}',
  },
  METHOD_NOT_ALLOWED: { status: 405, 'zh-CN': '不支持该请求方法', 'en-US': 'Method not allowed' },
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录', 'en-US': 'Please log in first' },
  MFA_REQUIRED: {
    status: 401,
    'zh-CN': '需要完成两步验证',
    'en-US': 'Two-step verification is required',
  },
  MFA_ENROLMENT_REQUIRED: {
    status: 403,
    'zh-CN': '平台管理员须先绑定动态口令（TOTP）',
    'en-US': 'Platform administrators must set up TOTP first',
  },
  FORBIDDEN: {
    status: 403,
    'zh-CN': '您没有执行此操作的权限',
    'en-US': 'You are not allowed to do this',
  },
  CSRF_FAILED: {
    status: 403,
    'zh-CN': '请求校验失败，请刷新页面后重试',
    'en-US': 'Request verification failed; reload the page and try again',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    'zh-CN': '用户名或密码错误',
    'en-US': 'Wrong username or password',
  },
  INVALID_TOTP: {
    status: 401,
    'zh-CN': '动态口令错误或已过期',
    'en-US': 'The verification code is wrong or expired',
  },
  LOGIN_THROTTLED: {
    status: 429,
    'zh-CN': '登录失败次数过多，请 {minutes} 分钟后再试',
    'en-US': 'Too many failed logins; try again in {minutes} minutes',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    'zh-CN': '连续登录失败 {max} 次，账号已锁定，请 {minutes} 分钟后再试',
    'en-US': 'The account is locked after {max} failed logins; try again in {minutes} minutes',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    'zh-CN': '密码已超过 {days} 天未更换，请先修改密码',
    'en-US': 'Your password is older than {days} days; change it first',
  },
  TEMPORARY_PASSWORD: {
    status: 403,
    'zh-CN': '您正在使用管理员设置的临时密码，请先修改密码',
    'en-US': 'You signed in with a temporary password set by an administrator; change it first',
  },
  USERNAME_TAKEN: { status: 409, 'zh-CN': '用户名已被占用', 'en-US': 'That username is taken' },
  WEAK_PASSWORD: {
    status: 422,
    'zh-CN': '密码不符合要求：{reason}',
    'en-US': 'The password is not acceptable: {reason}',
  },
  GUARDIAN_CONSENT_REQUIRED: {
    status: 422,
    'zh-CN': '未满 {age} 周岁的用户须经监护人同意并填写监护人信息',
    'en-US': 'Users under {age} need a guardian’s consent and contact details',
  },
  CONSENT_REQUIRED: {
    status: 422,
    'zh-CN': '请阅读并同意最新版本的《隐私政策》和《用户协议》',
    'en-US': 'Please read and accept the current privacy policy and user agreement',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    'zh-CN': '尝试次数过多，请 {minutes} 分钟后再试',
    'en-US': 'Too many attempts; try again in {minutes} minutes',
  },
  RATE_LIMITED_FOR: {
    status: 429,
    'zh-CN': '操作过于频繁，请 {minutes} 分钟后再试',
    'en-US': 'Too many requests; try again in {minutes} minutes',
  },
  INVITATION_LIMIT: {
    status: 429,
    'zh-CN': '每位管理员 24 小时内最多发出 {max} 份专家邀请，目前还可发出 {left} 份',
    'en-US':
      'An administrator may send at most {max} expert invitations in 24 hours; {left} left now',
  },
  INVITATION_LINK_UNKNOWN: {
    status: 404,
    'zh-CN': '邀请链接无效：可能链接不完整，或邀请单位已重新发送了新的链接',
    'en-US': 'This invitation link is not valid: it may be incomplete, or a newer link was sent',
  },
  LAST_PLATFORM_ADMIN: {
    status: 409,
    'zh-CN': '这是最后一位在用的平台管理员，不能停用、撤销或注销；请先指定另一位平台管理员',
    'en-US':
      'This is the last active platform administrator: it cannot be disabled, demoted or deleted; appoint another first',
  },
  USER_OUTSIDE_SCOPE: {
    status: 403,
    'zh-CN': '该用户不属于您管理的单位，不能直接授予角色；请发出邀请，由本人接受',
    'en-US':
      'This person is not managed by your unit: send an invitation for them to accept instead',
  },
  RESET_TOKEN_INVALID: {
    status: 400,
    'zh-CN': '重置密码链接无效、已使用或已过期，请联系管理员重新发送',
    'en-US':
      'The password reset link is invalid, used or expired; ask your administrator for a new one',
  },
  SIGN_IN_LINK_INVALID: {
    status: 400,
    'zh-CN': '登录链接无效、已使用或已过期，请重新获取',
    'en-US': 'The sign-in link is invalid, used or expired; get a new one',
  },
  SETUP_DONE: {
    status: 409,
    'zh-CN': '平台已完成初始化',
    'en-US': 'The platform is already set up',
  },
  SETUP_TOKEN_INVALID: {
    status: 403,
    'zh-CN': '初始化链接无效或已使用',
    'en-US': 'The setup link is invalid or already used',
  },
  RATE_LIMITED: {
    status: 429,
    'zh-CN': '操作过于频繁，请稍后再试',
    'en-US': 'Too many requests; please try again later',
  },
  STATE_CONFLICT: { status: 409, 'zh-CN': '{reason}', 'en-US': '{reason}' },
  RULE_BROKEN: { status: 422, 'zh-CN': '{reason}', 'en-US': '{reason}' },
  DATABASE_BUSY: {
    status: 503,
    retryAfter: 5,
    'zh-CN': '数据库正忙，请稍后重试',
    'en-US': 'The database is busy; please try again in a moment',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    retryAfter: 30,
    'zh-CN': '数据库暂时无法访问，请稍后重试',
    'en-US': 'The database cannot be reached at the moment; please try again later',
  },
  STORAGE_UNAVAILABLE: {
    status: 503,
    retryAfter: 60,
    'zh-CN': '文件存储暂时无法写入，请稍后重试；如持续出现，请联系系统管理员',
    'en-US':
      'Files cannot be stored at the moment; please try again later, and tell the administrator if it persists',
  },
  INTERNAL: {
    status: 500,
    'zh-CN': '服务器内部错误，请稍后再试',
    'en-US': 'Internal server error; please try again later',
  },
} satisfies Record<string, { status: number; retryAfter?: number } & Messages[string]>;

export type ErrorCode = keyof typeof CATALOG;

/** A domain or platform error with a stable code; mapped to HTTP in one place (app error handler). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
  get status(): number {
    return CATALOG[this.code].status;
  }
}

/** A rule that is a sentence in two languages (422 or 409 with a readable reason). */
export function ruleError(
  code: 'RULE_BROKEN' | 'STATE_CONFLICT',
  zh: string,
  en: string,
): AppError {
  return new AppError(code, { reason: { 'zh-CN': zh, 'en-US': en } });
}

export function errorMessage(
  code: ErrorCode,
  locale: Locale,
  params: Record<string, unknown> = {},
): string {
  const localized: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    localized[k] =
      v && typeof v === 'object' && locale in v ? (v as Record<Locale, string>)[locale] : v;
  }
  return format(CATALOG[code][locale], localized);
}

export function statusOf(code: ErrorCode): number {
  return CATALOG[code].status;
}

/** Seconds a client should wait before trying again (the Retry-After of a 503), if any. */
export function retryAfterOf(code: ErrorCode): number | undefined {
  const entry = CATALOG[code];
  return 'retryAfter' in entry ? entry.retryAfter : undefined;
}

/** 400 naming each bad field of the body, in both languages ("field：reason" / "field: reason"). */
export function fieldErrors(problems: { field: string; zh: string; en: string }[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    {},
    {
      fields: problems.map((p) => ({
        field: p.field,
        location: 'body',
        message: { 'zh-CN': `${p.field}：${p.zh}`, 'en-US': `${p.field}: ${p.en}` },
      })),
    },
  );
}

/** One bad field (see fieldErrors). */
export const fieldError = (field: string, zh: string, en: string): AppError =>
  fieldErrors([{ field, zh, en }]);
