import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import type { RequestContext } from './audit.ts';
import { DENGBAO_ROTATION_DAYS } from './auth/passwords.ts';
import { type LoadedSession, loadSession, sessionCookieName } from './auth/sessions.ts';
import type { Config } from './config.ts';
import type { DbHandle } from './db/connect.ts';
import { databaseFailureOf } from './db/failures.ts';
import { AppError, type ErrorCode, errorMessage, retryAfterOf, statusOf } from './errors.ts';
import { type Locale, pickLocale } from './i18n.ts';
import { formatBytes } from './import/limits.ts';
import { type PageMeta, withPageMeta } from './page-meta.ts';
import { type Actor, can, type RoutePolicy } from './policy.ts';
import { StorageUnavailableError } from './storage/storage.ts';
import { toFieldErrors } from './validation.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor | null;
    auth: LoadedSession | null;
    ctx: RequestContext;
  }
  interface FastifyContextConfig {
    /** Every route declares one; a route without it is refused (fail closed) and fails the route test. */
    policy?: RoutePolicy;
    /** Reachable while a platform admin has not finished TOTP, or must change an old password. */
    allowIncompleteLogin?: boolean;
  }
}

function sendError(
  reply: FastifyReply,
  locale: Locale,
  code: ErrorCode,
  params?: Record<string, unknown>,
  details?: unknown,
) {
  const retryAfter = retryAfterOf(code);
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  return reply
    .code(statusOf(code))
    .type('application/json; charset=utf-8')
    .send({
      error: { code, message: errorMessage(code, locale, params), details: details ?? null },
    });
}

