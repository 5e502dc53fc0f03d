import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { LIMITS, reserveAttempt } from '#platform/auth/throttle.ts';
import type { Db, Executor, Tx } from '#platform/db/connect.ts';
import type { ReviewItemStatus } from '#platform/db/schema.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { newId, nowIso, todayInChina } from '#platform/ids.ts';
import { type Actor, authorize, can, scopeOf } from '#platform/policy.ts';
import { sanitizeRichText } from '#platform/richtext.ts';
import { defineMediaUseReaders, type MediaUseGrant } from '../media/access.ts';
import type { Media } from '../media/schema.ts';
import { describeMedia, linkMedia, publishLinks } from '../media/service.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { assertReferenceCodes } from '../reference/service.ts';
import { autoAssign } from './assign.ts';
import { type CoAuthorship, conflictsOf } from './conflicts.ts';
import { checkFormData, type FormDefinition } from './form.ts';
import type { StageResource } from './policy.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type {
  CallSettingsSchema,
  CreateCallSchema,
  CreateItemSchema,
  CreateNoticeSchema,
  DecideSchema,
  ExpertProfileSchema,
  FormalCheckSchema,
  HandleObjectionSchema,
  ObjectionCreateSchema,
  RecommendSchema,
  ScoreSchema,
  StageKind,
  UpdateCallSchema,
  UpdateItemSchema,
} from './schema.ts';
import { type Criterion, rank, weightedTotal } from './scoring.ts';
import { reviewSubject } from './subjects.ts';

type Status = ReviewItemStatus;
interface Stage {
  kind: StageKind;
  deadline: string | null;
  actorOrgId?: string | null;
  actorRoles?: ('ORG_ADMIN' | 'EDITOR')[];
}

const ORDER: StageKind[] = [
  'RECOMMENDATION',
  'FORMAL_CHECK',
  'EXPERT_REVIEW',
  'DECISION',
  'PUBLIC_NOTICE',
];
/** The status an item has once it passed each stage. */
const PASSED: Record<StageKind, Status> = {
  RECOMMENDATION: 'RECOMMENDED',
  FORMAL_CHECK: 'FORMAL_PASSED',
  EXPERT_REVIEW: 'REVIEWED',
  DECISION: 'ACCEPTED',
  PUBLIC_NOTICE: 'CONFIRMED',
};

const STATUS_ZH: Record<Status, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交',
  RECOMMENDED: '已推荐',
  NOT_RECOMMENDED: '未推荐',
  FORMAL_PASSED: '形式审查通过',
  FORMAL_REJECTED: '形式审查未通过',
  UNDER_REVIEW: '专家评审中',
  REVIEWED: '评审完成',
  ACCEPTED: '拟入选',
  REJECTED: '未入选',
  PUBLICIZED: '公示中',
  CONFIRMED: '公示无异议',
};
const STATUS_EN: Record<Status, string> = {
  DRAFT: 'a draft',
  SUBMITTED: 'submitted',
  RECOMMENDED: 'recommended',
  NOT_RECOMMENDED: 'not recommended',
  FORMAL_PASSED: 'through the formal check',
  FORMAL_REJECTED: 'rejected at the formal check',
  UNDER_REVIEW: 'under expert review',
  REVIEWED: 'reviewed',
  ACCEPTED: 'accepted',
  REJECTED: 'rejected',
  PUBLICIZED: 'under public notice',
  CONFIRMED: 'confirmed',
};
const STAGE_ZH: Record<StageKind, string> = {
  RECOMMENDATION: '推荐',
  FORMAL_CHECK: '形式审查',
  EXPERT_REVIEW: '专家评审',
  DECISION: '决定',
  PUBLIC_NOTICE: '公示',
};

/** 409 naming what the step needs and where the item stands. */
function wrongState(status: Status, zh: string, en: string): AppError {
  return ruleError(
    'STATE_CONFLICT',
    `${zh}（当前状态：${STATUS_ZH[status]}）`,
    `${en} (the application is ${STATUS_EN[status]})`,
  );
}

/** The grade of an aggregate under the call's grades (best first: the first whose minimum it reaches). */
export function gradeOf(c: repo.CallRow, aggregate: number | null) {
  const grades = (JSON.parse(c.settings) as z.infer<typeof CallSettingsSchema>).grades;
  if (!grades?.length || aggregate === null) return null;
  return [...grades].sort((a, b) => b.min - a.min).find((g) => aggregate >= g.min) ?? null;
}

const stagesOf = (c: repo.CallRow) => JSON.parse(c.stages) as Stage[];
const rubricOf = (c: repo.CallRow) => JSON.parse(c.rubric) as Criterion[];
const formOf = (c: repo.CallRow) => JSON.parse(c.form) as FormDefinition;
const hasStage = (c: repo.CallRow, k: StageKind) => stagesOf(c).some((s) => s.kind === k);

/** The status an item must have for a stage to act on it: passed the stage before, or submitted. */
function readyFor(c: repo.CallRow, stage: StageKind): Status {
  const before = stagesOf(c)
    .map((s) => s.kind)
    .filter((k) => ORDER.indexOf(k) < ORDER.indexOf(stage));
  const last = before[before.length - 1];
  return last ? PASSED[last] : 'SUBMITTED';
}

function requireStage(c: repo.CallRow, stage: StageKind): Stage {
  const s = stagesOf(c).find((x) => x.kind === stage);
  if (!s)
    throw ruleError(
      'STATE_CONFLICT',
      `本次征集没有“${STAGE_ZH[stage]}”环节`,
      `This call has no ${stage.toLowerCase()} stage`,
    );
  if (s.deadline && todayInChina() > s.deadline)
    throw ruleError(
      'STATE_CONFLICT',
      `“${STAGE_ZH[stage]}”环节已于 ${s.deadline} 截止`,
      `The ${stage.toLowerCase()} stage closed on ${s.deadline}`,
    );
  return s;
}

function validateStages(stages: Stage[], rubric: Criterion[]) {
  const kinds = stages.map((s) => s.kind);
  const sorted = [...kinds].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const problems: { field: string; zh: string; en: string }[] = [];
  if (new Set(kinds).size !== kinds.length || kinds.join() !== sorted.join())
    problems.push({
      field: 'stages',
      zh: '环节不能重复，且须按推荐、形式审查、专家评审、决定、公示的顺序',
      en: 'stages must be unique and in order',
    });
  if (stages.some((x) => x.kind === 'EXPERT_REVIEW' && x.actorOrgId))
    problems.push({
      field: 'stages',
      zh: '专家评审由分配的专家办理，不设办理单位',
      en: 'the expert review is done by the assigned reviewers; it takes no acting organisation',
    });
  if (!kinds.includes('DECISION'))
    problems.push({ field: 'stages', zh: '须包含“决定”环节', en: 'a DECISION stage is required' });
  if (kinds.includes('EXPERT_REVIEW') && rubric.length === 0)
    problems.push({
      field: 'rubric',
      zh: '有专家评审环节时须设置评分标准',
      en: 'an expert review needs a rubric',
    });
  if (new Set(rubric.map((c) => c.key)).size !== rubric.length)
    problems.push({
      field: 'rubric',
      zh: '评分项的键不能重复',
      en: 'criterion keys must be unique',
    });
  if (problems.length) throw fieldErrors(problems);
}

async function event(
  tx: Tx,
  ctx: RequestContext,
  item: { id: string; status: Status; callId: string; applicantOrgId: string; title: string },
  action: string,
  to: Status,
  opinion: string,
  organisationId: string | null,
) {
  const at = nowIso();
  await repo.insertEvent(tx, {
    id: newId(),
    itemId: item.id,
    action,
    fromStatus: item.status,
    toStatus: to,
    actorId: ctx.actorId,
    organisationId,
    opinion,
    at,
  });
  await recordAudit(tx, ctx, {
    action: `review.${action}`,
    entityType: 'reviewItem',
    entityId: item.id,
    organisationId: item.applicantOrgId,
    detail: {
      name: item.title,
      from: item.status,
      to,
      callId: item.callId,
      opinion: opinion || undefined,
    },
  });
}

// ——— Calls ———

async function presentCall(db: Executor, actor: Actor | null, c: repo.CallWithOrg) {
  const counts = (await repo.countByStatus(db, [c.id])).get(c.id) ?? {};
  const actorIds = stagesOf(c).flatMap((x) => (x.actorOrgId ? [x.actorOrgId] : []));
  const names = new Map((await repo.organisationsByIds(db, actorIds)).map((o) => [o.id, o.name]));
  return {
    id: c.id,
    subjectKind: c.subjectKind,
    title: c.title,
    docNo: c.docNo,
    description: c.description,
    organisationId: c.organisationId,
    organisationName: c.organisationName,
    status: c.status,
    opensAt: c.opensAt,
    closesAt: c.closesAt,
    form: formOf(c),
    rubric: rubricOf(c),
    stages: stagesOf(c).map((x) => ({
      ...x,
      deadline: x.deadline ?? null,
      actorOrgId: x.actorOrgId ?? null,
      actorRoles: x.actorRoles ?? ['ORG_ADMIN' as const, 'EDITOR' as const],
      actorOrgName: x.actorOrgId ? (names.get(x.actorOrgId) ?? null) : null,
    })),
    blind: c.blind === 1,
    reviewersPerItem: c.reviewersPerItem,
    aggregation: c.aggregation,
    normalize: c.normalize === 1,
    round: c.round,
    settings: JSON.parse(c.settings) as z.infer<typeof CallSettingsSchema>,
    counts,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    abilities: { manage: can(actor, 'review.manage', { orgPath: c.orgPath }) },
  };
}

