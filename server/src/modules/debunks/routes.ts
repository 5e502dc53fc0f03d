import type { FastifyReply } from 'fastify';
import type { App, AppDeps } from '#platform/app-types.ts';
import { AppError } from '#platform/errors.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { AUTHENTICATED, action, actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import * as feeds from './feeds.ts';
import * as reports from './reports.ts';
import {
  BoardQuerySchema,
  BoardSchema,
  DebunkInputSchema,
  DebunkPageSchema,
  DebunkSchema,
  DebunkStatusSchema,
  ListDebunksQuerySchema,
  ListReportsQuerySchema,
  PublicDebunkSchema,
  PublicListQuerySchema,
  PublicPageSchema,
  ReportInputSchema,
  ReportPageSchema,
  ReportReceiptSchema,
  ReportSchema,
  TriageSchema,
} from './schema.ts';
import * as service from './service.ts';
import './personal.ts';

const tags = ['debunks'];

/** A 429 names its wait in Retry-After (seconds), from the minutes the refusal gives. */
function withRetryAfter(reply: FastifyReply, e: unknown): never {
  if (e instanceof AppError && e.status === 429) {
    const minutes = Number((e.params as { minutes?: unknown } | undefined)?.minutes ?? 1);
    reply.header('retry-after', String(Math.max(1, minutes) * 60));
  }
  throw e;
}

