import { z } from 'zod';
import { FormFieldSchema, FormFieldsInputSchema } from '#platform/forms/schema.ts';
import { boundedRecord, PageQuerySchema, text } from '#platform/schemas.ts';
import { MyFeedbackSchema } from './feedback-schema.ts';

const code = z.string().trim().min(1).max(40);
const codes = (max: number) => z.array(code).max(max);
const instant = z.iso.datetime({ offset: true }).describe('ISO-8601 instant');
const day = z.iso.date().describe('YYYY-MM-DD');

/** One session as the organiser enters it. */
export const SessionInputSchema = z.object({
  startsAt: instant,
  endsAt: instant,
  capacity: z.number().int().min(1).max(100_000).nullable().default(null),
  registrationOpensAt: instant.nullable().default(null),
  registrationClosesAt: instant.nullable().default(null),
  approvalRequired: z.boolean().default(false),
  perPersonLimit: z.number().int().min(1).max(100).default(1),
  holdHours: z.number().int().min(1).max(168).default(24),
  cancelCutoffHours: z.number().int().min(0).max(720).default(0),
  partnersUntil: instant
    .nullable()
    .default(null)
    .describe('An open day’s slot: until then only the facility’s partner schools book it'),
});

/** A recurring schedule: an RRULE from the first session's start, exceptions left out. */
export const RecurrenceSchema = z.object({
  rrule: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=10 (at most 200 sessions)'),
  exdates: z.array(instant).max(200).default([]).describe('Occurrences left out (their start)'),
});

export const CheckInModeSchema = z
  .enum(['ONCE', 'DAILY', 'EVERY'])
  .describe(
    'ONCE: a ticket checks in once; DAILY: once per Beijing day; EVERY: every entry counts',
  );

export const LeaderInputSchema = z.object({
  userId: z.uuid().describe('The person (picked from the expert directory)'),
  role: z.enum(['LEAD', 'SPEAKER']).describe('LEAD 负责专家 | SPEAKER 主讲'),
});
const leaders = z
  .array(LeaderInputSchema)
  .max(20)
  .describe('Who led the activity, in the order shown (replaces the list)');

export const LeaderSchema = z
  .object({
    role: z.enum(['LEAD', 'SPEAKER']),
    userId: z.string().optional().describe('Console only'),
    expertId: z
      .string()
      .optional()
      .describe('Public: the person’s public expert page (only people who have one are named)'),
    name: z.string().optional().describe('Public: only for a person with a public expert page'),
    title: z.string().nullable().optional(),
  })
  .describe('ActivityLeader');

const ActivityFields = {
  organisationId: z.uuid().describe('The host unit'),
  coOrganiserIds: z.array(z.uuid()).max(20).default([]),
  typeCode: code.describe('ACTIVITY_TYPE reference code'),
  title: text(120),
  summary: z.string().trim().max(500).default(''),
  body: z.string().max(100_000).default('').describe('Rich text (sanitized)'),
  audiences: codes(20).default([]).describe('AUDIENCE reference codes'),
  sectors: codes(20).default([]),
  topics: codes(20).default([]),
  themeDayCode: code.nullable().default(null).describe('THEME_DAY reference code'),
  campaignId: z.uuid().nullable().default(null),
  divisionCode: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .default(null),
  address: z.string().trim().max(200).default(''),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
  onlineUrl: z.url().max(500).nullable().default(null),
  coverMediaId: z.uuid().nullable().default(null),
  checkInMode: CheckInModeSchema.default('ONCE'),
  registrationForm: FormFieldsInputSchema.refine((fs) => fs.every((f) => f.type !== 'file'), {
    message: 'a registration form has no file fields',
  })
    .nullable()
    .default(null)
    .describe('The registration form (platform form fields); null: no questions'),
  admitsMinors: z
    .boolean()
    .default(false)
    .describe('Minors may register, with a guardian’s name, contact and consent'),
  groupsAllowed: z.boolean().default(false).describe('Teachers may book places for a class'),
  facilityId: z
    .uuid()
    .nullable()
    .default(null)
    .describe('An open day’s facility (one of the host unit’s); its slots are the sessions'),
  leaders: leaders.optional(),
};

