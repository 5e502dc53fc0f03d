import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { AUTHENTICATED, actionOnResource, PUBLIC, signedIn } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema, OkSchema } from '#platform/schemas.ts';
import * as checkin from './checkin.ts';
import * as desk from './desk.ts';
import { registerFeedbackRoutes } from './feedback-routes.ts';
import { activitiesFeed, activityFeed } from './feeds.ts';
import * as groups from './groups.ts';
import * as organiser from './organiser.ts';
import * as registration from './registration.ts';
import {
  ActivityIdParamsSchema,
  ActivitySchema,
  AttendanceSchema,
  CampaignInputSchema,
  CampaignListSchema,
  CampaignQuerySchema,
  CampaignSchema,
  CancelSchema,
  CheckInListQuerySchema,
  CheckInListSchema,
  CheckInResultSchema,
  CheckInSchema,
  ConsoleActivityListSchema,
  ConsoleActivityQuerySchema,
  CreateActivitySchema,
  DecideGroupSchema,
  DecideRegistrationSchema,
  FeedQuerySchema,
  GroupListSchema,
  GroupQuerySchema,
  GroupRequestSchema,
  GroupSchema,
  HostRegistrationListSchema,
  HostRegistrationQuerySchema,
  MessageResultSchema,
  MessageSchema,
  PublicActivityListSchema,
  PublicActivityQuerySchema,
  RegisterSchema,
  RegistrationListSchema,
  RegistrationResultSchema,
  ReviewActivitySchema,
  SessionParamsSchema,
  UpdateActivitySchema,
  UpdateCampaignSchema,
} from './schema.ts';
import * as service from './service.ts';
import './jobs.ts';

const tags = ['activities'];
const ICS_TYPE = 'text/calendar; charset=utf-8';

