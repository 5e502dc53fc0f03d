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

export const SHIFT_STATUSES = ['PENDING', 'CONFIRMED', 'DECLINED', 'CANCELLED'] as const;
export const HOURS_STATUSES = ['PENDING', 'APPROVED', 'DECLINED'] as const;

export const SessionParamsSchema = z.object({ id: z.uuid(), sessionId: z.uuid() });

export const CreateRoleSchema = z.object({
  label: text(20).describe('e.g. 讲解, 引导, 安全'),
  places: z.number().int().min(1).max(500),
});
export const RoleSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  label: z.string(),
  places: z.number(),
  taken: z.number(),
});

const ShiftRowSchema = z.object({
  id: z.string(),
  userId: z.string(),
  personName: z.string(),
  status: z.enum(SHIFT_STATUSES),
  arrivedAt: z.string().nullable(),
  departedAt: z.string().nullable(),
  hours: z.number().nullable(),
  createdAt: z.string(),
});
export const ActivityRolesSchema = z.object({
  activityId: z.string(),
  title: z.string(),
  canManage: z.boolean(),
  roles: z.array(
    RoleSchema.extend({
      startsAt: z.string(),
      endsAt: z.string(),
      shifts: z.array(ShiftRowSchema),
    }),
  ),
});

export const OpenRoleListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      activityId: z.string(),
      title: z.string(),
      hostName: z.string(),
      sessionId: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      placesLeft: z.number(),
      signedUp: z.boolean(),
    }),
  ),
});

export const ShiftStateSchema = z.object({
  id: z.string(),
  status: z.enum(SHIFT_STATUSES),
});
export const DoorTimeSchema = z.object({
  at: z.iso.datetime({ offset: true }).optional().describe('When (default: now)'),
});
export const ShiftTimesSchema = ShiftStateSchema.extend({
  arrivedAt: z.string().nullable(),
  departedAt: z.string().nullable(),
  hours: z.number().nullable(),
});
export const DecideShiftSchema = z.object({ confirm: z.boolean() });
export const CorrectHoursSchema = z.object({
  hours: z.number().min(0).max(24),
  reason: text(200),
});

export const MyShiftListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: z.enum(SHIFT_STATUSES),
      label: z.string(),
      activityId: z.string(),
      title: z.string(),
      hostName: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      arrivedAt: z.string().nullable(),
      departedAt: z.string().nullable(),
      hours: z.number().nullable(),
      mayCancel: z.boolean(),
    }),
  ),
});

export const YearQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

const ByHostSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  hours: z.number(),
  entries: z.number(),
});
export const MyHoursSchema = z.object({
  year: z.number(),
  hours: z.number(),
  byHost: z.array(ByHostSchema),
  cumulativeHours: z.number(),
  star: StarSchema,
  thresholds: z.array(z.number()),
  entries: z.array(
    z.object({
      id: z.string(),
      workedOn: z.string(),
      hours: z.number(),
      what: z.string(),
      status: z.enum(HOURS_STATUSES),
      fromShift: z.boolean(),
      hostName: z.string(),
    }),
  ),
});

export const SubmitHoursSchema = z.object({
  organisationId: z.uuid().describe('The host served'),
  workedOn: z.iso.date().describe('YYYY-MM-DD'),
  hours: z.number().min(0.5).max(24),
  what: text(200).describe('What was done'),
});
export const HoursStateSchema = z.object({ id: z.string(), status: z.enum(HOURS_STATUSES) });
export const HoursListQuerySchema = z.object({ status: z.enum(HOURS_STATUSES).optional() });
export const HoursListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      userId: z.string(),
      personName: z.string(),
      organisationId: z.string(),
      hostName: z.string(),
      workedOn: z.string(),
      hours: z.number(),
      what: z.string(),
      status: z.enum(HOURS_STATUSES),
      createdAt: z.string(),
      canDecide: z.boolean(),
    }),
  ),
});
export const DecideHoursSchema = z.object({ approve: z.boolean() });

export const TotalsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  by: z.enum(['person', 'host', 'province']).default('host'),
});
export const TotalsSchema = z.object({
  year: z.number(),
  by: z.enum(['person', 'host', 'province']),
  items: z.array(
    z.object({
      key: z.string().nullable().describe('Person, host or province id (null: no province)'),
      label: z.string().nullable(),
      hours: z.number(),
      people: z.number(),
    }),
  ),
});

export const HoursCertificatesSchema = z.object({
  organisationId: z.uuid().describe('The host whose volunteers are certified'),
  year: z.number().int().min(2000).max(2100),
  minHours: z
    .number()
    .min(0)
    .max(10_000)
    .default(1)
    .describe('Only volunteers with at least these approved hours at the host that year'),
});
export const HoursCertificatesResultSchema = z.object({
  year: z.number(),
  volunteers: z.number().describe('Volunteers with approved hours at the host that year'),
  issued: z.number().describe('New certificates'),
  alreadyIssued: z.number().describe('Had one for this host and year already (unchanged)'),
  belowMinimum: z.number(),
});

export const StarSettingsSchema = z.object({
  thresholds: z
    .array(z.number().int().min(1).max(100_000))
    .min(1)
    .max(10)
    .describe('Cumulative hours for 一星, 二星 …'),
});
