import { z } from 'zod';
import { boundedRecord, PageQuerySchema, pageOf, text } from '#platform/schemas.ts';
import { MediaSchema } from '../media/schema.ts';
import { FormDefinitionInputSchema, FormDefinitionSchema } from './form.ts';

export const STAGE_KINDS = [
  'RECOMMENDATION',
  'FORMAL_CHECK',
  'EXPERT_REVIEW',
  'DECISION',
  'PUBLIC_NOTICE',
] as const;
export type StageKind = (typeof STAGE_KINDS)[number];
export const STAGE_ZH: Record<StageKind, string> = {
  RECOMMENDATION: '推荐',
  FORMAL_CHECK: '形式审查',
  EXPERT_REVIEW: '专家评审',
  DECISION: '决定',
  PUBLIC_NOTICE: '公示',
};

export const ITEM_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'RECOMMENDED',
  'NOT_RECOMMENDED',
  'FORMAL_PASSED',
  'FORMAL_REJECTED',
  'UNDER_REVIEW',
  'REVIEWED',
  'ACCEPTED',
  'REJECTED',
  'PUBLICIZED',
  'CONFIRMED',
] as const;
export const ItemStatusSchema = z.enum(ITEM_STATUSES);

const criterionFields = {
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/),
  label: text(60),
  weight: z.number().positive().max(100),
  min: z.number().int().min(0).default(0),
  max: z.number().int().min(1).max(1000),
  commentRequired: z.boolean().default(false),
};
const maxAboveMin = (c: { min: number; max: number }) => c.max > c.min;
const maxAboveMinError = { message: 'max must be above min', path: ['max'] };
export const CriterionSchema = z.object(criterionFields).refine(maxAboveMin, maxAboveMinError);
/** What an organiser sends: a new criterion leaves out its key (made from the label). */
export const CriterionInputSchema = z
  .object({ ...criterionFields, key: criterionFields.key.optional() })
  .refine(maxAboveMin, maxAboveMinError);

export const StageSchema = z.object({
  kind: z.enum(STAGE_KINDS),
  deadline: z.iso.date().nullable().default(null),
  actorOrgId: z
    .uuid()
    .nullable()
    .default(null)
    .describe(
      'Who acts at this stage: the admins (and editors) of this organisation and its subtree. Default: the applicant’s provincial department or 部属单位 recommends, the organiser does the rest. Not for EXPERT_REVIEW (the assigned reviewers act).',
    ),
  actorRoles: z
    .array(z.enum(['ORG_ADMIN', 'EDITOR']))
    .min(1)
    .max(2)
    .default(['ORG_ADMIN', 'EDITOR'])
    .describe('The roles that act, on actorOrgId’s subtree'),
});

const callFields = {
  title: text(120),
  docNo: z
    .string()
    .trim()
    .max(60)
    .nullable()
    .default(null)
    .describe('文号, e.g. 自然资办函〔2023〕816号'),
  description: z
    .string()
    .max(20_000)
    .default('')
    .describe('The call’s text and guide (rich text, HTML; sanitized), shown on the portal'),
  eligibility: z
    .string()
    .trim()
    .max(2000)
    .default('')
    .describe('Who may apply (plain text, shown on the portal)'),
  templateIds: z
    .array(z.uuid())
    .max(20)
    .default([])
    .describe('Files to download (application templates), in order; public once the call is'),
  opensAt: z.iso.date(),
  closesAt: z.iso.date(),
  form: FormDefinitionInputSchema,
  rubric: z.array(CriterionInputSchema).max(30).default([]),
  stages: z
    .array(StageSchema)
    .min(1)
    .max(5)
    .describe('In order: RECOMMENDATION, FORMAL_CHECK, EXPERT_REVIEW, DECISION, PUBLIC_NOTICE'),
  blind: z.boolean().default(false).describe('Reviewers do not see who applied'),
  reviewersPerItem: z.number().int().min(1).max(15).default(3),
  aggregation: z.enum(['MEAN', 'TRIMMED_MEAN']).default('MEAN'),
  normalize: z.boolean().default(false).describe('Per-reviewer z-score normalisation'),
};

