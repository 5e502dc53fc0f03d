import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, actionOnResource, signedIn } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import {
  ApproveJoinRequestSchema,
  CreateJoinRequestSchema,
  DeclineJoinRequestSchema,
  JoinRequestListSchema,
  JoinRequestSchema,
  ListJoinRequestsQuerySchema,
  UnitChoiceListSchema,
  UnitSearchQuerySchema,
} from './schema.ts';
import * as service from './service.ts';
import './todos.ts';

const tags = ['join requests'];

export function registerJoinRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/join-requests/units',
    {
      schema: {
        tags,
        summary: 'Units to ask to join, by part of their name (at most 20)',
        querystring: UnitSearchQuerySchema,
        response: { 200: UnitChoiceListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.searchUnits(db, req.query.q),
  );
  app.get(
    '/api/me/join-requests',
    {
      schema: {
        tags,
        summary: 'My requests to join a unit, newest first',
        response: { 200: JoinRequestListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.myJoinRequests(db, signedIn(req.actor)),
  );
  app.post(
    '/api/me/join-requests',
    {
      schema: {
        tags,
        summary: 'Ask to join a unit (one pending request at a time)',
        body: CreateJoinRequestSchema,
        response: { 201: JoinRequestSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.createJoinRequest(db, signedIn(req.actor), req.ctx, req.body)),
  );
  app.post(
    '/api/me/join-requests/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw my pending request',
        params: IdParamsSchema,
        response: { 200: JoinRequestSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.withdrawJoinRequest(db, signedIn(req.actor), req.ctx, req.params.id),
  );
  app.get(
    '/api/join-requests',
    {
      schema: {
        tags,
        summary: 'Requests to join the units I administer (pending first)',
        querystring: ListJoinRequestsQuerySchema,
        response: { 200: JoinRequestListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('join.list') },
    },
    (req) => service.listJoinRequests(db, req.actor, req.query),
  );
  app.post(
    '/api/join-requests/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve: the role is granted (and the unit becomes the person’s home if none)',
        params: IdParamsSchema,
        body: ApproveJoinRequestSchema,
        response: { 200: JoinRequestSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('join.decide') },
    },
    (req) => service.approveJoinRequest(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/join-requests/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline with a reason the person reads',
        params: IdParamsSchema,
        body: DeclineJoinRequestSchema,
        response: { 200: JoinRequestSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('join.decide') },
    },
    (req) => service.declineJoinRequest(db, req.actor, req.ctx, req.params.id, req.body),
  );
}