export function registerDebunkRoutes(app: App, { db, config }: AppDeps): void {
  // --- Portal (contract: issue 14)
  app.get(
    '/api/public/debunks',
    {
      schema: {
        tags,
        summary: 'Published debunks (辟谣), newest first: by words, hazard type and region',
        querystring: PublicListQuerySchema,
        response: { 200: PublicPageSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.listPublic(db, req.query),
  );
  app.get(
    '/api/public/debunks/feed.rss',
    {
      schema: {
        tags,
        summary: 'RSS 2.0 of the newest published debunks',
        produces: ['application/rss+xml'],
      },
      config: { policy: PUBLIC },
    },
    async (_req, reply) =>
      reply
        .type('application/rss+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=600')
        .send(await feeds.rss(db, config.publicUrl)),
  );
  app.get(
    '/api/public/debunks/feed.json',
    {
      schema: {
        tags,
        summary: 'JSON Feed 1.1 of the newest published debunks (structured claims in _kepu)',
        produces: ['application/feed+json'],
      },
      config: { policy: PUBLIC },
    },
    async (_req, reply) =>
      reply
        .type('application/feed+json; charset=utf-8')
        .header('cache-control', 'public, max-age=600')
        .send(JSON.stringify(await feeds.jsonFeed(db, config.publicUrl))),
  );
  app.get(
    '/api/public/debunks/board',
    {
      schema: {
        tags,
        summary: '流言榜: the month’s top debunks (by linked rumour reports, then views)',
        querystring: BoardQuerySchema,
        response: { 200: BoardSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => reports.board(db, req.query.month),
  );
  app.get(
    '/api/public/debunks/:id',
    {
      schema: {
        tags,
        summary:
          'A published debunk: claims, verifying authority, experts with public pages, sources',
        params: IdParamsSchema,
        response: { 200: PublicDebunkSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.viewPublic(db, req.params.id, req.locale),
  );
  app.post(
    '/api/public/rumour-reports',
    {
      schema: {
        tags,
        summary:
          'Report a rumour (no account needed; throttled per client and overall), optionally with a screenshot',
        body: ReportInputSchema,
        response: { 201: ReportReceiptSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
      // A screenshot of at most 2 MB, as base64, and the text.
      bodyLimit: 3 * 1024 * 1024,
    },
    async (req, reply) => {
      const out = await reports
        .createReport(db, req.ctx, req.body)
        .catch((e) => withRetryAfter(reply, e));
      return reply.code(201).send(out);
    },
  );

  // --- Console
  app.get(
    '/api/debunks',
    {
      schema: {
        tags,
        summary: 'Debunks of my units (drafts only there)',
        querystring: ListDebunksQuerySchema,
        response: { 200: DebunkPageSchema, ...ERRORS },
      },
      config: { policy: action('debunk.console') },
    },
    (req) => service.listDebunks(db, req.actor, req.query),
  );
  app.post(
    '/api/debunks',
    {
      schema: {
        tags,
        summary: 'New debunk entry (status DETECTED)',
        body: DebunkInputSchema,
        response: { 201: DebunkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('debunk.manage') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createDebunk(db, req.actor, req.ctx, req.body)),
  );
  app.get(
    '/api/debunks/:id',
    {
      schema: {
        tags,
        summary: 'One debunk entry',
        params: IdParamsSchema,
        response: { 200: DebunkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('debunk.read') },
    },
    (req) => service.getDebunk(db, req.actor, req.params.id),
  );
  app.put(
    '/api/debunks/:id',
    {
      schema: {
        tags,
        summary: 'Edit a debunk entry (a published one updates its library work)',
        params: IdParamsSchema,
        body: DebunkInputSchema,
        response: { 200: DebunkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('debunk.manage') },
    },
    (req) => service.updateDebunk(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/debunks/:id/status',
    {
      schema: {
        tags,
        summary:
          'Status step: DETECTED → VERIFYING → DEBUNKED | CONFIRMED | PARTIAL (409 otherwise)',
        params: IdParamsSchema,
        body: DebunkStatusSchema,
        response: { 200: DebunkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('debunk.manage') },
    },
    (req) => service.setStatus(db, req.actor, req.ctx, req.params.id, req.body.status),
  );
  app.post(
    '/api/debunks/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Publish a verified debunk: public, in the feeds, and a DEBUNK work in the library',
        params: IdParamsSchema,
        response: { 200: DebunkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('debunk.manage') },
    },
    (req) => service.publish(db, req.actor, req.ctx, req.params.id),
  );
  app.post(
    '/api/debunks/:id/unpublish',
    {
      schema: {
        tags,
        summary: 'Take a debunk off the portal (its work is withdrawn)',
        params: IdParamsSchema,
        response: { 200: DebunkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('debunk.manage') },
    },
    (req) => service.unpublish(db, req.actor, req.ctx, req.params.id),
  );
  app.get(
    '/api/rumour-reports',
    {
      schema: {
        tags,
        summary: 'Rumour reports for the office to triage (contacts shown here only)',
        querystring: ListReportsQuerySchema,
        response: { 200: ReportPageSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => reports.listReports(db, req.actor, req.query),
  );
  app.post(
    '/api/rumour-reports/:id/triage',
    {
      schema: {
        tags,
        summary: 'Triage a report: accept, reject, merge into another, or link to a debunk',
        params: IdParamsSchema,
        body: TriageSchema,
        response: { 200: ReportSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => reports.triage(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/rumour-reports/:id/screenshot',
    {
      schema: {
        tags,
        summary: 'A report’s screenshot (JPEG, re-encoded without metadata; the office)',
        params: IdParamsSchema,
        produces: ['image/jpeg'],
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) => {
      const s = await reports.screenshot(db, req.actor, req.params.id);
      return reply
        .type(s.mime)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', 'inline')
        .send(Buffer.from(s.bytes));
    },
  );
  app.get(
    '/api/rumour-reports/board/export',
    {
      schema: {
        tags,
        summary: 'The month’s 流言榜 as an xlsx workbook (the office)',
        querystring: BoardQuerySchema,
        produces: [XLSX_TYPE],
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) => {
      const month = req.query.month ?? reports.thisMonth();
      const buf = await reports.exportBoard(db, req.actor, req.ctx, month);
      return sendXlsx(reply, `流言榜-${month}.xlsx`, buf);
    },
  );
}