/** Field errors raised by services carry both languages; the answer keeps the caller's. */
function localizeFields(details: unknown, locale: Locale): unknown {
  const fields = (details as { fields?: unknown[] } | undefined)?.fields;
  if (!Array.isArray(fields)) return details;
  return {
    ...(details as object),
    fields: fields.map((f) => {
      const m = (f as { message?: unknown }).message;
      return m && typeof m === 'object'
        ? { ...(f as object), message: (m as Record<Locale, string>)[locale] }
        : f;
    }),
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Nesting a JSON body may have: our deepest schema needs five; free values get the rest. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a JSON text nests deeper than `limit` (objects and arrays), in one pass without
 * parsing: a 60 KB body nested 10,000 deep parses, then breaks every recursive walk after it.
 */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The body limit that applied: the route's own (an import's) or the server's. */
const bodyLimitOf = (req: FastifyRequest) => formatBytes(req.routeOptions.bodyLimit);

/** Errors, 404s, sessions, CSRF and the route policy check: the request pipeline every module shares. */
export function registerHttpPlatform(
  app: FastifyInstance,
  config: Config,
  handle: DbHandle,
  opts: {
    spaIndexHtml?: string;
    /** A public page's own title and description (works, collections, bases), or null. */
    pageMeta?: (pathname: string) => Promise<PageMeta | null>;
  },
): void {
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('actor', null);
  app.decorateRequest('auth', null);
  app.decorateRequest('ctx', null as unknown as RequestContext);

  // JSON bodies: Fastify's own parser (prototype-poisoning checks kept), after a depth check.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH))
      return done(new AppError('JSON_TOO_DEEP', { limit: MAX_JSON_DEPTH }), undefined);
    return parseJson(req, body as string, done);
  });

  app.addHook('onRequest', async (req) => {
    req.locale = pickLocale(req.headers['accept-language']);
    req.ctx = { actorId: null, ip: req.ip, dialect: handle.dialect };
    const token = req.cookies[sessionCookieName(config)];
    if (!token || !req.url.startsWith('/api/')) return;
    const loaded = await loadSession(handle.db, config, token);
    if (loaded) {
      req.auth = loaded;
      req.actor = loaded.actor;
      req.ctx.actorId = loaded.actor.userId;
    }
  });

  app.addHook('preHandler', async (req, reply) => {
    if (req.is404) return;
    const policy = req.routeOptions.config.policy;
    if (!policy) {
      req.log.error({ url: req.routeOptions.url }, 'route without a policy refused');
      return sendError(reply, req.locale, 'FORBIDDEN');
    }
    const auth = req.auth;
    if (auth && UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== auth.session.csrfToken) {
      return sendError(reply, req.locale, 'CSRF_FAILED');
    }
    if (policy.access === 'public') return;
    if (!auth) return sendError(reply, req.locale, 'UNAUTHENTICATED');
    if (!req.routeOptions.config.allowIncompleteLogin) {
      if (auth.mfaEnrolmentRequired) return sendError(reply, req.locale, 'MFA_ENROLMENT_REQUIRED');
      if (!auth.session.mfaPassed) return sendError(reply, req.locale, 'MFA_REQUIRED');
      if (auth.mustChangePassword) return sendError(reply, req.locale, 'TEMPORARY_PASSWORD');
      if (
        config.securityProfile === 'dengbao' &&
        Date.parse(auth.passwordChangedAt) + DENGBAO_ROTATION_DAYS * 86_400_000 < Date.now()
      ) {
        return sendError(reply, req.locale, 'PASSWORD_CHANGE_REQUIRED', {
          days: DENGBAO_ROTATION_DAYS,
        });
      }
    }
    if (
      policy.access === 'action' &&
      policy.resource === 'none' &&
      !can(auth.actor, policy.action)
    ) {
      return sendError(reply, req.locale, 'FORBIDDEN');
    }
  });

  app.setNotFoundHandler(async (req, reply) => {
    // The web app routes on the client: unknown non-API pages get its index.html, with a shared
    // page's own title and description.
    const pathname = req.url.split('?')[0] ?? '';
    if (
      opts.spaIndexHtml &&
      req.method === 'GET' &&
      !pathname.startsWith('/api/') &&
      !/\.\w+$/.test(pathname)
    ) {
      const meta = opts.pageMeta ? await opts.pageMeta(pathname).catch(() => null) : null;
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(meta ? withPageMeta(opts.spaIndexHtml, meta) : opts.spaIndexHtml);
    }
    return sendError(reply, req.locale, 'ROUTE_NOT_FOUND', {
      method: req.method,
      url: req.url.split('?')[0],
    });
  });

  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const locale = req.locale ?? pickLocale(req.headers['accept-language']);
    if (err instanceof AppError)
      return sendError(reply, locale, err.code, err.params, localizeFields(err.details, locale));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const location = err.validationContext ?? 'body';
      const source = (req as unknown as Record<string, unknown>)[location];
      return sendError(
        reply,
        locale,
        'VALIDATION_FAILED',
        {},
        { fields: toFieldErrors(err.validation, location, locale, source) },
      );
    }
    // The server's circumstances, not a bug: 503 with Retry-After, and a line for the operator.
    const dbFailure = databaseFailureOf(err);
    if (dbFailure) {
      const line = { err, code: (err as { code?: unknown }).code };
      if (dbFailure === 'DATABASE_BUSY')
        req.log.warn(line, 'database busy past the busy timeout: answered 503');
      else req.log.error(line, 'database unavailable: answered 503');
      return sendError(reply, locale, dbFailure);
    }
    if (err instanceof StorageUnavailableError) {
      req.log.error(
        { op: err.op, path: err.path, errno: err.errno },
        `files folder not writable (${err.errno} on ${err.path}): answered 503`,
      );
      return sendError(reply, locale, 'STORAGE_UNAVAILABLE');
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response does not match its schema');
      return sendError(reply, locale, 'INTERNAL');
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, locale, 'PAYLOAD_TOO_LARGE', { limit: bodyLimitOf(req) });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(reply, locale, 'UNSUPPORTED_MEDIA_TYPE');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(reply, locale, 'MALFORMED_JSON');
    }
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return sendError(reply, locale, 'MALFORMED_JSON');
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      if (err.statusCode === 413)
        return sendError(reply, locale, 'PAYLOAD_TOO_LARGE', { limit: bodyLimitOf(req) });
      if (err.statusCode === 415) return sendError(reply, locale, 'UNSUPPORTED_MEDIA_TYPE');
      if (err.statusCode === 404) return sendError(reply, locale, 'NOT_FOUND');
      return sendError(reply, locale, 'VALIDATION_FAILED', {}, { reason: err.message });
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, locale, 'INTERNAL');
  });
}
