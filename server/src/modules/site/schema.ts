import { z } from 'zod';

/** One line of free text that may be left empty ('' = not set). */
const line = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\t\n\r]/.test(s), {
      params: { reason: 'single_line' },
      message: '不能包含换行符或制表符 / must be one line',
    });

export const SiteInfoSchema = z
  .object({
    icpNumber: line(60).describe('ICP 备案号, e.g. 京ICP备12345678号-1 ("" = not shown)'),
    psbNumber: line(60).describe('公安备案号, e.g. 京公网安备11010502000001号 ("" = not shown)'),
    contact: z
      .object({
        organisation: line(120).describe('Who answers, e.g. 自然资源部科普工作办公室'),
        address: line(200),
        postcode: z.union([z.literal(''), z.string().regex(/^\d{6}$/)]),
        phone: line(60),
        email: z.union([z.literal(''), z.email().max(120)]),
        hours: line(120).describe('When someone answers, e.g. 工作日 9:00–17:00'),
      })
      .describe('联系我们: shown on the portal’s contact page'),
  })
  .describe('SiteInfo');
export type SiteInfo = z.infer<typeof SiteInfoSchema>;

export const DateSchema = z.iso.date();
export const CalendarKindSchema = z
  .enum(['HOLIDAY', 'WORKDAY'])
  .describe('HOLIDAY: a weekday off (法定节假日); WORKDAY: a weekend day worked (调休上班)');

export const CalendarDaySchema = z
  .object({ date: z.string(), kind: CalendarKindSchema, name: z.string() })
  .describe('CalendarDay');
export const CalendarDayInputSchema = z.object({
  kind: CalendarKindSchema,
  name: z.string().trim().min(1).max(40).describe('e.g. 国庆节, 国庆节调休'),
});
export const CalendarDayParamsSchema = z.object({ date: DateSchema });
export const CalendarYearQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
});
export const WorkingDaysQuerySchema = z.object({
  from: DateSchema.describe('The first day (counted when it is a working day)'),
  days: z.coerce.number().int().min(1).max(60).describe('How many working days'),
});
export const WorkingDaysAnswerSchema = z.object({
  from: z.string(),
  days: z.number().int(),
  endsAt: z.string().describe('The last of those working days'),
});