async function loadCall(db: Executor, id: string) {
  const c = await repo.findCall(db, id);
  if (!c) throw new AppError('NOT_FOUND');
  return c;
}

/** A call its organiser's staff act on (the action the call's routes declare: review.manage). */
async function loadManagedCall(db: Executor, actor: Actor | null, id: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const c = await loadCall(db, id);
  authorize(actor, 'review.manage', { orgPath: c.orgPath });
  return c;
}

async function loadVisibleCall(db: Executor, actor: Actor | null, id: string) {
  const me = authorize(actor, 'review.list');
  const c = await loadCall(db, id);
  if (c.status === 'DRAFT' && !can(me, 'review.manage', { orgPath: c.orgPath }))
    throw new AppError('NOT_FOUND');
  return c;
}

export async function createCall(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateCallSchema>,
) {
  const org = await requireOrganisationRef(db, input.organisationId);
  const me = authorize(actor, 'review.manage', { orgPath: org.path });
  if (!reviewSubject(input.subjectKind))
    throw fieldErrors([
      { field: 'subjectKind', zh: '不支持的评审对象', en: 'unknown subject kind' },
    ]);
  validateStages(input.stages, input.rubric);
  for (const st of input.stages) if (st.actorOrgId) await requireOrganisationRef(db, st.actorOrgId);
  if (input.closesAt < input.opensAt)
    throw fieldErrors([
      { field: 'closesAt', zh: '截止日期不能早于开始日期', en: 'must not be before opensAt' },
    ]);
  const id = newId();
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    await repo.insertCall(tx, {
      id,
      subjectKind: input.subjectKind,
      title: input.title,
      docNo: input.docNo,
      description: sanitizeRichText(input.description),
      organisationId: org.id,
      status: 'DRAFT',
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      form: JSON.stringify(input.form),
      rubric: JSON.stringify(input.rubric),
      stages: JSON.stringify(input.stages),
      blind: input.blind ? 1 : 0,
      reviewersPerItem: input.reviewersPerItem,
      aggregation: input.aggregation,
      normalize: input.normalize ? 1 : 0,
      round: 1,
      settings: JSON.stringify(input.settings),
      createdBy: me.userId,
      createdAt: at,
      updatedAt: at,
    });
    await recordAudit(tx, ctx, {
      action: 'review.call.create',
      entityType: 'reviewCall',
      entityId: id,
      organisationId: org.id,
      detail: { name: input.title, docNo: input.docNo, subjectKind: input.subjectKind },
    });
  });
  return getCall(db, actor, id);
}

export async function getCall(db: Db, actor: Actor | null, id: string) {
  return presentCall(db, actor, await loadVisibleCall(db, actor, id));
}

export async function updateCall(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateCallSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, id);
    if (c.status !== 'DRAFT')
      throw ruleError(
        'STATE_CONFLICT',
        '征集已发布，表单、评分标准和环节不能再改',
        'The call is open; its form, rubric and stages are fixed',
      );
    const stages = patch.stages ?? stagesOf(c);
    const rubric = patch.rubric ?? rubricOf(c);
    validateStages(stages, rubric);
    for (const st of stages) if (st.actorOrgId) await requireOrganisationRef(tx, st.actorOrgId);
    const next = {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.docNo !== undefined ? { docNo: patch.docNo } : {}),
      ...(patch.description !== undefined
        ? { description: sanitizeRichText(patch.description) }
        : {}),
      ...(patch.opensAt !== undefined ? { opensAt: patch.opensAt } : {}),
      ...(patch.closesAt !== undefined ? { closesAt: patch.closesAt } : {}),
      ...(patch.form !== undefined ? { form: JSON.stringify(patch.form) } : {}),
      ...(patch.rubric !== undefined ? { rubric: JSON.stringify(patch.rubric) } : {}),
      ...(patch.stages !== undefined ? { stages: JSON.stringify(patch.stages) } : {}),
      ...(patch.blind !== undefined ? { blind: patch.blind ? 1 : 0 } : {}),
      ...(patch.reviewersPerItem !== undefined ? { reviewersPerItem: patch.reviewersPerItem } : {}),
      ...(patch.aggregation !== undefined ? { aggregation: patch.aggregation } : {}),
      ...(patch.normalize !== undefined ? { normalize: patch.normalize ? 1 : 0 } : {}),
      ...(patch.settings !== undefined ? { settings: JSON.stringify(patch.settings) } : {}),
      updatedAt: nowIso(),
    };
    if ((next.closesAt ?? c.closesAt) < (next.opensAt ?? c.opensAt))
      throw fieldErrors([
        { field: 'closesAt', zh: '截止日期不能早于开始日期', en: 'must not be before opensAt' },
      ]);
    if (!(await repo.updateCall(tx, id, ['DRAFT'], next)))
      throw ruleError(
        'STATE_CONFLICT',
        '征集刚被他人修改，请刷新',
        'The call changed meanwhile; reload',
      );
    await recordAudit(tx, ctx, {
      action: 'review.call.update',
      entityType: 'reviewCall',
      entityId: id,
      organisationId: c.organisationId,
      detail: { name: next.title ?? c.title, fields: Object.keys(patch) },
    });
  });
  return getCall(db, actor, id);
}

export async function moveCall(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  to: 'OPEN' | 'CLOSED',
) {
  await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, id);
    const from = to === 'OPEN' ? 'DRAFT' : 'OPEN';
    if (c.status !== from)
      throw ruleError(
        'STATE_CONFLICT',
        to === 'OPEN' ? '只有草稿状态的征集可以发布' : '只有进行中的征集可以结束',
        to === 'OPEN' ? 'Only a draft call can be opened' : 'Only an open call can be closed',
      );
    if (!(await repo.updateCall(tx, id, [from], { status: to, updatedAt: nowIso() })))
      throw ruleError(
        'STATE_CONFLICT',
        '征集刚被他人修改，请刷新',
        'The call changed meanwhile; reload',
      );
    await recordAudit(tx, ctx, {
      action: to === 'OPEN' ? 'review.call.open' : 'review.call.close',
      entityType: 'reviewCall',
      entityId: id,
      organisationId: c.organisationId,
      detail: { name: c.title, docNo: c.docNo },
    });
  });
  return getCall(db, actor, id);
}

