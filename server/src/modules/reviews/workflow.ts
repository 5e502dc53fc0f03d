/**
 * The review engine's stage machine and who acts on an item: the stages of a call and the
 * status each needs, the 409 that says where an item stands, the event written with each step,
 * the access checks (who acts at a stage, who the caller is to an item) and how an item is shown.
 * The rooms (calls, items, steps, assignment, reviewer, rounds, notices, exports) build on these.
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { AuditActionIn } from '#platform/audit-actions.ts';
import type { Executor, Tx } from '#platform/db/connect.ts';
import type { ReviewItemStatus } from '#platform/db/schema.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { answerNames } from '#platform/forms/present.ts';
import type { Locale } from '#platform/i18n.ts';
import { newId, nowIso, todayInChina } from '#platform/ids.ts';
import { type Actor, authorize, can } from '#platform/policy.ts';
import type { Media } from '../media/schema.ts';
import { describeMedia } from '../media/service.ts';
import type { FormDefinition } from './form.ts';
import type { StageResource } from './policy.ts';
import './policy.ts';
import * as repo from './repo.ts';
import { STAGE_ZH, type StageKind } from './schema.ts';
import type { Criterion } from './scoring.ts';
import { gradeOf, reviewSubject, stageActorOf } from './subjects.ts';

export type Status = ReviewItemStatus;
export interface Stage {
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

export const STATUS_ZH: Record<Status, string> = {
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
export const STATUS_EN: Record<Status, string> = {
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

/** 409 naming what the step needs and where the item stands. */
export function wrongState(status: Status, zh: string, en: string): AppError {
  return ruleError(
    'STATE_CONFLICT',
    `${zh}（当前状态：${STATUS_ZH[status]}）`,
    `${en} (the application is ${STATUS_EN[status]})`,
  );
}

export const stagesOf = (c: repo.CallRow) => JSON.parse(c.stages) as Stage[];
export const rubricOf = (c: repo.CallRow) => JSON.parse(c.rubric) as Criterion[];
export const formOf = (c: repo.CallRow) => JSON.parse(c.form) as FormDefinition;
export const hasStage = (c: repo.CallRow, k: StageKind) => stagesOf(c).some((s) => s.kind === k);

/** The status an item must have for a stage to act on it: passed the stage before, or submitted. */
export function readyFor(c: repo.CallRow, stage: StageKind): Status {
  const before = stagesOf(c)
    .map((s) => s.kind)
    .filter((k) => ORDER.indexOf(k) < ORDER.indexOf(stage));
  const last = before[before.length - 1];
  return last ? PASSED[last] : 'SUBMITTED';
}

export function requireStage(c: repo.CallRow, stage: StageKind): Stage {
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

export function validateStages(stages: Stage[], rubric: Criterion[]) {
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

export async function event(
  tx: Tx,
  ctx: RequestContext,
  item: { id: string; status: Status; callId: string; applicantOrgId: string; title: string },
  action: AuditActionIn<'review'>,
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

export async function loadCall(db: Executor, id: string) {
  const c = await repo.findCall(db, id);
  if (!c) throw new AppError('NOT_FOUND');
  return c;
}

/** A call its organiser's staff act on (the action the call's routes declare: review.manage). */
export async function loadManagedCall(db: Executor, actor: Actor | null, id: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const c = await loadCall(db, id);
  authorize(actor, 'review.manage', { orgPath: c.orgPath });
  return c;
}

export async function loadVisibleCall(db: Executor, actor: Actor | null, id: string) {
  const me = authorize(actor, 'review.list');
  const c = await loadCall(db, id);
  if (c.status === 'DRAFT' && !can(me, 'review.manage', { orgPath: c.orgPath }))
    throw new AppError('NOT_FOUND');
  return c;
}

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
export const STAGE_ACTION: Record<Exclude<StageKind, 'EXPERT_REVIEW'>, string> = {
  RECOMMENDATION: 'review.recommend',
  FORMAL_CHECK: 'review.formalCheck',
  DECISION: 'review.decide',
  PUBLIC_NOTICE: 'review.notice',
};
export type ActingStage = keyof typeof STAGE_ACTION;

/**
 * Who acts at a stage of the call (for this item): the stage's configured organisation and
 * roles; or by default as the subject declares it — the applicant's provincial department or
 * 部属单位 (the organiser when there is none), or the organiser.
 */
export async function stageActor(
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
  if (item && stageActorOf(c.subjectKind, kind) === 'APPLICANT_RECOMMENDER') {
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
export async function authorizeStage(
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
export const applicantResource = (item: repo.ItemWithOrg) => ({
  orgPath: item.applicantPath,
  ownerId: item.submittedBy,
});

/** Who the caller is to this item (empty: nobody). */
export async function relationOf(
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
    // The organiser, seen above.
    if (!s.actorOrgId && stageActorOf(c.subjectKind, s.kind) === 'ORGANISER') continue;
    if (await actsAt(db, actor, c, s.kind, item))
      roles.add(s.kind === 'RECOMMENDATION' ? 'recommender' : 'handler');
  }
  if (await isAssignedReviewer(db, actor.userId, item.id)) roles.add('reviewer');
  return roles;
}

/** Who the caller is to this item; 404 for anyone else (a conflicted reviewer included). */
export async function relationTo(
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
export const isBlindTo = (c: repo.CallRow, roles: Set<Role>) =>
  c.blind === 1 && roles.has('reviewer') && [...roles].every((r) => r === 'reviewer');

/**
 * Neutral names of an item's attachments for a blind reviewer: 附件1, 附件2, … in the order of
 * the form's attachment fields, then of the files in each (the extension is added by media).
 */
export function attachmentAliases(c: repo.CallRow, raw: string): Map<string, string> {
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
export async function blindRedactor(
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

export async function presentItem(
  db: Executor,
  actor: Actor | null,
  item: repo.ItemWithOrg,
  c: repo.CallWithOrg,
  roles: Set<Role>,
  locale: Locale = 'zh-CN',
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
    answerNames: await answerNames(db, formOf(c), data, {
      ...(redact ? { hide: '〔已隐去〕' } : {}),
      locale,
    }),
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

export async function loadItem(db: Executor, id: string) {
  const item = await repo.findItem(db, id);
  if (!item) throw new AppError('NOT_FOUND');
  const c = await loadCall(db, item.callId);
  return { item, c };
}

/** An accepted item through 公示 (or accepted, without a notice stage): its module takes it up. */
export async function confirmItem(tx: Tx, ctx: RequestContext, c: repo.CallRow, itemId: string) {
  await reviewSubject(c.subjectKind)?.onConfirmed?.(tx, ctx, c, itemId);
}
