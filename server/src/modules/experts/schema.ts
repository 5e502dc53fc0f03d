import { z } from 'zod';
import { PageQuerySchema, pageOf } from '#platform/schemas.ts';

export const EXPERT_TIE_KINDS = [
  'FORMER_EMPLOYER',
  'PART_TIME',
  'FAMILY',
  'COLLABORATOR',
  'OTHER',
] as const;
/** 职称级别: 正高级, 副高级, 中级, 初级, other. */
export const EXPERT_RANKS = ['SENIOR', 'ASSOCIATE', 'INTERMEDIATE', 'JUNIOR', 'OTHER'] as const;
/** What the expert will do: review, lecture, media interviews, emergency response. */
export const EXPERT_SERVICES = ['REVIEW', 'LECTURE', 'MEDIA', 'EMERGENCY'] as const;
export const EXPERT_AVAILABILITY = ['AVAILABLE', 'LIMITED', 'UNAVAILABLE'] as const;
/** The profile's parts a person may show on the public page (the name always is). */
export const EXPERT_PUBLIC_FIELDS = [
  'title',
  'rank',
  'organisation',
  'sectors',
  'topics',
  'hazards',
  'regions',
  'languages',
  'services',
  'bio',
  'publications',
  'works',
  'photo',
] as const;
export type ExpertPublicField = (typeof EXPERT_PUBLIC_FIELDS)[number];

const code = z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/);
const division = z.string().regex(/^\d{6}$/, 'GB/T 2260 code');

const PublicationSchema = z.object({
  title: z.string().trim().min(1).max(200),
  year: z.number().int().min(1900).max(2100).nullable().default(null),
  venue: z.string().trim().max(200).default(''),
  link: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .default(null),
});

export const ExpertProfileSchema = z.object({
  title: z.string().trim().max(60).default('').describe('职称 as held, e.g. 研究员, 教授级高工'),
  rank: z
    .enum(EXPERT_RANKS)
    .nullable()
    .default(null)
    .describe('职称级别; changing it clears verification'),
  organisationId: z
    .uuid()
    .nullable()
    .default(null)
    .describe(
      'The expert’s unit; its administrators verify the profile; changing it clears verification',
    ),
  sectors: z.array(code).max(20).default([]),
  topics: z.array(code).max(20).default([]),
  hazards: z.array(code).max(20).default([]).describe('Reference HAZARD_TYPE codes'),
  regions: z
    .array(division)
    .max(40)
    .default([])
    .describe('Division codes the expert knows or serves'),
  languages: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  services: z.array(z.enum(EXPERT_SERVICES)).max(4).default([]),
  availability: z.enum(EXPERT_AVAILABILITY).default('AVAILABLE'),
  availabilityNote: z.string().trim().max(200).default(''),
  availableUntil: z.iso
    .date()
    .nullable()
    .default(null)
    .describe('LIMITED or UNAVAILABLE until this day'),
  bio: z.string().trim().max(2000).default(''),
  publications: z.array(PublicationSchema).max(50).default([]),
  workIds: z
    .array(z.uuid())
    .max(50)
    .default([])
    .describe('Published works in the library that name me as an author'),
  photoMediaId: z.uuid().nullable().default(null).describe('An image I uploaded'),
  publicFields: z.array(z.enum(EXPERT_PUBLIC_FIELDS)).max(20).default([]),
  publicProfile: z
    .boolean()
    .default(false)
    .describe(
      'Consent to a public page on the portal (name and the public fields); false hides it at once',
    ),
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

const Named = z.object({ code: z.string(), label: z.string() });

export const ExpertProfileViewSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  title: z.string(),
  rank: z.enum(EXPERT_RANKS).nullable(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  sectors: z.array(z.string()),
  topics: z.array(z.string()),
  hazards: z.array(z.string()),
  regions: z.array(z.string()),
  regionNames: z.array(Named),
  languages: z.array(z.string()),
  services: z.array(z.enum(EXPERT_SERVICES)),
  availability: z.enum(EXPERT_AVAILABILITY),
  availabilityNote: z.string(),
  availableUntil: z.string().nullable(),
  bio: z.string(),
  publications: z.array(PublicationSchema),
  workIds: z.array(z.string()),
  works: z.array(z.object({ id: z.string(), title: z.string() })),
  photoMediaId: z.string().nullable(),
  publicFields: z.array(z.enum(EXPERT_PUBLIC_FIELDS)),
  publicProfile: z.boolean(),
  verified: z
    .object({ at: z.string(), byName: z.string(), organisationName: z.string() })
    .nullable()
    .describe('Verified by the unit’s administrator; null: not (or no longer) verified'),
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
  canVerify: z.boolean().describe('Whether the reader may verify (or withdraw) this profile'),
});

const csv = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item).max(20), item])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const ExpertDirectoryQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(60).optional().describe('Name, 职称 or unit (substring)'),
  sector: csv(code).describe('Any of these sectors'),
  topic: csv(code),
  hazard: csv(code),
  region: division
    .optional()
    .describe('A division: experts serving it, a place within it, or the area that contains it'),
  rank: csv(z.enum(EXPERT_RANKS)),
  service: csv(z.enum(EXPERT_SERVICES)),
  availability: csv(z.enum(EXPERT_AVAILABILITY)),
  organisationId: z.uuid().optional().describe('Experts of this unit and the units under it'),
  verified: z.enum(['yes', 'no']).optional(),
  sort: z
    .enum(['name', 'load', '-load', 'rank'])
    .default('name')
    .describe('load: fewest reviews assigned this year first'),
});
export type ExpertDirectoryQuery = z.infer<typeof ExpertDirectoryQuerySchema>;

