import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, actionOnResource, PUBLIC, signedIn } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema, PageQuerySchema } from '#platform/schemas.ts';
import * as feedback from './feedback.ts';
import {
  GiveFeedbackSchema,
  ModerateSchema,
  ModerationItemSchema,
  ModerationListSchema,
  ModerationQuerySchema,
  MyFeedbackSchema,
  PublicFeedbackSchema,
  SatisfactionQuerySchema,
  SatisfactionSchema,
} from './feedback-schema.ts';

const tags = ['activities'];

/** Feedback on attended activities: give it, read it publicly, moderate it, sum it up. */
export function registerFeedbackRoutes(app: App, { db }: AppDeps): void {
  app.put(
    '/api/registrations/:id/feedback',
    {
      schema: {
        tags,
        summary: 'Rate and comment an activity I was checked in at (change it for a while)',
        params: IdParamsSchema,
        body: GiveFeedbackSchema,
        response: { 200: MyFeedbackSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => feedback.giveFeedback(db, signedIn(req.actor), req.params.id, req.body),
  );
  app.get(
    '/api/public/activities/:id/feedback',
    {
      schema: {
        tags,
        summary: 'An activity’s satisfaction and its approved comments, newest first',
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: PublicFeedbackSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => feedback.publicFeedback(db, req.params.id, req.query),
  );
  app.get(
    '/api/activity-feedback',
    {
      schema: {
        tags,
        summary: 'Comments at my units’ activities, for moderation (oldest first)',
        querystring: ModerationQuerySchema,
        response: { 200: ModerationListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.list') },
    },
    (req) => feedback.moderationList(db, req.actor, req.query),
  );
  app.post(
    '/api/activity-feedback/:id/moderate',
    {
      schema: {
        tags,
        summary: 'Approve a comment (public from now) or refuse it with a reason (audited)',
        params: IdParamsSchema,
        body: ModerateSchema,
        response: { 200: ModerationItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('feedback.moderate') },
    },
    (req) => feedback.moderateFeedback(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/activity-satisfaction',
    {
      schema: {
        tags,
        summary: 'Satisfaction (mean, count, 1–5 distribution) by activity, host, base or province',
        querystring: SatisfactionQuerySchema,
        response: { 200: SatisfactionSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.list') },
    },
    (req) => feedback.satisfaction(db, req.actor, req.query),
  );
}
