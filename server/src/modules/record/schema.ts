import { z } from 'zod';

const year = z.coerce.number().int().min(2000).max(2100);

export const RecordQuerySchema = z
  .object({
    userId: z
      .uuid()
      .optional()
      .describe('Another person (their unit’s administrators); default me'),
    fromYear: year.optional().describe('First year (China calendar); default four years back'),
    toYear: year.optional().describe('Last year; default this year'),
  })
  .refine((q) => (q.fromYear ?? 0) <= (q.toYear ?? 9999), {
    message: '起始年份不能晚于截止年份',
    path: ['fromYear'],
  })
  .refine((q) => !q.fromYear || !q.toYear || q.toYear - q.fromYear < 30, {
    message: '最多 30 年',
    path: ['toYear'],
  });
export type RecordQuery = z.infer<typeof RecordQuerySchema>;

const section = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item).describe('At most 200, newest first'),
    total: z.number().int(),
  });

export const RecordSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    fromYear: z.number().int(),
    toYear: z.number().int(),
    works: section(
      z.object({
        id: z.string(),
        title: z.string(),
        typeName: z.string(),
        publishedAt: z.string(),
      }),
    ),
    talks: section(
      z.object({ id: z.string(), title: z.string(), startsAt: z.string(), host: z.string() }),
    ).describe('Activities the person spoke at (主讲)'),
    led: section(
      z.object({ id: z.string(), title: z.string(), startsAt: z.string(), host: z.string() }),
    ).describe('Activities the person led (负责专家)'),
    attended: section(
      z.object({ id: z.string(), title: z.string(), startsAt: z.string(), host: z.string() }),
    ).describe('Activities the person was checked in at'),
    reviews: section(
      z.object({
        callId: z.string(),
        title: z.string(),
        year: z.number().int(),
        count: z.number().int(),
      }),
    ).extend({ scored: z.number().int().describe('Scored assignments in all') }),
    volunteerHours: z.object({
      items: z.array(
        z.object({ year: z.number().int(), hours: z.number(), hosts: z.array(z.string()) }),
      ),
      total: z.number(),
    }),
    certificates: section(
      z.object({
        id: z.string(),
        code: z.string(),
        kind: z.enum(['TRAINING', 'VOLUNTEER_HOURS', 'APPOINTMENT', 'AWARD']),
        title: z.string(),
        organisationName: z.string(),
        issuedAt: z.string(),
      }),
    ),
  })
  .describe('PersonRecord');
