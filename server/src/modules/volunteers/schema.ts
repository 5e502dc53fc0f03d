import { z } from 'zod';
import { text } from '#platform/schemas.ts';

export const HOST_STATUSES = ['PENDING', 'VERIFIED', 'DECLINED'] as const;

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,20}$/, { error: '请填写有效的电话号码' })
  .describe('A phone number');

export const AvailabilitySchema = z.object({
  weekdays: z.boolean().default(false).describe('Free on weekdays'),
  weekends: z.boolean().default(false).describe('Free at weekends'),
  holidays: z.boolean().default(false).describe('Free on public holidays'),
  note: z.string().trim().max(200).default('').describe('e.g. 周六上午'),
});

export const RegisterVolunteerSchema = z.object({
  skills: z.array(text(20)).max(20).default([]).describe('Short labels: 讲解, 摄影, 急救 …'),
  availability: AvailabilitySchema.default({
    weekdays: false,
    weekends: false,
    holidays: false,
    note: '',
  }),
  regions: z
    .array(z.string().regex(/^\d{6}$/, { error: '请选择有效的行政区划' }))
    .max(20)
    .default([])
    .describe('Division codes where the person can serve'),
  emergencyContact: z.object({
    name: text(40).describe('The emergency contact’s name'),
    phone,
  }),
  hostIds: z
    .array(z.uuid())
    .min(1)
    .max(10)
    .describe('Host organisations (bases or units) the person asks to serve'),
  guardian: z
    .object({
      name: z.string().trim().max(40).default(''),
      contact: z.string().trim().max(40).default(''),
      consent: z.boolean().default(false).describe('The guardian consents explicitly'),
    })
    .optional()
    .describe('Required for a minor (under 18) whose account holds no guardian consent'),
});

const HostLinkSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  status: z.enum(HOST_STATUSES),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const StarSchema = z.object({
  level: z.number().int().describe('0: none yet; 1 = 一星 …'),
  nextAtHours: z.number().nullable().describe('Cumulative hours for the next level'),
});

export const MyVolunteerSchema = z.object({
  volunteer: z
    .object({
      skills: z.array(z.string()),
      availability: AvailabilitySchema,
      regions: z.array(z.object({ code: z.string(), name: z.string() })),
      emergencyContact: z.object({ name: z.string(), phone: z.string() }),
      guardianConsent: z.boolean(),
      hosts: z.array(HostLinkSchema),
      createdAt: z.string(),
    })
    .nullable(),
  isMinor: z.boolean().describe('Under 18 by the account’s birth year'),
  guardianOnAccount: z.boolean().describe('The account already holds a guardian’s consent'),
});

export const HostChoiceListSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const ApplicationListQuerySchema = z.object({
  status: z.enum(HOST_STATUSES).optional(),
});

export const ApplicationListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      userId: z.string(),
      personName: z.string(),
      organisationId: z.string(),
      organisationName: z.string(),
      status: z.enum(HOST_STATUSES),
      skills: z.array(z.string()),
      availability: AvailabilitySchema,
      regions: z.array(z.object({ code: z.string(), name: z.string() })),
      minor: z.boolean(),
      guardianConsent: z.boolean(),
      emergencyContact: z
        .object({ name: z.string(), phone: z.string() })
        .nullable()
        .describe('Only to the host’s administrators'),
      createdAt: z.string(),
      decisionNote: z.string().nullable(),
      canDecide: z.boolean(),
    }),
  ),
});

export const DecideApplicationSchema = z.object({
  verify: z.boolean(),
  note: z.string().trim().max(500).default(''),
});
