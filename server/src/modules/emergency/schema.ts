import { z } from 'zod';
import { PageQuerySchema, pageOf } from '#platform/schemas.ts';

export const GRADE_KINDS = ['DISASTER', 'DANGER'] as const;
export const GRADES = ['SMALL', 'MEDIUM', 'LARGE', 'HUGE'] as const;
export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export const INCIDENT_STATUSES = ['ACTIVE', 'CLOSED'] as const;
export const RESERVE_FORMATS = ['CARD', 'TEXT', 'VIDEO'] as const;
export const EXPLAINER_STATES = ['DRAFT', 'SUBMITTED', 'PUBLISHED', 'OTHER'] as const;

const code = z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/);
const division = z.string().regex(/^\d{6}$/, { error: '请选择行政区划' });
const instant = z.iso.datetime({ offset: true }).describe('ISO-8601 instant');

export const OpenIncidentSchema = z.object({
  organisationId: z
    .uuid()
    .describe('The opening unit: the ministry’s office or a provincial department'),
  hazard: code.describe('A HAZARD_TYPE reference code'),
  gradeKind: z.enum(GRADE_KINDS).describe('DISASTER 灾情 or DANGER 险情'),
  grade: z.enum(GRADES).describe('SMALL 小型 · MEDIUM 中型 · LARGE 大型 · HUGE 特大型'),
  responseLevel: z.enum(RESPONSE_LEVELS).nullable().default(null).describe('Ⅰ–Ⅳ, when declared'),
  divisionCode: division.describe('Where: a province, city or county division code'),
  place: z
    .string()
    .trim()
    .max(100)
    .default('')
    .describe('The place as people name it, e.g. 某镇某村'),
  occurredAt: instant,
  title: z.string().trim().max(80).default('').describe('Empty: made from the place and hazard'),
  source: z.string().trim().max(200).default('').describe('Who reported it, e.g. 县应急管理局'),
  description: z.string().trim().max(4000).default(''),
});
export type OpenIncident = z.infer<typeof OpenIncidentSchema>;

export const CloseIncidentSchema = z.object({
  note: z.string().trim().max(500).default('').describe('Why the response ends'),
});

