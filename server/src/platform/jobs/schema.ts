import { z } from 'zod';
import { PageQuerySchema, pageOf } from '../schemas.ts';

export const JOB_STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

export const ListJobsQuerySchema = PageQuerySchema.extend({
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(20)
    .describe('Items per page (at most 200)'),
  state: z.enum(JOB_STATES).optional().describe('Only jobs in this state'),
  name: z
    .string()
    .regex(/^[A-Za-z][\w.-]{0,79}$/)
    .optional()
    .describe('Only jobs of this kind (its name, e.g. bases.expireTerms)'),
});
export type ListJobsQuery = z.infer<typeof ListJobsQuerySchema>;

export const JobSchema = z
  .object({
    id: z.string(),
    name: z.string().describe('The job kind, as defined in code'),
    label: z.string().describe('The kind in the reader’s language'),
    state: z
      .enum(JOB_STATES)
      .describe('QUEUED waits for runAt; RUNNING on a node; SUCCEEDED; FAILED after its last try'),
    attempts: z.number().int().describe('Tries so far'),
    maxAttempts: z.number().int(),
    lastError: z.string().nullable().describe('The last failure, kept after a retry succeeds'),
    runAt: z.string().describe('Queued: the next run (or try); otherwise when it was last due'),
    scheduled: z.boolean().describe('An occurrence of a recurring schedule'),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .describe('Job');
export const JobPageSchema = pageOf(JobSchema);
