import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import {
  AcceptedInvitationSchema,
  InvitationListQuerySchema,
  InvitationListSchema,
  InvitationSchema,
  InvitationTokenParams,
  InviteExpertsSchema,
  InviteResultSchema,
  PublicInvitationSchema,
} from './invitation-schema.ts';
import * as invitations from './invitations.ts';
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

export function registerExpertRoutes(app: App, { db, config }: AppDeps): void {
  app.post(
    '/api/experts/invitations',
    {
      schema: {
        tags,
        summary:
          'Invite people by e-mail to join the directory through a unit (its administrators; at most 50 addresses, 200 mails an administrator a day); one outcome per address',
        body: InviteExpertsSchema,
        response: { 200: InviteResultSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.invite') },
    },
    (req) => invitations.inviteExperts(db, req.actor, req.ctx, config, req.body),
  );
  app.get(
    '/api/experts/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations of the units I administer, by unit and status; paged',
        querystring: InvitationListQuerySchema,
        response: { 200: InvitationListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.invitations') },
    },
    (req) => invitations.listInvitations(db, req.actor, config, req.query),
  );
  app.post(
    '/api/experts/invitations/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Withdraw an open invitation (its link stops working)',
        params: IdParamsSchema,
        response: { 200: InvitationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.invite') },
    },
    (req) => invitations.revokeInvitation(db, req.actor, req.ctx, req.params.id),
  );
  app.post(
    '/api/experts/invitations/:id/resend',
    {
      schema: {
        tags,
        summary:
          'Mail an open or expired invitation again: a new link (the old one ends), 14 more days',
        params: IdParamsSchema,
        response: { 200: InvitationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('expert.invite') },
    },
    (req) => invitations.resendInvitation(db, req.actor, req.ctx, config, req.params.id),
  );
  app.get(
    '/api/public/expert-invitations/:token',
    {
      schema: {
        tags,
        summary:
          'The invitation behind a mailed link: who invites, from which unit, whom (409 with the reason when used, revoked or expired)',
        params: InvitationTokenParams,
        response: { 200: PublicInvitationSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => invitations.publicInvitation(db, req.params.token, req.ctx.ip),
  );
  app.post(
    '/api/expert-invitations/:token/accept',
    {
      schema: {
        tags,
        summary:
          'Accept an invitation (signed in, any account): the REVIEWER role on the inviting unit and an empty expert profile tied to it',
        params: InvitationTokenParams,
        response: { 200: AcceptedInvitationSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => invitations.acceptInvitation(db, req.actor, req.ctx, req.params.token),
  );
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
