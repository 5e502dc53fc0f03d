import { z } from 'zod';
import { text } from '#platform/schemas.ts';

export const JOIN_ROLES = ['MEMBER', 'EDITOR'] as const;

export const CreateJoinRequestSchema = z.object({
  organisationId: z
    .uuid()
    .describe('The unit to join (picked by name from /api/join-requests/units)'),
  position: text(60).describe('The post or work the person does at the unit'),
  reason: z.string().trim().max(500).default('').describe('Why, in a few words (optional)'),
});
export const ApproveJoinRequestSchema = z.object({
  role: z.enum(JOIN_ROLES).default('MEMBER').describe('The role granted on the unit'),
});
export const DeclineJoinRequestSchema = z.object({
  reason: text(500).describe('Why: the person reads it'),
});
export const ListJoinRequestsQuerySchema = z.object({
  status: z.enum(['PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN']).optional(),
});
export const UnitSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(40).describe('Part of the unit’s name'),
});
export const UnitChoiceListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      parentName: z.string().nullable().describe('The unit above it, to tell namesakes apart'),
    }),
  ),
});

export const JoinRequestSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    userName: z.string().describe('The person’s display name'),
    username: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    position: z.string(),
    reason: z.string(),
    status: z.enum(['PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN']),
    role: z.enum(JOIN_ROLES).nullable().describe('The role granted (approved)'),
    decisionNote: z.string().nullable().describe('Why it was declined'),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .describe('JoinRequest');
export const JoinRequestListSchema = z.object({ items: z.array(JoinRequestSchema) });
