import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';

export const COURSE_STATUSES = ['DRAFT', 'PUBLISHED', 'CLOSED'] as const;
export const ENROLMENT_MODES = ['OPEN', 'NOMINATION'] as const;
export const ENROLMENT_STATUSES = ['PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN'] as const;

const instant = z.iso.datetime({ offset: true }).describe('ISO-8601 instant');
const province = z
  .string()
  .regex(/^\d{2}0000$/, { error: '请选择省份' })
  .describe('A province’s division code');

export const SyllabusUnitSchema = z.object({
  title: text(100).describe('The unit’s title'),
  hours: z.number().min(0.5).max(200).describe('Class hours (学时)'),
});

export const SessionInputSchema = z.object({
  id: z.uuid().optional().describe('An existing session (kept); none: a new one'),
  title: text(100),
  startsAt: instant,
  endsAt: instant,
  online: z.boolean().default(false),
  place: z.string().trim().max(200).default('').describe('Where, or the online meeting’s name'),
});

export const QuotaInputSchema = z.object({
  divisionCode: province,
  places: z.number().int().min(1).max(10_000),
});

export const CourseInputSchema = z.object({
  organisationId: z.uuid().describe('The organising unit'),
  title: text(60).describe('The course’s name (its certificate reads “{year}年度{title}结业证书”)'),
  year: z.number().int().min(2000).max(2100),
  description: z.string().trim().max(4000).default(''),
  syllabus: z.array(SyllabusUnitSchema).max(50).default([]).describe('The 大纲, in order'),
  sessions: z.array(SessionInputSchema).max(50).default([]),
  enrolmentMode: z.enum(ENROLMENT_MODES),
  capacity: z.number().int().min(1).max(10_000),
  enrolOpensAt: instant,
  enrolClosesAt: instant,
  quotas: z
    .array(QuotaInputSchema)
    .max(40)
    .default([])
    .describe('Places per province (courses by nomination)'),
  minSessions: z.number().int().min(0).max(50).describe('Sessions to attend for completion'),
  passScore: z
    .number()
    .int()
    .min(0)
    .max(100)
    .nullable()
    .default(null)
    .describe('Final test pass score; none: no test'),
  materialIds: z.array(z.uuid()).max(20).default([]).describe('Works of type COURSE'),
});
export type CourseInput = z.infer<typeof CourseInputSchema>;

const SessionSchema = z.object({
  id: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  online: z.boolean(),
  place: z.string(),
});

const QuotaSchema = z.object({
  divisionCode: z.string(),
  provinceName: z.string(),
  places: z.number().int(),
  taken: z.number().int(),
});

const MaterialSchema = z.object({ id: z.string(), title: z.string(), published: z.boolean() });

export const CourseSummarySchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  title: z.string(),
  year: z.number().int(),
  enrolmentMode: z.enum(ENROLMENT_MODES),
  capacity: z.number().int(),
  taken: z.number().int(),
  enrolOpensAt: z.string(),
  enrolClosesAt: z.string(),
  status: z.enum(COURSE_STATUSES),
  firstSessionAt: z.string().nullable(),
  lastSessionAt: z.string().nullable(),
});
export const CoursePageSchema = pageOf(CourseSummarySchema);

export const CourseDetailSchema = CourseSummarySchema.extend({
  description: z.string(),
  syllabus: z.array(SyllabusUnitSchema),
  totalHours: z.number(),
  sessions: z.array(SessionSchema),
  quotas: z.array(QuotaSchema),
  minSessions: z.number().int(),
  passScore: z.number().int().nullable(),
  materials: z.array(MaterialSchema),
});

export const ManagedCourseSchema = CourseDetailSchema.extend({
  sessions: z.array(SessionSchema.extend({ checkInCode: z.string() })),
  completedAt: z.string().nullable(),
  rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
});

export const ListCoursesQuerySchema = PageQuerySchema.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(COURSE_STATUSES).optional(),
  q: z.string().trim().max(50).optional().describe('Title contains'),
});

export const PublicCoursesQuerySchema = PageQuerySchema.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const NominatableQuerySchema = PageQuerySchema;

export const EnrolmentItemSchema = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  name: z.string(),
  unitName: z.string().nullable(),
  provinceName: z.string().nullable(),
  status: z.enum(ENROLMENT_STATUSES),
  nominated: z.boolean(),
  attendedSessionIds: z.array(z.string()),
  correctedSessionIds: z.array(z.string()),
  score: z.number().int().nullable(),
  met: z.boolean().describe('Meets the completion rule now'),
  completed: z.boolean(),
  certificateId: z.string().nullable(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
  createdAt: z.string(),
});
export const EnrolmentPageSchema = pageOf(EnrolmentItemSchema);

export const ListEnrolmentsQuerySchema = PageQuerySchema.extend({
  status: z.enum(ENROLMENT_STATUSES).optional(),
});

export const NominateSchema = z.object({
  unitId: z.uuid().describe('The nominating unit (its administrators nominate)'),
  userIds: z.array(z.uuid()).min(1).max(50).describe('People with a role in the unit’s subtree'),
});

export const NominationResultSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), userId: z.string(), status: z.enum(ENROLMENT_STATUSES) }),
  ),
});

export const NominationsQuerySchema = PageQuerySchema.extend({
  courseId: z.uuid().optional(),
});

export const DecideSchema = z.object({ approve: z.boolean() });

export const AttendanceCorrectionSchema = z.object({
  sessionId: z.uuid(),
  present: z.boolean(),
  reason: text(200).describe('Why the check-in record is corrected (kept in the audit log)'),
});

export const ScoreSchema = z.object({
  score: z.number().int().min(0).max(100).nullable().describe('Final test score; null clears it'),
});

export const CheckInSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { error: '请输入6位签到码' })
    .describe('The six digits the organiser shows'),
});

export const FeedbackSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).default(''),
});

export const EnrolmentStateSchema = z.object({
  id: z.string(),
  status: z.enum(ENROLMENT_STATUSES),
});

export const CompleteResultSchema = z.object({
  issued: z.number().int().describe('Certificates issued now'),
  already: z.number().int().describe('Participants whose certificate had been issued before'),
  notMet: z.number().int().describe('Approved participants who do not meet the rule'),
});

export const MyTrainingSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      courseId: z.string(),
      courseTitle: z.string(),
      organisationName: z.string(),
      year: z.number().int(),
      courseStatus: z.enum(COURSE_STATUSES),
      status: z.enum(ENROLMENT_STATUSES),
      sessions: z.array(SessionSchema.extend({ attended: z.boolean() })),
      minSessions: z.number().int(),
      passScore: z.number().int().nullable(),
      score: z.number().int().nullable(),
      met: z.boolean(),
      completed: z.boolean(),
      certificateId: z.string().nullable(),
      rating: z.number().int().nullable(),
    }),
  ),
});

export const MaterialOptionsQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
});
export const MaterialOptionsSchema = z.object({
  items: z.array(z.object({ id: z.string(), title: z.string() })),
});

export const NominatablePageSchema = pageOf(
  z.object({
    id: z.string(),
    title: z.string(),
    year: z.number().int(),
    enrolOpensAt: z.string(),
    enrolClosesAt: z.string(),
    organisationName: z.string(),
    quotas: z.array(QuotaSchema),
  }),
);

export const NominationPageSchema = pageOf(
  z.object({
    id: z.string(),
    status: z.enum(ENROLMENT_STATUSES),
    createdAt: z.string(),
    name: z.string(),
    unitName: z.string(),
    courseTitle: z.string(),
  }),
);
