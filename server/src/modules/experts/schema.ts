import { z } from 'zod';

export const EXPERT_TIE_KINDS = [
  'FORMER_EMPLOYER',
  'PART_TIME',
  'FAMILY',
  'COLLABORATOR',
  'OTHER',
] as const;

export const ExpertProfileSchema = z.object({
  title: z.string().trim().max(60).default('').describe('e.g. 研究员'),
  sectors: z
    .array(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/))
    .max(20)
    .default([]),
  topics: z
    .array(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/))
    .max(20)
    .default([]),
  ties: z
    .array(
      z.object({
        organisationId: z.uuid(),
        kind: z.enum(EXPERT_TIE_KINDS),
        note: z.string().trim().max(200).default(''),
      }),
    )
    .max(30)
    .default([])
    .describe('Declared ties: such organisations’ applications are not assigned to me'),
});
export type ExpertProfileInput = z.infer<typeof ExpertProfileSchema>;

export const ExpertProfileViewSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  title: z.string(),
  sectors: z.array(z.string()),
  topics: z.array(z.string()),
  ties: z.array(
    z.object({
      organisationId: z.string(),
      organisationName: z.string(),
      kind: z.string(),
      note: z.string(),
    }),
  ),
  signIn: z
    .enum(['OK', 'NO_PASSWORD', 'DISABLED'])
    .describe(
      'Whether the account can sign in: NO_PASSWORD (never set) and DISABLED are never assigned automatically',
    ),
});