export function registerActivityRoutes(app: App, deps: AppDeps): void {
  const { db, config } = deps;
  registerFeedbackRoutes(app, deps);
  // ---- public
  app.get(
    '/api/public/activities',
    {
      schema: {
        tags,
        summary:
          'Published activities with a session in the window (default: not ended), soonest first',
        querystring: PublicActivityQuerySchema,
        response: { 200: PublicActivityListSchema, ...ERRORS },
      },
      // Kept in memory for visitors (platform/public-answers.ts): nothing here counts a view.
      config: { policy: PUBLIC, publicAnswer: true },
    },
    (req) => service.publicList(db, req.query),
  );
  app.get(
    '/api/public/activities.ics',
    {
      schema: {
        tags,
        summary: 'iCalendar feed of public activities (one event per session, Asia/Shanghai)',
        querystring: FeedQuerySchema,
        produces: ['text/calendar'],
      },
      config: { policy: PUBLIC },
    },
    async (req, reply) =>
      reply
        .type(ICS_TYPE)
        .header('content-disposition', 'inline; filename="kepu-activities.ics"')
        .send(await activitiesFeed(db, req.query, config.publicUrl)),
  );
  app.get(
    '/api/public/activities/:id.ics',
    {
      schema: {
        tags,
        summary: 'iCalendar of one activity’s sessions',
        params: ActivityIdParamsSchema,
        produces: ['text/calendar'],
      },
      config: { policy: PUBLIC },
    },
    async (req, reply) =>
      reply
        .type(ICS_TYPE)
        .header('content-disposition', `inline; filename="activity-${req.params.id}.ics"`)
        .send(await activityFeed(db, req.params.id, config.publicUrl)),
  );
  app.get(
    '/api/public/activities/:id',
    {
      schema: {
        tags,
        summary: 'One published activity with its sessions',
        params: IdParamsSchema,
        response: { 200: ActivitySchema, ...ERRORS },
      },
      config: { policy: PUBLIC, publicAnswer: true },
    },
    (req) => service.publicActivity(db, req.params.id),
  );
  app.get(
    '/api/public/campaigns',
    {
      schema: {
        tags,
        summary: 'Theme-day campaigns (each year’s week, theme and 文号), newest first',
        querystring: CampaignQuerySchema,
        response: { 200: CampaignListSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.listCampaigns(db, req.query),
  );

  // ---- registration (signed in)
  app.post(
    '/api/activities/:id/registrations',
    {
      schema: {
        tags,
        summary:
          'Register for a session: a place, a place on the waiting list, or awaiting approval',
        params: IdParamsSchema,
        body: RegisterSchema,
        response: { 201: RegistrationResultSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await registration.register(db, signedIn(req.actor), req.params.id, req.body, req.ctx),
        ),
  );
  app.post(
    '/api/registrations/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a registration (the person before the cut-off, or the host’s editors)',
        params: IdParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => registration.cancelRegistration(db, signedIn(req.actor), req.ctx, req.params.id),
  );
  app.post(
    '/api/registrations/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Take a place offered from the waiting list before the hold runs out',
        params: IdParamsSchema,
        response: { 200: RegistrationResultSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => registration.confirmOffer(db, signedIn(req.actor), req.params.id),
  );
  app.get(
    '/api/me/registrations',
    {
      schema: {
        tags,
        summary: 'My registrations (tickets, waiting places, offers), latest session first',
        response: { 200: RegistrationListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => registration.myRegistrations(db, signedIn(req.actor)),
  );

  // ---- group bookings
  app.post(
    '/api/activities/:id/groups',
    {
      schema: {
        tags,
        summary: 'Book places for a class (a teacher): waits for the host’s approval',
        params: IdParamsSchema,
        body: GroupRequestSchema,
        response: { 201: GroupSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await groups.requestGroup(db, signedIn(req.actor), req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/me/groups',
    {
      schema: {
        tags,
        summary: 'My group bookings, with their members and tickets',
        response: { 200: GroupListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => groups.myGroups(db, signedIn(req.actor)),
  );
  app.post(
    '/api/groups/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a group booking (the teacher, or the host): its places are freed',
        params: IdParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => groups.cancelGroup(db, signedIn(req.actor), req.ctx, req.params.id),
  );
  // The roster is the body (xlsx or csv, told apart by its content, not its name).
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      ['application/octet-stream', 'text/csv', XLSX_TYPE],
      { parseAs: 'buffer' },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      '/api/groups/:id/roster',
      {
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Upload a group’s roster (xlsx or csv; names in the first column, in order)',
          params: IdParamsSchema,
          consumes: ['application/octet-stream'],
          response: { 200: GroupSchema, ...ERRORS },
        },
        config: { policy: AUTHENTICATED },
      },
      (req) =>
        groups.uploadRoster(db, signedIn(req.actor), req.ctx, req.params.id, req.body as Buffer),
    );
  });
  app.get(
    '/api/activities/:id/groups',
    {
      schema: {
        tags,
        summary: 'The group bookings of an activity (the host)',
        params: IdParamsSchema,
        querystring: GroupQuerySchema,
        response: { 200: GroupListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('registration.manage') },
    },
    (req) => groups.groupsOfActivity(db, req.actor, req.params.id, req.query),
  );
  app.post(
    '/api/groups/:id/decide',
    {
      schema: {
        tags,
        summary:
          'Approve all, part or none of a group’s places; one QR or one per person; the rest released or kept waiting',
        params: IdParamsSchema,
        body: DecideGroupSchema,
        response: { 200: GroupSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('registration.manage') },
    },
    (req) => groups.decideGroup(db, req.actor, req.ctx, req.params.id, req.body),
  );

  // ---- console: the host unit
  app.get(
    '/api/activities',
    {
      schema: {
        tags,
        summary: 'The activities my units host (drafts too), newest first',
        querystring: ConsoleActivityQuerySchema,
        response: { 200: ConsoleActivityListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.list') },
    },
    (req) => desk.consoleList(db, req.actor, req.query),
  );
  app.get(
    '/api/activities/pending-review',
    {
      schema: {
        tags,
        summary: 'Activities of campaigns that require approval, waiting for the office',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                host: z.string(),
                campaignId: z.string().nullable(),
                submittedAt: z.string(),
              }),
            ),
          }),
          ...ERRORS,
        },
      },
      config: { policy: actionOnResource('activity.review') },
    },
    (req) => desk.pendingReviews(db, req.actor),
  );
  app.post(
    '/api/activities/:id/review',
    {
      schema: {
        tags,
        summary: 'The office approves a campaign activity (public from now) or sends it back',
        params: IdParamsSchema,
        body: ReviewActivitySchema,
        response: { 200: ActivitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.review') },
    },
    (req) => desk.reviewActivity(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/activities',
    {
      schema: {
        tags,
        summary: 'Create an activity (a draft) with its sessions, or a recurring schedule',
        body: CreateActivitySchema,
        response: { 201: ActivitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.create') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createActivity(db, req.actor, req.ctx, req.body)),
  );
  app.get(
    '/api/activities/:id',
    {
      schema: {
        tags,
        summary: 'One activity as its host sees it (drafts too)',
        params: IdParamsSchema,
        response: { 200: ActivitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.read') },
    },
    (req) => service.getActivity(db, req.actor, req.params.id),
  );
  app.patch(
    '/api/activities/:id',
    {
      schema: {
        tags,
        summary: 'Edit an activity’s description, place and tags',
        params: IdParamsSchema,
        body: UpdateActivitySchema,
        response: { 200: ActivitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.update') },
    },
    (req) => service.updateActivity(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/activities/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft: it appears in the public list and feeds',
        params: IdParamsSchema,
        response: { 200: ActivitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.publish') },
    },
    (req) => service.publishActivity(db, req.actor, req.ctx, req.params.id),
  );
  app.post(
    '/api/activities/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an activity: its sessions close and every registrant is told',
        params: IdParamsSchema,
        body: CancelSchema,
        response: { 200: ActivitySchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.cancel') },
    },
    (req) => service.cancelActivity(db, req.actor, req.ctx, req.params.id, req.body.reason),
  );

  // ---- console: the host's registrations
  app.get(
    '/api/activities/:id/registrations',
    {
      schema: {
        tags,
        summary: 'Who registered (by session and status), in waiting-list order',
        params: IdParamsSchema,
        querystring: HostRegistrationQuerySchema,
        response: { 200: HostRegistrationListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('registration.manage') },
    },
    (req) => organiser.listRegistrations(db, req.actor, req.params.id, req.query),
  );
  app.get(
    '/api/activities/:id/registrations/export',
    {
      schema: {
        tags,
        summary: 'The registrations as filtered on screen, as an xlsx workbook (audited)',
        params: IdParamsSchema,
        querystring: HostRegistrationQuerySchema,
        produces: [XLSX_TYPE],
      },
      config: { policy: actionOnResource('registration.manage') },
    },
    async (req, reply) =>
      sendXlsx(
        reply,
        req.locale === 'zh-CN' ? '报名名单.xlsx' : 'registrations.xlsx',
        await organiser.exportRegistrations(db, req.actor, req.ctx, req.params.id, req.query),
      ),
  );
  app.post(
    '/api/activities/:id/messages',
    {
      schema: {
        tags,
        summary: 'Tell every registrant (or one session’s) through their notifications (audited)',
        params: IdParamsSchema,
        body: MessageSchema,
        response: { 200: MessageResultSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('registration.manage') },
    },
    (req) => organiser.messageRegistrants(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/registrations/:id/no-show',
    {
      schema: {
        tags,
        summary: 'Mark a confirmed registration not checked in as a no-show, after its session',
        params: IdParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('registration.manage') },
    },
    (req) => organiser.markNoShow(db, req.actor, req.ctx, req.params.id),
  );
  for (const [verb, approve] of [
    ['approve', true],
    ['decline', false],
  ] as const)
    app.post(
      `/api/registrations/:id/${verb}`,
      {
        schema: {
          tags,
          summary: approve
            ? 'Approve a registration awaiting approval: a ticket'
            : 'Decline a registration awaiting approval: its places go to the waiting list',
          params: IdParamsSchema,
          body: DecideRegistrationSchema,
          response: { 200: OkSchema, ...ERRORS },
        },
        config: { policy: actionOnResource('registration.manage') },
      },
      (req) =>
        organiser.decideRegistration(db, req.actor, req.ctx, req.params.id, {
          approve,
          note: req.body.note,
        }),
    );
  app.post(
    '/api/activities/:id/sessions/:sessionId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel one session: its registrants are told',
        params: SessionParamsSchema,
        body: CancelSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.cancel') },
    },
    (req) =>
      organiser.cancelSession(
        db,
        req.actor,
        req.ctx,
        req.params.id,
        req.params.sessionId,
        req.body.reason,
      ),
  );

  // ---- check-in (the host's staff)
  app.post(
    '/api/activities/:id/check-ins',
    {
      schema: {
        tags,
        summary: 'Check tickets in: one code now, or a batch of scans from an offline device',
        params: IdParamsSchema,
        body: CheckInSchema,
        response: { 200: CheckInResultSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.checkIn') },
    },
    (req) => checkin.checkIn(db, req.actor, req.params.id, req.body),
  );
  app.get(
    '/api/activities/:id/check-in-list',
    {
      schema: {
        tags,
        summary: 'The door’s list for a check-in device, kept for working offline',
        params: IdParamsSchema,
        querystring: CheckInListQuerySchema,
        response: { 200: CheckInListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.checkIn') },
    },
    (req) => checkin.checkInList(db, req.actor, req.params.id, req.query.sessionId),
  );
  app.get(
    '/api/activities/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Registered and checked-in places per session',
        params: IdParamsSchema,
        response: { 200: AttendanceSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('activity.checkIn') },
    },
    (req) => checkin.attendance(db, req.actor, req.params.id),
  );

  // ---- console: the office
  app.post(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary:
          'Enter a theme day’s campaign of a year from its notice (one per theme day and year)',
        body: CampaignInputSchema,
        response: { 201: CampaignSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('campaign.manage') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createCampaign(db, req.actor, req.ctx, req.body)),
  );
  app.patch(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Correct a campaign',
        params: IdParamsSchema,
        body: UpdateCampaignSchema,
        response: { 200: CampaignSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('campaign.manage') },
    },
    (req) => service.updateCampaign(db, req.actor, req.ctx, req.params.id, req.body),
  );
}
