import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { AUTHENTICATED, actionOnResource } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import {
  CreateOrganisationSchema,
  ListOrganisationsQuerySchema,
  MemberSchema,
  MembersQuerySchema,
  MoveOrganisationSchema,
  OrganisationPageSchema,
  OrganisationSchema,
  UpdateOrganisationSchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['organisations'];

export function registerOrganisationRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/organisations',
    {
      schema: {
        tags,
        summary: 'List organisations in tree order, within the caller’s scope',
        querystring: ListOrganisationsQuerySchema,
        response: { 200: OrganisationPageSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.listOrganisations(db, req.actor, req.query),
  );

  app.get(
    '/api/organisations/export',
    {
      schema: {
        tags,
        summary: 'The filtered organisation list as an xlsx workbook',
        querystring: ListOrganisationsQuerySchema.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) => {
      const buf = await service.exportOrganisations(db, req.actor, req.query);
      return sendXlsx(reply, '组织机构.xlsx', buf);
    },
  );

  app.get(
    '/api/organisations/:id',
    {
      schema: {
        tags,
        summary: 'One organisation',
        params: IdParamsSchema,
        response: { 200: OrganisationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('organisation.read') },
    },
    (req) => service.getOrganisation(db, req.actor, req.params.id),
  );

  app.get(
    '/api/organisations/:id/members',
    {
      schema: {
        tags,
        summary: 'The people of an organisation (names only), for its own people',
        params: IdParamsSchema,
        querystring: MembersQuerySchema,
        response: { 200: z.array(MemberSchema), ...ERRORS },
      },
      config: { policy: actionOnResource('organisation.members') },
    },
    (req) => service.listMembers(db, req.actor, req.params.id, req.query.q),
  );

  app.post(
    '/api/organisations',
    {
      schema: {
        tags,
        summary: 'Create an organisation under a parent',
        body: CreateOrganisationSchema,
        response: { 201: OrganisationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('organisation.create') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createOrganisation(db, req.actor, req.ctx, req.body)),
  );

  app.patch(
    '/api/organisations/:id',
    {
      schema: {
        tags,
        summary: 'Edit an organisation',
        params: IdParamsSchema,
        body: UpdateOrganisationSchema,
        response: { 200: OrganisationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('organisation.update') },
    },
    (req) => service.updateOrganisation(db, req.actor, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/organisations/:id/move',
    {
      schema: {
        tags,
        summary: 'Move an organisation (and its subtree) under another parent',
        params: IdParamsSchema,
        body: MoveOrganisationSchema,
        response: { 200: OrganisationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('organisation.move') },
    },
    (req) => service.moveOrganisation(db, req.actor, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/organisations/:id/deactivate',
    {
      schema: {
        tags,
        summary: 'Deactivate an organisation and its subtree',
        params: IdParamsSchema,
        response: { 200: OrganisationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('organisation.deactivate') },
    },
    (req) => service.setOrganisationActive(db, req.actor, req.ctx, req.params.id, false),
  );

  app.post(
    '/api/organisations/:id/activate',
    {
      schema: {
        tags,
        summary: 'Reactivate an organisation and its subtree',
        params: IdParamsSchema,
        response: { 200: OrganisationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('organisation.deactivate') },
    },
    (req) => service.setOrganisationActive(db, req.actor, req.ctx, req.params.id, true),
  );
}
