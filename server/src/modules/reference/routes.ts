import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS } from '#platform/schemas.ts';
import {
  CreateDivisionSchema,
  CreateReferenceItemSchema,
  DivisionCodeParamsSchema,
  DivisionSchema,
  ItemParamsSchema,
  KindParamsSchema,
  ListDivisionsQuerySchema,
  ListReferenceQuerySchema,
  ReferenceItemSchema,
  UpdateDivisionSchema,
  UpdateReferenceItemSchema,
} from './schema.ts';
import { REFERENCE_KIND_ZH } from './seed-data.ts';
import * as service from './service.ts';

const tags = ['reference'];

export function registerReferenceRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/reference/:kind',
    {
      schema: {
        tags,
        summary: 'Sectors, topics, audiences, theme days, hazard types, work and activity types',
        params: KindParamsSchema,
        querystring: ListReferenceQuerySchema,
        response: { 200: z.array(ReferenceItemSchema), ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.listReference(db, req.params.kind, req.query.includeInactive === 'true'),
  );

  // Public, as the list it exports: reference data is read by everyone.
  app.get(
    '/api/reference/:kind/export',
    {
      schema: {
        tags,
        summary: 'One taxonomy’s items, as listed, as an xlsx workbook',
        params: KindParamsSchema,
        querystring: ListReferenceQuerySchema,
        produces: [XLSX_TYPE],
      },
      config: { policy: PUBLIC },
    },
    async (req, reply) => {
      const { kind } = req.params;
      const buf = await service.exportReference(db, kind, req.query.includeInactive === 'true');
      return sendXlsx(reply, `基础数据-${REFERENCE_KIND_ZH[kind]}.xlsx`, buf);
    },
  );

  app.post(
    '/api/reference/:kind',
    {
      schema: {
        tags,
        summary: 'Add a reference item',
        params: KindParamsSchema,
        body: CreateReferenceItemSchema,
        response: { 201: ReferenceItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reference.manage') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.createReferenceItem(db, req.actor, req.ctx, req.params.kind, req.body)),
  );

  app.patch(
    '/api/reference/:kind/:code',
    {
      schema: {
        tags,
        summary: 'Edit or retire a reference item',
        params: ItemParamsSchema,
        body: UpdateReferenceItemSchema,
        response: { 200: ReferenceItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reference.manage') },
    },
    (req) =>
      service.updateReferenceItem(
        db,
        req.actor,
        req.ctx,
        req.params.kind,
        req.params.code,
        req.body,
      ),
  );

  app.get(
    '/api/divisions',
    {
      schema: {
        tags,
        summary: 'Administrative divisions (GB/T 2260): provinces, or the children of one',
        querystring: ListDivisionsQuerySchema,
        response: { 200: z.array(DivisionSchema), ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.listDivisions(db, req.query.parentCode, req.query.includeRetired === 'true'),
  );

  app.post(
    '/api/divisions',
    {
      schema: {
        tags,
        summary: 'Add a division code (local override of the packaged GB/T 2260 data)',
        body: CreateDivisionSchema,
        response: { 201: DivisionSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reference.manage') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createDivision(db, req.actor, req.ctx, req.body)),
  );

  app.patch(
    '/api/divisions/:code',
    {
      schema: {
        tags,
        summary: 'Rename a division or set its validity (validTo retires it)',
        params: DivisionCodeParamsSchema,
        body: UpdateDivisionSchema,
        response: { 200: DivisionSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reference.manage') },
    },
    (req) => service.updateDivision(db, req.actor, req.ctx, req.params.code, req.body),
  );
}