export const CreateActivitySchema = z.object({
  ...ActivityFields,
  sessions: z
    .array(SessionInputSchema)
    .min(1)
    .max(200)
    .describe('One or several sessions; with recurrence, the first is the template'),
  recurrence: RecurrenceSchema.optional(),
});
export type CreateActivityInput = z.infer<typeof CreateActivitySchema>;

export const UpdateActivitySchema = z
  .object({
    coOrganiserIds: ActivityFields.coOrganiserIds.unwrap(),
    typeCode: ActivityFields.typeCode,
    title: ActivityFields.title,
    summary: z.string().trim().max(500),
    body: z.string().max(100_000),
    audiences: codes(20),
    sectors: codes(20),
    topics: codes(20),
    themeDayCode: code.nullable(),
    campaignId: z.uuid().nullable(),
    divisionCode: z
      .string()
      .regex(/^\d{6}$/)
      .nullable(),
    address: z.string().trim().max(200),
    lat: z.number().min(-90).max(90).nullable(),
    lng: z.number().min(-180).max(180).nullable(),
    onlineUrl: z.url().max(500).nullable(),
    coverMediaId: z.uuid().nullable(),
    checkInMode: CheckInModeSchema,
    registrationForm: ActivityFields.registrationForm.unwrap(),
    admitsMinors: z.boolean(),
    groupsAllowed: z.boolean(),
    facilityId: z.uuid().nullable(),
    leaders,
  })
  .partial();
export type UpdateActivityInput = z.infer<typeof UpdateActivitySchema>;

export const CancelSchema = z.object({ reason: text(500).describe('Registrants read it') });

export const SessionSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int().nullable(),
  placesLeft: z.number().int().nullable().describe('null: no limit'),
  waitlist: z.number().int().describe('People waiting'),
  registrationOpensAt: z.string().nullable(),
  registrationClosesAt: z.string().nullable(),
  approvalRequired: z.boolean(),
  perPersonLimit: z.number().int(),
  holdHours: z.number().int(),
  cancelCutoffHours: z.number().int(),
  status: z.enum(['ACTIVE', 'CANCELLED']),
  partnersUntil: z
    .string()
    .nullable()
    .describe('Until then only the facility’s partner schools book this slot'),
});

export const ActivityStatusSchema = z
  .enum(['DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'CANCELLED'])
  .describe('PENDING_REVIEW: waiting for the office (a campaign that requires approval)');

export const ActivitySchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    host: z.string().describe('The host unit’s name'),
    coOrganiserIds: z.array(z.string()),
    typeCode: z.string(),
    title: z.string(),
    summary: z.string(),
    body: z.string(),
    audiences: z.array(z.string()),
    sectors: z.array(z.string()),
    topics: z.array(z.string()),
    themeDayCode: z.string().nullable(),
    campaignId: z.string().nullable(),
    divisionCode: z.string().nullable(),
    address: z.string(),
    place: z.string().describe('Address, or the online link'),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    onlineUrl: z.string().nullable(),
    coverMediaId: z.string().nullable(),
    status: ActivityStatusSchema,
    cancelReason: z.string().nullable(),
    reviewNote: z.string().nullable().describe('The office’s note when it sent the activity back'),
    checkInMode: CheckInModeSchema,
    registrationForm: z.array(FormFieldSchema).nullable(),
    admitsMinors: z.boolean(),
    groupsAllowed: z.boolean(),
    facility: z
      .object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        safetyNotes: z.string().describe('A teacher acknowledges them when booking a group'),
        visitNotes: z.string(),
        groupMax: z.number().int().nullable(),
      })
      .nullable()
      .describe('An open day’s facility'),
    guardianAge: z
      .number()
      .int()
      .describe('Under this age a registrant is a minor and needs a guardian’s consent (14 or 18)'),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    sessions: z.array(SessionSchema),
    leaders: z.array(LeaderSchema).describe('负责专家 and 主讲, in order'),
  })
  .describe('Activity');

