import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { buildXlsx, sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { todayInChina } from '#platform/ids.ts';
import { AUTHENTICATED, action, actionOnResource } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema, OkSchema } from '#platform/schemas.ts';
import * as hours from './hours.ts';
import {
  ActivityRolesSchema,
  CorrectHoursSchema,
  CreateRoleSchema,
  DecideHoursSchema,
  DecideShiftSchema,
  DoorTimeSchema,
  HoursCertificatesResultSchema,
  HoursCertificatesSchema,
  HoursListQuerySchema,
  HoursListSchema,
  HoursStateSchema,
  MyHoursSchema,
  MyShiftListSchema,
  OpenRoleListSchema,
  RoleSchema,
  SessionParamsSchema,
  ShiftStateSchema,
  ShiftTimesSchema,
  StarSettingsSchema,
  SubmitHoursSchema,
  TotalsQuerySchema,
  TotalsSchema,
  YearQuerySchema,
} from './schema.ts';
import * as shifts from './shifts.ts';

const tags = ['volunteers'];
const thisYear = () => Number(todayInChina().slice(0, 4));

const TOTAL_HEADERS = {
  person: { 'zh-CN': '志愿者', 'en-US': 'Volunteer' },
  host: { 'zh-CN': '服务单位', 'en-US': 'Host' },
  province: { 'zh-CN': '省份', 'en-US': 'Province' },
} as const;

