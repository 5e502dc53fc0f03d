/** Feedback's request and response schemas (OpenAPI and the web client's types). */
import { z } from 'zod';
import { PageQuerySchema } from '#platform/schemas.ts';

const day = z.iso.date().describe('YYYY-MM-DD, a China day');

export const GiveFeedbackSchema = z.object({
  rating: z.number().int().min(1).max(5).describe('1 to 5 stars'),
  comment: z
    .string()
    .trim()
    .max(1000)
    .default('')
    .describe('Shown on the activity page once the host’s staff approved it'),
});

export const CommentStatusSchema = z
  .enum(['NONE', 'PENDING', 'APPROVED', 'REJECTED'])
  .describe('NONE: no comment; PENDING: waiting for the host’s staff');

export const MyFeedbackSchema = z
  .object({
    id: z.string(),
    rating: z.number().int(),
    comment: z.string(),
    commentStatus: CommentStatusSchema,
    moderationReason: z.string().nullable().describe('Why the comment is not shown'),
    editableUntil: z.string().describe('The person may change it until then'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('MyFeedback');

export const SatisfactionSummarySchema = z
  .object({
    count: z.number().int().describe('Ratings given'),
    mean: z.number().nullable().describe('Mean rating (two decimals); null with none'),
    distribution: z.array(z.number().int()).length(5).describe('Ratings of 1, 2, 3, 4 and 5 stars'),
  })
  .describe('Satisfaction');

export const PublicFeedbackSchema = z.object({
  summary: SatisfactionSummarySchema,
  items: z.array(
    z.object({
      id: z.string(),
      rating: z.number().int(),
      comment: z.string(),
      createdAt: z.string(),
    }),
  ),
  total: z.number().int().describe('Approved comments'),
});

const moderatedStatus = z.enum(['PENDING', 'APPROVED', 'REJECTED']);

export const ModerationQuerySchema = PageQuerySchema.extend({
  status: moderatedStatus.optional(),
  activityId: z.uuid().optional(),
});

export const ModerationItemSchema = z
  .object({
    id: z.string(),
    activityId: z.string(),
    activityTitle: z.string(),
    host: z.string(),
    userName: z.string(),
    rating: z.number().int(),
    comment: z.string(),
    commentStatus: moderatedStatus,
    moderationReason: z.string().nullable(),
    moderatedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('FeedbackForModeration');

export const ModerationListSchema = z.object({
  items: z.array(ModerationItemSchema),
  total: z.number().int(),
});

export const ModerateSchema = z.object({
  approve: z.boolean(),
  reason: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .default(null)
    .describe('Why the comment is not shown (required when refusing)'),
});

export const SatisfactionQuerySchema = z.object({
  by: z.enum(['activity', 'host', 'base', 'province']).default('activity'),
  activityId: z.uuid().optional(),
  from: day.optional(),
  to: day.optional(),
});

export const SatisfactionSchema = z.object({
  by: z.enum(['activity', 'host', 'base', 'province']),
  overall: SatisfactionSummarySchema,
  items: z.array(
    SatisfactionSummarySchema.extend({
      key: z.string().describe('Activity, organisation or base id; province: two digits'),
      name: z.string(),
    }),
  ),
});
