import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordSignal, type SignalInput } from '#modules/hotspots/signals.ts';
import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { action, actionOnResource, PUBLIC, signedIn } from '#platform/policy.ts';
import { notePublicAnswer } from '#platform/public-answers.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import { importWorks, WORKS_UPLOAD_LIMITS } from './import.ts';
import { worksImportTemplate } from './import-template.ts';
import {
  CheckWorkSchema,
  CreateWorkSchema,
  DiffQuerySchema,
  ListWorksQuerySchema,
  PublicWorkSchema,
  UpdateWorkSchema,
  VersionParamsSchema,
  WorkContentSchema,
  WorkDiffSchema,
  WorkPageSchema,
  WorkSchema,
  WorksImportQuerySchema,
  WorksImportReportSchema,
  WorkVersionSchema,
} from './schema.ts';
import * as service from './service.ts';
import './todos.ts';

const tags = ['works'];

export function registerWorkRoutes(app: App, { db, dialect }: AppDeps): void {
  app.get(
    '/api/works',
    {
      schema: {
        tags,
        summary: 'Works I may see in the console, with filters',
        querystring: ListWorksQuerySchema,
        response: { 200: WorkPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('work.list') },
    },
    (req) => service.listWorks(db, req.actor, req.query),
  );

  app.get(
    '/api/works/export',
    {
      schema: {
        tags,
        summary: 'The filtered works list as an xlsx workbook',
        querystring: ListWorksQuerySchema.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
      config: { policy: actionOnResource('work.list') },
    },
    async (req, reply) => {
      const buf = await service.exportWorks(db, req.actor, req.query);
      return sendXlsx(reply, '科普作品.xlsx', buf);
    },
  );

  app.get(
    '/api/works/import/template',
    {
      schema: {
        tags,
        summary:
          'The works import template (xlsx): header row, an example row that imports as it is, allowed values',
        produces: [XLSX_TYPE],
      },
      config: { policy: action('work.importTemplate') },
    },
    async (req, reply) => {
      const buf = await worksImportTemplate(db, req.actor, req.locale);
      return sendXlsx(
        reply,
        req.locale === 'zh-CN' ? '作品导入模板.xlsx' : 'works-import-template.xlsx',
        buf,
      );
    },
  );

  // The workbook is the body, held in memory up to the import guard's archive limit; the guard
  // checks the archive before inflating anything.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      [
        'application/octet-stream',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
      { parseAs: 'buffer' },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      '/api/works/import',
      {
        bodyLimit: WORKS_UPLOAD_LIMITS.maxBytes,
        schema: {
          tags,
          summary:
            'Import works from an xlsx workbook (the template), all or nothing, with a report by row and column',
          querystring: WorksImportQuerySchema,
          consumes: ['application/octet-stream'],
          response: { 200: WorksImportReportSchema, ...ERRORS },
        },
        config: { policy: actionOnResource('work.create') },
      },
      (req) =>
        importWorks(
          db,
          req.ctx,
          { xlsx: req.body as Buffer, name: 'upload.xlsx' },
          {
            organisationId: req.query.organisationId,
            userId: signedIn(req.actor).userId,
            locale: req.locale,
          },
        ),
    );
  });

  app.post(
    '/api/works',
    {
      schema: {
        tags,
        summary: 'Write a new work (a draft of the owning unit)',
        body: CreateWorkSchema,
        response: { 201: WorkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('work.create') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createWork(db, req.actor, req.ctx, req.body)),
  );

  app.get(
    '/api/works/:id',
    {
      schema: {
        tags,
        summary: 'One work with its checks and what I may do with it',
        params: IdParamsSchema,
        response: { 200: WorkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('work.read') },
    },
    (req) => service.getWork(db, req.actor, req.params.id),
  );

  app.patch(
    '/api/works/:id',
    {
      schema: {
        tags,
        summary: 'Save an edit as a new version',
        params: IdParamsSchema,
        body: UpdateWorkSchema,
        response: { 200: WorkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('work.editDraft') },
    },
    (req) => service.updateWork(db, req.actor, req.ctx, req.params.id, req.body),
  );

  for (const [name, policy, summary] of [
    ['submit', 'work.submit', 'Submit a draft for the science check'],
    ['recall', 'work.submit', 'Take a submitted work back to draft'],
    ['publish', 'work.publish', 'Publish a checked work on the portal'],
    ['withdraw', 'work.withdraw', 'Withdraw a published work from the portal and search'],
    ['archive', 'work.withdraw', 'Archive a published or withdrawn work'],
  ] as const) {
    app.post(
      `/api/works/:id/${name}`,
      {
        schema: { tags, summary, params: IdParamsSchema, response: { 200: WorkSchema, ...ERRORS } },
        config: { policy: actionOnResource(policy) },
      },
      (req) => service.moveWork(db, req.actor, req.ctx, req.params.id, name),
    );
  }

  app.post(
    '/api/works/:id/check',
    {
      schema: {
        tags,
        summary: 'Science check (科学性审核): pass, or return with comments',
        params: IdParamsSchema,
        body: CheckWorkSchema,
        response: { 200: WorkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('work.check') },
    },
    (req) => service.checkWork(db, req.actor, req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/works/:id/versions',
    {
      schema: {
        tags,
        summary: 'Version history, newest first',
        params: IdParamsSchema,
        response: { 200: z.array(WorkVersionSchema), ...ERRORS },
      },
      config: { policy: actionOnResource('work.read') },
    },
    (req) => service.listVersions(db, req.actor, req.params.id),
  );

  app.get(
    '/api/works/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'One version’s content',
        params: VersionParamsSchema,
        response: { 200: WorkContentSchema.extend({ version: z.number().int() }), ...ERRORS },
      },
      config: { policy: actionOnResource('work.read') },
    },
    (req) => service.getVersion(db, req.actor, req.params.id, req.params.version),
  );

  app.get(
    '/api/works/:id/diff',
    {
      schema: {
        tags,
        summary: 'What changed between two versions',
        params: IdParamsSchema,
        querystring: DiffQuerySchema,
        response: { 200: WorkDiffSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('work.read') },
    },
    (req) => service.diffVersions(db, req.actor, req.params.id, req.query.from, req.query.to),
  );

  app.get(
    '/api/public/works/:id',
    {
      schema: {
        tags,
        summary: 'A published work as the portal shows it, with its science check',
        params: IdParamsSchema,
        response: { 200: PublicWorkSchema, ...ERRORS },
      },
      // A visitor's page is kept (public-answers.ts); its view is counted on every request.
      config: {
        policy: PUBLIC,
        publicAnswer: {
          // Only a visitor's answer is kept: the note is an anonymous view (userId null).
          replay: (_req, note) => recordSignal(db, dialect, note as SignalInput),
        },
      },
    },
    async (req) => {
      const work = await service.getPublicWork(db, req.params.id);
      // A hotspot signal per topic (buffered): the work's region when it has one province.
      const provinces = [...new Set((work.regions as string[]).map((r) => r.slice(0, 2)))];
      const view: SignalInput = {
        kind: 'WORK_VIEW',
        terms: work.topics as string[],
        division: provinces.length === 1 ? work.regions[0] : null,
        userId: req.actor?.userId ?? null,
      };
      recordSignal(db, dialect, view);
      notePublicAnswer(req, view);
      return work;
    },
  );
}