export const GradeSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z_]{1,29}$/),
  label: text(20),
  min: z.number().min(0).max(100).describe('Lowest aggregate score for this grade'),
});
export const CallSettingsSchema = z
  .object({
    grades: z.array(GradeSchema).max(10).optional().describe('Evaluation grades, best first'),
    rectifyMonths: z.number().int().min(1).max(36).optional().describe('Term of a rectification'),
    noticeWorkingDays: z
      .number()
      .int()
      .min(1)
      .max(30)
      .optional()
      .describe('Length of a public notice (公示) in working days when none is given (default 5)'),
    schemeId: z
      .uuid()
      .optional()
      .describe('The appointment scheme a nomination call appoints under (CHIEF_COMMUNICATOR)'),
    batch: z.string().trim().max(40).optional().describe('The batch (批次) its appointees form'),
  })
  .describe('Settings of the reviewed subject');

export const CreateCallSchema = z.object({
  ...callFields,
  settings: CallSettingsSchema.default({}),
  subjectKind: z
    .string()
    .regex(/^[A-Z][A-Z_]{1,39}$/)
    .describe('What is reviewed, e.g. BASE'),
  organisationId: z.uuid().describe('The organiser'),
});
/** An edit: only what is sent changes (no defaults here, unlike creation). */
export const UpdateCallSchema = z
  .object({
    title: callFields.title,
    docNo: z.string().trim().max(60).nullable(),
    description: z.string().max(20_000),
    eligibility: z.string().trim().max(2000),
    templateIds: z.array(z.uuid()).max(20),
    opensAt: callFields.opensAt,
    closesAt: callFields.closesAt,
    form: FormDefinitionInputSchema,
    rubric: z.array(CriterionInputSchema).max(30),
    stages: callFields.stages,
    blind: z.boolean(),
    reviewersPerItem: z.number().int().min(1).max(15),
    aggregation: z.enum(['MEAN', 'TRIMMED_MEAN']),
    normalize: z.boolean(),
    settings: CallSettingsSchema,
  })
  .partial();

export const CallSchema = z
  .object({
    id: z.string(),
    subjectKind: z.string(),
    title: z.string(),
    docNo: z.string().nullable(),
    description: z.string(),
    eligibility: z.string(),
    templates: z.array(MediaSchema).describe('Files to download'),
    organisationId: z.string(),
    organisationName: z.string(),
    status: z.enum(['DRAFT', 'OPEN', 'CLOSED']),
    opensAt: z.string(),
    closesAt: z.string(),
    form: FormDefinitionSchema,
    rubric: z.array(CriterionSchema),
    stages: z.array(
      StageSchema.extend({ actorOrgName: z.string().nullable().describe('actorOrgId’s name') }),
    ),
    blind: z.boolean(),
    reviewersPerItem: z.number().int(),
    aggregation: z.enum(['MEAN', 'TRIMMED_MEAN']),
    normalize: z.boolean(),
    round: z.number().int(),
    settings: CallSettingsSchema,
    counts: z.record(z.string(), z.number().int()).describe('Applications by status'),
    createdAt: z.string(),
    updatedAt: z.string(),
    abilities: z.object({ manage: z.boolean() }),
  })
  .describe('ReviewCall');

