import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema, OkSchema } from '#platform/schemas.ts';
import * as incidents from './incidents.ts';
import './jobs.ts';
import * as reserve from './reserve.ts';
import {
  ApproveExplainerSchema,
  CloseIncidentSchema,
  CoverageSchema,
  DraftExplainerSchema,
  IncidentBoardSchema,
  IncidentPageSchema,
  IncidentStatsQuerySchema,
  IncidentStatsSchema,
  ListIncidentsQuerySchema,
  ListReserveQuerySchema,
  OpenIncidentSchema,
  PublicEmergencySchema,
  PublicRegionSchema,
  RegionParamsSchema,
  ReserveCandidatesQuerySchema,
  ReserveCandidatesSchema,
  ReserveInputSchema,
  ReserveItemSchema,
  ReservePageSchema,
  WorkIdParamsSchema,
} from './schema.ts';

const tags = ['emergency'];

export function registerEmergencyRoutes(app: App, { db }: AppDeps): void {
  // --- Portal
  app.get(
    '/api/public/emergency',
    {
      schema: {
        tags,
        summary: 'The home page’s banner: active incidents with a published explainer',
        response: { 200: PublicEmergencySchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => incidents.publicEmergency(db, req.locale),
  );
  app.get(
    '/api/public/regions/:code',
    {
      schema: {
        tags,
        summary: 'A province’s 应急科普 page: active and recent incidents, preventive content',
        params: RegionParamsSchema,
        response: { 200: PublicRegionSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => incidents.publicRegion(db, req.params.code, req.locale),
  );

  // --- Incidents
  app.get(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'Incidents: those of units I am staff over, or on whose duty list I am',
        querystring: ListIncidentsQuerySchema,
        response: { 200: IncidentPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('incident.console') },
    },
    (req) => incidents.listIncidents(db, req.actor, req.query, req.locale),
  );
  app.get(
    '/api/incidents/stats',
    {
      schema: {
        tags,
        summary: 'Time to first explainer over a year’s incidents (median, 90th percentile)',
        querystring: IncidentStatsQuerySchema,
        response: { 200: IncidentStatsSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('incident.console') },
    },
    (req) => incidents.incidentStats(db, req.actor, req.query.year, req.locale),
  );
  app.post(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'Open an incident: duty experts are called at once',
        body: OpenIncidentSchema,
        response: { 201: IncidentBoardSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('incident.open') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await incidents.openIncident(db, req.actor, req.ctx, req.body, req.locale)),
  );
  app.get(
    '/api/incidents/:id',
    {
      schema: {
        tags,
        summary: 'The response board',
        params: IdParamsSchema,
        response: { 200: IncidentBoardSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => incidents.getBoard(db, req.actor, req.params.id, req.locale),
  );
  app.post(
    '/api/incidents/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'A duty expert acknowledges the call',
        params: IdParamsSchema,
        response: { 200: IncidentBoardSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => incidents.acknowledgeDuty(db, req.actor, req.ctx, req.params.id, req.locale),
  );
  app.post(
    '/api/incidents/:id/explainers',
    {
      schema: {
        tags,
        summary: 'Draft an explainer, from a reserve item or from scratch',
        params: IdParamsSchema,
        body: DraftExplainerSchema,
        response: { 201: IncidentBoardSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('incident.manage') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await incidents.draftExplainer(
            db,
            req.actor,
            req.ctx,
            req.params.id,
            req.body,
            req.locale,
          ),
        ),
  );
  app.post(
    '/api/incidents/:id/explainers/:workId/submit',
    {
      schema: {
        tags,
        summary: 'Send a drafted explainer to the duty experts',
        params: WorkIdParamsSchema,
        response: { 200: IncidentBoardSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('incident.manage') },
    },
    (req) =>
      incidents.submitExplainer(
        db,
        req.actor,
        req.ctx,
        req.params.id,
        req.params.workId,
        req.locale,
      ),
  );
  app.post(
    '/api/incidents/:id/explainers/:workId/approve',
    {
      schema: {
        tags,
        summary: 'A duty expert passes an explainer: checked and published at once',
        params: WorkIdParamsSchema,
        body: ApproveExplainerSchema,
        response: { 200: IncidentBoardSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) =>
      incidents.approveExplainer(
        db,
        req.actor,
        req.ctx,
        req.params.id,
        req.params.workId,
        req.body,
        req.locale,
      ),
  );
  app.post(
    '/api/incidents/:id/close',
    {
      schema: {
        tags,
        summary: 'End the response: the banner goes; the explainers stay in the library',
        params: IdParamsSchema,
        body: CloseIncidentSchema,
        response: { 200: IncidentBoardSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('incident.manage') },
    },
    (req) => incidents.closeIncident(db, req.actor, req.ctx, req.params.id, req.body, req.locale),
  );

  // --- Reserve
  app.get(
    '/api/reserve',
    {
      schema: {
        tags,
        summary: 'The emergency content reserve (my units’ items; the office: all)',
        querystring: ListReserveQuerySchema,
        response: { 200: ReservePageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reserve.console') },
    },
    (req) => reserve.listReserve(db, req.actor, req.query, req.locale),
  );
  app.get(
    '/api/reserve/coverage',
    {
      schema: {
        tags,
        summary: 'Hazard × province: reviewed, published reserve items each can use',
        response: { 200: CoverageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reserve.console') },
    },
    (req) => reserve.coverage(db, req.actor, req.locale),
  );
  app.get(
    '/api/reserve/candidates',
    {
      schema: {
        tags,
        summary: 'Works I may keep in the reserve, by title (a picker)',
        querystring: ReserveCandidatesQuerySchema,
        response: { 200: ReserveCandidatesSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reserve.console') },
    },
    (req) => reserve.reserveCandidates(db, req.actor, req.query.q),
  );
  app.put(
    '/api/reserve/:id',
    {
      schema: {
        tags,
        summary: 'Keep a work in the reserve for hazard types and provinces',
        params: IdParamsSchema,
        body: ReserveInputSchema,
        response: { 200: ReserveItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reserve.manage') },
    },
    (req) => reserve.saveReserve(db, req.actor, req.ctx, req.params.id, req.body, req.locale),
  );
  app.post(
    '/api/reserve/:id/review',
    {
      schema: {
        tags,
        summary: 'Mark the yearly review done: due again in a year',
        params: IdParamsSchema,
        response: { 200: ReserveItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reserve.manage') },
    },
    (req) => reserve.reviewReserve(db, req.actor, req.ctx, req.params.id, req.locale),
  );
  app.delete(
    '/api/reserve/:id',
    {
      schema: {
        tags,
        summary: 'Take a work out of the reserve (the work itself stays)',
        params: IdParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('reserve.manage') },
    },
    (req) => reserve.removeReserve(db, req.actor, req.ctx, req.params.id),
  );
}
