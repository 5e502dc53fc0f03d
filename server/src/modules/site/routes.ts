import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, action, PUBLIC } from '#platform/policy.ts';
import { ERRORS, OkSchema } from '#platform/schemas.ts';
import {
  CalendarDayInputSchema,
  CalendarDayParamsSchema,
  CalendarDaySchema,
  CalendarYearQuerySchema,
  SiteInfoSchema,
  WorkingDaysAnswerSchema,
  WorkingDaysQuerySchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['site'];
const manage = action('site.manage');

/** The portal's footer details and contact page, and the working calendar (工作日历). */
export function registerSiteRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/site-info',
    {
      schema: {
        tags,
        summary: 'The ICP and public-security filing numbers and the contact details (public)',
        response: { 200: SiteInfoSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    () => service.siteInfo(db),
  );
  app.put(
    '/api/site-info',
    {
      schema: {
        tags,
        summary: 'Set the filing numbers and the contact details shown on the portal',
        body: SiteInfoSchema,
        response: { 200: SiteInfoSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => service.updateSiteInfo(db, req.actor, req.ctx, req.body),
  );
  app.get(
    '/api/calendar-days',
    {
      schema: {
        tags,
        summary: 'The working calendar of a year: holidays on weekdays and weekend workdays',
        querystring: CalendarYearQuerySchema,
        response: { 200: CalendarDaySchema.array(), ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => service.calendarYear(db, req.actor, req.query.year),
  );
  app.put(
    '/api/calendar-days/:date',
    {
      schema: {
        tags,
        summary: 'Mark a day as a holiday or a (调休) workday',
        params: CalendarDayParamsSchema,
        body: CalendarDayInputSchema,
        response: { 200: CalendarDaySchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => service.putCalendarDay(db, req.actor, req.ctx, req.params.date, req.body),
  );
  app.delete(
    '/api/calendar-days/:date',
    {
      schema: {
        tags,
        summary: 'Remove a day from the calendar (it is an ordinary day again)',
        params: CalendarDayParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => service.deleteCalendarDay(db, req.actor, req.ctx, req.params.date),
  );
  app.get(
    '/api/working-days',
    {
      schema: {
        tags,
        summary: 'The last of N working days from a date, over the working calendar',
        querystring: WorkingDaysQuerySchema,
        response: { 200: WorkingDaysAnswerSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req) => ({
      from: req.query.from,
      days: req.query.days,
      endsAt: await service.workingDaysEndOn(db, req.query.from, req.query.days),
    }),
  );
}