export async function listCalls(
  db: Db,
  actor: Actor | null,
  q: {
    status?: 'DRAFT' | 'OPEN' | 'CLOSED';
    subjectKind?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const me = authorize(actor, 'review.list');
  const scope = scopeOf(me, ['ORG_ADMIN', 'EDITOR']);
  const { rows, total } = await repo.listCalls(db, q, {
    all: scope === 'ALL',
    orgPaths: scope === 'ALL' ? [] : scope,
  });
  const counts = await repo.countByStatus(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({ ...r, counts: counts.get(r.id) ?? {} })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

const CALL_STATUS_ZH = { DRAFT: '草稿', OPEN: '申报中', CLOSED: '已截止' } as const;
const CALLS_EXPORT_MAX = 10_000;

/** The filtered calls list as xlsx (at most CALLS_EXPORT_MAX rows), scoped as `listCalls`. */
export async function exportCalls(
  db: Db,
  actor: Actor | null,
  q: { status?: 'DRAFT' | 'OPEN' | 'CLOSED'; subjectKind?: string; q?: string },
) {
  const { items } = await listCalls(db, actor, { ...q, page: 1, pageSize: CALLS_EXPORT_MAX });
  return buildXlsx(
    '征集与评审',
    [
      { header: '征集名称', width: 40, value: (c) => c.title },
      { header: '文号', width: 26, value: (c) => c.docNo },
      {
        header: '评审对象',
        width: 16,
        value: (c) => reviewSubject(c.subjectKind)?.label['zh-CN'] ?? c.subjectKind,
      },
      { header: '组织单位', width: 30, value: (c) => c.organisationName },
      { header: '状态', width: 10, value: (c) => CALL_STATUS_ZH[c.status] },
      { header: '申报开始', width: 12, value: (c) => c.opensAt },
      { header: '申报截止', width: 12, value: (c) => c.closesAt },
      {
        header: '申报数',
        width: 8,
        // As the console counts them: every application but the drafts.
        value: (c) =>
          Object.entries(c.counts)
            .filter(([s]) => s !== 'DRAFT')
            .reduce((n, [, v]) => n + v, 0),
      },
      { header: 'ID', width: 38, value: (c) => c.id },
    ],
    items,
  );
}

// ——— Items (applications) ———

/**
 * The unit that recommends an applicant by its place in the trees: the unit right below the
 * ministry on the applicant's line, strictly above the applicant — in the administrative tree a
 * provincial department, in the departmental tree a 部属单位 (the type must agree with the tree).
 * A unit's own label never makes it its own recommender: the applicant itself is never one, and
 * a county relabelled as a province is still below its province. Null: the organiser recommends.
 */
async function recommenderOf(db: Executor, applicantPath: string) {
  const ids = applicantPath.split('/').filter(Boolean);
  // ids: the ministry, the unit below it, …, the applicant. Nothing strictly between: none.
  if (ids.length < 3) return null;
  const top = await repo.findOrganisation(db, ids[1]!);
  if (!top) return null;
  const kind = top.tree === 'ADMIN' ? 'PROVINCIAL_DEPT' : 'AFFILIATED_UNIT';
  return top.type === kind ? top : null;
}

type Role = 'organiser' | 'recommender' | 'applicant' | 'reviewer' | 'handler';

/** The action each stage step is authorised with (one per step, registered in policy.ts). */
const STAGE_ACTION: Record<Exclude<StageKind, 'EXPERT_REVIEW'>, string> = {
  RECOMMENDATION: 'review.recommend',
  FORMAL_CHECK: 'review.formalCheck',
  DECISION: 'review.decide',
  PUBLIC_NOTICE: 'review.notice',
};
type ActingStage = keyof typeof STAGE_ACTION;

/**
 * Who acts at a stage of the call (for this item): the stage's configured organisation and
 * roles; or by default the applicant's provincial department or 部属单位 for the recommendation
 * (the organiser when there is none) and the organiser for the other stages.
 */
async function stageActor(
  db: Executor,
  c: repo.CallWithOrg,
  kind: ActingStage,
  item?: repo.ItemWithOrg,
): Promise<{ unitId: string; resource: StageResource }> {
  const s = stagesOf(c).find((x) => x.kind === kind);
  const roles = s?.actorRoles?.length ? s.actorRoles : (['ORG_ADMIN', 'EDITOR'] as const);
  const applicantPath = item?.applicantPath ?? null;
  if (s?.actorOrgId) {
    const org = await repo.findOrganisation(db, s.actorOrgId);
    return {
      unitId: s.actorOrgId,
      resource: {
        orgPath: org?.path ?? '',
        roles,
        applicantPath,
        insideOnly: kind === 'RECOMMENDATION',
      },
    };
  }
  if (kind === 'RECOMMENDATION' && item) {
    const rec = await recommenderOf(db, item.applicantPath);
    if (rec) return { unitId: rec.id, resource: { orgPath: rec.path, roles, applicantPath } };
  }
  return { unitId: c.organisationId, resource: { orgPath: c.orgPath, roles, applicantPath } };
}

/** Whether the caller acts at a stage of the call (for this item). */
async function actsAt(
  db: Executor,
  actor: Actor | null,
  c: repo.CallWithOrg,
  kind: ActingStage,
  item?: repo.ItemWithOrg,
): Promise<boolean> {
  if (!actor) return false;
  return can(actor, STAGE_ACTION[kind], (await stageActor(db, c, kind, item)).resource);
}

/** The acting unit of a stage step, after authorising the caller with the step's action. */
async function authorizeStage(
  db: Executor,
  actor: Actor | null,
  c: repo.CallWithOrg,
  kind: ActingStage,
  item?: repo.ItemWithOrg,
) {
  const { unitId, resource } = await stageActor(db, c, kind, item);
  return { me: authorize(actor, STAGE_ACTION[kind], resource), unitId };
}

/** Whether a reviewer holds a live assignment on the item and no recorded conflict. */
async function isAssignedReviewer(db: Executor, userId: string, itemId: string) {
  if (!(await repo.findLiveAssignment(db, itemId, userId))) return false;
  return !(await repo.findExclusion(db, itemId, userId));
}

/** The applicant's side of an item: the applying unit's staff and the submitter. */
const applicantResource = (item: repo.ItemWithOrg) => ({
  orgPath: item.applicantPath,
  ownerId: item.submittedBy,
});

/** Who the caller is to this item (empty: nobody). */
async function relationOf(
  db: Executor,
  actor: Actor,
  item: repo.ItemWithOrg,
  c: repo.CallWithOrg,
): Promise<Set<Role>> {
  const roles = new Set<Role>();
  if (can(actor, 'review.manage', { orgPath: c.orgPath })) roles.add('organiser');
  if (can(actor, 'review.apply', applicantResource(item))) roles.add('applicant');
  for (const s of stagesOf(c)) {
    if (s.kind === 'EXPERT_REVIEW') continue;
    if (s.kind !== 'RECOMMENDATION' && !s.actorOrgId) continue; // the organiser, seen above
    if (await actsAt(db, actor, c, s.kind, item))
      roles.add(s.kind === 'RECOMMENDATION' ? 'recommender' : 'handler');
  }
  if (await isAssignedReviewer(db, actor.userId, item.id)) roles.add('reviewer');
  return roles;
}

/** Who the caller is to this item; 404 for anyone else (a conflicted reviewer included). */
async function relationTo(
  db: Executor,
  actor: Actor | null,
  item: repo.ItemWithOrg,
  c: repo.CallWithOrg,
): Promise<Set<Role>> {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const roles = await relationOf(db, actor, item, c);
  if (roles.size === 0) throw new AppError('NOT_FOUND');
  return roles;
}

/** A reviewer of a blind call who is nothing else to the item: they see it without identity. */
const isBlindTo = (c: repo.CallRow, roles: Set<Role>) =>
  c.blind === 1 && roles.has('reviewer') && [...roles].every((r) => r === 'reviewer');

/**
 * Neutral names of an item's attachments for a blind reviewer: 附件1, 附件2, … in the order of
 * the form's attachment fields, then of the files in each (the extension is added by media).
 */
function attachmentAliases(c: repo.CallRow, raw: string): Map<string, string> {
  const map = JSON.parse(raw) as Record<string, string[]>;
  const keys = new Set([...formOf(c).attachments.map((a) => a.key), ...Object.keys(map)]);
  const out = new Map<string, string>();
  for (const k of keys)
    for (const id of map[k] ?? []) if (!out.has(id)) out.set(id, `附件${out.size + 1}`);
  return out;
}

/**
 * Hides the applicant's names (unit, short name, submitter) in text a blind reviewer reads: the
 * title and the answers may name them though the call asked not to.
 */
async function blindRedactor(
  db: Executor,
  item: Pick<repo.ItemRow, 'applicantOrgId' | 'submittedBy'>,
) {
  const [org, submitter] = await Promise.all([
    repo.findOrganisation(db, item.applicantOrgId),
    repo.findDisplayName(db, item.submittedBy),
  ]);
  const names = [org?.name, org?.shortName, submitter]
    .filter((n): n is string => !!n && n.length >= 2)
    .sort((a, b) => b.length - a.length);
  const text = (s: string) => names.reduce((t, n) => t.replaceAll(n, '〔已隐去〕'), s);
  const value = (v: unknown): unknown =>
    typeof v === 'string' ? text(v) : Array.isArray(v) ? v.map(value) : v;
  return { text, value };
}

/**
 * Who may read an application's attachments: whoever the item relates to (its applicant's side,
 * recommender, organiser and acting units, and its assigned reviewers while assigned and not
 * excluded) — a blind reviewer under the neutral name. Registered with media (access.ts).
 */
defineMediaUseReaders('reviewItem', async (db, actor, mediaId, itemIds) => {
  let blind: MediaUseGrant | null = null;
  for (const id of itemIds) {
    const item = await repo.findItem(db, id);
    if (!item) continue;
    if (
      !Object.values(JSON.parse(item.attachments) as Record<string, string[]>)
        .flat()
        .includes(mediaId)
    )
      continue;
    const c = await loadCall(db, item.callId);
    const roles = await relationOf(db, actor, item, c);
    if (roles.size === 0) continue;
    if (!isBlindTo(c, roles)) return { alias: null };
    blind ??= { alias: attachmentAliases(c, item.attachments).get(mediaId) ?? '附件' };
  }
  return blind;
});

async function attachmentsOf(db: Executor, raw: string, aliases?: Map<string, string>) {
  const map = JSON.parse(raw) as Record<string, string[]>;
  const ids = Object.values(map).flat();
  const { media } = await describeMedia(db, { coverId: null, mediaIds: ids }, aliases);
  const byId = new Map(media.map((m) => [m.id, m]));
  const out: Record<string, Media[]> = {};
  for (const [k, list] of Object.entries(map))
    out[k] = list.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  return out;
}

async function presentItem(
  db: Executor,
  actor: Actor | null,
  item: repo.ItemWithOrg,
  c: repo.CallWithOrg,
  roles: Set<Role>,
) {
  const blindToMe = isBlindTo(c, roles);
  const submitter = await repo.findDisplayName(db, item.submittedBy);
  // A blind reviewer sees no history (who recommended, checked, assigned), no names, and the
  // attachments under neutral names.
  const events = blindToMe ? [] : await repo.eventsOf(db, item.id);
  const redact = blindToMe ? await blindRedactor(db, item) : null;
  const data = JSON.parse(item.data) as Record<string, unknown>;
  const ready = (k: StageKind) => hasStage(c, k) && item.status === readyFor(c, k);
  return {
    id: item.id,
    callId: c.id,
    callTitle: c.title,
    subjectKind: c.subjectKind,
    applicantOrgId: blindToMe ? null : item.applicantOrgId,
    applicantName: blindToMe ? null : item.applicantName,
    submitterName: blindToMe ? null : (submitter ?? null),
    title: redact ? redact.text(item.title) : item.title,
    data: redact
      ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, redact.value(v)]))
      : data,
    attachments: await attachmentsOf(
      db,
      item.attachments,
      blindToMe ? attachmentAliases(c, item.attachments) : undefined,
    ),
    sectors: JSON.parse(item.sectors) as string[],
    topics: JSON.parse(item.topics) as string[],
    status: item.status,
    aggregate: roles.has('organiser') ? item.aggregate : null,
    rank: roles.has('organiser') ? item.rank : null,
    noticeId: item.noticeId,
    subjectId: blindToMe ? null : item.subjectId,
    grade: gradeOf(c, item.aggregate)?.label ?? null,
    submittedAt: item.submittedAt,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    events: events.map((e) => ({ ...e, opinion: e.opinion })),
    abilities: {
      edit: roles.has('applicant') && item.status === 'DRAFT' && c.status === 'OPEN',
      recommend: ready('RECOMMENDATION') && (await actsAt(db, actor, c, 'RECOMMENDATION', item)),
      formalCheck: ready('FORMAL_CHECK') && (await actsAt(db, actor, c, 'FORMAL_CHECK', item)),
      manage: roles.has('organiser'),
      decide: ready('DECISION') && (await actsAt(db, actor, c, 'DECISION', item)),
    },
  };
}

