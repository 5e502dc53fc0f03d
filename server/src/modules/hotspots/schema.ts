import { z } from 'zod';
import { PageQuerySchema, pageOf } from '#platform/schemas.ts';

const STATUS = ['OPEN', 'DISMISSED', 'CONTENT_REQUESTED', 'LINKED'] as const;
const province = z
  .string()
  .regex(/^\d{2}0000$/)
  .describe('Province code (GB/T 2260, PP0000)');

export const AlertListQuerySchema = PageQuerySchema.extend({
  status: z.enum(STATUS).optional(),
  division: province.optional(),
});
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;

export const AlertSchema = z.object({
  id: z.string(),
  kind: z
    .enum(['SEARCH', 'ZERO_RESULT', 'WORK_VIEW', 'RUMOUR_REPORT'])
    .describe(
      'The signal that rose: searches, searches that found nothing, work views, rumour reports',
    ),
  term: z.string().describe('The normalised word (a topic code for work views)'),
  termLabel: z.string().describe('The term as people read it (a topic name for work views)'),
  relatedTerms: z.array(z.string()).describe('Words that rose in the same queries, folded in'),
  division: z.string().nullable().describe('Province code; null for the nation'),
  regionName: z.string(),
  status: z.enum(STATUS),
  hour: z.string().describe('UTC hour the detection ran at (YYYY-MM-DDTHH)'),
  raisedAt: z.string(),
  observed: z.number().int().describe('Events in the 24 hours before the detection'),
  expected: z.number().describe('The baseline for those 24 hours'),
  score: z.number().describe('Deviations above the baseline'),
  themeDay: z.string().nullable().describe('The theme day the window touched, if any'),
  dismissReason: z.string().nullable(),
  dismissedAt: z.string().nullable(),
  contentRequestedAt: z.string().nullable(),
  contentRequestNote: z.string().nullable(),
  incidentId: z.string().nullable(),
  linkedAt: z.string().nullable(),
});

export const AlertPageSchema = pageOf(AlertSchema);

export const AlertDetailSchema = AlertSchema.extend({
  series: z
    .array(
      z.object({
        date: z.string().describe('China date the 24-hour window ends on'),
        count: z.number().int(),
        baseline: z.number(),
        themeDay: z.string().nullable(),
      }),
    )
    .describe('The last 14 days against the baseline, oldest first'),
  topQueries: z.array(z.object({ query: z.string(), count: z.number().int() })),
  regions: z.array(z.object({ division: z.string(), name: z.string(), count: z.number().int() })),
});

export const DismissSchema = z.object({
  reason: z.string().trim().min(1).max(500).describe('Why it is not a worry (kept with the alert)'),
});
export const RequestContentSchema = z.object({
  note: z.string().trim().max(500).default('').describe('What content is wanted'),
});
export const LinkIncidentSchema = z.object({
  incidentId: z.uuid().describe('The incident (module emergency) this alert belongs to'),
});

export const SettingsSchema = z.object({
  minCount: z.number().int().min(1).max(100_000),
  ratio: z.number().min(1).max(100),
  zScore: z.number().min(0).max(100),
  alpha: z.number().min(0.01).max(1),
  themeDayFactor: z.number().min(1).max(100),
  cooldownHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 90),
  historyDays: z.number().int().min(14).max(90),
  warmupDays: z.number().int().min(0).max(90),
  leadShare: z.number().min(0).max(1),
});
export const SettingsInputSchema = SettingsSchema.partial();
export type SettingsInput = z.infer<typeof SettingsInputSchema>;