/** A declared review subject (what calls review), as the web reads it. */
export const ReviewSubjectSchema = z
  .object({
    kind: z.string().describe('What is reviewed, e.g. BASE (a call’s subjectKind)'),
    label: z.string().describe('The subject’s name in the request’s language'),
    applicants: z
      .enum(['ORGANISATION', 'PERSON'])
      .describe(
        'Who applies: PERSON applications are nominations by a unit naming the person (subjectId)',
      ),
    aboutExisting: z
      .boolean()
      .describe(
        'Each application names an existing thing of the applicant (subjectId), e.g. a base',
      ),
    stages: z
      .array(
        z.object({
          kind: z.enum(STAGE_KINDS),
          actor: z
            .enum(['APPLICANT_RECOMMENDER', 'ORGANISER', 'ASSIGNED_REVIEWERS'])
            .describe('Who acts by default (a call may name its own acting unit)'),
        }),
      )
      .describe('The stages a call of this kind may have'),
    template: z
      .object({
        form: FormDefinitionSchema,
        rubric: z.array(CriterionSchema),
        stages: z.array(z.enum(STAGE_KINDS)),
        settings: CallSettingsSchema,
      })
      .describe('What a new call of this kind starts from'),
    grades: z.array(GradeSchema).describe('Default grades of the aggregate (empty: not graded)'),
  })
  .describe('ReviewSubject');

export const ListCallsQuerySchema = PageQuerySchema.extend({
  status: z.enum(['DRAFT', 'OPEN', 'CLOSED']).optional(),
  subjectKind: z.string().max(40).optional(),
  q: z.string().trim().max(50).optional().describe('Title or document number contains'),
});
export const CallPageSchema = pageOf(
  CallSchema.pick({
    id: true,
    subjectKind: true,
    title: true,
    docNo: true,
    organisationName: true,
    status: true,
    opensAt: true,
    closesAt: true,
    counts: true,
  }),
);

// Keyed by the form's field and attachment keys (at most 60 and 20, 40 characters each).
const dataRecord = boundedRecord(z.unknown(), 60);
const attachmentIds = boundedRecord(z.array(z.uuid()).max(20), 20);

export const CreateItemSchema = z.object({
  organisationId: z.uuid().describe('The applicant organisation'),
  subjectId: z
    .uuid()
    .optional()
    .describe('What the application is about, for calls on something existing (a base)'),
  title: text(120).describe('What is applied for, e.g. the base name'),
  data: dataRecord.default({}),
  attachments: attachmentIds.default({}),
  sectors: z
    .array(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/))
    .max(10)
    .default([]),
  topics: z
    .array(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/))
    .max(10)
    .default([]),
});
export const UpdateItemSchema = z
  .object({
    title: text(120),
    data: dataRecord,
    attachments: attachmentIds,
    sectors: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/)).max(10),
    topics: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/)).max(10),
  })
  .partial();

export const OpinionSchema = z.object({
  opinion: z.string().trim().max(2000).default(''),
});
export const RecommendSchema = OpinionSchema.extend({ recommend: z.boolean() });
export const FormalCheckSchema = OpinionSchema.extend({ passed: z.boolean() });
export const DecideSchema = z.object({
  decision: z.enum(['ACCEPT', 'REJECT']),
  reason: z.string().trim().min(1).max(2000),
});

export const EventSchema = z.object({
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorName: z.string().nullable(),
  organisationName: z.string().nullable(),
  opinion: z.string(),
  at: z.string(),
});

export const ItemSchema = z
  .object({
    id: z.string(),
    callId: z.string(),
    callTitle: z.string(),
    subjectKind: z.string(),
    applicantOrgId: z.string().nullable().describe('Null for a reviewer of a blind call'),
    applicantName: z.string().nullable(),
    submitterName: z.string().nullable(),
    title: z.string(),
    data: dataRecord,
    answerNames: z
      .record(z.string(), z.string())
      .describe(
        'The name behind each division code, unit and person id in data (shown, not the id)',
      ),
    attachments: z.record(z.string(), z.array(MediaSchema)),
    sectors: z.array(z.string()),
    topics: z.array(z.string()),
    status: ItemStatusSchema,
    aggregate: z.number().nullable(),
    rank: z.number().int().nullable(),
    noticeId: z.string().nullable(),
    subjectId: z.string().nullable(),
    grade: z
      .string()
      .nullable()
      .describe('Evaluation grade from the aggregate (calls with grades)'),
    submittedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    events: z.array(EventSchema),
    abilities: z.object({
      edit: z.boolean(),
      recommend: z.boolean(),
      formalCheck: z.boolean(),
      manage: z.boolean(),
      decide: z.boolean(),
    }),
  })
  .describe('ReviewItem');