const csv = (max: number) =>
  z
    .string()
    .max(max * 41)
    .optional()
    .describe('Codes, comma-separated');

export const PublicActivityQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(60).optional(),
  from: day.optional().describe('Sessions on or after this China date'),
  to: day.optional().describe('Sessions on or before this China date'),
  division: z
    .string()
    .regex(/^\d{2,6}$/)
    .optional()
    .describe('Division code or its prefix'),
  audience: code.optional(),
  type: code.optional(),
  campaign: z.uuid().optional().describe('A theme-day campaign'),
  host: z.uuid().optional().describe('Host organisation (a base’s page lists its host’s)'),
  facility: z.uuid().optional().describe('Open days at this facility (a facility’s page)'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PublicActivityQuery = z.infer<typeof PublicActivityQuerySchema>;

export const FeedQuerySchema = PublicActivityQuerySchema.omit({
  page: true,
  pageSize: true,
}).extend({
  campaign: z.uuid().optional(),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .describe('Province code (two digits)'),
  types: csv(10),
});
export type FeedQuery = z.infer<typeof FeedQuerySchema>;

export const PublicActivityItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  startsAt: z.string().nullable().describe('The next (or first) session'),
  endsAt: z.string().nullable(),
  place: z.string(),
  host: z.string(),
  capacity: z.number().int().nullable(),
  placesLeft: z.number().int().nullable(),
  waitlist: z.number().int(),
  typeCode: z.string().describe('ACTIVITY_TYPE reference code'),
  audiences: z.array(z.string()),
  divisionCode: z.string().nullable(),
  online: z.boolean().describe('Held online'),
  sessions: z
    .array(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string() }))
    .describe('Its active sessions in the window (at most 62), for a calendar'),
});
export const PublicActivityListSchema = z.object({
  items: z.array(PublicActivityItemSchema),
  total: z.number().int(),
});

export const ActivityIdParamsSchema = z.object({
  id: z.uuid().describe('Activity id'),
});
export const FeedIdParamsSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f-]{36}\.ics$/)
    .describe('Activity id followed by .ics'),
});

const AnswerValue = z.union([
  z.string().max(5000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(60)).max(100),
]);
export const RegisterSchema = z.object({
  sessionId: z
    .uuid()
    .optional()
    .describe('Which session (default: the activity’s only or next one)'),
  quantity: z.number().int().min(1).max(100).default(1),
  answers: boundedRecord(AnswerValue, 30)
    .default({})
    .describe('Answers to the registration form, by field key'),
  minor: z
    .boolean()
    .default(false)
    .describe('The attendee is under the guardian-consent age (then guardian is required)'),
  guardian: z
    .object({
      name: z.string().trim().max(40).default(''),
      contact: z.string().trim().max(40).default(''),
      consent: z.boolean().default(false).describe('The guardian consents explicitly'),
    })
    .optional(),
});
export const RegistrationResultSchema = z.object({
  id: z.string(),
  status: z.enum(['CONFIRMED', 'WAITLISTED', 'PENDING_APPROVAL']),
  ticketCode: z.string().optional(),
  position: z.number().int().optional().describe('On the waiting list: 1 is offered next'),
});