async function loadItem(db: Executor, id: string) {
  const item = await repo.findItem(db, id);
  if (!item) throw new AppError('NOT_FOUND');
  const c = await loadCall(db, item.callId);
  return { item, c };
}

export async function getItem(db: Db, actor: Actor | null, id: string) {
  authorize(actor, 'review.list');
  const { item, c } = await loadItem(db, id);
  const roles = await relationTo(db, actor, item, c);
  return presentItem(db, actor, item, c, roles);
}

async function checkAttachments(
  db: Executor,
  me: Actor,
  orgPath: string,
  attachments: Record<string, string[]>,
) {
  const ids = [...new Set(Object.values(attachments).flat())];
  const { media } = await describeMedia(db, { coverId: null, mediaIds: ids });
  const found = new Map(media.map((m) => [m.id, m]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length)
    throw fieldErrors([
      {
        field: 'attachments',
        zh: `文件不存在：${missing.join('、')}`,
        en: `no such files: ${missing.join(', ')}`,
      },
    ]);
  // Reuse the media rule (the unit's or the actor's own files) through linkMedia's checks.
  const { assertMediaRefs } = await import('../media/service.ts');
  await assertMediaRefs(db, me, orgPath, { coverId: null, mediaIds: ids });
  const out: Record<string, { kind: string }[]> = {};
  for (const [k, list] of Object.entries(attachments))
    out[k] = list.map((id) => ({ kind: found.get(id)!.kind }));
  return out;
}

export async function createItem(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  callId: string,
  input: z.infer<typeof CreateItemSchema>,
) {
  const org = await requireOrganisationRef(db, input.organisationId);
  const me = authorize(actor, 'review.apply', { orgPath: org.path });
  const id = newId();
  await db.transaction().execute(async (tx) => {
    const c = await loadVisibleCall(tx, actor, callId);
    if (c.status !== 'OPEN' || todayInChina() < c.opensAt || todayInChina() > c.closesAt)
      throw ruleError(
        'STATE_CONFLICT',
        `征集不在申报期内（${c.opensAt} 至 ${c.closesAt}）`,
        `The call is not taking applications (${c.opensAt} to ${c.closesAt})`,
      );
    const kinds = await checkAttachments(tx, me, org.path, input.attachments);
    const problems = checkFormData(formOf(c), input.data, kinds, false);
    if (problems.length) throw fieldErrors(problems);
    await assertReferenceCodes(tx, 'sectors', 'SECTOR', input.sectors);
    await assertReferenceCodes(tx, 'topics', 'TOPIC', input.topics);
    const subject = reviewSubject(c.subjectKind)?.subject;
    if (subject && !input.subjectId)
      throw fieldErrors([
        { field: 'subjectId', zh: '请选择申报的对象', en: 'choose what this application is about' },
      ]);
    let sectors = input.sectors;
    if (subject && input.subjectId) {
      const about = await subject(tx, input.subjectId, org.id);
      // Reviewers are matched on the subject's sectors unless the applicant names others.
      if (sectors.length === 0) sectors = about.sectors;
      if (await repo.findItemForSubject(tx, callId, input.subjectId))
        throw ruleError(
          'STATE_CONFLICT',
          '本次征集已有该对象的申报',
          'This call already has an application for it',
        );
    }
    const at = nowIso();
    const row: repo.ItemRow = {
      id,
      callId,
      applicantOrgId: org.id,
      submittedBy: me.userId,
      title: input.title,
      data: JSON.stringify(input.data),
      attachments: JSON.stringify(input.attachments),
      sectors: JSON.stringify(sectors),
      topics: JSON.stringify(input.topics),
      status: 'DRAFT',
      aggregate: null,
      rank: null,
      noticeId: null,
      subjectId: input.subjectId ?? null,
      submittedAt: null,
      createdAt: at,
      updatedAt: at,
    };
    await repo.insertItem(tx, row);
    await linkMedia(
      tx,
      { type: 'reviewItem', id },
      { coverId: null, mediaIds: Object.values(input.attachments).flat() },
      false,
    );
    await event(tx, ctx, { ...row, status: 'DRAFT' }, 'create', 'DRAFT', '', org.id);
  });
  return getItem(db, actor, id);
}

export async function updateItem(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateItemSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    const me = authorize(actor, 'review.apply', applicantResource(item));
    if (item.status !== 'DRAFT')
      throw wrongState(item.status, '只有草稿可以修改', 'Only drafts can be edited');
    const data = patch.data ?? (JSON.parse(item.data) as Record<string, unknown>);
    const attachments =
      patch.attachments ?? (JSON.parse(item.attachments) as Record<string, string[]>);
    const kinds = await checkAttachments(tx, me, item.applicantPath, attachments);
    const problems = checkFormData(formOf(c), data, kinds, false);
    if (problems.length) throw fieldErrors(problems);
    if (patch.sectors) await assertReferenceCodes(tx, 'sectors', 'SECTOR', patch.sectors);
    if (patch.topics) await assertReferenceCodes(tx, 'topics', 'TOPIC', patch.topics);
    const moved = await repo.moveItem(tx, id, ['DRAFT'], {
      ...(patch.title ? { title: patch.title } : {}),
      data: JSON.stringify(data),
      attachments: JSON.stringify(attachments),
      ...(patch.sectors ? { sectors: JSON.stringify(patch.sectors) } : {}),
      ...(patch.topics ? { topics: JSON.stringify(patch.topics) } : {}),
      updatedAt: nowIso(),
    });
    if (!moved)
      throw wrongState(
        item.status,
        '申报刚被提交或修改，请刷新',
        'The application changed meanwhile; reload',
      );
    await linkMedia(
      tx,
      { type: 'reviewItem', id },
      { coverId: null, mediaIds: Object.values(attachments).flat() },
      false,
    );
    await recordAudit(tx, ctx, {
      action: 'review.update',
      entityType: 'reviewItem',
      entityId: id,
      organisationId: item.applicantOrgId,
      detail: { name: patch.title ?? item.title, fields: Object.keys(patch) },
    });
  });
  return getItem(db, actor, id);
}

export async function submitItem(db: Db, actor: Actor | null, ctx: RequestContext, id: string) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    authorize(actor, 'review.apply', applicantResource(item));
    if (item.status !== 'DRAFT')
      throw wrongState(item.status, '只有草稿可以提交', 'Only drafts can be submitted');
    if (c.status !== 'OPEN' || todayInChina() > c.closesAt)
      throw ruleError(
        'STATE_CONFLICT',
        `征集已于 ${c.closesAt} 截止`,
        `The call closed on ${c.closesAt}`,
      );
    const attachments = JSON.parse(item.attachments) as Record<string, string[]>;
    const kinds = await checkAttachments(tx, actor!, item.applicantPath, attachments);
    const problems = checkFormData(formOf(c), JSON.parse(item.data), kinds, true);
    if (problems.length) throw fieldErrors(problems);
    const at = nowIso();
    if (
      !(await repo.moveItem(tx, id, ['DRAFT'], {
        status: 'SUBMITTED',
        submittedAt: at,
        updatedAt: at,
      }))
    )
      throw wrongState(item.status, '申报刚被提交', 'The application was just submitted');
    await event(tx, ctx, item, 'submit', 'SUBMITTED', '', item.applicantOrgId);
  });
  return getItem(db, actor, id);
}

