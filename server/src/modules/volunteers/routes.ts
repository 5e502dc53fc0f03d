import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, action, actionOnResource } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import {
  ApplicationListQuerySchema,
  ApplicationListSchema,
  DecideApplicationSchema,
  HostChoiceListSchema,
  MyVolunteerSchema,
  RegisterVolunteerSchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['volunteers'];

export function registerVolunteerRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  app.get(
    '/api/me/volunteer',
    {
      schema: {
        tags,
        summary: 'My volunteer registration and the hosts I asked to serve (null: not registered)',
        response: { 200: MyVolunteerSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.myVolunteer(db, req.actor, req.locale),
  );
  app.put(
    '/api/me/volunteer',
    {
      schema: {
        tags,
        summary:
          'Register as a volunteer (or change it); new hosts get an application to verify. A minor needs a guardian’s consent',
        body: RegisterVolunteerSchema,
        response: { 200: MyVolunteerSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.registerVolunteer(db, req.actor, req.ctx, req.body, req.locale),
  );
  app.get(
    '/api/volunteers/hosts',
    {
      schema: {
        tags,
        summary: 'Organisations a volunteer may ask to serve, by part of the name (at most 30)',
        querystring: z.object({ q: z.string().trim().max(40).optional() }),
        response: { 200: HostChoiceListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.hostChoices(db, req.actor, req.query.q),
  );
  app.get(
    '/api/volunteer-applications',
    {
      schema: {
        tags,
        summary: 'Volunteers asking to serve the organisations I administer (exactly those)',
        querystring: ApplicationListQuerySchema,
        response: { 200: ApplicationListSchema, ...ERRORS },
      },
      config: { policy: action('volunteer.console') },
    },
    (req) => service.listApplications(db, req.actor, req.query, req.locale),
  );
  app.post(
    '/api/volunteer-applications/:id/decide',
    {
      schema: {
        tags,
        summary: 'Verify or decline a volunteer (the host’s own administrators)',
        params: IdParamsSchema,
        body: DecideApplicationSchema,
        response: { 200: ApplicationListSchema.shape.items.element, ...ERRORS },
      },
      config: { policy: actionOnResource('volunteer.verify') },
    },
    (req) => service.decideApplication(db, req.actor, req.ctx, req.params.id, req.body, req.locale),
  );
}
