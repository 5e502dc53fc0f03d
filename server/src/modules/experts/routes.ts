import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { actionOnResource } from '#platform/policy.ts';
import { ERRORS } from '#platform/schemas.ts';
import { ExpertProfileSchema, ExpertProfileViewSchema } from './schema.ts';
import * as experts from './service.ts';

const tags = ['experts'];

export function registerExpertRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/experts',
    {
      schema: {
        tags,
        summary: 'The reviewer pool with specialties and declared ties',
        response: { 200: z.array(ExpertProfileViewSchema), ...ERRORS },
      },
      config: { policy: actionOnResource('expert.list') },
    },
    (req) => experts.listExperts(db, req.actor),
  );
  app.get(
    '/api/experts/me',
    {
      schema: {
        tags,
        summary: 'My expert profile',
        response: { 200: ExpertProfileViewSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.profile') },
    },
    (req) => experts.getMyProfile(db, req.actor),
  );
  app.put(
    '/api/experts/me',
    {
      schema: {
        tags,
        summary: 'Set my specialties and declared ties',
        body: ExpertProfileSchema,
        response: { 200: ExpertProfileViewSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.profile') },
    },
    (req) => experts.putMyProfile(db, req.actor, req.ctx, req.body),
  );
}