export const RegistrationSchema = z
  .object({
    id: z.string(),
    activityId: z.string(),
    activityTitle: z.string(),
    sessionId: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    place: z.string(),
    quantity: z.number().int(),
    status: z.enum([
      'CONFIRMED',
      'WAITLISTED',
      'OFFERED',
      'PENDING_APPROVAL',
      'CANCELLED',
      'DECLINED',
      'EXPIRED',
    ]),
    offerExpiresAt: z.string().nullable(),
    ticketCode: z.string().nullable(),
    position: z.number().int().nullable().describe('On the waiting list: 1 is offered next'),
    holdHours: z.number().int().describe('How long an offered place is held'),
    cancelCutoffHours: z
      .number()
      .int()
      .describe('The person may cancel until this many hours before the start'),
    createdAt: z.string(),
    checkedInAt: z.string().nullable(),
    mayGiveFeedback: z.boolean().describe('Checked in: the person may rate and comment'),
    feedback: MyFeedbackSchema.nullable(),
  })
  .describe('Registration');
export const RegistrationListSchema = z.object({ items: z.array(RegistrationSchema) });

export const CampaignInputSchema = z.object({
  themeDayCode: code.describe('THEME_DAY reference code'),
  year: z.number().int().min(1970).max(2100),
  startDate: day,
  endDate: day,
  theme: z.string().trim().max(200).default(''),
  noticeDocNo: z.string().trim().max(60).nullable().default(null).describe('文号 of the notice'),
  hostDivision: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .default(null),
  organiserIds: z.array(z.uuid()).max(50).default([]),
  ordinalOverride: z.number().int().min(1).max(1000).nullable().default(null),
  requiresApproval: z
    .boolean()
    .default(false)
    .describe('Its activities wait for the office’s approval before they are public'),
});
export const UpdateCampaignSchema = CampaignInputSchema.omit({ themeDayCode: true, year: true })
  .partial()
  .extend({});
export const CampaignSchema = z
  .object({
    id: z.string(),
    themeDayCode: z.string(),
    themeDayName: z.string(),
    year: z.number().int(),
    ordinal: z.number().int().nullable().describe('“第N届”: the override, else year − base year'),
    startDate: z.string(),
    endDate: z.string(),
    theme: z.string(),
    noticeDocNo: z.string().nullable(),
    hostDivision: z.string().nullable(),
    organiserIds: z.array(z.string()),
    ordinalOverride: z.number().int().nullable(),
    requiresApproval: z.boolean(),
  })
  .describe('Campaign');
export const CampaignListSchema = z.object({ items: z.array(CampaignSchema) });
export const CampaignQuerySchema = z.object({
  year: z.coerce.number().int().min(1970).max(2100).optional(),
  themeDay: code.optional(),
});

export const RegistrationStatusSchema = z.enum([
  'CONFIRMED',
  'WAITLISTED',
  'OFFERED',
  'PENDING_APPROVAL',
  'CANCELLED',
  'DECLINED',
  'EXPIRED',
]);
export const HostRegistrationQuerySchema = z.object({
  sessionId: z.uuid().optional(),
  status: RegistrationStatusSchema.optional(),
});
export const HostRegistrationListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      sessionId: z.string(),
      userId: z.string(),
      userName: z.string(),
      quantity: z.number().int(),
      status: RegistrationStatusSchema,
      answers: z.record(z.string(), z.unknown()).describe('By field key, as sent'),
      answerLines: z
        .array(z.object({ key: z.string(), label: z.string(), value: z.string() }))
        .describe('The answers to read: the field’s label and the answer as text (no codes)'),
      guardianName: z.string().nullable(),
      guardianContact: z.string().nullable(),
      guardianConsentAt: z.string().nullable(),
      groupId: z.string().nullable().describe('The group booking these places belong to'),
      offerExpiresAt: z.string().nullable(),
      createdAt: z.string(),
      checkedInAt: z.string().nullable(),
      noShowAt: z.string().nullable(),
    }),
  ),
});
export const DecideRegistrationSchema = z.object({
  note: z.string().trim().max(500).nullable().default(null).describe('The person reads it'),
});
export const SessionParamsSchema = z.object({ id: z.uuid(), sessionId: z.uuid() });