export const ExpertDirectoryRowSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  title: z.string(),
  rank: z.enum(EXPERT_RANKS).nullable(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  sectors: z.array(z.string()),
  topics: z.array(z.string()),
  hazards: z.array(z.string()),
  regionNames: z.array(Named),
  services: z.array(z.enum(EXPERT_SERVICES)),
  availability: z.enum(EXPERT_AVAILABILITY),
  availableUntil: z.string().nullable(),
  verified: z.boolean(),
  publicProfile: z.boolean(),
  load: z.number().int().describe('Review assignments this (Beijing) year, recusals excluded'),
  signIn: z.enum(['OK', 'NO_PASSWORD', 'DISABLED']),
});
export const ExpertDirectorySchema = pageOf(ExpertDirectoryRowSchema);

export const VerifyExpertSchema = z.object({
  verified: z.boolean().describe('true: verify the profile; false: withdraw the verification'),
});

/** The public page: only what the person chose to show. */
export const PublicExpertSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().optional(),
  rank: z.enum(EXPERT_RANKS).optional(),
  organisationName: z.string().optional(),
  sectors: z.array(z.string()).optional().describe('Reference codes'),
  topics: z.array(z.string()).optional(),
  hazards: z.array(z.string()).optional(),
  regions: z.array(Named).optional(),
  languages: z.array(z.string()).optional(),
  services: z.array(z.enum(EXPERT_SERVICES)).optional(),
  bio: z.string().optional(),
  publications: z.array(PublicationSchema).optional(),
  works: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
  ledActivities: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        role: z.enum(['LEAD', 'SPEAKER']),
        startsAt: z.string(),
      }),
    )
    .optional()
    .describe('主讲的活动: published activities the person led or spoke at (one page only, ≤ 20)'),
  ledActivitiesTotal: z.number().int().optional(),
  photoUrl: z.string().optional(),
  verified: z.boolean().describe('Verified by the expert’s unit'),
  honorifics: z
    .array(z.string())
    .describe('Titles held now by appointment (自然资源首席科学传播专家 …)'),
});
export const PublicExpertListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(60).optional(),
  hazard: code.optional(),
  sector: code.optional(),
  region: division.optional(),
});
export const PublicExpertListSchema = pageOf(PublicExpertSchema);
