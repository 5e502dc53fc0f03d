import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import '#modules/accounts/jobs.ts';
import { registerAccountRoutes } from '#modules/accounts/routes.ts';
import { registerAuditRoutes } from '#modules/audit/routes.ts';
import '#modules/bases/jobs.ts';
import '#modules/activities/personal.ts';
import '#modules/squads/personal.ts';
import '#modules/volunteers/personal.ts';
import '#modules/appointments/jobs.ts';
import '#modules/appointments/personal.ts';
import { registerActivityRoutes } from '#modules/activities/routes.ts';
import { registerAppointmentRoutes } from '#modules/appointments/routes.ts';
import { registerBaseRoutes } from '#modules/bases/routes.ts';
import { registerCertificateRoutes } from '#modules/certificates/routes.ts';
import { registerCollectionRoutes } from '#modules/collections/routes.ts';
import { registerDebunkRoutes } from '#modules/debunks/routes.ts';
import { registerEmergencyRoutes } from '#modules/emergency/routes.ts';
import { registerExpertRoutes } from '#modules/experts/routes.ts';
import { registerFacilityRoutes } from '#modules/facilities/routes.ts';
import { registerHealthRoutes } from '#modules/health/routes.ts';
import { registerHotspotRoutes } from '#modules/hotspots/routes.ts';
import { flushSignals } from '#modules/hotspots/signals.ts';
import { registerJoinRoutes } from '#modules/joins/routes.ts';
import { registerMediaRoutes } from '#modules/media/routes.ts';
import { registerOrganisationRoutes } from '#modules/organisations/routes.ts';
import { registerPortalRoutes } from '#modules/portal/routes.ts';
import { pageMeta } from '#modules/portal/service.ts';
import { registerPrivacyRoutes } from '#modules/privacy/routes.ts';
import { registerRecordRoutes } from '#modules/record/routes.ts';
import { registerReferenceRoutes } from '#modules/reference/routes.ts';
import { registerReviewRoutes } from '#modules/reviews/routes.ts';
import { registerSearchRoutes } from '#modules/search/routes.ts';
import { registerSiteRoutes } from '#modules/site/routes.ts';
import { registerSquadRoutes } from '#modules/squads/routes.ts';
import { registerTodoRoutes } from '#modules/todos/routes.ts';
import { registerTrainingRoutes } from '#modules/training/routes.ts';
import { registerUserRoutes } from '#modules/users/routes.ts';
import { registerVolunteerRoutes } from '#modules/volunteers/routes.ts';
import { registerVolunteerShiftRoutes } from '#modules/volunteers/routes-shifts.ts';
import { registerWorkRoutes } from '#modules/works/routes.ts';
import type { App, AppDeps } from '#platform/app-types.ts';
import { setAuditKey } from '#platform/audit.ts';
import { loadAuditKey } from '#platform/audit-key.ts';
import type { Config } from '#platform/config.ts';
import { type DbHandle, writeCountOf } from '#platform/db/connect.ts';
import { registerHttpPlatform } from '#platform/http.ts';
import { newId } from '#platform/ids.ts';
import { registerJobRoutes } from '#platform/jobs/routes.ts';
import { type RunnerOptions, startJobRunner } from '#platform/jobs/runner.ts';
import { closeMailers, configureNotifications } from '#platform/notify/notify.ts';
import { registerNotificationRoutes } from '#platform/notify/routes.ts';
import { PUBLIC } from '#platform/policy.ts';
import { publicAnswers } from '#platform/public-answers.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { createResponseSerializerCompiler } from '#platform/serialize.ts';
import { openStorage } from '#platform/storage/open.ts';
import { withControlCharacterCheck } from '#platform/validation.ts';
import { VERSION } from '#platform/version.ts';

export interface RegisteredRoute {
  method: string;
  url: string;
  config: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[];
  }
}

export interface BuildOptions {
  /** Pino logger: true/false or options; tests pass false. */
  logger?: boolean;
  /** Where log lines go (default stdout): tests read the operator's lines from here. */
  logStream?: { write(line: string): void };
  /**
   * Run this node's job runner (off by default: tests and scripts run jobs inline with
   * `runDueJobs`; `kepu start` turns it on unless KEPU_JOBS=0). Stopped when the app closes.
   */
  runJobs?: boolean | RunnerOptions;
}

