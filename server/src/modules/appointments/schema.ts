import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';
import { EXPERT_RANKS } from '../experts/schema.ts';

export const APPOINTMENT_STATUSES = ['ACTIVE', 'EXPIRED', 'RENEWED', 'WITHDRAWN'] as const;
export const AppointmentStatusSchema = z
  .enum(APPOINTMENT_STATUSES)
  .describe('ACTIVE: in term; EXPIRED: term over; RENEWED: followed by a renewal; WITHDRAWN');

/**
 * Duty standing in a year: MET (led at least the minimum), ON_TRACK (led what the part of the
 * year gone by asks), BEHIND (fewer than that; in a past year, fewer than the minimum).
 */
export const DutyStandingSchema = z.enum(['MET', 'ON_TRACK', 'BEHIND']);

const date = z.iso.date().describe('China date (YYYY-MM-DD)');

export const SchemeInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{1,29}$/)
    .describe('Stable short code, e.g. MNR_CHIEF'),
  name: text(60).describe('The scheme’s name'),
  honorific: text(60).describe('The title an appointee holds, e.g. 自然资源首席科学传播专家'),
  organisationId: z.uuid().describe('The appointing body'),
  termYears: z.number().int().min(1).max(10),
  renewable: z.boolean(),
  minLedPerYear: z.number().int().min(0).max(50).describe('Activities to lead a year'),
  minRank: z
    .enum(EXPERT_RANKS)
    .nullable()
    .describe('Expert rank at or above which one is eligible'),
  minYearsPopularising: z.number().int().min(0).max(50),
  duties: z.string().trim().max(2000).default(''),
  active: z.boolean().default(true),
});

export const SchemeSchema = SchemeInputSchema.extend({
  id: z.string(),
  organisationName: z.string(),
  activeCount: z.number().int().describe('Appointments in term'),
  canManage: z.boolean(),
});
export const SchemeListSchema = z.object({ items: z.array(SchemeSchema) });

export const AppointmentSchema = z.object({
  id: z.string(),
  schemeId: z.string(),
  schemeName: z.string(),
  honorific: z.string(),
  userId: z.string(),
  personName: z.string(),
  personTitle: z.string().nullable().describe('职称'),
  personOrganisation: z.string().nullable(),
  nominatingOrgName: z.string().nullable(),
  reviewItemId: z.string().nullable(),
  batch: z.string(),
  docNo: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  status: AppointmentStatusSchema,
  renewedFromId: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  certificateCode: z.string().nullable(),
  studio: z.object({ organisationId: z.string(), name: z.string() }).nullable(),
  duty: z
    .object({
      year: z.number().int(),
      led: z.number().int().describe('Activities led in the year (as 主讲 or 负责专家)'),
      required: z.number().int(),
      expectedByNow: z.number().int().describe('What the part of the year gone by asks'),
      standing: DutyStandingSchema,
    })
    .describe('Duty compliance in the year asked (this year by default)'),
  canManage: z.boolean(),
});
export const AppointmentListSchema = pageOf(AppointmentSchema);

export const AppointmentListQuerySchema = PageQuerySchema.extend({
  schemeId: z.uuid().optional(),
  status: AppointmentStatusSchema.optional(),
  standing: DutyStandingSchema.optional().describe('Only those with this duty standing'),
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .describe('Duty year (default: this)'),
  q: z.string().trim().max(40).optional().describe('Part of the person’s name'),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const CreateAppointmentSchema = z.object({
  schemeId: z.uuid(),
  userId: z.uuid().describe('The appointee (an expert in the directory)'),
  batch: text(40),
  docNo: z.string().trim().max(60).nullable().default(null),
  startDate: date,
});
export const UpdateAppointmentSchema = z.object({
  batch: text(40).optional(),
  docNo: z.string().trim().max(60).nullable().optional(),
});
export const RenewAppointmentSchema = z.object({
  batch: text(40),
  docNo: z.string().trim().max(60).nullable().default(null),
});
export const WithdrawAppointmentSchema = z.object({
  reason: text(500).describe('Why the appointment is withdrawn (kept and shown to the person)'),
});
export const CreateStudioSchema = z.object({
  parentId: z.uuid().describe('The unit that sets the studio up'),
  name: text(100),
  description: z.string().trim().max(2000).default(''),
});

export const LedActivitySchema = z.object({
  id: z.string(),
  title: z.string(),
  role: z.enum(['LEAD', 'SPEAKER']).describe('负责专家 or 主讲'),
  startsAt: z.string(),
});
export const MyAppointmentsSchema = z.object({
  items: z.array(AppointmentSchema.extend({ ledActivities: z.array(LedActivitySchema) })),
});