export function registerVolunteerShiftRoutes(app: App, { db }: AppDeps): void {
  app.post(
    '/api/activities/:id/sessions/:sessionId/volunteer-roles',
    {
      schema: {
        tags,
        summary: 'Open a volunteer role with places at a session (the host’s editors)',
        params: SessionParamsSchema,
        body: CreateRoleSchema,
        response: { 201: RoleSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('volunteer.manage') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await shifts.createRole(
            db,
            req.actor,
            req.ctx,
            req.params.id,
            req.params.sessionId,
            req.body,
          ),
        ),
  );
  app.delete(
    '/api/volunteer-roles/:id',
    {
      schema: {
        tags,
        summary: 'Remove a role nobody signed up for',
        params: IdParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('volunteer.manage') },
    },
    (req) => shifts.deleteRole(db, req.actor, req.ctx, req.params.id),
  );
  app.get(
    '/api/activities/:id/volunteer-roles',
    {
      schema: {
        tags,
        summary: 'The activity’s volunteer roles with sign-ups, door times and hours (host staff)',
        params: IdParamsSchema,
        response: { 200: ActivityRolesSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('volunteer.checkIn') },
    },
    (req) => shifts.rolesOfActivity(db, req.actor, req.params.id),
  );
  app.get(
    '/api/volunteers/open-roles',
    {
      schema: {
        tags,
        summary: 'Roles I may sign up for: at hosts that verified me, sessions not begun',
        response: { 200: OpenRoleListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => shifts.openRoles(db, req.actor),
  );
  app.post(
    '/api/volunteer-roles/:id/sign-ups',
    {
      schema: {
        tags,
        summary: 'Sign up for a role (a verified volunteer of the host); 409 when no place is left',
        params: IdParamsSchema,
        response: { 201: ShiftStateSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) =>
      reply.code(201).send(await shifts.signUp(db, req.actor, req.ctx, req.params.id)),
  );
  app.get(
    '/api/me/volunteer-shifts',
    {
      schema: { tags, summary: 'My shifts', response: { 200: MyShiftListSchema, ...ERRORS } },
      config: { policy: AUTHENTICATED },
    },
    (req) => shifts.myShifts(db, req.actor),
  );
  app.post(
    '/api/volunteer-shifts/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel my shift before the session begins (the place is freed)',
        params: IdParamsSchema,
        response: { 200: ShiftStateSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => shifts.cancelShift(db, req.actor, req.ctx, req.params.id),
  );
  app.post(
    '/api/volunteer-shifts/:id/decide',
    {
      schema: {
        tags,
        summary: 'Confirm or decline a sign-up (the host’s editors); the volunteer is told',
        params: IdParamsSchema,
        body: DecideShiftSchema,
        response: { 200: ShiftStateSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('volunteer.manage') },
    },
    (req) => shifts.decideShift(db, req.actor, req.ctx, req.params.id, req.body.confirm),
  );
  for (const kind of ['arrive', 'depart'] as const)
    app.post(
      `/api/volunteer-shifts/:id/${kind}`,
      {
        schema: {
          tags,
          summary:
            kind === 'arrive'
              ? 'Check a confirmed volunteer in (arrival; the earliest time is kept)'
              : 'Check a volunteer out (departure); the shift’s hours are written',
          params: IdParamsSchema,
          body: DoorTimeSchema,
          response: { 200: ShiftTimesSchema, ...ERRORS },
        },
        config: { policy: actionOnResource('volunteer.checkIn') },
      },
      (req) => shifts.doorTime(db, req.actor, req.ctx, req.params.id, kind, req.body.at),
    );
  app.post(
    '/api/volunteer-shifts/:id/hours',
    {
      schema: {
        tags,
        summary: 'Set a shift’s hours (a missing check-out or a wrong time), with a reason',
        params: IdParamsSchema,
        body: CorrectHoursSchema,
        response: { 200: ShiftTimesSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('volunteer.manage') },
    },
    (req) => shifts.correctShiftHours(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/me/volunteer-hours',
    {
      schema: {
        tags,
        summary: 'My hours of a year (default this year) by host, my entries and star level',
        querystring: YearQuerySchema,
        response: { 200: MyHoursSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => hours.myHours(db, req.actor, req.query.year ?? thisYear()),
  );
  app.post(
    '/api/me/volunteer-hours',
    {
      schema: {
        tags,
        summary: 'Submit hours served (date, hours, what) for the host to approve',
        body: SubmitHoursSchema,
        response: { 201: HoursStateSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) =>
      reply.code(201).send(await hours.submitHours(db, req.actor, req.ctx, req.body)),
  );
  app.get(
    '/api/volunteer-hours',
    {
      schema: {
        tags,
        summary: 'Submitted hours at the hosts in my reach (editors and administrators)',
        querystring: HoursListQuerySchema,
        response: { 200: HoursListSchema, ...ERRORS },
      },
      config: { policy: action('volunteer.console') },
    },
    (req) => hours.listHours(db, req.actor, req.query),
  );
  app.post(
    '/api/volunteer-hours/:id/decide',
    {
      schema: {
        tags,
        summary: 'Approve or decline submitted hours (the host’s editors)',
        params: IdParamsSchema,
        body: DecideHoursSchema,
        response: { 200: HoursStateSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('volunteer.manage') },
    },
    (req) => hours.decideHours(db, req.actor, req.ctx, req.params.id, req.body.approve),
  );
  app.get(
    '/api/volunteer-totals',
    {
      schema: {
        tags,
        summary: 'Approved hours of a year by person, host or province, over the hosts in my reach',
        querystring: TotalsQuerySchema,
        response: { 200: TotalsSchema, ...ERRORS },
      },
      config: { policy: action('volunteer.totals') },
    },
    (req) => hours.totals(db, req.actor, { year: req.query.year ?? thisYear(), by: req.query.by }),
  );
  app.get(
    '/api/volunteer-totals/export',
    {
      schema: {
        tags,
        summary: 'The same totals as an xlsx workbook',
        querystring: TotalsQuerySchema,
        produces: [XLSX_TYPE],
      },
      config: { policy: action('volunteer.totals') },
    },
    async (req, reply) => {
      const t = await hours.totals(db, req.actor, {
        year: req.query.year ?? thisYear(),
        by: req.query.by,
      });
      const zh = req.locale === 'zh-CN';
      const none = zh ? '部属单位' : 'Ministry units';
      const book = await buildXlsx(
        String(t.year),
        [
          {
            header: TOTAL_HEADERS[t.by][req.locale],
            value: (r: (typeof t.items)[number]) => r.label ?? none,
            width: 30,
          },
          { header: zh ? '服务时长（小时）' : 'Hours', value: (r) => r.hours },
          { header: zh ? '人数' : 'People', value: (r) => r.people },
        ],
        t.items,
      );
      return sendXlsx(
        reply,
        zh ? `志愿服务时长${t.year}.xlsx` : `volunteer-hours-${t.year}.xlsx`,
        book,
      );
    },
  );
  app.post(
    '/api/volunteer-hours/certificates',
    {
      schema: {
        tags,
        summary:
          'Certify a year of approved hours at a host: one verifiable certificate per volunteer (the host’s administrators)',
        body: HoursCertificatesSchema,
        response: { 200: HoursCertificatesResultSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('volunteer.certify') },
    },
    (req) => hours.issueHoursCertificates(db, req.actor, req.ctx, req.body),
  );
  app.get(
    '/api/volunteer-settings',
    {
      schema: {
        tags,
        summary: 'Star levels: cumulative hours for 一星, 二星 …',
        response: { 200: StarSettingsSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async () => ({ thresholds: await hours.starThresholds(db) }),
  );
  app.put(
    '/api/volunteer-settings',
    {
      schema: {
        tags,
        summary: 'Set the star levels (platform administrators)',
        body: StarSettingsSchema,
        response: { 200: StarSettingsSchema, ...ERRORS },
      },
      config: { policy: action('volunteer.settings') },
    },
    (req) => hours.setStarThresholds(db, req.actor, req.ctx, req.body.thresholds),
  );
}