export async function listItems(
  db: Db,
  actor: Actor | null,
  q: { callId?: string; status?: Status; q?: string; page: number; pageSize: number },
) {
  const me = authorize(actor, 'review.list');
  const scope = scopeOf(me, ['MEMBER', 'EDITOR', 'ORG_ADMIN']);
  const manage = scopeOf(me, ['ORG_ADMIN', 'EDITOR']);
  const organisedCallIds = manage === 'ALL' ? [] : await repo.callIdsOrganisedIn(db, manage);
  // Calls where a stage is handled by one of my organisations (a configured acting organisation).
  if (manage !== 'ALL' && manage.length) {
    const open = await repo.stagesOfPublishedCalls(db);
    const actingIds = [
      ...new Set(
        open.flatMap((r) =>
          (JSON.parse(r.stages) as Stage[]).flatMap((x) => (x.actorOrgId ? [x.actorOrgId] : [])),
        ),
      ),
    ];
    if (actingIds.length) {
      const orgs = await repo.organisationsByIds(db, actingIds);
      const mine = new Set(
        orgs.filter((o) => manage.some((p) => o.path.startsWith(p))).map((o) => o.id),
      );
      for (const r of open)
        if ((JSON.parse(r.stages) as Stage[]).some((x) => x.actorOrgId && mine.has(x.actorOrgId)))
          organisedCallIds.push(r.id);
    }
  }
  const { rows, total } = await repo.listItems(db, q, {
    all: scope === 'ALL',
    orgPaths: scope === 'ALL' ? [] : scope,
    organisedCallIds,
  });
  return { items: rows, total, page: q.page, pageSize: q.pageSize };
}

// ——— Recommendation, formal check, decision ———

export async function recommend(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof RecommendSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    requireStage(c, 'RECOMMENDATION');
    const { unitId } = await authorizeStage(tx, actor, c, 'RECOMMENDATION', item);
    if (item.status !== 'SUBMITTED')
      throw wrongState(
        item.status,
        '只有已提交的申报可以推荐',
        'Only submitted applications can be recommended',
      );
    if (!input.recommend && !input.opinion)
      throw fieldErrors([
        { field: 'opinion', zh: '不予推荐时请写明理由', en: 'give a reason when not recommending' },
      ]);
    const to: Status = input.recommend ? 'RECOMMENDED' : 'NOT_RECOMMENDED';
    if (!(await repo.moveItem(tx, id, ['SUBMITTED'], { status: to, updatedAt: nowIso() })))
      throw wrongState(item.status, '该申报刚被处理', 'The application was just handled');
    await event(
      tx,
      ctx,
      item,
      input.recommend ? 'recommend' : 'notRecommend',
      to,
      input.opinion,
      unitId,
    );
  });
  return getItem(db, actor, id);
}

export async function formalCheck(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof FormalCheckSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    const { unitId } = await authorizeStage(tx, actor, c, 'FORMAL_CHECK', item);
    requireStage(c, 'FORMAL_CHECK');
    const from = readyFor(c, 'FORMAL_CHECK');
    if (item.status !== from)
      throw wrongState(
        item.status,
        `只有“${STATUS_ZH[from]}”的申报可以进行形式审查`,
        `Only ${STATUS_EN[from]} applications can be checked`,
      );
    if (!input.passed && !input.opinion)
      throw fieldErrors([
        {
          field: 'opinion',
          zh: '形式审查不通过时请写明原因',
          en: 'give the reasons when the check fails',
        },
      ]);
    const to: Status = input.passed ? 'FORMAL_PASSED' : 'FORMAL_REJECTED';
    if (!(await repo.moveItem(tx, id, [from], { status: to, updatedAt: nowIso() })))
      throw wrongState(item.status, '该申报刚被处理', 'The application was just handled');
    await event(
      tx,
      ctx,
      item,
      input.passed ? 'formalPass' : 'formalReject',
      to,
      input.opinion,
      unitId,
    );
  });
  return getItem(db, actor, id);
}

async function confirm(tx: Executor, c: repo.CallRow, itemId: string) {
  await reviewSubject(c.subjectKind)?.onConfirmed?.(tx, itemId);
}

export async function decide(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof DecideSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    const { unitId } = await authorizeStage(tx, actor, c, 'DECISION', item);
    requireStage(c, 'DECISION');
    const from = readyFor(c, 'DECISION');
    if (item.status !== from)
      throw wrongState(
        item.status,
        `只有“${STATUS_ZH[from]}”的申报可以作出决定`,
        `Only ${STATUS_EN[from]} applications can be decided`,
      );
    const accepted = input.decision === 'ACCEPT';
    // Without a 公示 stage, acceptance is final.
    const to: Status = accepted
      ? hasStage(c, 'PUBLIC_NOTICE')
        ? 'ACCEPTED'
        : 'CONFIRMED'
      : 'REJECTED';
    if (!(await repo.moveItem(tx, id, [from], { status: to, updatedAt: nowIso() })))
      throw wrongState(
        item.status,
        '该申报刚被作出决定',
        'A decision was just made on this application',
      );
    await event(tx, ctx, item, accepted ? 'accept' : 'reject', to, input.reason, unitId);
    await reviewSubject(c.subjectKind)?.onDecided?.(
      tx,
      ctx,
      c,
      { ...item, status: to },
      accepted,
      input.reason,
    );
    if (to === 'CONFIRMED') await confirm(tx, c, id);
  });
  return getItem(db, actor, id);
}

// ——— Experts ———

export async function getMyProfile(db: Db, actor: Actor | null) {
  const me = authorize(actor, 'expert.profile');
  return profileView(db, me.userId);
}

async function profileView(
  db: Executor,
  userId: string,
  signIn: 'OK' | 'NO_PASSWORD' | 'DISABLED' = 'OK',
) {
  const { user, profile: p, ties } = await repo.expertProfileOf(db, userId);
  return {
    userId,
    displayName: user.displayName,
    title: p?.title ?? '',
    sectors: p ? (JSON.parse(p.sectors) as string[]) : [],
    topics: p ? (JSON.parse(p.topics) as string[]) : [],
    ties,
    signIn,
  };
}

export async function putMyProfile(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof ExpertProfileSchema>,
) {
  const me = authorize(actor, 'expert.profile');
  await db.transaction().execute(async (tx) => {
    await assertReferenceCodes(tx, 'sectors', 'SECTOR', input.sectors);
    await assertReferenceCodes(tx, 'topics', 'TOPIC', input.topics);
    for (const t of input.ties) await requireOrganisationRef(tx, t.organisationId);
    const at = nowIso();
    await repo.replaceExpertProfile(
      tx,
      {
        userId: me.userId,
        title: input.title,
        sectors: JSON.stringify(input.sectors),
        topics: JSON.stringify(input.topics),
        updatedAt: at,
      },
      input.ties.map((t) => ({
        id: newId(),
        userId: me.userId,
        organisationId: t.organisationId,
        kind: t.kind,
        note: t.note,
        createdAt: at,
      })),
    );
    await recordAudit(tx, ctx, {
      action: 'expert.profile',
      entityType: 'user',
      entityId: me.userId,
      detail: { sectors: input.sectors, topics: input.topics, ties: input.ties.length },
    });
  });
  return profileView(db, me.userId);
}

export async function listExperts(db: Db, actor: Actor | null) {
  authorize(actor, 'expert.list');
  const pool = await repo.reviewerPool(db);
  return Promise.all(pool.map((p) => profileView(db, p.userId, p.signIn)));
}

// ——— Conflicts and assignment ———

function coAuthorship(
  works: { title: string; authors: string; createdBy: string; orgPath: string }[],
  reviewers: Set<string>,
): CoAuthorship {
  const pairs = new Map<string, string>();
  const orgWorks = new Map<string, string>();
  for (const w of works) {
    const people = new Set<string>([w.createdBy]);
    for (const a of JSON.parse(w.authors) as { userId?: string | null }[])
      if (a.userId) people.add(a.userId);
    for (const r of people) {
      if (!reviewers.has(r)) continue;
      orgWorks.set(`${r} ${w.orgPath}`, `《${w.title}》`);
      for (const u of people) if (u !== r) pairs.set(`${r} ${u}`, `《${w.title}》`);
    }
  }
  return { pairs, orgWorks };
}

/** Computes and records the conflicts of these items against the whole pool. */
async function recordConflicts(tx: Executor, items: repo.ItemWithOrg[]) {
  const pool = await repo.reviewerPool(tx);
  const co = coAuthorship(await repo.worksWithPeople(tx), new Set(pool.map((p) => p.userId)));
  const at = nowIso();
  const rows: { itemId: string; reviewerId: string; reason: string; detail: string; at: string }[] =
    [];
  for (const it of items)
    for (const r of pool)
      for (const c of conflictsOf(
        r,
        {
          itemId: it.id,
          applicantPath: it.applicantPath,
          applicantName: it.applicantName,
          submittedBy: it.submittedBy,
        },
        co,
      ))
        rows.push({ itemId: it.id, reviewerId: r.userId, reason: c.reason, detail: c.detail, at });
  await repo.replaceExclusions(
    tx,
    items.map((i) => i.id),
    rows,
  );
  return { pool, rows };
}