export const ListIncidentsQuerySchema = PageQuerySchema.extend({
  status: z.enum(INCIDENT_STATUSES).optional(),
  hazard: code.optional(),
  province: z
    .string()
    .regex(/^\d{2}0000$/)
    .optional()
    .describe('A province’s division code'),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

const IncidentCoreSchema = z.object({
  id: z.string(),
  title: z.string(),
  hazard: z.string(),
  hazardName: z.string(),
  gradeKind: z.enum(GRADE_KINDS),
  grade: z.enum(GRADES),
  responseLevel: z.enum(RESPONSE_LEVELS).nullable(),
  divisionCode: z.string(),
  divisionName: z.string(),
  provinceCode: z.string().describe('Six digits: the province’s division code'),
  place: z.string(),
  occurredAt: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  organisationId: z.string(),
  organisationName: z.string(),
  firstExplainerAt: z.string().nullable(),
  minutesToFirstExplainer: z
    .number()
    .nullable()
    .describe('Opened → first expert-approved explainer published; null: none yet'),
});

export const IncidentListItemSchema = IncidentCoreSchema.extend({
  dutyCount: z.number().int(),
  acknowledgedCount: z.number().int(),
  publishedCount: z.number().int(),
});
export const IncidentPageSchema = pageOf(IncidentListItemSchema);

export const DutyExpertSchema = z.object({
  userId: z.string(),
  name: z.string(),
  title: z.string(),
  organisationName: z.string().nullable(),
  matchedBy: z.enum(['REGION', 'NATIONAL']),
  notifiedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});

export const ExplainerSchema = z.object({
  workId: z.string(),
  title: z.string(),
  summary: z.string(),
  body: z.string().describe('Sanitized HTML, for the duty expert to read on the board'),
  state: z.enum(EXPLAINER_STATES),
  fromReserve: z.object({ workId: z.string(), title: z.string() }).nullable(),
  draftedByName: z.string().nullable(),
  draftedAt: z.string(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  canSubmit: z.boolean(),
  canApprove: z.boolean(),
});

export const ReserveProposalSchema = z.object({
  workId: z.string(),
  title: z.string(),
  summary: z.string(),
  typeName: z.string(),
  formats: z.array(z.enum(RESERVE_FORMATS)),
  nationwide: z.boolean(),
  organisationName: z.string(),
  reviewedAt: z.string().nullable(),
});

export const IncidentBoardSchema = IncidentCoreSchema.extend({
  source: z.string(),
  description: z.string(),
  closeNote: z.string(),
  openedByName: z.string().nullable(),
  duty: z.array(DutyExpertSchema),
  explainers: z.array(ExplainerSchema),
  proposals: z
    .array(ReserveProposalSchema)
    .describe('Reviewed reserve content for the hazard and province'),
  me: z.object({
    manage: z.boolean().describe('May draft, submit and close'),
    onDuty: z.boolean(),
    acknowledged: z.boolean(),
  }),
});

export const DraftExplainerSchema = z
  .object({
    reserveWorkId: z.uuid().nullable().default(null).describe('Draft from this reserve item'),
    title: z.string().trim().max(120).default('').describe('Empty: the reserve item’s title'),
    summary: z.string().trim().max(500).default(''),
    body: z.string().max(200_000).default('').describe('From scratch: the text (HTML)'),
  })
  .describe('From a reserve item (its text copied) or from scratch (title and body)');

export const ApproveExplainerSchema = z.object({
  comments: z.string().trim().max(2000).default(''),
});

export const WorkIdParamsSchema = z.object({ id: z.uuid(), workId: z.uuid() });

export const IncidentStatsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const IncidentStatsSchema = z.object({
  year: z.number().int(),
  incidents: z.number().int(),
  withExplainer: z.number().int(),
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
  byHazard: z.array(
    z.object({
      hazard: z.string(),
      hazardName: z.string(),
      incidents: z.number().int(),
      medianMinutes: z.number().nullable(),
    }),
  ),
});

// --- Reserve

export const ReserveInputSchema = z.object({
  hazards: z.array(code).min(1, { error: '请至少选择一种灾害类型' }).max(20),
  provinces: z
    .array(z.string().regex(/^\d{2}0000$/))
    .max(40)
    .default([])
    .describe('Provinces’ division codes; none: nationwide'),
  formats: z.array(z.enum(RESERVE_FORMATS)).max(3).default([]),
  note: z.string().trim().max(500).default(''),
});

export const ListReserveQuerySchema = PageQuerySchema.extend({
  hazard: code.optional(),
  province: z
    .string()
    .regex(/^\d{2}0000$/)
    .optional(),
  stale: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('true: only items whose yearly review is due'),
  q: z.string().trim().max(40).optional(),
});

export const ReserveItemSchema = z.object({
  workId: z.string(),
  title: z.string(),
  typeName: z.string(),
  workStatus: z.string(),
  organisationName: z.string(),
  hazards: z.array(z.object({ code: z.string(), name: z.string() })),
  provinces: z.array(z.object({ code: z.string(), name: z.string() })),
  formats: z.array(z.enum(RESERVE_FORMATS)),
  note: z.string(),
  reviewedAt: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewDue: z.string(),
  stale: z.boolean(),
  canManage: z.boolean(),
});
export const ReservePageSchema = pageOf(ReserveItemSchema);

export const ReserveCandidatesQuerySchema = z.object({
  q: z.string().trim().max(40).default(''),
});
export const ReserveCandidatesSchema = z.object({
  items: z.array(z.object({ id: z.string(), title: z.string(), organisationName: z.string() })),
});

export const CoverageSchema = z.object({
  hazards: z.array(z.object({ code: z.string(), name: z.string() })),
  provinces: z.array(z.object({ code: z.string(), name: z.string() })),
  /** counts[h][p]: reviewed, published reserve items for hazard h usable in province p. */
  counts: z.array(z.array(z.number().int())),
  nationwide: z.array(z.number().int()).describe('Per hazard: items for the whole country'),
  gaps: z.number().int().describe('Hazard × province cells with nothing'),
});

// --- Portal

export const PublicIncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  hazardName: z.string(),
  divisionName: z.string(),
  provinceCode: z.string(),
  occurredAt: z.string(),
  explainers: z.array(z.object({ id: z.string(), title: z.string(), publishedAt: z.string() })),
});
export const PublicEmergencySchema = z.object({
  active: z.array(PublicIncidentSchema).describe('Active incidents with a published explainer'),
});

export const RegionParamsSchema = z.object({
  code: z
    .string()
    .regex(/^\d{2}0000$/)
    .describe('A province’s division code'),
});
export const PublicRegionSchema = z.object({
  code: z.string(),
  name: z.string(),
  active: z.array(PublicIncidentSchema),
  recent: z.array(PublicIncidentSchema).describe('Closed incidents of the last year, newest first'),
  prevention: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      summary: z.string(),
      hazardNames: z.array(z.string()),
    }),
  ),
});

export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
