import { z } from 'zod';
import { text } from '#platform/schemas.ts';

/** School grades a member may be in: 小学一年级 … 高三 (labels in the web dictionaries). */
export const GRADES = [
  'P1',
  'P2',
  'P3',
  'P4',
  'P5',
  'P6',
  'J1',
  'J2',
  'J3',
  'S1',
  'S2',
  'S3',
] as const;
export const SQUAD_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'DISSOLVED'] as const;

const day = z.iso.date().describe('YYYY-MM-DD');
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,20}$/, { error: '请填写有效的电话号码' })
  .describe('A phone number');

export const CreateSquadSchema = z.object({
  organisationId: z.uuid().describe('The school the squad belongs to'),
  name: text(60).describe('e.g. 长沙市实验小学李四光中队'),
  description: z.string().trim().max(1000).default(''),
  counsellorId: z
    .uuid()
    .optional()
    .describe('The counsellor (a staff member of the school); default: the applicant'),
  counsellorPhone: phone,
});
export const UpdateSquadSchema = z.object({
  name: text(60).optional().describe('Only while pending or rejected'),
  description: z.string().trim().max(1000).optional(),
  counsellorId: z.uuid().optional(),
  counsellorPhone: phone.optional(),
});
export const DecideSquadSchema = z.object({
  approve: z.boolean(),
  note: z
    .string()
    .trim()
    .max(500)
    .default('')
    .describe('Why (required to reject): the counsellor reads it'),
});
export const ListSquadsQuerySchema = z.object({
  status: z.enum(SQUAD_STATUSES).optional(),
  toDecide: z.coerce.boolean().optional().describe('Only squads waiting for my decision'),
});

export const SquadSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    provinceName: z.string().nullable().describe('The school’s province (division name)'),
    name: z.string(),
    description: z.string(),
    counsellorId: z.string(),
    counsellorName: z.string(),
    counsellorPhone: z.string().describe('Shown to the school and the approver only'),
    status: z.enum(SQUAD_STATUSES),
    approverName: z.string().describe('Who approves: the provincial department or the office'),
    decisionNote: z.string().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
    members: z.number().int().describe('Current members'),
    activitiesThisYear: z.number().int(),
    canManage: z.boolean().describe('The actor keeps the squad (counsellor or school staff)'),
    canSeeMembers: z.boolean().describe('The counsellor or the school’s administrators'),
    canDecide: z.boolean().describe('The actor approves it (pending only)'),
  })
  .describe('Squad');
export const SquadListSchema = z.object({ items: z.array(SquadSchema) });

export const CounsellorChoiceListSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const AddMemberSchema = z.object({
  name: text(40).describe('The child’s name'),
  grade: z.enum(GRADES),
  guardianName: text(40),
  guardianContact: phone.describe('The guardian’s phone (never the child’s)'),
  guardianConsent: z
    .literal(true, { error: '需要监护人同意后才能登记未成年人信息' })
    .describe('The guardian agreed to the squad keeping name and grade'),
  joinedOn: day.optional().describe('Default: today (Beijing)'),
});
export const SquadMemberSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    grade: z.enum(GRADES),
    guardianName: z.string(),
    guardianContact: z.string().nullable().describe('Erased when the member leaves'),
    guardianConsentAt: z.string(),
    joinedOn: z.string(),
    leftOn: z.string().nullable(),
  })
  .describe('SquadMember');
export const SquadMemberListSchema = z.object({ items: z.array(SquadMemberSchema) });

export const AddSquadActivitySchema = z
  .object({
    activityId: z.uuid().nullable().default(null).describe('A published Kepu activity, or null'),
    title: z.string().trim().max(120).default('').describe('Required when activityId is null'),
    heldOn: day,
    participants: z.number().int().min(1).max(500),
    note: z.string().trim().max(500).default(''),
  })
  .describe('An activity the squad attended');
export const SquadActivitySchema = z.object({
  id: z.string(),
  activityId: z.string().nullable(),
  title: z.string(),
  heldOn: z.string(),
  participants: z.number().int(),
  note: z.string(),
});
export const SquadActivityListSchema = z.object({ items: z.array(SquadActivitySchema) });

export const YearParamsSchema = z.object({
  id: z.uuid(),
  year: z.coerce.number().int().min(1).max(9999),
});
export const SquadYearSchema = z.object({
  year: z.number().int(),
  membersAtEnd: z.number().int().describe('Members at the end of the year (or today)'),
  joined: z.number().int(),
  left: z.number().int(),
  activities: z.number().int(),
  participantTimes: z.number().int().describe('Sum of participants over the activities'),
  byGrade: z.array(z.object({ grade: z.enum(GRADES), members: z.number().int() })),
  summary: z.string(),
  summaryUpdatedAt: z.string().nullable(),
});
export const SaveYearSchema = z.object({ summary: z.string().trim().max(5000) });

export const PublicSquadSchema = z.object({
  id: z.string(),
  name: z.string(),
  schoolName: z.string(),
  provinceName: z.string().nullable(),
  since: z.string().describe('Approval date'),
  members: z.number().int(),
  activitiesThisYear: z.number().int(),
});
export const PublicSquadListSchema = z.object({
  items: z.array(PublicSquadSchema),
  total: z.number().int(),
});