export async function autoAssignCall(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  callId: string,
) {
  const started = Date.now();
  const result = await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, callId);
    requireStage(c, 'EXPERT_REVIEW');
    const ready = readyFor(c, 'EXPERT_REVIEW');
    const items = await repo.itemsOfCall(tx, callId, [ready, 'UNDER_REVIEW']);
    const { pool } = await recordConflicts(tx, items);
    const exclusions = await repo.exclusionsOf(
      tx,
      items.map((i) => i.id),
    );
    const existing = (await repo.assignmentsOfCall(tx, callId, c.round)).filter(
      (a) => a.status !== 'RECUSED',
    );
    const load = new Map<string, number>();
    for (const a of existing) load.set(a.reviewerId, (load.get(a.reviewerId) ?? 0) + 1);
    const { assignments, short } = autoAssign(
      items.map((it) => ({
        itemId: it.id,
        sectors: JSON.parse(it.sectors),
        topics: JSON.parse(it.topics),
        assigned: new Set(existing.filter((a) => a.itemId === it.id).map((a) => a.reviewerId)),
        excluded: new Set([
          ...exclusions.filter((e) => e.itemId === it.id).map((e) => e.reviewerId),
          // A reviewer who recused once stays off the item in later rounds.
        ]),
      })),
      // Never someone who cannot sign in to score: disabled, or no password ever set.
      pool
        .filter((p) => p.signIn === 'OK')
        .map((p) => ({
          userId: p.userId,
          sectors: p.sectors,
          topics: p.topics,
          load: load.get(p.userId) ?? 0,
        })),
      c.reviewersPerItem,
    );
    const at = nowIso();
    await repo.insertAssignments(
      tx,
      assignments.map((a) => ({
        id: newId(),
        itemId: a.itemId,
        callId,
        reviewerId: a.reviewerId,
        round: c.round,
        status: 'ASSIGNED' as const,
        method: 'AUTO' as const,
        assignedBy: actor!.userId,
        assignedAt: at,
        scores: null,
        comments: null,
        total: null,
        submittedAt: null,
        recusalReason: null,
      })),
    );
    const touched = new Set(assignments.map((a) => a.itemId));
    for (const it of items)
      if (touched.has(it.id) && it.status === ready) {
        await repo.moveItem(tx, it.id, [ready], { status: 'UNDER_REVIEW', updatedAt: at });
        await event(tx, ctx, it, 'assign', 'UNDER_REVIEW', '', c.organisationId);
      }
    await recordAudit(tx, ctx, {
      action: 'review.autoAssign',
      entityType: 'reviewCall',
      entityId: callId,
      organisationId: c.organisationId,
      detail: {
        name: c.title,
        round: c.round,
        items: items.length,
        assigned: assignments.length,
        short: short.length,
      },
    });
    return { assigned: assignments.length, items: items.length, short };
  });
  return { ...result, ms: Date.now() - started };
}

export async function assignOne(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  itemId: string,
  reviewerId: string,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, itemId);
    await relationTo(tx, actor, item, c);
    authorize(actor, 'review.manage', { orgPath: c.orgPath });
    requireStage(c, 'EXPERT_REVIEW');
    const ready = readyFor(c, 'EXPERT_REVIEW');
    if (item.status !== ready && item.status !== 'UNDER_REVIEW')
      throw wrongState(
        item.status,
        `只有“${STATUS_ZH[ready]}”或评审中的申报可以分配专家`,
        'Only applications ready for review can be assigned',
      );
    const { pool } = await recordConflicts(tx, [item]);
    const chosen = pool.find((p) => p.userId === reviewerId);
    if (!chosen)
      throw fieldErrors([{ field: 'reviewerId', zh: '此人不是评审专家', en: 'not a reviewer' }]);
    // One without a password yet may be given one before the deadline; a disabled one may not.
    if (chosen.signIn === 'DISABLED')
      throw fieldErrors([
        {
          field: 'reviewerId',
          zh: '该专家的账号已停用，不能分配',
          en: 'this reviewer’s account is disabled',
        },
      ]);
    const excluded = (await repo.exclusionsOf(tx, [itemId])).filter(
      (e) => e.reviewerId === reviewerId,
    );
    if (excluded.length)
      throw ruleError(
        'RULE_BROKEN',
        `该专家须回避：${excluded.map((e) => `${REASON_ZH[e.reason as keyof typeof REASON_ZH] ?? e.reason}（${e.detail}）`).join('；')}`,
        `This reviewer has a conflict: ${excluded.map((e) => e.reason).join(', ')}`,
      );
    if (await repo.findAssignmentInRound(tx, itemId, reviewerId, c.round))
      throw ruleError(
        'STATE_CONFLICT',
        '该专家已分配到这份申报',
        'This reviewer is already assigned',
      );
    const at = nowIso();
    await repo.insertAssignments(tx, [
      {
        id: newId(),
        itemId,
        callId: c.id,
        reviewerId,
        round: c.round,
        status: 'ASSIGNED',
        method: 'MANUAL',
        assignedBy: actor!.userId,
        assignedAt: at,
        scores: null,
        comments: null,
        total: null,
        submittedAt: null,
        recusalReason: null,
      },
    ]);
    if (item.status === ready) {
      await repo.moveItem(tx, itemId, [ready], { status: 'UNDER_REVIEW', updatedAt: at });
      await event(tx, ctx, item, 'assign', 'UNDER_REVIEW', '', c.organisationId);
    } else
      await recordAudit(tx, ctx, {
        action: 'review.assign',
        entityType: 'reviewItem',
        entityId: itemId,
        organisationId: item.applicantOrgId,
        detail: { name: item.title, reviewerId },
      });
  });
  return itemReview(db, actor, itemId);
}

export const REASON_ZH = {
  SAME_ORG: '同一单位',
  ANCESTOR_ORG: '上级单位',
  DESCENDANT_ORG: '下级单位',
  DECLARED_TIE: '申报的关联关系',
  CO_AUTHOR: '合著作品',
  RECUSED: '本人申请回避',
} as const;

/** Assignments, scores and exclusions of an item, for the organiser. */
export async function itemReview(db: Db, actor: Actor | null, itemId: string) {
  const { item, c } = await loadItem(db, itemId);
  await relationTo(db, actor, item, c);
  authorize(actor, 'review.manage', { orgPath: c.orgPath });
  const [assignments, exclusions] = await Promise.all([
    repo.assignmentsOfItem(db, itemId),
    repo.exclusionsOf(db, [itemId]),
  ]);
  return {
    assignments: assignments.map((a) => ({
      id: a.id,
      itemId: a.itemId,
      reviewerId: a.reviewerId,
      reviewerName: a.reviewerName,
      round: a.round,
      status: a.status,
      method: a.method,
      scores: a.scores ? (JSON.parse(a.scores) as Record<string, number>) : null,
      comments: a.comments ? (JSON.parse(a.comments) as Record<string, string>) : null,
      total: a.total,
      submittedAt: a.submittedAt,
      recusalReason: a.recusalReason,
    })),
    exclusions: exclusions.map((e) => ({
      reviewerId: e.reviewerId,
      reviewerName: e.reviewerName,
      reason: e.reason as keyof typeof REASON_ZH,
      detail: e.detail,
    })),
  };
}

export async function myAssignments(db: Db, actor: Actor | null) {
  const me = authorize(actor, 'review.score');
  const rows = await repo.myAssignments(db, me.userId);
  return Promise.all(
    rows.map(async ({ stages, blind, applicantOrgId, submittedBy, ...r }) => ({
      ...r,
      // A blind call's desk names no applicant, not even in a title that does.
      itemTitle: blind
        ? (await blindRedactor(db, { applicantOrgId, submittedBy })).text(r.itemTitle)
        : r.itemTitle,
      deadline:
        (JSON.parse(stages) as Stage[]).find((s) => s.kind === 'EXPERT_REVIEW')?.deadline ?? null,
    })),
  );
}

async function loadMyAssignment(tx: Executor, actor: Actor | null, id: string) {
  const me = authorize(actor, 'review.score');
  const a = await repo.findAssignment(tx, id);
  if (!a || a.reviewerId !== me.userId) throw new AppError('NOT_FOUND');
  const { item, c } = await loadItem(tx, a.itemId);
  return { me, a, item, c };
}

export async function recuse(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  reason: string,
) {
  await db.transaction().execute(async (tx) => {
    const { me, a, item } = await loadMyAssignment(tx, actor, id);
    if (a.status !== 'ASSIGNED')
      throw ruleError(
        'STATE_CONFLICT',
        '已提交评分或已回避，不能再申请回避',
        'Already scored or recused',
      );
    if (
      !(await repo.moveAssignment(tx, id, 'ASSIGNED', { status: 'RECUSED', recusalReason: reason }))
    )
      throw ruleError(
        'STATE_CONFLICT',
        '评审任务刚被更新，请刷新',
        'The assignment changed meanwhile; reload',
      );
    await repo.insertExclusion(tx, {
      itemId: a.itemId,
      reviewerId: me.userId,
      reason: 'RECUSED',
      detail: reason,
      at: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'review.recuse',
      entityType: 'reviewItem',
      entityId: a.itemId,
      organisationId: item.applicantOrgId,
      detail: { name: item.title, reason },
    });
  });
  return { ok: true as const };
}

