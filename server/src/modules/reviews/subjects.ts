/**
 * What a call reviews — a review subject — is declared once, by the module of that kind (like
 * search types and policies): its labels, who applies, the form an application starts from, the
 * rubric and grades, the stages it may have and who acts at each, and the hooks that take a
 * decided item up. The engine and the web (GET /api/review-subjects) read it from here.
 */
import type { RequestContext } from '#platform/audit.ts';
import type { Executor, Tx } from '#platform/db/connect.ts';
import type { ReviewCallTable, ReviewItemTable } from '#platform/db/schema.ts';
import { ruleError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import type { FormDefinition } from './form.ts';
import { STAGE_ZH, type StageKind } from './schema.ts';
import type { Criterion } from './scoring.ts';

/** An evaluation grade: the first (best first) whose minimum an aggregate reaches. */
export interface Grade {
  code: string;
  label: string;
  min: number;
}

/**
 * Who acts at a stage by default (a call may still name its own acting unit for a stage):
 * the unit above the applicant in the trees (its provincial department or 部属单位, else the
 * organiser), the organiser's staff, or the reviewers assigned to the item.
 */
export type StageActor = 'APPLICANT_RECOMMENDER' | 'ORGANISER' | 'ASSIGNED_REVIEWERS';

/** The stage powers of an organisation's application: every stage, acted at as the engine always did. */
export const ORGANISATION_STAGES: Record<StageKind, StageActor> = {
  RECOMMENDATION: 'APPLICANT_RECOMMENDER',
  FORMAL_CHECK: 'ORGANISER',
  EXPERT_REVIEW: 'ASSIGNED_REVIEWERS',
  DECISION: 'ORGANISER',
  PUBLIC_NOTICE: 'ORGANISER',
};

export interface ReviewSubject {
  kind: string;
  label: Record<Locale, string>;
  /**
   * Who applies: organisations (a unit applies through its staff) or people (appointments and
   * contests have individual entrants). A person's application is a nomination: the nominating
   * unit's staff submit it (the unit is the item's applicant, and recommends, as for any unit's
   * application) and it names the person (`subjectId`, checked by `subject`); the person is in
   * conflict with reviewing it, and so are their co-authors.
   */
  applicants: 'ORGANISATION' | 'PERSON';
  /** The stages a call of this kind may have, and who acts at each by default. */
  stages: Partial<Record<StageKind, StageActor>>;
  /** What a new call of this kind starts from; the organiser may edit its copy. */
  template: {
    form: FormDefinition;
    rubric: Criterion[];
    /** The stages a new call starts with (among `stages`). */
    stages: StageKind[];
    /** Months a base stays under rectification after a failed evaluation (subjects that use it). */
    rectifyMonths?: number;
  };
  /** Grades of the aggregate score when the call sets none (none: the kind is not graded). */
  grades?: Grade[];
  /**
   * For calls about something that exists (a base's report or evaluation) or about a person (a
   * nomination): each application names it (`subjectId`); check that the applicant may apply
   * for it (the call and the answers at hand) and give its title.
   */
  subject?: (
    tx: Executor,
    subjectId: string,
    applicantOrgId: string,
    about: { call: ReviewCallTable; data: Record<string, unknown> },
  ) => Promise<{ title: string; sectors: string[] }>;
  /** Checks a call's settings for this kind (a nomination call names its scheme). */
  checkSettings?: (tx: Executor, settings: Record<string, unknown>) => Promise<void>;
  /** An item accepted and through 公示 (or accepted, without a notice stage). */
  onConfirmed?: (
    tx: Tx,
    ctx: RequestContext,
    call: ReviewCallTable,
    itemId: string,
  ) => Promise<void>;
  /** A decision was made (accepted or not), with its reason. */
  onDecided?: (
    tx: Tx,
    ctx: RequestContext,
    call: ReviewCallTable,
    item: ReviewItemTable,
    accepted: boolean,
    reason: string,
  ) => Promise<void>;
}

const SUBJECTS = new Map<string, ReviewSubject>();

/** Declares a subject; its template must keep to its own stages (a mistake fails at start-up). */
export function defineReviewSubject(s: ReviewSubject): void {
  if (SUBJECTS.has(s.kind)) throw new Error(`review subject ${s.kind} defined twice`);
  const stray = s.template.stages.filter((k) => !s.stages[k]);
  if (stray.length)
    throw new Error(`review subject ${s.kind}: template stages ${stray} undeclared`);
  if (s.applicants === 'PERSON' && !s.subject)
    throw new Error(`review subject ${s.kind}: a person's application names the person (subject)`);
  for (const [stage, actor] of Object.entries(s.stages))
    if ((stage === 'EXPERT_REVIEW') !== (actor === 'ASSIGNED_REVIEWERS'))
      throw new Error(`review subject ${s.kind}: only the assigned reviewers act at EXPERT_REVIEW`);
  SUBJECTS.set(s.kind, s);
}

export const reviewSubject = (kind: string) => SUBJECTS.get(kind);
export const reviewSubjectKinds = () => [...SUBJECTS.keys()];

/** Refuses stages the subject does not have. */
export function assertSupported(s: ReviewSubject, stages: readonly StageKind[] = []) {
  const stray = stages.filter((k) => !s.stages[k]);
  if (stray.length)
    throw ruleError(
      'RULE_BROKEN',
      `“${s.label['zh-CN']}”没有“${stray.map((k) => STAGE_ZH[k]).join('”“')}”环节`,
      `${s.label['en-US']} has no ${stray.map((k) => k.toLowerCase().replace('_', ' ')).join(', ')} stage`,
    );
}

/** Who acts at a stage of a call of this kind by default. */
export const stageActorOf = (kind: string, stage: StageKind): StageActor =>
  SUBJECTS.get(kind)?.stages[stage] ?? ORGANISATION_STAGES[stage];

/**
 * The grades that apply to a call: its own (settings.grades), else its subject's. Grading is
 * decided here only: the item's grade and a base's evaluation event both read it.
 */
export function gradesOf(call: { subjectKind: string; settings: string }): Grade[] {
  const own = (JSON.parse(call.settings) as { grades?: Grade[] }).grades;
  return own?.length ? own : (SUBJECTS.get(call.subjectKind)?.grades ?? []);
}

/** The grade of an aggregate (best first: the first whose minimum it reaches), or null. */
export function gradeOf(call: { subjectKind: string; settings: string }, aggregate: number | null) {
  if (aggregate === null) return null;
  return [...gradesOf(call)].sort((a, b) => b.min - a.min).find((g) => aggregate >= g.min) ?? null;
}

/** The declared subjects as the web reads them, labelled in the request's language. */
export function presentReviewSubjects(locale: Locale) {
  return [...SUBJECTS.values()].map((s) => ({
    kind: s.kind,
    label: s.label[locale],
    applicants: s.applicants,
    aboutExisting: !!s.subject,
    stages: (Object.entries(s.stages) as [StageKind, StageActor][]).map(([kind, actor]) => ({
      kind,
      actor,
    })),
    template: {
      form: s.template.form,
      rubric: s.template.rubric,
      stages: s.template.stages,
      settings: {
        ...(s.grades ? { grades: s.grades } : {}),
        ...(s.template.rectifyMonths ? { rectifyMonths: s.template.rectifyMonths } : {}),
      },
    },
    grades: s.grades ?? [],
  }));
}

/** The rubric a general review starts from (the base-naming criteria, as the web offered). */
const GENERAL_RUBRIC: Criterion[] = [
  { key: 'content', label: '科普内容与特色', weight: 30, min: 0, max: 100, commentRequired: false },
  {
    key: 'facility',
    label: '场地设施与展陈',
    weight: 25,
    min: 0,
    max: 100,
    commentRequired: false,
  },
  { key: 'team', label: '科普队伍与制度', weight: 20, min: 0, max: 100, commentRequired: false },
  { key: 'activity', label: '科普活动与成效', weight: 25, min: 0, max: 100, commentRequired: true },
];

/** A call that stands alone (a selection, an appointment) until its module brings a kind. */
defineReviewSubject({
  kind: 'GENERAL',
  label: { 'zh-CN': '通用评审', 'en-US': 'General review' },
  applicants: 'ORGANISATION',
  stages: ORGANISATION_STAGES,
  template: {
    form: { fields: [], attachments: [] },
    rubric: GENERAL_RUBRIC,
    stages: ['EXPERT_REVIEW', 'DECISION'],
  },
});
