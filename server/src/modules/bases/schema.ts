import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';
import { MediaSchema } from '../media/schema.ts';

export const BASE_TIERS = [
  'NATIONAL',
  'MINISTRY',
  'PROVINCIAL',
  'LEGACY_LAND',
  'LEGACY_OCEAN',
  'LEGACY_SURVEYING',
] as const;
export const BaseTierSchema = z.enum(BASE_TIERS);
/** Each tier's title as the plan and the naming notices write it. */
export const BASE_TIER_ZH: Record<(typeof BASE_TIERS)[number], string> = {
  NATIONAL: '国家自然资源科普基地',
  MINISTRY: '自然资源部科普基地',
  PROVINCIAL: '省级自然资源科普基地',
  LEGACY_LAND: '国土资源科普基地',
  LEGACY_OCEAN: '海洋科普教育基地',
  LEGACY_SURVEYING: '测绘科普基地',
};
export const BASE_STATUSES = [
  'ACTIVE',
  'RECTIFICATION',
  'REVOKED',
  'EXPIRED',
  'LEGACY_PENDING',
  'MIGRATED',
  'RETIRED',
] as const;
export const BaseStatusSchema = z.enum(BASE_STATUSES);
/** Categories per scheme; the current national scheme's three, and the 2013 land-resources ones. */
export const BASE_CATEGORIES = [
  'VENUE',
  'SITE',
  'RESEARCH',
  'LAND_VENUE',
  'LAND_PROTECTION',
  'LAND_RESEARCH',
  'OTHER',
] as const;

const ContactSchema = z.object({
  name: text(30),
  phone: z.string().trim().max(30).default(''),
  email: z.string().trim().max(100).default(''),
});

export const BaseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    hostOrgId: z.string(),
    hostName: z.string(),
    tier: BaseTierSchema,
    category: z.string(),
    sectors: z.array(z.string()),
    intro: z.string(),
    address: z.string(),
    divisionCode: z.string().nullable(),
    province: z.string().nullable().describe('Province name from the division code'),
    longitude: z.number().nullable(),
    latitude: z.number().nullable(),
    openingHours: z.string(),
    capacity: z.number().int().nullable(),
    facilities: z.string(),
    contacts: z.array(ContactSchema),
    cover: MediaSchema.nullable(),
    gallery: z.array(MediaSchema),
    status: BaseStatusSchema,
    namingDocNo: z.string().nullable(),
    namedAt: z.string().nullable(),
    batchYear: z.number().int().nullable(),
    validUntil: z.string().nullable(),
    rectifyBy: z.string().nullable(),
    events: z.array(
      z.object({
        action: z.string(),
        fromStatus: z.string().nullable(),
        toStatus: z.string(),
        docNo: z.string().nullable(),
        note: z.string(),
        at: z.string(),
      }),
    ),
    abilities: z.object({ edit: z.boolean(), govern: z.boolean() }),
  })
  .describe('Base');

export const BaseListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  hostName: z.string(),
  tier: BaseTierSchema,
  category: z.string(),
  status: BaseStatusSchema,
  province: z.string().nullable(),
  batchYear: z.number().int().nullable(),
  namedAt: z.string().nullable(),
  cover: MediaSchema.nullable(),
});
export const ListBasesQuerySchema = PageQuerySchema.extend({
  tier: BaseTierSchema.optional(),
  category: z.string().max(40).optional(),
  status: BaseStatusSchema.optional(),
  province: z
    .string()
    .regex(/^\d{2}0000$/)
    .optional()
    .describe('Province code, e.g. 430000'),
  q: z.string().trim().max(50).optional(),
});
export type ListBasesQuery = z.infer<typeof ListBasesQuerySchema>;
export const BasePageSchema = pageOf(BaseListItemSchema);

export const UpdateBaseSchema = z
  .object({
    intro: z.string().max(20_000),
    address: z.string().trim().max(200),
    divisionCode: z
      .string()
      .regex(/^\d{6}$/)
      .nullable(),
    longitude: z.number().min(73).max(136).nullable().describe('WGS-84, within China'),
    latitude: z.number().min(3).max(54).nullable(),
    openingHours: z.string().trim().max(200),
    capacity: z.number().int().min(0).max(1_000_000).nullable(),
    facilities: z.string().trim().max(2000),
    contacts: z.array(ContactSchema).max(10),
    coverId: z.uuid().nullable(),
    gallery: z.array(z.uuid()).max(30),
  })
  .partial();

export const NamingSchema = z.object({
  callId: z.uuid(),
  itemIds: z.array(z.uuid()).min(1).max(500),
  tier: BaseTierSchema,
  docNo: text(60).describe('The naming document number (文号)'),
  namedAt: z.iso.date(),
  validityYears: z
    .number()
    .int()
    .min(1)
    .max(20)
    .nullable()
    .default(5)
    .describe('Validity term in years (null: no expiry)'),
});

export const StatusChangeSchema = z.object({
  to: z.enum(['ACTIVE', 'RECTIFICATION', 'REVOKED', 'MIGRATED', 'RETIRED']),
  docNo: z.string().trim().max(60).nullable().default(null),
  note: z.string().trim().min(1).max(2000),
  rectifyBy: z.iso.date().nullable().default(null).describe('Deadline of the rectification (整改)'),
  renewYears: z
    .number()
    .int()
    .min(1)
    .max(20)
    .nullable()
    .default(null)
    .describe('ACTIVE: renew for this term'),
});

export const BaseStatsSchema = z.object({
  target: z.object({ tier: z.literal('NATIONAL'), count: z.number().int(), deadline: z.string() }),
  national: z.number().int(),
  byTier: z.record(z.string(), z.number().int()),
  byYear: z.array(z.object({ year: z.number().int(), tier: z.string(), count: z.number().int() })),
  byProvince: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
  byCategory: z.record(z.string(), z.number().int()),
  points: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      tier: z.string(),
      longitude: z.number(),
      latitude: z.number(),
    }),
  ),
});

export const LegacyImportQuerySchema = z.object({
  organisationId: z.uuid().describe('The authority that will evaluate the imported bases'),
});
export const LegacyImportResultSchema = z.object({
  imported: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});

export const CooperationKindSchema = z.enum([
  'SHARED_EXHIBIT',
  'JOINT_ACTIVITY',
  'EXCHANGE',
  'OTHER',
]);
export const CreateCooperationSchema = z.object({
  partnerBaseId: z.uuid(),
  kind: CooperationKindSchema,
  title: text(100),
  description: z.string().trim().max(2000).default(''),
  startedOn: z.iso.date(),
  endedOn: z.iso.date().nullable().default(null),
});
export const CooperationSchema = z.object({
  id: z.string(),
  kind: CooperationKindSchema,
  title: z.string(),
  description: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  partner: z.object({ id: z.string(), name: z.string(), province: z.string().nullable() }),
  crossRegion: z.boolean().describe('The two bases are in different provinces'),
});