/** The item as an assigned reviewer sees it (404 once excluded). */
export async function getAssignedItem(db: Db, actor: Actor | null, id: string) {
  const { a, item, c } = await loadMyAssignment(db, actor, id);
  const roles = await relationTo(db, actor, item, c);
  return {
    assignment: {
      id: a.id,
      status: a.status,
      round: a.round,
      scores: a.scores ? (JSON.parse(a.scores) as Record<string, number>) : null,
      comments: a.comments ? (JSON.parse(a.comments) as Record<string, string>) : null,
      total: a.total,
    },
    rubric: rubricOf(c),
    item: await presentItem(db, actor, item, c, roles),
  };
}

export async function score(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof ScoreSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { a, item, c } = await loadMyAssignment(tx, actor, id);
    const roles = await relationTo(tx, actor, item, c);
    if (!roles.has('reviewer')) throw new AppError('NOT_FOUND');
    requireStage(c, 'EXPERT_REVIEW');
    if (a.status !== 'ASSIGNED')
      throw ruleError(
        'STATE_CONFLICT',
        a.status === 'SUBMITTED' ? '评分已提交，不能重复提交' : '您已回避此申报',
        a.status === 'SUBMITTED' ? 'Scores were already submitted' : 'You recused yourself',
      );
    if (item.status !== 'UNDER_REVIEW')
      throw wrongState(
        item.status,
        '只有评审中的申报可以评分',
        'Only applications under review can be scored',
      );
    const rubric = rubricOf(c);
    const problems: { field: string; zh: string; en: string }[] = [];
    for (const k of Object.keys(input.scores))
      if (!rubric.some((r) => r.key === k))
        problems.push({
          field: `scores.${k}`,
          zh: '不是本次评分项',
          en: 'not a criterion of this call',
        });
    for (const cr of rubric) {
      const v = input.scores[cr.key];
      if (v === undefined)
        problems.push({
          field: `scores.${cr.key}`,
          zh: `请为“${cr.label}”打分`,
          en: `${cr.label} needs a score`,
        });
      else if (v < cr.min || v > cr.max)
        problems.push({
          field: `scores.${cr.key}`,
          zh: `“${cr.label}”应在 ${cr.min}–${cr.max} 分之间`,
          en: `${cr.label} must be ${cr.min}–${cr.max}`,
        });
      if (cr.commentRequired && !input.comments[cr.key]?.trim())
        problems.push({
          field: `comments.${cr.key}`,
          zh: `请为“${cr.label}”写评语`,
          en: `${cr.label} needs a comment`,
        });
    }
    if (problems.length) throw fieldErrors(problems);
    const total = weightedTotal(rubric, input.scores);
    const at = nowIso();
    if (
      !(await repo.moveAssignment(tx, id, 'ASSIGNED', {
        status: 'SUBMITTED',
        scores: JSON.stringify(input.scores),
        comments: JSON.stringify(input.comments),
        total,
        submittedAt: at,
      }))
    )
      throw ruleError(
        'STATE_CONFLICT',
        '评分已提交，不能重复提交',
        'Scores were already submitted',
      );
    await recordAudit(tx, ctx, {
      action: 'review.score',
      entityType: 'reviewItem',
      entityId: item.id,
      organisationId: item.applicantOrgId,
      detail: { name: item.title, round: a.round, total },
    });
  });
  return getAssignedItem(db, actor, id);
}

// ——— Rounds and ranking ———

async function computeRanking(db: Executor, c: repo.CallRow) {
  const items = await repo.itemsOfCall(db, c.id);
  const scored = (await repo.assignmentsOfCall(db, c.id, c.round))
    .filter((a) => a.status === 'SUBMITTED' && a.total !== null)
    .map((a) => ({ itemId: a.itemId, reviewerId: a.reviewerId, total: a.total! }));
  const inRound = items.filter(
    (i) => scored.some((s) => s.itemId === i.id) || i.status === 'UNDER_REVIEW',
  );
  const ranked = rank(
    scored,
    inRound.map((i) => i.id),
    c.aggregation,
    c.normalize === 1,
  );
  const byId = new Map(items.map((i) => [i.id, i]));
  return ranked.map((r) => ({
    ...r,
    title: byId.get(r.itemId)!.title,
    applicantName: byId.get(r.itemId)!.applicantName,
    status: byId.get(r.itemId)!.status,
  }));
}

export async function ranking(db: Db, actor: Actor | null, callId: string) {
  const c = await loadManagedCall(db, actor, callId);
  return {
    round: c.round,
    aggregation: c.aggregation,
    normalize: c.normalize === 1,
    items: await computeRanking(db, c),
  };
}

/** Ends the round: items with scores become REVIEWED with their aggregate and rank. */
export async function closeRound(db: Db, actor: Actor | null, ctx: RequestContext, callId: string) {
  await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, callId);
    requireStage(c, 'EXPERT_REVIEW');
    const ranked = await computeRanking(tx, c);
    const at = nowIso();
    let moved = 0;
    for (const r of ranked) {
      if (r.aggregate === null) continue;
      const item = (await repo.findItem(tx, r.itemId))!;
      const ok = await repo.moveItem(tx, r.itemId, ['UNDER_REVIEW', 'REVIEWED'], {
        status: 'REVIEWED',
        aggregate: r.aggregate,
        rank: r.rank,
        updatedAt: at,
      });
      if (ok && item.status === 'UNDER_REVIEW') {
        moved++;
        await event(
          tx,
          ctx,
          item,
          'reviewed',
          'REVIEWED',
          `第 ${c.round} 轮：${r.aggregate} 分，第 ${r.rank} 名`,
          c.organisationId,
        );
      }
    }
    await recordAudit(tx, ctx, {
      action: 'review.closeRound',
      entityType: 'reviewCall',
      entityId: callId,
      organisationId: c.organisationId,
      detail: { name: c.title, round: c.round, reviewed: moved },
    });
  });
  return ranking(db, actor, callId);
}

/** A further round for a shortlist: those items go back under review, reviewers are assigned anew. */
export async function nextRound(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  callId: string,
  itemIds: string[],
) {
  await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, callId);
    requireStage(c, 'EXPERT_REVIEW');
    if (
      !(await repo.updateCall(tx, callId, ['OPEN', 'CLOSED'], {
        round: c.round + 1,
        updatedAt: nowIso(),
      }))
    )
      throw ruleError('STATE_CONFLICT', '草稿状态的征集没有评审轮次', 'A draft call has no rounds');
    for (const id of itemIds) {
      const item = await repo.findItem(tx, id);
      if (!item || item.callId !== callId)
        throw fieldErrors([
          { field: 'itemIds', zh: `申报 ${id} 不属于本次征集`, en: `${id} is not in this call` },
        ]);
      if (
        !(await repo.moveItem(tx, id, ['REVIEWED'], {
          status: 'UNDER_REVIEW',
          updatedAt: nowIso(),
        }))
      )
        throw wrongState(
          item.status,
          '只有评审完成的申报可以进入下一轮',
          'Only reviewed applications go to the next round',
        );
      await event(
        tx,
        ctx,
        item,
        'nextRound',
        'UNDER_REVIEW',
        `第 ${c.round + 1} 轮`,
        c.organisationId,
      );
    }
  });
  return getCall(db, actor, callId);
}

// ——— 公示 ———

export async function createNotice(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  callId: string,
  input: z.infer<typeof CreateNoticeSchema>,
) {
  const id = newId();
  await db.transaction().execute(async (tx) => {
    const c = await loadCall(tx, callId);
    const { me } = await authorizeStage(tx, actor, c, 'PUBLIC_NOTICE');
    requireStage(c, 'PUBLIC_NOTICE');
    if (input.endsAt < input.startsAt)
      throw fieldErrors([
        { field: 'endsAt', zh: '公示结束日期不能早于开始日期', en: 'must not be before startsAt' },
      ]);
    await repo.insertNotice(tx, {
      id,
      callId,
      title: input.title,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      status: 'OPEN',
      createdBy: me.userId,
      createdAt: nowIso(),
    });
    for (const itemId of new Set(input.itemIds)) {
      const item = await repo.findItem(tx, itemId);
      if (!item || item.callId !== callId)
        throw fieldErrors([
          {
            field: 'itemIds',
            zh: `申报 ${itemId} 不属于本次征集`,
            en: `${itemId} is not in this call`,
          },
        ]);
      if (
        !(await repo.moveItem(tx, itemId, ['ACCEPTED'], {
          status: 'PUBLICIZED',
          noticeId: id,
          updatedAt: nowIso(),
        }))
      )
        throw wrongState(
          item.status,
          '只有拟入选的申报可以公示',
          'Only accepted applications can be put on notice',
        );
      await event(
        tx,
        ctx,
        item,
        'publicize',
        'PUBLICIZED',
        `${input.startsAt} 至 ${input.endsAt}`,
        c.organisationId,
      );
      await publishLinks(tx, { type: 'reviewItem', id: itemId }, false);
    }
    await recordAudit(tx, ctx, {
      action: 'review.notice.create',
      entityType: 'reviewNotice',
      entityId: id,
      organisationId: c.organisationId,
      detail: { name: input.title, items: input.itemIds.length },
    });
  });
  return getNotice(db, id);
}

