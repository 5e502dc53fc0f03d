import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { XLSX_LIMITS } from '#platform/import/limits.ts';
import { action, actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import { addCooperation, listCooperations } from './cooperation.ts';
import { importLegacyBases } from './legacy.ts';
import { legacyBasesTemplate } from './legacy-template.ts';
import {
  BasePageSchema,
  BaseSchema,
  BaseStatsSchema,
  CooperationSchema,
  CreateCooperationSchema,
  LegacyImportQuerySchema,
  LegacyImportResultSchema,
  ListBasesQuerySchema,
  NamingSchema,
  StatusChangeSchema,
  UpdateBaseSchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['bases'];

export function registerBaseRoutes(app: App, { db }: AppDeps): void {
  // Legacy lists come as the workbook itself (the body), held in memory up to the import guard's
  // archive limit; the guard checks the archive before inflating anything.
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
      '/api/bases/import-legacy',
      {
        bodyLimit: XLSX_LIMITS.maxBytes,
        schema: {
          tags,
          summary:
            'Import legacy bases (国土资源 / 海洋 / 测绘) from an xlsx workbook, all or nothing',
          querystring: LegacyImportQuerySchema,
          consumes: ['application/octet-stream'],
          response: { 200: LegacyImportResultSchema, ...ERRORS },
        },
        config: { policy: actionOnResource('base.govern') },
      },
      (req) => importLegacyBases(db, req.actor, req.ctx, req.query, req.body as Buffer),
    );
  });

  app.get(
    '/api/bases/import-legacy/template',
    {
      schema: {
        tags,
        summary:
          'The legacy bases import template (xlsx): header row, an example row that imports as it is, allowed values',
        produces: [XLSX_TYPE],
      },
      config: { policy: action('base.importTemplate') },
    },
    async (req, reply) =>
      sendXlsx(
        reply,
        req.locale === 'zh-CN' ? '原体系基地导入模板.xlsx' : 'legacy-bases-import-template.xlsx',
        await legacyBasesTemplate(db, req.actor, req.locale),
      ),
  );

  app.post(
    '/api/bases/naming',
    {
      schema: {
        tags,
        summary: 'Name a batch of confirmed applications (文号, date, tier, term)',
        body: NamingSchema,
        response: { 200: z.object({ named: z.array(z.string()) }), ...ERRORS },
      },
      config: { policy: actionOnResource('base.govern') },
    },
    (req) => service.nameBatch(db, req.actor, req.ctx, req.body),
  );
  app.get(
    '/api/bases',
    {
      schema: {
        tags,
        summary: 'Bases my organisations host or named',
        querystring: ListBasesQuerySchema,
        response: { 200: BasePageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('base.list') },
    },
    (req) => service.listBases(db, req.actor, req.query, req.locale),
  );
  app.get(
    '/api/bases/export',
    {
      schema: {
        tags,
        summary: 'The filtered console list of bases as an xlsx workbook',
        querystring: ListBasesQuerySchema.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
      config: { policy: actionOnResource('base.list') },
    },
    async (req, reply) => {
      const buf = await service.exportBases(db, req.actor, req.query);
      return sendXlsx(reply, '科普基地.xlsx', buf);
    },
  );
  app.get(
    '/api/bases/:id',
    {
      schema: {
        tags,
        summary: 'A base with its whole status history',
        params: IdParamsSchema,
        response: { 200: BaseSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('base.list') },
    },
    (req) => service.getBase(db, req.actor, req.params.id),
  );
  app.patch(
    '/api/bases/:id',
    {
      schema: {
        tags,
        summary: 'The host keeps the profile (hours, contacts, facilities, place, gallery)',
        params: IdParamsSchema,
        body: UpdateBaseSchema,
        response: { 200: BaseSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('base.edit') },
    },
    (req) => service.updateBase(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/bases/:id/status',
    {
      schema: {
        tags,
        summary: 'Renew, put under rectification (整改), revoke; migrate or retire a legacy base',
        params: IdParamsSchema,
        body: StatusChangeSchema,
        response: { 200: BaseSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('base.govern') },
    },
    (req) => service.changeStatus(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/public/bases',
    {
      schema: {
        tags,
        summary: 'Named bases on the portal',
        querystring: ListBasesQuerySchema,
        response: { 200: BasePageSchema, ...ERRORS },
      },
      // Kept in memory for visitors (platform/public-answers.ts): nothing here counts a view.
      config: { policy: PUBLIC, publicAnswer: true },
    },
    (req) => service.listPublicBases(db, req.query, req.locale),
  );
  app.get(
    '/api/public/bases/stats',
    {
      schema: {
        tags,
        summary: 'Counts against the plan’s target; bases as longitude/latitude points',
        response: { 200: BaseStatsSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.stats(db, req.locale),
  );
  app.get(
    '/api/public/bases/:id/cooperations',
    {
      schema: {
        tags,
        summary: 'A base’s cooperation with other bases (shared exhibits, joint activities)',
        params: IdParamsSchema,
        response: { 200: z.array(CooperationSchema), ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => listCooperations(db, req.params.id, req.locale),
  );
  app.post(
    '/api/bases/:id/cooperations',
    {
      schema: {
        tags,
        summary: 'Record a cooperation with another base',
        params: IdParamsSchema,
        body: CreateCooperationSchema,
        response: { 201: CooperationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('base.edit') },
    },
    async (req, reply) =>
      reply.code(201).send(await addCooperation(db, req.actor, req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/public/bases/:id',
    {
      schema: {
        tags,
        summary: 'A base’s public page',
        params: IdParamsSchema,
        response: { 200: BaseSchema, ...ERRORS },
      },
      config: { policy: PUBLIC, publicAnswer: true },
    },
    (req) => service.getPublicBase(db, req.params.id, req.locale),
  );
}