const OUTCOMES = [
  'CHECKED_IN',
  'ALREADY',
  'INVALID',
  'WRONG_ACTIVITY',
  'WRONG_SESSION',
  'NOT_CONFIRMED',
  'CANCELLED',
] as const;
const ticket = z.string().trim().min(1).max(80).describe('The ticket code (from the QR)');
const deviceId = z.string().trim().min(1).max(64);
export const CheckInSchema = z.object({
  code: ticket.optional().describe('One scan, now'),
  sessionId: z
    .uuid()
    .optional()
    .describe('The session at the door: a ticket of another is refused'),
  deviceId: deviceId.optional(),
  scans: z
    .array(z.object({ code: ticket, scannedAt: instant, deviceId }))
    .min(1)
    .max(1000)
    .optional()
    .describe('A batch queued by an offline device'),
});
export const CheckInResultSchema = z.object({
  results: z.array(
    z.object({
      code: z.string(),
      outcome: z.enum(OUTCOMES),
      registrationId: z.string().nullable(),
      userName: z.string().nullable(),
      checkedInAt: z
        .string()
        .nullable()
        .describe('When the registration was checked in (the earliest scan)'),
      quantity: z
        .number()
        .int()
        .nullable()
        .describe('The places this ticket stands for (a group’s one QR: the group)'),
    }),
  ),
});
const counts = {
  registered: z.number().int().describe('Places of confirmed registrations'),
  checkedIn: z.number().int().describe('Places checked in at least once'),
  checkedInToday: z.number().int().describe('Places checked in on this Beijing day'),
  entries: z.number().int().describe('Check-ins recorded (days, or entries, by the mode)'),
};
export const AttendanceSchema = z.object({
  checkInMode: CheckInModeSchema,
  sessions: z.array(z.object({ sessionId: z.string(), ...counts })),
  total: z.object(counts),
  byAudience: z
    .array(z.object({ audience: z.string().describe('AUDIENCE reference code'), ...counts }))
    .describe('The activity’s counts under each audience it is for (what statistics add up)'),
});

export const CheckInListQuerySchema = z.object({
  sessionId: z.uuid().optional().describe('One session’s list (default: every active session)'),
});
export const CheckInListSchema = z.object({
  activity: z.object({ id: z.string(), title: z.string(), checkInMode: CheckInModeSchema }),
  sessions: z.array(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string() })),
  items: z.array(
    z.object({
      registrationId: z.string(),
      sessionId: z.string(),
      userName: z.string(),
      quantity: z.number().int(),
      checkedInAt: z.string().nullable(),
      lastCheckInAt: z.string().nullable().describe('The latest check-in (a day, or an entry)'),
      ticketCode: z
        .string()
        .nullable()
        .describe('For checking a person in by name at the door (staff only)'),
    }),
  ),
  members: z
    .array(
      z.object({
        memberId: z.string(),
        registrationId: z.string().describe('The group’s registration'),
        sessionId: z.string(),
        name: z.string().describe('The member’s name on the roster'),
        seq: z.number().int().describe('The member’s number within the group (1, 2, …)'),
        groupLabel: z.string().describe('The group: school and class'),
        ownTicket: z
          .boolean()
          .describe('True: the member has a ticket of their own; false: the group’s one QR'),
        ticketCode: z
          .string()
          .nullable()
          .describe('The ticket that checks this member in (their own, or the group’s)'),
        checkedInAt: z
          .string()
          .nullable()
          .describe('The member’s check-in (own ticket), or the group’s (one QR)'),
      }),
    )
    .describe(
      'Members of approved group bookings (with a ticket of their own, or named), so the door finds a child by name',
    ),
  cancelled: z
    .array(z.object({ registrationId: z.string(), sessionId: z.string() }))
    .describe('Cancelled tickets, so an offline device refuses them by name'),
  generatedAt: z.string().describe('When the list was read: scans after it are the device’s own'),
});
export const ConsoleActivityQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(60).optional(),
  status: ActivityStatusSchema.optional(),
  organisationId: z.uuid().optional().describe('Only this host unit'),
});
export type ConsoleActivityQuery = z.infer<typeof ConsoleActivityQuerySchema>;
export const ConsoleActivityListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      typeCode: z.string(),
      organisationId: z.string(),
      host: z.string(),
      status: ActivityStatusSchema,
      campaignId: z.string().nullable(),
      startsAt: z.string().nullable().describe('The first active session'),
      endsAt: z.string().nullable().describe('The end of the last active session'),
      sessions: z.number().int(),
      registered: z.number().int().describe('Places held (confirmed, offered, awaiting approval)'),
      createdAt: z.string(),
    }),
  ),
  total: z.number().int(),
});
export const ReviewActivitySchema = z.object({
  approve: z.boolean(),
  note: z.string().trim().max(500).nullable().default(null).describe('The host reads it'),
});
export const MessageSchema = z.object({
  sessionId: z.uuid().optional().describe('Only this session’s registrants'),
  subject: text(80),
  body: text(2000),
});
export const MessageResultSchema = z.object({
  sent: z.number().int().describe('People told'),
});

