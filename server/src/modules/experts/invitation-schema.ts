import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';

/** Where an invitation stands: open and in time, taken, past its 14 days, or withdrawn. */
export const INVITATION_STATUSES = ['PENDING', 'ACCEPTED', 'EXPIRED', 'REVOKED'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** At most this many addresses in one request. */
export const MAX_INVITEES = 50;

export const InviteExpertsSchema = z.object({
  organisationId: z.uuid().describe('The inviting unit: the experts join the directory through it'),
  invitees: z
    .array(
      z.object({
        email: z.email().max(254).describe('The address the invitation is mailed to'),
        name: text(60).describe('How the mail addresses the person'),
      }),
    )
    .min(1)
    .max(MAX_INVITEES),
  message: z
    .string()
    .trim()
    .max(500)
    .default('')
    .describe('A few words from the inviter, quoted in the mail'),
});
export type InviteExpertsInput = z.infer<typeof InviteExpertsSchema>;

export const InviteResultSchema = z.object({
  results: z.array(
    z.object({
      email: z.string(),
      name: z.string(),
      outcome: z
        .enum(['INVITED', 'ALREADY_INVITED', 'ALREADY_EXPERT', 'REPEATED'])
        .describe(
          'INVITED: a mail is on its way; ALREADY_INVITED: an open invitation of this unit waits; ALREADY_EXPERT: an account with this address is in the directory; REPEATED: the address came twice in this request',
        ),
      invitationId: z.string().nullable(),
    }),
  ),
  sentToday: z.number().int().describe('Invitation mails this administrator asked for in 24 h'),
  dailyLimit: z.number().int(),
});

export const InvitationListQuerySchema = PageQuerySchema.extend({
  organisationId: z.uuid().optional().describe('Invitations of this unit only'),
  status: z.enum(INVITATION_STATUSES).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type InvitationListQuery = z.infer<typeof InvitationListQuerySchema>;

export const InvitationSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  email: z.string(),
  name: z.string(),
  message: z.string(),
  status: z.enum(INVITATION_STATUSES),
  invitedByName: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  sentAt: z.string().nullable().describe('When the last mail went; null while it waits'),
  acceptedAt: z.string().nullable(),
  acceptedByName: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const InvitationListSchema = pageOf(InvitationSchema).extend({
  mailConfigured: z.boolean().describe('Whether the platform can send mail at all'),
  dailyLimit: z.number().int(),
  sentToday: z.number().int(),
});

export const InvitationTokenParams = z.object({
  token: z
    .string()
    .min(20)
    .max(100)
    .regex(/^[\w-]+$/)
    .describe('The token from the mailed link'),
});

export const PublicInvitationSchema = z.object({
  organisationName: z.string(),
  inviterName: z.string(),
  inviteeName: z.string(),
  message: z.string(),
  expiresAt: z.string(),
});

export const AcceptedInvitationSchema = z.object({
  organisationName: z.string(),
  next: z.string().describe('Where the person goes on: their expert profile'),
});