/** The web app loads only its own scripts; antd writes inline styles (CSS-in-JS). */
const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The build's own inline scripts in index.html (the home page's pre-rendered first screen) are
 * allowed by their hashes, and nothing else inline: `script-src 'self' 'sha256-…'`.
 */
export function allowInlineScripts(csp: string, indexHtml: string | undefined): string {
  if (!indexHtml) return csp;
  const hashes = [...indexHtml.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
  if (hashes.length === 0) return csp;
  return csp.replace("script-src 'self'", `script-src 'self' ${hashes.join(' ')}`);
}

/**
 * The API explorer (swagger-ui, from @fastify/swagger-ui's own files): its scripts and styles are
 * ours, it styles elements inline and draws icons as data: images, and it fetches the OpenAPI
 * document from here. Nothing from another host (the validator badge is off).
 */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Browsers keep to https for a year, on every subdomain (sent only when the public URL is https). */
const HSTS = 'max-age=31536000; includeSubDomains';

/** Every module's routes, in one list: adding a module is one line here. */
const MODULES: ((app: App, deps: AppDeps) => void)[] = [
  registerHealthRoutes,
  registerJobRoutes,
  registerAccountRoutes,
  registerOrganisationRoutes,
  registerUserRoutes,
  registerJoinRoutes,
  registerSquadRoutes,
  registerVolunteerRoutes,
  registerVolunteerShiftRoutes,
  registerActivityRoutes,
  registerFacilityRoutes,
  registerCertificateRoutes,
  registerAppointmentRoutes,
  registerTrainingRoutes,
  registerEmergencyRoutes,
  registerDebunkRoutes,
  registerHotspotRoutes,
  registerRecordRoutes,
  registerPrivacyRoutes,
  registerReferenceRoutes,
  registerAuditRoutes,
  registerSearchRoutes,
  registerMediaRoutes,
  registerWorkRoutes,
  registerCollectionRoutes,
  registerExpertRoutes,
  registerReviewRoutes,
  registerBaseRoutes,
  registerPortalRoutes,
  registerSiteRoutes,
  registerNotificationRoutes,
  // Last: it asks the to-do sources every module above has defined.
  registerTodoRoutes,
];

/** Builds the Fastify app: platform plugins first, then each module, then the web app's files. */
/**
 * A request as the log shows it (Fastify's fields), with secrets in paths left out: an expert
 * invitation's link token travels in the path (`/join/expert/<token>`), so no log line holds it.
 */
export function requestForLog(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactTokens(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

export const redactTokens = (url: string) =>
  url.replace(/(\/join\/expert\/|\/expert-invitations\/)[^/?#]+/g, '$1[token]');

/**
 * The request log: one line per request when its answer has gone, with what Fastify's
 * "incoming request" and "request completed" lines said between them (the request as
 * requestForLog shows it, the status, the time taken) — half the log writes under load. Fastify's
 * other lines (errors, not found) are its own.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    req: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error)
      reply.log.error(
        { req, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    else reply.log.info({ req, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function buildApp(
  config: Config,
  handle: DbHandle,
  opts: BuildOptions = {},
): Promise<App> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            serializers: { req: requestForLog },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : newId();
    },
    logController: new OneLinePerRequest(),
    bodyLimit: config.bodyLimit,
    trustProxy: process.env.KEPU_TRUST_PROXY === '1',
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  // The audit chain's key, from the configuration (never from the database, never logged).
  const auditKey = loadAuditKey(config);
  setAuditKey(auditKey.key);
  if (auditKey.created)
    app.log.warn(
      { file: auditKey.file },
      '已创建审计密钥，请与数据库备份分开保存 / audit key created: keep a copy apart from database backups',
    );
  if (auditKey.looseMode)
    app.log.warn({ file: auditKey.file }, '审计密钥文件权限过宽 / audit key file is not mode 0600');

  // Every route as registered (method, url, config): the route-policy test walks this list.
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (r) => {
    // Read config lazily: encapsulated plugins' own onRoute hooks may still set it.
    for (const method of [r.method].flat())
      routes.push({
        method,
        url: r.url,
        get config() {
          return r.config;
        },
      });
  });
  // No NUL or other control character reaches a schema, a service or the database.
  app.setValidatorCompiler(withControlCharacterCheck(validatorCompiler));
  app.setSerializerCompiler(createResponseSerializerCompiler({ strict: config.strictResponses }));
  await app.register(fastifyCookie);
  // Public answers kept in memory: kept before compression (their hook first), answered once the
  // session is read (after registerHttpPlatform's hook, below).
  const answers = publicAnswers(writeCountOf(handle.db));
  app.addHook('onSend', answers.keep);
  // brotli (quality 4) or gzip for text (HTML, JS, CSS, JSON, XML, SVG) from 1 KiB: tiny answers
  // such as /api/health are sent as they are. Media files opt out (`compress: false` on their
  // route): they are compressed already, and served in byte ranges. The web app's files are
  // compressed at build time (web/vite.config.ts) and sent as they are (preCompressed below).
  await app.register(fastifyCompress, { threshold: 1024, encodings: ['br', 'gzip'] });
  app.addHook('onRequest', async (req) => {
    // A byte range is of the representation as stored: a compressed stream would not match
    // its Content-Range. @fastify/compress leaves alone the requests that carry this header.
    if (req.headers.range !== undefined) req.headers['x-no-compression'] = 'range';
  });
  const indexFile = config.webDist ? path.join(config.webDist, 'index.html') : null;
  const spaIndexHtml =
    indexFile && fs.existsSync(indexFile) ? fs.readFileSync(indexFile, 'utf8') : undefined;
  const webCsp = allowInlineScripts(WEB_CSP, spaIndexHtml);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (config.secureCookies) reply.header('strict-transport-security', HSTS);
    // Routes that serve files (media) set their own framing, CSP and caching.
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    if (!req.url.startsWith('/api/')) reply.header('content-security-policy', webCsp);
    else if (req.url.startsWith('/api/docs')) reply.header('content-security-policy', DOCS_CSP);
    if (
      req.url.startsWith('/api/') &&
      !req.url.startsWith('/api/docs') &&
      !reply.hasHeader('cache-control')
    )
      reply.header('cache-control', 'no-store');
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kepu 自然资源科普服务平台 API',
        version: VERSION,
        description:
          'Errors: { error: { code, message, details } }; messages in zh-CN, or en-US by Accept-Language. Cookie sessions; send X-CSRF-Token on writes.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kepu_sid' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), policy: PUBLIC };
    });
    await docs.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { policy: PUBLIC } }, () =>
    app.swagger(),
  );

  registerHttpPlatform(app, config, handle, {
    spaIndexHtml,
    pageMeta: (pathname) => pageMeta(handle.db, pathname, config.publicUrl),
  });
  app.addHook('onRequest', answers.answer);

  const storage = openStorage(config);
  // Scratch files older than a day are uploads cut off by a crash or a dropped connection.
  void storage.sweepScratch(24 * 3600_000).catch(() => {});
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    config,
    version: VERSION,
    storage,
  };
  configureNotifications(config);
  for (const register of MODULES) register(app, deps);
  // Modules define their jobs when imported (`#modules/*/jobs.ts` above); this node runs them.
  if (opts.runJobs) {
    const runner = startJobRunner(
      { db: handle.db, dialect: handle.dialect, config, log: app.log },
      opts.runJobs === true ? {} : opts.runJobs,
    );
    // Before the database closes: running jobs finish (or their lease runs out elsewhere).
    app.addHook('onClose', () => runner.stop());
  }
  // After the runner has stopped: no mail job is left to send.
  app.addHook('onClose', async () => closeMailers());
  // Buffered search-query log rows are written before the database closes.
  app.addHook('onClose', () => searchEngineFor(handle.db, handle.dialect).flushQueryLog());
  // Buffered hotspot signals too (hourly aggregates, see modules/hotspots/signals.ts).
  app.addHook('onClose', () => flushSignals(handle.db));

  if (config.webDist && spaIndexHtml) {
    const root = config.webDist;
    await app.register(async (web) => {
      web.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), policy: PUBLIC };
      });
      await web.register(fastifyStatic, {
        root,
        wildcard: true,
        index: ['index.html'],
        maxAge: '1h',
        immutable: false,
        // index-abc.js.br and .gz beside each file, written by the build: sent as they are.
        preCompressed: true,
      });
    });
  }
  return app;
}