// ---- group bookings

export const GroupStatusSchema = z
  .enum(['PENDING', 'APPROVED', 'PARTIAL', 'DECLINED', 'CANCELLED'])
  .describe('PARTIAL: some places approved, the rest still asked for');
export const TicketModeSchema = z
  .enum(['GROUP', 'PERSON'])
  .describe('GROUP: one QR for the group; PERSON: one per member');
export const GroupRequestSchema = z.object({
  sessionId: z.uuid().optional().describe('Which session (default: the only upcoming one)'),
  schoolOrganisationId: z.uuid().nullable().default(null).describe('The school, when it is a unit'),
  schoolName: z.string().trim().max(80).default('').describe('The school’s name, when not a unit'),
  gradeClass: text(40).describe('Grade and class, e.g. 初二（3）班'),
  contactName: text(40),
  contactPhone: z.string().trim().min(1).max(30),
  requested: z.number().int().min(1).max(500).describe('Places asked for'),
  names: z
    .array(z.string().trim().min(1).max(40))
    .max(500)
    .default([])
    .describe('Names, now or later'),
  safetyAcknowledged: z
    .boolean()
    .default(false)
    .describe('The teacher read the open day’s safety notes (required when the facility has some)'),
});
export const GroupMemberSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  name: z.string(),
  ticketCode: z.string().nullable().describe('Per-person tickets, once approved'),
  checkedInAt: z.string().nullable(),
});
export const GroupSchema = z
  .object({
    id: z.string(),
    activityId: z.string(),
    activityTitle: z.string(),
    sessionId: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    place: z.string(),
    teacherName: z.string(),
    schoolOrganisationId: z.string().nullable(),
    schoolName: z.string(),
    gradeClass: z.string(),
    contactName: z.string(),
    contactPhone: z.string(),
    requested: z.number().int(),
    approved: z.number().int(),
    status: GroupStatusSchema,
    ticketMode: TicketModeSchema,
    ticketCode: z.string().nullable().describe('The group’s one QR, once approved'),
    checkedInAt: z.string().nullable(),
    note: z.string().nullable(),
    safetyAckAt: z.string().nullable().describe('When the teacher acknowledged the safety notes'),
    createdAt: z.string(),
    members: z.array(GroupMemberSchema),
  })
  .describe('GroupBooking');
export const GroupListSchema = z.object({ items: z.array(GroupSchema) });
export const GroupQuerySchema = z.object({
  sessionId: z.uuid().optional(),
  status: GroupStatusSchema.optional(),
});
export const DecideGroupSchema = z.object({
  approve: z.number().int().min(0).max(500).describe('Places approved now (0: none)'),
  ticketMode: TicketModeSchema.default('GROUP'),
  rest: z
    .enum(['RELEASE', 'WAIT'])
    .default('RELEASE')
    .describe('The places not approved: released, or still asked for'),
  note: z.string().trim().max(500).nullable().default(null).describe('The teacher reads it'),
});
