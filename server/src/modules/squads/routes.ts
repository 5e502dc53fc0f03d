import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema, OkSchema, PageQuerySchema } from '#platform/schemas.ts';
import {
  AddMemberSchema,
  AddSquadActivitySchema,
  CounsellorChoiceListSchema,
  CreateSquadSchema,
  DecideSquadSchema,
  ListSquadsQuerySchema,
  PublicSquadListSchema,
  SaveYearSchema,
  SquadActivityListSchema,
  SquadActivitySchema,
  SquadListSchema,
  SquadMemberListSchema,
  SquadMemberSchema,
  SquadSchema,
  SquadYearSchema,
  UpdateSquadSchema,
  YearParamsSchema,
} from './schema.ts';
import * as service from './service.ts';
import './todos.ts';

const tags = ['squads'];

export function registerSquadRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/public/squads',
    {
      schema: {
        tags,
        summary: 'Approved 李四光中队 (no member data), newest approval first',
        querystring: PageQuerySchema.extend({
          q: z.string().trim().max(40).optional().describe('Part of the squad’s or school’s name'),
        }),
        response: { 200: PublicSquadListSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.publicSquads(db, req.query, req.locale),
  );
  app.get(
    '/api/squads/schools',
    {
      schema: {
        tags,
        summary: 'Schools I may apply for a squad at (at most 50), by part of the name',
        querystring: z.object({ q: z.string().trim().max(40).optional() }),
        response: { 200: CounsellorChoiceListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.list') },
    },
    (req) => service.schoolChoices(db, req.actor, req.query.q),
  );
  app.get(
    '/api/squads/counsellors',
    {
      schema: {
        tags,
        summary: 'Staff of a school who can be its squad’s counsellor',
        querystring: z.object({ organisationId: z.uuid() }),
        response: { 200: CounsellorChoiceListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.apply') },
    },
    (req) => service.counsellorChoices(db, req.actor, req.query.organisationId),
  );
  app.get(
    '/api/squads',
    {
      schema: {
        tags,
        summary: 'Squads I keep, counsel or approve (pending first)',
        querystring: ListSquadsQuerySchema,
        response: { 200: SquadListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.list') },
    },
    (req) => service.listSquads(db, req.actor, req.query, req.locale),
  );
  app.post(
    '/api/squads',
    {
      schema: {
        tags,
        summary: 'Apply to set up a squad at a school (the provincial department approves)',
        body: CreateSquadSchema,
        response: { 201: SquadSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.apply') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createSquad(db, req.actor, req.ctx, req.body, req.locale)),
  );
  app.get(
    '/api/squads/:id',
    {
      schema: {
        tags,
        summary: 'One squad',
        params: IdParamsSchema,
        response: { 200: SquadSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.getSquad(db, req.actor, req.params.id, req.locale),
  );
  app.patch(
    '/api/squads/:id',
    {
      schema: {
        tags,
        summary: 'Change the description, counsellor or (before approval) the name',
        params: IdParamsSchema,
        body: UpdateSquadSchema,
        response: { 200: SquadSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.manage') },
    },
    (req) => service.updateSquad(db, req.actor, req.ctx, req.params.id, req.body, req.locale),
  );
  app.post(
    '/api/squads/:id/resubmit',
    {
      schema: {
        tags,
        summary: 'Send a rejected application again',
        params: IdParamsSchema,
        response: { 200: SquadSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.manage') },
    },
    (req) => service.resubmitSquad(db, req.actor, req.ctx, req.params.id, req.locale),
  );
  app.post(
    '/api/squads/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approve or reject (with a reason) a pending squad',
        params: IdParamsSchema,
        body: DecideSquadSchema,
        response: { 200: SquadSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.decide') },
    },
    (req) => service.decideSquad(db, req.actor, req.ctx, req.params.id, req.body, req.locale),
  );
  app.post(
    '/api/squads/:id/dissolve',
    {
      schema: {
        tags,
        summary: 'Dissolve an approved squad (members’ guardian contacts are erased)',
        params: IdParamsSchema,
        response: { 200: SquadSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.manage') },
    },
    (req) => service.dissolveSquad(db, req.actor, req.ctx, req.params.id, req.locale),
  );
  app.get(
    '/api/squads/:id/members',
    {
      schema: {
        tags,
        summary: 'Members (minors): the counsellor and the school’s administrators only',
        params: IdParamsSchema,
        response: { 200: SquadMemberListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.members') },
    },
    (req) => service.listMembers(db, req.actor, req.params.id),
  );
  app.post(
    '/api/squads/:id/members',
    {
      schema: {
        tags,
        summary: 'Record a member with the guardian’s consent (name and grade only)',
        params: IdParamsSchema,
        body: AddMemberSchema,
        response: { 201: SquadMemberSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.members') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.addMember(db, req.actor, req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/squad-members/:id/leave',
    {
      schema: {
        tags,
        summary: 'The member leaves: kept in the record, the guardian’s contact erased',
        params: IdParamsSchema,
        response: { 200: SquadMemberSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.members') },
    },
    (req) => service.memberLeaves(db, req.actor, req.ctx, req.params.id),
  );
  app.delete(
    '/api/squad-members/:id',
    {
      schema: {
        tags,
        summary: 'Erase a member’s record entirely',
        params: IdParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.members') },
    },
    (req) => service.deleteMember(db, req.actor, req.ctx, req.params.id),
  );
  app.get(
    '/api/squads/:id/activities',
    {
      schema: {
        tags,
        summary: 'Activities the squad attended, newest first',
        params: IdParamsSchema,
        response: { 200: SquadActivityListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.listActivities(db, req.actor, req.params.id),
  );
  app.post(
    '/api/squads/:id/activities',
    {
      schema: {
        tags,
        summary: 'Record an activity the squad attended',
        params: IdParamsSchema,
        body: AddSquadActivitySchema,
        response: { 201: SquadActivitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.manage') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.addActivity(db, req.actor, req.ctx, req.params.id, req.body)),
  );
  app.delete(
    '/api/squad-activities/:id',
    {
      schema: {
        tags,
        summary: 'Remove an activity from the squad’s record',
        params: IdParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.manage') },
    },
    (req) => service.deleteActivity(db, req.actor, req.ctx, req.params.id),
  );
  app.get(
    '/api/squads/:id/years/:year',
    {
      schema: {
        tags,
        summary: 'The squad’s record of a year',
        params: YearParamsSchema,
        response: { 200: SquadYearSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.yearRecord(db, req.actor, req.params.id, req.params.year),
  );
  app.put(
    '/api/squads/:id/years/:year',
    {
      schema: {
        tags,
        summary: 'The counsellor’s summary of a year',
        params: YearParamsSchema,
        body: SaveYearSchema,
        response: { 200: SquadYearSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('squad.manage') },
    },
    (req) =>
      service.saveYear(db, req.actor, req.ctx, req.params.id, req.params.year, req.body.summary),
  );
}
