import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS } from '#platform/schemas.ts';
import {
  ExpertDirectoryQuerySchema,
  ExpertDirectorySchema,
  ExpertProfileSchema,
  ExpertProfileViewSchema,
  PublicExpertListQuerySchema,
  PublicExpertListSchema,
  PublicExpertSchema,
  VerifyExpertSchema,
} from './schema.ts';
import * as experts from './service.ts';

const tags = ['experts'];
const UserParams = z.object({ userId: z.uuid().describe('The expert (user id)') });

export function registerExpertRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/experts',
    {
      schema: {
        tags,
        summary:
          'The expert directory: by name, domain, hazard, region (within or containing it), rank, service, availability, unit and this year’s review load; paged',
        querystring: ExpertDirectoryQuerySchema,
        response: { 200: ExpertDirectorySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.list') },
    },
    (req) => experts.listExperts(db, req.actor, req.query, req.locale),
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
    (req) => experts.getMyProfile(db, req.actor, req.locale),
  );
  app.put(
    '/api/experts/me',
    {
      schema: {
        tags,
        summary:
          'Set my expert profile: what I do and know, which parts are public, and declared ties (a new rank or unit clears the verification)',
        body: ExpertProfileSchema,
        response: { 200: ExpertProfileViewSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.profile') },
    },
    (req) => experts.putMyProfile(db, req.actor, req.ctx, req.body, req.locale),
  );
  app.get(
    '/api/experts/:userId',
    {
      schema: {
        tags,
        summary: 'One expert’s whole profile (for the directory’s readers)',
        params: UserParams,
        response: { 200: ExpertProfileViewSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.list') },
    },
    (req) => experts.getExpert(db, req.actor, req.params.userId, req.locale),
  );
  app.post(
    '/api/experts/:userId/verification',
    {
      schema: {
        tags,
        summary:
          'Verify an expert’s rank and unit, or withdraw the verification (administrators of the expert’s unit)',
        params: UserParams,
        body: VerifyExpertSchema,
        response: { 200: ExpertProfileViewSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.verify') },
    },
    (req) =>
      experts.verifyExpert(
        db,
        req.actor,
        req.ctx,
        req.params.userId,
        req.body.verified,
        req.locale,
      ),
  );
  app.get(
    '/api/public/experts',
    {
      schema: {
        tags,
        summary: 'Experts with a public page (verified first): only the parts each chose to show',
        querystring: PublicExpertListQuerySchema,
        response: { 200: PublicExpertListSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => experts.publicExperts(db, req.query, req.locale),
  );
  app.get(
    '/api/public/experts/:userId',
    {
      schema: {
        tags,
        summary: 'An expert’s public page (404 unless the person consented to one)',
        params: UserParams,
        response: { 200: PublicExpertSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => experts.publicExpert(db, req.params.userId, req.locale),
  );
}
