import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import {
  CreateFacilitySchema,
  FacilityListSchema,
  FacilityQuerySchema,
  FacilitySchema,
  OpenDayStatsQuerySchema,
  OpenDayStatsSchema,
  PartnerChoiceListSchema,
  PartnerInputSchema,
  PartnerParamsSchema,
  PublicFacilityListSchema,
  PublicFacilityQuerySchema,
  PublicFacilitySchema,
  UpdateFacilitySchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['facilities'];

export function registerFacilityRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/public/facilities',
    {
      schema: {
        tags,
        summary: 'Facilities that hold open days (科普开放日), with their next slot',
        querystring: PublicFacilityQuerySchema,
        response: { 200: PublicFacilityListSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.publicFacilities(db, req.query, req.locale),
  );
  app.get(
    '/api/public/facilities/:id',
    {
      schema: {
        tags,
        summary: 'A facility’s page: what a visit shows, safety notes, partners, upcoming slots',
        params: IdParamsSchema,
        response: { 200: PublicFacilitySchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.publicFacility(db, req.params.id, req.locale),
  );
  app.get(
    '/api/facilities',
    {
      schema: {
        tags,
        summary: 'Facilities run by the units I edit',
        querystring: FacilityQuerySchema,
        response: { 200: FacilityListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('facility.list') },
    },
    (req) => service.listFacilities(db, req.actor, req.query),
  );
  app.get(
    '/api/facilities/partner-choices',
    {
      schema: {
        tags,
        summary: 'Schools, societies and communities that may be partners (at most 50), by name',
        querystring: z.object({ q: z.string().trim().max(40).optional() }),
        response: { 200: PartnerChoiceListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('facility.list') },
    },
    (req) => service.partnerChoices(db, req.actor, req.query.q),
  );
  app.get(
    '/api/open-days/statistics',
    {
      schema: {
        tags,
        summary: 'Open days held in a year in my reach: facilities, slots, places, visitors',
        querystring: OpenDayStatsQuerySchema,
        response: { 200: OpenDayStatsSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('facility.list') },
    },
    (req) => service.openDayStats(db, req.actor, req.query, req.locale),
  );
  app.post(
    '/api/facilities',
    {
      schema: {
        tags,
        summary: 'Add a facility run by a unit I edit',
        body: CreateFacilitySchema,
        response: { 201: FacilitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('facility.manage') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createFacility(db, req.actor, req.ctx, req.body)),
  );
  app.get(
    '/api/facilities/:id',
    {
      schema: {
        tags,
        summary: 'One facility with its partners and open days',
        params: IdParamsSchema,
        response: { 200: FacilitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('facility.manage') },
    },
    (req) => service.getFacility(db, req.actor, req.params.id),
  );
  app.patch(
    '/api/facilities/:id',
    {
      schema: {
        tags,
        summary: 'Change a facility (publish or hide it on the portal)',
        params: IdParamsSchema,
        body: UpdateFacilitySchema,
        response: { 200: FacilitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('facility.manage') },
    },
    (req) => service.updateFacility(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/facilities/:id/partners/:organisationId',
    {
      schema: {
        tags,
        summary: 'Make a school or community a partner (they book new slots first)',
        params: PartnerParamsSchema,
        body: PartnerInputSchema,
        response: { 200: FacilitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('facility.manage') },
    },
    (req) =>
      service.putPartner(
        db,
        req.actor,
        req.ctx,
        req.params.id,
        req.params.organisationId,
        req.body,
      ),
  );
  app.delete(
    '/api/facilities/:id/partners/:organisationId',
    {
      schema: {
        tags,
        summary: 'End a partnership',
        params: PartnerParamsSchema,
        response: { 200: FacilitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('facility.manage') },
    },
    (req) =>
      service.removePartner(db, req.actor, req.ctx, req.params.id, req.params.organisationId),
  );
}