export const ItemListItemSchema = z.object({
  id: z.string(),
  callId: z.string(),
  title: z.string(),
  applicantName: z.string(),
  status: ItemStatusSchema,
  aggregate: z.number().nullable(),
  rank: z.number().int().nullable(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export const ListItemsQuerySchema = PageQuerySchema.extend({
  callId: z.uuid().optional(),
  status: ItemStatusSchema.optional(),
  q: z.string().trim().max(50).optional(),
});
export const ItemPageSchema = pageOf(ItemListItemSchema);
export const MyItemsQuerySchema = PageQuerySchema.extend({
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
export const MyItemPageSchema = pageOf(
  z.object({
    id: z.string(),
    callId: z.string(),
    callTitle: z.string(),
    title: z.string(),
    status: ItemStatusSchema,
    submittedAt: z.string().nullable(),
    updatedAt: z.string(),
  }),
);

export const AssignmentSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  reviewerId: z.string(),
  reviewerName: z.string(),
  round: z.number().int(),
  status: z.enum(['ASSIGNED', 'SUBMITTED', 'RECUSED']),
  method: z.enum(['MANUAL', 'AUTO']),
  scores: z.record(z.string(), z.number()).nullable(),
  comments: z.record(z.string(), z.string()).nullable(),
  total: z.number().nullable(),
  submittedAt: z.string().nullable(),
  recusalReason: z.string().nullable(),
});
export const ExclusionSchema = z.object({
  reviewerId: z.string(),
  reviewerName: z.string(),
  reason: z.enum([
    'SAME_ORG',
    'ANCESTOR_ORG',
    'DESCENDANT_ORG',
    'DECLARED_TIE',
    'CO_AUTHOR',
    'RECUSED',
    'NOMINEE',
  ]),
  detail: z.string(),
});
export const ItemReviewSchema = z.object({
  assignments: z.array(AssignmentSchema),
  exclusions: z.array(ExclusionSchema),
});

export const AssignSchema = z.object({ reviewerId: z.uuid() });
export const AutoAssignResultSchema = z.object({
  assigned: z.number().int(),
  items: z.number().int(),
  short: z.array(z.object({ itemId: z.string(), missing: z.number().int() })),
  ms: z.number().int(),
});

export const MyAssignmentSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  itemTitle: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  round: z.number().int(),
  status: z.enum(['ASSIGNED', 'SUBMITTED', 'RECUSED']),
  total: z.number().nullable(),
  deadline: z.string().nullable(),
});

export const ScoreSchema = z.object({
  // Keyed by the rubric's criteria (at most 30).
  scores: boundedRecord(z.number(), 30),
  comments: boundedRecord(z.string().trim().max(2000), 30).default({}),
});
export const RecuseSchema = z.object({ reason: z.string().trim().min(1).max(500) });

export const RankingSchema = z.object({
  round: z.number().int(),
  aggregation: z.enum(['MEAN', 'TRIMMED_MEAN']),
  normalize: z.boolean(),
  items: z.array(
    z.object({
      itemId: z.string(),
      title: z.string(),
      applicantName: z.string(),
      status: ItemStatusSchema,
      reviews: z.number().int(),
      aggregate: z.number().nullable(),
      rank: z.number().int().nullable(),
    }),
  ),
  missing: z
    .array(
      z.object({
        reviewerId: z.string(),
        reviewerName: z.string(),
        items: z.array(z.string()).describe('Titles of the items still to score this round'),
      }),
    )
    .describe('Reviewers who have not scored yet in this round (closing it now leaves them out)'),
});

export const CreateNoticeSchema = z.object({
  title: text(120),
  startsAt: z.iso.date(),
  endsAt: z.iso
    .date()
    .optional()
    .describe('The last day; without it, `workingDays` working days from startsAt'),
  workingDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .optional()
    .describe('Length in working days when endsAt is not given (default: the call’s, else 5)'),
  itemIds: z.array(z.uuid()).min(1).max(1000),
});
const NoticeItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  applicantName: z.string(),
  outcome: z
    .enum(['ON_NOTICE', 'CONFIRMED', 'WITHDRAWN'])
    .describe('Still on notice; confirmed (no objection upheld); taken off after an objection'),
});
export const NoticeSchema = z
  .object({
    id: z.string(),
    callId: z.string(),
    callTitle: z.string(),
    docNo: z.string().nullable(),
    title: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(['OPEN', 'CLOSED']),
    items: z.array(NoticeItemSchema),
  })
  .describe('PublicNotice');