/** The public notice page (公示): open and closed notices are public. */
export async function getNotice(db: Db, id: string) {
  const n = await repo.findNotice(db, id);
  if (!n) throw new AppError('NOT_FOUND');
  const items = await repo.noticeItems(db, id);
  return {
    id: n.id,
    callId: n.callId,
    callTitle: n.callTitle,
    docNo: n.docNo,
    title: n.title,
    startsAt: n.startsAt,
    endsAt: n.endsAt,
    status: n.status,
    items: items.map((i) => ({ id: i.id, title: i.title, applicantName: i.applicantName })),
  };
}

/** The notices of a call, for its organiser. */
export async function listCallNotices(db: Db, actor: Actor | null, callId: string) {
  const _c = await loadManagedCall(db, actor, callId);
  const ids = await repo.noticeIdsOfCall(db, callId);
  return Promise.all(ids.map((id) => getNotice(db, id)));
}

export async function listOpenNotices(db: Db) {
  const ids = await repo.openNoticeIds(db, 50);
  return Promise.all(ids.map((id) => getNotice(db, id)));
}

/** Anyone may object; one address at most 10 times an hour (reserved first: holds in a burst). */
export async function object(
  db: Db,
  ctx: RequestContext,
  noticeId: string,
  input: z.infer<typeof ObjectionCreateSchema>,
) {
  const id = newId();
  const attempt = ctx.ip
    ? await reserveAttempt(db, [{ key: `objection:${ctx.ip}`, limit: LIMITS.objections }])
    : null;
  try {
    await db.transaction().execute(async (tx) => {
      const n = await repo.findNotice(tx, noticeId);
      if (!n) throw new AppError('NOT_FOUND');
      const d = todayInChina();
      if (n.status !== 'OPEN' || d < n.startsAt || d > n.endsAt)
        throw ruleError(
          'STATE_CONFLICT',
          `不在公示期内（${n.startsAt} 至 ${n.endsAt}）`,
          `Not within the notice period (${n.startsAt} to ${n.endsAt})`,
        );
      const item = await repo.findItem(tx, input.itemId);
      if (!item || item.noticeId !== noticeId)
        throw fieldErrors([
          { field: 'itemId', zh: '该项目不在本次公示中', en: 'not on this notice' },
        ]);
      await repo.insertObjection(tx, {
        id,
        noticeId,
        itemId: input.itemId,
        name: input.name,
        contact: input.contact,
        text: input.text,
        ip: ctx.ip,
        status: 'RECEIVED',
        handling: null,
        outcome: null,
        handledBy: null,
        handledAt: null,
        createdAt: nowIso(),
        submittedBy: ctx.actorId,
      });
      await recordAudit(tx, ctx, {
        action: 'review.objection',
        entityType: 'reviewItem',
        entityId: input.itemId,
        organisationId: item.applicantOrgId,
        detail: { name: item.title, noticeId },
      });
    });
  } catch (e) {
    // A refused objection (outside the notice period, wrong item) does not count.
    await attempt?.release();
    throw e;
  }
  return { id, received: true as const };
}

async function loadManagedNotice(tx: Executor, actor: Actor | null, noticeId: string) {
  const n = await repo.findNotice(tx, noticeId);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!n) throw new AppError('NOT_FOUND');
  const c = await loadCall(tx, n.callId);
  await authorizeStage(tx, actor, c, 'PUBLIC_NOTICE');
  return { n, c };
}

export async function listObjections(db: Db, actor: Actor | null, noticeId: string) {
  await loadManagedNotice(db, actor, noticeId);
  return repo.objectionsOf(db, noticeId);
}

export async function handleObjection(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  objectionId: string,
  input: z.infer<typeof HandleObjectionSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const o = await repo.findObjection(tx, objectionId);
    if (!o) throw new AppError('NOT_FOUND');
    const { c } = await loadManagedNotice(tx, actor, o.noticeId);
    const at = nowIso();
    const handled = await repo.handleObjection(tx, objectionId, {
      handling: input.handling,
      outcome: input.outcome,
      handledBy: actor!.userId,
      handledAt: at,
    });
    if (!handled)
      throw ruleError('STATE_CONFLICT', '该异议已处理', 'This objection was already handled');
    const item = (await repo.findItem(tx, o.itemId))!;
    if (input.outcome === 'UPHELD' && item.status === 'PUBLICIZED') {
      await repo.moveItem(tx, item.id, ['PUBLICIZED'], { status: 'REJECTED', updatedAt: at });
      await event(tx, ctx, item, 'objectionUpheld', 'REJECTED', input.handling, c.organisationId);
    }
    await recordAudit(tx, ctx, {
      action: 'review.objection.handle',
      entityType: 'reviewItem',
      entityId: o.itemId,
      organisationId: item.applicantOrgId,
      detail: { name: item.title, outcome: input.outcome },
    });
  });
  const o = (await repo.findObjection(db, objectionId))!;
  return (await repo.objectionsOf(db, o.noticeId)).find((x) => x.id === objectionId)!;
}

/** Ends the notice (on or after its last day, every objection handled): the rest are confirmed. */
export async function closeNotice(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  noticeId: string,
) {
  await db.transaction().execute(async (tx) => {
    const { n, c } = await loadManagedNotice(tx, actor, noticeId);
    if (n.status !== 'OPEN')
      throw ruleError('STATE_CONFLICT', '公示已结束', 'The notice is already closed');
    if (todayInChina() < n.endsAt)
      throw ruleError(
        'STATE_CONFLICT',
        `公示期到 ${n.endsAt} 才结束`,
        `The notice runs until ${n.endsAt}`,
      );
    const pending = (await repo.objectionsOf(tx, noticeId)).filter((o) => o.status === 'RECEIVED');
    if (pending.length)
      throw ruleError(
        'STATE_CONFLICT',
        `还有 ${pending.length} 条异议未处理`,
        `${pending.length} objections are not handled yet`,
      );
    if (!(await repo.closeNotice(tx, noticeId)))
      throw ruleError('STATE_CONFLICT', '公示已结束', 'The notice is already closed');
    const at = nowIso();
    for (const it of await repo.noticeItems(tx, noticeId)) {
      if (it.status !== 'PUBLICIZED') continue;
      const item = (await repo.findItem(tx, it.id))!;
      await repo.moveItem(tx, it.id, ['PUBLICIZED'], { status: 'CONFIRMED', updatedAt: at });
      await event(tx, ctx, item, 'confirm', 'CONFIRMED', '公示期满无异议', c.organisationId);
      await confirm(tx, c, it.id);
    }
    await recordAudit(tx, ctx, {
      action: 'review.notice.close',
      entityType: 'reviewNotice',
      entityId: noticeId,
      organisationId: c.organisationId,
      detail: { name: n.title },
    });
  });
  return getNotice(db, noticeId);
}

// ——— Export ———

export async function exportCall(
  db: Db,
  actor: Actor | null,
  callId: string,
  what: 'ranking' | 'scores',
) {
  const c = await loadManagedCall(db, actor, callId);
  if (what === 'scores') {
    const rows = await repo.scoreSheet(db, callId);
    const rubric = rubricOf(c);
    return buildXlsx(
      '评分明细',
      [
        { header: '申报项目', width: 36, value: (r) => r.title },
        { header: '专家', width: 12, value: (r) => (c.blind ? '（匿名）' : r.displayName) },
        { header: '轮次', width: 6, value: (r) => r.round },
        {
          header: '状态',
          width: 10,
          value: (r) => ({ ASSIGNED: '待评分', SUBMITTED: '已评分', RECUSED: '已回避' })[r.status],
        },
        ...rubric.map((cr) => ({
          header: `${cr.label}（${cr.min}–${cr.max}）`,
          width: 14,
          value: (r: (typeof rows)[number]) =>
            r.scores ? ((JSON.parse(r.scores) as Record<string, number>)[cr.key] ?? null) : null,
        })),
        { header: '加权总分', width: 10, value: (r) => r.total },
        { header: '提交时间', width: 22, value: (r) => r.submittedAt },
      ],
      rows,
    );
  }
  const items = await repo.itemsOfCall(db, callId);
  const decisions = await repo.decisionsOf(
    db,
    items.map((i) => i.id),
  );
  const reason = new Map(decisions.map((d) => [d.itemId, d.opinion]));
  const sorted = [...items].sort(
    (a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.title.localeCompare(b.title),
  );
  return buildXlsx(
    '排名与决定',
    [
      { header: '名次', width: 6, value: (i) => i.rank },
      { header: '申报项目', width: 36, value: (i) => i.title },
      { header: '申报单位', width: 30, value: (i) => i.applicantName },
      { header: '综合得分', width: 10, value: (i) => i.aggregate },
      { header: '状态', width: 14, value: (i) => STATUS_ZH[i.status] },
      { header: '决定理由', width: 40, value: (i) => reason.get(i.id) ?? null },
    ],
    sorted,
  );
}
