import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, action, actionOnResource } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import {
  AppointmentListQuerySchema,
  AppointmentListSchema,
  AppointmentSchema,
  CreateAppointmentSchema,
  CreateStudioSchema,
  MyAppointmentsSchema,
  RenewAppointmentSchema,
  SchemeInputSchema,
  SchemeListSchema,
  SchemeSchema,
  UpdateAppointmentSchema,
  WithdrawAppointmentSchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['appointments'];

export function registerAppointmentRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/appointment-schemes',
    {
      schema: {
        tags,
        summary: 'Appointment schemes (首席科学传播专家 and others), with how many are in term',
        response: { 200: SchemeListSchema, ...ERRORS },
      },
      config: { policy: action('appointment.list') },
    },
    (req) => service.listSchemes(db, req.actor),
  );
  app.post(
    '/api/appointment-schemes',
    {
      schema: {
        tags,
        summary: 'A new scheme (the appointing body’s administrators)',
        body: SchemeInputSchema,
        response: { 201: SchemeSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('appointment.scheme') },
    },
    async (req, reply) => {
      reply.code(201);
      return service.createScheme(db, req.actor, req.ctx, req.body);
    },
  );
  app.put(
    '/api/appointment-schemes/:id',
    {
      schema: {
        tags,
        summary: 'Change a scheme (term, duty, eligibility); appointments made keep their terms',
        params: IdParamsSchema,
        body: SchemeInputSchema,
        response: { 200: SchemeSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('appointment.scheme') },
    },
    (req) => service.updateScheme(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/appointments',
    {
      schema: {
        tags,
        summary:
          'Appointments in reach (by the scheme’s body or the appointee’s unit), each with its duty standing in the year',
        querystring: AppointmentListQuerySchema,
        response: { 200: AppointmentListSchema, ...ERRORS },
      },
      config: { policy: action('appointment.list') },
    },
    (req) => service.listAppointments(db, req.actor, req.query),
  );
  app.post(
    '/api/appointments',
    {
      schema: {
        tags,
        summary: 'Appoint a person by hand (an earlier batch); the certificate is issued with it',
        body: CreateAppointmentSchema,
        response: { 201: AppointmentSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('appointment.manage') },
    },
    async (req, reply) => {
      reply.code(201);
      return service.createAppointment(db, req.actor, req.ctx, req.body);
    },
  );
  app.patch(
    '/api/appointments/:id',
    {
      schema: {
        tags,
        summary: 'Correct the batch or 文号 of an appointment in term',
        params: IdParamsSchema,
        body: UpdateAppointmentSchema,
        response: { 200: AppointmentSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('appointment.manage') },
    },
    (req) => service.updateAppointment(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/appointments/:id/renew',
    {
      schema: {
        tags,
        summary: 'Renew: a new term from the day after this one ends (this one becomes RENEWED)',
        params: IdParamsSchema,
        body: RenewAppointmentSchema,
        response: { 200: AppointmentSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('appointment.manage') },
    },
    (req) => service.renewAppointment(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/appointments/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw an appointment in term; its certificate is revoked (cannot be undone)',
        params: IdParamsSchema,
        body: WithdrawAppointmentSchema,
        response: { 200: AppointmentSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('appointment.manage') },
    },
    (req) => service.withdrawAppointment(db, req.actor, req.ctx, req.params.id, req.body.reason),
  );
  app.post(
    '/api/appointments/:id/studio',
    {
      schema: {
        tags,
        summary: 'Set up a 科学传播专家工作室 (an organisation under the unit) around an appointee',
        params: IdParamsSchema,
        body: CreateStudioSchema,
        response: { 200: AppointmentSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('studio.create') },
    },
    (req) => service.createStudio(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/me/appointments',
    {
      schema: {
        tags,
        summary: 'My appointments, with the activities I led in the year and how I stand',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: MyAppointmentsSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.myAppointments(db, req.actor, req.query.year),
  );
}