export const PastNoticeSchema = z
  .object({
    id: z.string(),
    callTitle: z.string(),
    docNo: z.string().nullable(),
    title: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(['OPEN', 'CLOSED']).describe('OPEN: over, objections still being handled'),
    outcome: z.object({
      items: z.number().int(),
      confirmed: z.number().int(),
      withdrawn: z.number().int().describe('Taken off after an upheld objection'),
      onNotice: z.number().int().describe('Awaiting the handling of objections'),
    }),
  })
  .describe('PastNotice');
export const PastNoticesQuerySchema = PageQuerySchema.extend({
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export const PastNoticePageSchema = pageOf(PastNoticeSchema);
export const ObjectionCreateSchema = z.object({
  itemId: z.uuid(),
  name: text(60),
  contact: text(120).describe('Phone or email, so the office can reply'),
  text: z.string().trim().min(10).max(5000),
});
export const ObjectionSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  itemTitle: z.string(),
  name: z.string(),
  contact: z.string(),
  text: z.string(),
  status: z.enum(['RECEIVED', 'HANDLED']),
  handling: z.string().nullable(),
  outcome: z.enum(['UPHELD', 'DISMISSED']).nullable(),
  handledAt: z.string().nullable(),
  createdAt: z.string(),
});
export const HandleObjectionSchema = z.object({
  handling: z.string().trim().min(1).max(2000),
  outcome: z.enum(['UPHELD', 'DISMISSED']),
});
export const NoticeIdParams = z.object({ id: z.uuid() });

/** Where a published call stands today (China time): before, within or after its period. */
export const PUBLIC_PHASES = ['OPEN', 'UPCOMING', 'CLOSED'] as const;
export const PublicCallsQuerySchema = PageQuerySchema.extend({
  pageSize: z.coerce.number().int().min(1).max(50).default(12),
  phase: z
    .enum(PUBLIC_PHASES)
    .optional()
    .describe('OPEN: taking applications today; UPCOMING: not yet; CLOSED: ended'),
});
export const PublicCallSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    docNo: z.string().nullable().describe('文号'),
    subjectKind: z.string(),
    subjectLabel: z.string().describe('What is applied for, in the request’s language'),
    organisationName: z.string().describe('The organiser'),
    opensAt: z.string(),
    closesAt: z.string(),
    phase: z.enum(PUBLIC_PHASES),
    eligibility: z.string().describe('Who may apply (plain text)'),
  })
  .describe('PublicCallSummary');
export const PublicCallPageSchema = pageOf(PublicCallSummarySchema);
export const PublicCallSchema = PublicCallSummarySchema.extend({
  body: z.string().describe('The call’s text and guide: sanitized rich text (HTML)'),
  templates: z
    .array(MediaSchema)
    .describe('Templates to download; `url` is public while the call is published'),
  notices: z
    .array(
      z.object({ id: z.string(), title: z.string(), startsAt: z.string(), endsAt: z.string() }),
    )
    .describe('The call’s 公示 notices that have begun'),
  applicants: z
    .enum(['ORGANISATION', 'PERSON'])
    .describe('Who applies: a unit (through its members) or a person'),
}).describe('PublicCall');
