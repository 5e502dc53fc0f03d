import { z } from 'zod';
import { PageQuerySchema, text } from '#platform/schemas.ts';

/** Kinds of facility that hold open days (plan §五(二)); labels in the web dictionaries. */
export const FACILITY_KINDS = [
  'KEY_LAB',
  'ENGINEERING_CENTER',
  'FIELD_STATION',
  'MAJOR_FACILITY',
  'OTHER',
] as const;
export const FacilityKindSchema = z
  .enum(FACILITY_KINDS)
  .describe(
    'KEY_LAB 重点实验室, ENGINEERING_CENTER 工程技术创新中心, FIELD_STATION 野外科学观测研究站, MAJOR_FACILITY 重大科技基础设施, OTHER 其他',
  );

const day = z.iso.date().describe('YYYY-MM-DD');

const FacilityFields = {
  kind: FacilityKindSchema,
  name: text(80).describe('e.g. 自然资源部岩溶动力学重点实验室'),
  summary: z.string().trim().max(300).default('').describe('One or two sentences for the list'),
  description: z.string().trim().max(5000).default('').describe('What a visit shows (plain text)'),
  visitNotes: z
    .string()
    .trim()
    .max(2000)
    .default('')
    .describe('How a visit goes: ages, length, what to bring'),
  safetyNotes: z
    .string()
    .trim()
    .max(2000)
    .default('')
    .describe('A teacher acknowledges them when booking a group'),
  divisionCode: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .default(null),
  address: z.string().trim().max(200).default(''),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
  groupMax: z
    .number()
    .int()
    .min(1)
    .max(500)
    .nullable()
    .default(null)
    .describe('The largest group received at once (null: the slot’s capacity)'),
  partnerDays: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(7)
    .describe('Days a new slot is for partner schools only (the editor’s default)'),
  published: z.boolean().default(false).describe('Shown on the portal'),
};

export const CreateFacilitySchema = z.object({
  organisationId: z.uuid().describe('The unit that runs the facility'),
  ...FacilityFields,
});
export type CreateFacilityInput = z.infer<typeof CreateFacilitySchema>;

export const UpdateFacilitySchema = z
  .object({
    kind: FacilityKindSchema,
    name: FacilityFields.name,
    summary: z.string().trim().max(300),
    description: z.string().trim().max(5000),
    visitNotes: z.string().trim().max(2000),
    safetyNotes: z.string().trim().max(2000),
    divisionCode: z
      .string()
      .regex(/^\d{6}$/)
      .nullable(),
    address: z.string().trim().max(200),
    lat: z.number().min(-90).max(90).nullable(),
    lng: z.number().min(-180).max(180).nullable(),
    groupMax: z.number().int().min(1).max(500).nullable(),
    partnerDays: z.number().int().min(0).max(60),
    published: z.boolean(),
  })
  .partial();
export type UpdateFacilityInput = z.infer<typeof UpdateFacilitySchema>;

export const PartnerSchema = z.object({
  organisationId: z.string(),
  name: z.string(),
  type: z.string().describe('The organisation’s type'),
  since: z.string(),
  note: z.string(),
});

export const OpenDaySummarySchema = z.object({
  activityId: z.string(),
  title: z.string(),
  status: z.enum(['DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'CANCELLED']),
  firstStartsAt: z.string().nullable(),
  lastEndsAt: z.string().nullable(),
  slots: z.number().int(),
  groupsPending: z.number().int().describe('Group bookings waiting for a decision'),
});

export const FacilitySchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    kind: FacilityKindSchema,
    name: z.string(),
    summary: z.string(),
    description: z.string(),
    visitNotes: z.string(),
    safetyNotes: z.string(),
    divisionCode: z.string().nullable(),
    address: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    groupMax: z.number().int().nullable(),
    partnerDays: z.number().int(),
    published: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    partners: z.array(PartnerSchema),
    openDays: z.array(OpenDaySummarySchema).describe('Newest first, at most 50'),
  })
  .describe('Facility');

export const FacilityListItemSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  kind: FacilityKindSchema,
  organisationName: z.string(),
  published: z.boolean(),
  partners: z.number().int(),
  upcomingSlots: z.number().int(),
  updatedAt: z.string(),
});
export const FacilityListSchema = z.object({ items: z.array(FacilityListItemSchema) });
export const FacilityQuerySchema = z.object({
  q: z.string().trim().max(40).optional().describe('Part of the name'),
});

export const PartnerParamsSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
});
export const PartnerInputSchema = z.object({
  since: day.optional().describe('Since when (default: today, Beijing)'),
  note: z.string().trim().max(200).default('').describe('e.g. 共建科普教育实践基地'),
});
export const PartnerChoiceListSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), name: z.string(), type: z.string(), place: z.string().nullable() }),
  ),
});

export const SlotSchema = z.object({
  activityId: z.string(),
  title: z.string(),
  sessionId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int().nullable(),
  placesLeft: z.number().int().nullable().describe('null: no limit'),
  partnersUntil: z.string().nullable().describe('Until then only partner schools book it'),
  groupsAllowed: z.boolean(),
});

export const PublicFacilityQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(40).optional().describe('Part of the name, unit or address'),
  kind: FacilityKindSchema.optional(),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .describe('Two-digit province code'),
});
export const PublicFacilityItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: FacilityKindSchema,
  host: z.string(),
  summary: z.string(),
  provinceName: z.string().nullable(),
  address: z.string(),
  nextSlot: SlotSchema.nullable(),
  upcomingSlots: z.number().int().describe('Upcoming slots of published open days'),
  upcomingOpenDays: z.number().int().describe('Published open days with an upcoming slot'),
  placesLeft: z
    .number()
    .int()
    .nullable()
    .describe('Places left in the upcoming slots (null: some slot has no limit)'),
  partners: z.number().int(),
});
export const PublicFacilityListSchema = z.object({
  items: z.array(PublicFacilityItemSchema),
  total: z.number().int(),
});
export const PublicFacilitySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: FacilityKindSchema,
    host: z.string(),
    summary: z.string(),
    description: z.string(),
    visitNotes: z.string(),
    safetyNotes: z.string(),
    provinceName: z.string().nullable(),
    divisionCode: z.string().nullable(),
    address: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    groupMax: z.number().int().nullable(),
    partners: z.array(z.object({ name: z.string(), since: z.string() })),
    slots: z.array(SlotSchema).describe('Upcoming open-day slots, soonest first (at most 100)'),
    pastOpenDays: z
      .array(
        z.object({
          activityId: z.string(),
          title: z.string(),
          firstStartsAt: z.string().describe('Its first slot in the past year'),
          lastEndsAt: z.string(),
          slots: z.number().int().describe('Its slots held in the past year'),
        }),
      )
      .describe('Open days with a slot in the past 365 days, latest first (at most 50)'),
    held: z.object({
      year: z.number().int(),
      slots: z.number().int(),
      visitors: z.number().int(),
    }),
  })
  .describe('PublicFacility');

export const OpenDayStatsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('Default: this year'),
});
const StatLine = z.object({
  facilities: z.number().int().describe('Facilities that held at least one open-day slot'),
  slots: z.number().int().describe('Open-day slots held (started)'),
  registered: z.number().int().describe('Places confirmed'),
  visitors: z.number().int().describe('People checked in (人次)'),
});
export const OpenDayStatsSchema = z.object({
  year: z.number().int(),
  total: StatLine,
  byProvince: z.array(StatLine.extend({ province: z.string(), provinceName: z.string() })),
});
