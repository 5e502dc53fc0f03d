/**
 * 李四光中队 (youth squads, plan §一(三)): a school's staff apply to set up a squad with a
 * counsellor; the school's provincial department (the ministry's office where the school is not
 * under one) approves or rejects with a reason. Members are minors: name and grade only, recorded
 * only with the guardian's consent (name and phone of the guardian, never the child's), seen only
 * by the counsellor and the school's administrators; leaving erases the guardian's contact, and
 * removing a member erases the record. The activities the squad attends and the counsellor's
 * summary make its yearly record.
 */
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { SquadStatus } from '#platform/db/schema.ts';
import { provinceName } from '#platform/division-names.ts';
import { AppError, fieldError, ruleError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can, isPlatformAdmin, scopeOf } from '#platform/policy.ts';
import { SQUAD_APPLIED, SQUAD_DECIDED } from './notifications.ts';
import * as repo from './repo.ts';
import type {
  AddMemberSchema,
  AddSquadActivitySchema,
  CreateSquadSchema,
  DecideSquadSchema,
  GRADES,
  UpdateSquadSchema,
} from './schema.ts';
import './policy.ts';

type Grade = (typeof GRADES)[number];

/** Today in Beijing (UTC+8), YYYY-MM-DD. */
export const beijingToday = (nowMs = Date.now()) =>
  new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 10);

const OFFICE = { 'zh-CN': '自然资源部科普工作办公室', 'en-US': 'The ministry’s science office' };

/** The unit that approves a school's squad: its provincial department, or null (the office). */
async function approverOf(db: Executor, schoolPath: string) {
  const ids = schoolPath.split('/').filter(Boolean);
  if (ids.length < 3) return null;
  const top = await db
    .selectFrom('organisations')
    .select(['id', 'type', 'tree'])
    .where('id', '=', ids[1]!)
    .executeTakeFirst();
  return top && top.tree === 'ADMIN' && top.type === 'PROVINCIAL_DEPT' ? top.id : null;
}

const resourceOf = (s: repo.SquadRow) => ({ orgPath: s.orgPath, ownerId: s.counsellorId });
const membersResource = (s: repo.SquadRow) => ({ orgPath: s.orgPath, ownerId: s.counsellorId });
const decideResource = (s: repo.SquadRow) => ({ orgPath: s.approverPath });

async function provinceOf(db: Executor, code: string | null, locale: Locale) {
  if (!code) return null;
  const p = `${code.slice(0, 2)}0000`;
  return provinceName(p, await repo.divisionNameOf(db, p), locale);
}

async function present(db: Executor, actor: Actor | null, rows: repo.SquadRow[], locale: Locale) {
  const counts = await repo.counts(
    db,
    rows.map((r) => r.id),
    `${beijingToday().slice(0, 4)}-01-01`,
  );
  return Promise.all(
    rows.map(async (s) => ({
      id: s.id,
      organisationId: s.organisationId,
      organisationName: s.organisationName,
      provinceName: await provinceOf(db, s.orgDivisionCode ?? s.approverDivisionCode, locale),
      name: s.name,
      description: s.description,
      counsellorId: s.counsellorId,
      counsellorName: s.counsellorName,
      counsellorPhone: s.counsellorPhone,
      status: s.status,
      approverName: s.approverName ?? OFFICE[locale],
      decisionNote: s.decisionNote,
      decidedAt: s.decidedAt,
      createdAt: s.createdAt,
      members: counts.get(s.id)!.members,
      activitiesThisYear: counts.get(s.id)!.activities,
      canManage: can(actor, 'squad.manage', resourceOf(s)),
      canSeeMembers: can(actor, 'squad.members', membersResource(s)),
      canDecide: s.status === 'PENDING' && can(actor, 'squad.decide', decideResource(s)),
    })),
  );
}

/** A squad the actor keeps, counsels or decides; anything else is not found. */
async function visibleSquad(db: Executor, actor: Actor | null, id: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const s = await repo.findSquad(db, id);
  if (
    !s ||
    !(
      can(actor, 'squad.manage', resourceOf(s)) ||
      can(actor, 'squad.members', membersResource(s)) ||
      can(actor, 'squad.decide', decideResource(s))
    )
  )
    throw new AppError('NOT_FOUND');
  return s;
}

async function school(db: Executor, organisationId: string) {
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'path', 'type', 'active'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!org || !org.active)
    throw fieldError('organisationId', '找不到这所学校', 'is not a known school');
  return org;
}

async function requireStaff(db: Executor, organisationId: string, userId: string) {
  const staff = await repo.staffOf(db, organisationId);
  if (!staff.some((p) => p.id === userId))
    throw fieldError(
      'counsellorId',
      '辅导员须是本校在平台上的教职工账号',
      'must be a staff account of the school',
    );
}

/** Schools the actor may apply for a squad at (staff of them or of units above them). */
export async function schoolChoices(db: Db, actor: Actor | null, query?: string) {
  const me = authorize(actor, 'squad.list');
  const s = scopeOf(me, ['MEMBER', 'EDITOR', 'ORG_ADMIN']);
  if (s !== 'ALL' && s.length === 0) return { items: [] };
  return {
    items: await repo.schoolsIn(db, { all: s === 'ALL', paths: s === 'ALL' ? [] : s, query }),
  };
}

/** Staff of the school who can be picked as counsellor. */
export async function counsellorChoices(db: Db, actor: Actor | null, organisationId: string) {
  const org = await school(db, organisationId);
  authorize(actor, 'squad.apply', { orgPath: org.path });
  return { items: await repo.staffOf(db, org.id) };
}

/** Who is told of a new application: the department's editors and admins, or platform admins. */
async function deciders(db: Executor, approverId: string | null): Promise<string[]> {
  const q = db.selectFrom('roleGrants').select('userId').distinct();
  const rows = approverId
    ? await q
        .where('organisationId', '=', approverId)
        .where('role', 'in', ['EDITOR', 'ORG_ADMIN'])
        .execute()
    : await q.where('role', '=', 'PLATFORM_ADMIN').execute();
  return rows.map((r) => r.userId);
}

export async function createSquad(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateSquadSchema>,
  locale: Locale,
) {
  const org = await school(db, input.organisationId);
  const me = authorize(actor, 'squad.apply', { orgPath: org.path });
  if (org.type !== 'SCHOOL')
    throw fieldError(
      'organisationId',
      '李四光中队须设在学校',
      'must be a school (a squad belongs to a school)',
    );
  const counsellorId = input.counsellorId ?? me.userId;
  await requireStaff(db, org.id, counsellorId);
  const approverId = await approverOf(db, org.path);
  const id = newId();
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    await repo.insertSquad(tx, {
      id,
      organisationId: org.id,
      name: input.name,
      description: input.description,
      counsellorId,
      counsellorPhone: input.counsellorPhone,
      status: 'PENDING',
      approverId,
      decisionNote: null,
      decidedBy: null,
      decidedAt: null,
      createdBy: me.userId,
      createdAt: at,
      updatedAt: at,
    });
    await recordAudit(tx, ctx, {
      action: 'squad.apply',
      entityType: 'squad',
      entityId: id,
      organisationId: org.id,
      detail: { name: input.name },
    });
    await notify(tx, await deciders(tx, approverId), SQUAD_APPLIED, {
      squadName: input.name,
      schoolName: org.name,
    });
  });
  return (await present(db, me, [(await repo.findSquad(db, id))!], locale))[0]!;
}

export async function listSquads(
  db: Db,
  actor: Actor | null,
  q: { status?: SquadStatus; toDecide?: boolean },
  locale: Locale,
) {
  const me = authorize(actor, 'squad.list');
  const keep = scopeOf(me, ['EDITOR', 'ORG_ADMIN', 'MEMBER']);
  const decide = scopeOf(me, ['EDITOR', 'ORG_ADMIN']);
  const rows = await repo.listVisible(db, {
    all: keep === 'ALL',
    schoolPaths: keep === 'ALL' ? [] : keep,
    approverPaths: decide === 'ALL' ? [] : decide,
    counsellorId: me.userId,
    status: q.toDecide ? 'PENDING' : q.status,
    officeDecides: isPlatformAdmin(me),
  });
  // A MEMBER of a school sees its squads only when counsellor; the rule is the policy's.
  const visible = rows.filter(
    (s) =>
      can(me, 'squad.manage', resourceOf(s)) ||
      can(me, 'squad.members', membersResource(s)) ||
      can(me, 'squad.decide', decideResource(s)),
  );
  const items = await present(
    db,
    me,
    q.toDecide ? visible.filter((s) => can(me, 'squad.decide', decideResource(s))) : visible,
    locale,
  );
  return { items };
}

export async function getSquad(db: Db, actor: Actor | null, id: string, locale: Locale) {
  const s = await visibleSquad(db, actor, id);
  return (await present(db, actor, [s], locale))[0]!;
}

export async function updateSquad(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof UpdateSquadSchema>,
  locale: Locale,
) {
  const s = await visibleSquad(db, actor, id);
  authorize(actor, 'squad.manage', resourceOf(s));
  if (s.status === 'DISSOLVED')
    throw ruleError('STATE_CONFLICT', '中队已撤销，不能再修改', 'The squad is dissolved');
  if (input.name !== undefined && input.name !== s.name && s.status === 'APPROVED')
    throw fieldError(
      'name',
      '已批准的中队不能改名；如需改名请联系审批单位',
      'cannot change once approved; ask the approving department',
    );
  if (input.counsellorId) await requireStaff(db, s.organisationId, input.counsellorId);
  await db.transaction().execute(async (tx) => {
    await repo.updateSquad(tx, s.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.counsellorId ? { counsellorId: input.counsellorId } : {}),
      ...(input.counsellorPhone ? { counsellorPhone: input.counsellorPhone } : {}),
      updatedAt: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'squad.update',
      entityType: 'squad',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { fields: Object.keys(input) },
    });
  });
  return getSquad(db, actor, id, locale);
}

/** A rejected application is sent again (after changes); it waits for the department anew. */
export async function resubmitSquad(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  locale: Locale,
) {
  const s = await visibleSquad(db, actor, id);
  authorize(actor, 'squad.manage', resourceOf(s));
  await db.transaction().execute(async (tx) => {
    const moved = await repo.moveSquad(tx, s.id, 'REJECTED', {
      status: 'PENDING',
      decisionNote: null,
      decidedAt: null,
      decidedBy: null,
      updatedAt: nowIso(),
    });
    if (!moved)
      throw ruleError(
        'STATE_CONFLICT',
        '只有未获批准的申请可以重新提交',
        'Only a rejected application can be sent again',
      );
    await recordAudit(tx, ctx, {
      action: 'squad.apply',
      entityType: 'squad',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { name: s.name, again: true },
    });
    await notify(tx, await deciders(tx, s.approverId), SQUAD_APPLIED, {
      squadName: s.name,
      schoolName: s.organisationName,
    });
  });
  return getSquad(db, actor, id, locale);
}

export async function decideSquad(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof DecideSquadSchema>,
  locale: Locale,
) {
  const s = await visibleSquad(db, actor, id);
  const me = authorize(actor, 'squad.decide', decideResource(s));
  if (!input.approve && !input.note)
    throw fieldError('note', '不予批准时请写明原因', 'is required to reject');
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    const moved = await repo.moveSquad(tx, s.id, 'PENDING', {
      status: input.approve ? 'APPROVED' : 'REJECTED',
      decisionNote: input.note || null,
      decidedBy: me.userId,
      decidedAt: at,
      updatedAt: at,
    });
    if (!moved)
      throw ruleError('STATE_CONFLICT', '该申请已处理', 'The application has been decided already');
    await recordAudit(tx, ctx, {
      action: input.approve ? 'squad.approve' : 'squad.reject',
      entityType: 'squad',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { name: s.name, note: input.note || null },
    });
    await notify(tx, [...new Set([s.counsellorId, s.createdBy])], SQUAD_DECIDED, {
      squadId: s.id,
      squadName: s.name,
      approved: input.approve,
      note: input.note || null,
    });
  });
  return getSquad(db, actor, id, locale);
}

/** Dissolving keeps the record (activities, years) and erases every member's guardian contact. */
export async function dissolveSquad(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  locale: Locale,
) {
  const s = await visibleSquad(db, actor, id);
  authorize(actor, 'squad.manage', resourceOf(s));
  const today = beijingToday();
  await db.transaction().execute(async (tx) => {
    const moved = await repo.moveSquad(tx, s.id, 'APPROVED', {
      status: 'DISSOLVED',
      updatedAt: nowIso(),
    });
    if (!moved)
      throw ruleError(
        'STATE_CONFLICT',
        '只有已批准的中队可以撤销',
        'Only an approved squad can be dissolved',
      );
    await tx
      .updateTable('squadMembers')
      .set({ leftOn: today, guardianContact: null })
      .where('squadId', '=', s.id)
      .where('leftOn', 'is', null)
      .execute();
    await recordAudit(tx, ctx, {
      action: 'squad.dissolve',
      entityType: 'squad',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { name: s.name },
    });
  });
  return getSquad(db, actor, id, locale);
}

// ---- members (minors: the counsellor and the school's administrators only)

async function membersSquad(db: Executor, actor: Actor | null, id: string) {
  const s = await visibleSquad(db, actor, id);
  authorize(actor, 'squad.members', membersResource(s));
  return s;
}

const presentMember = (m: Awaited<ReturnType<typeof repo.members>>[number]) => ({
  id: m.id,
  name: m.name,
  grade: m.grade as Grade,
  guardianName: m.guardianName,
  guardianContact: m.guardianContact,
  guardianConsentAt: m.guardianConsentAt,
  joinedOn: m.joinedOn,
  leftOn: m.leftOn,
});

export async function listMembers(db: Db, actor: Actor | null, id: string) {
  const s = await membersSquad(db, actor, id);
  return { items: (await repo.members(db, s.id)).map(presentMember) };
}

export async function addMember(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof AddMemberSchema>,
) {
  const s = await membersSquad(db, actor, id);
  if (s.status === 'DISSOLVED' || s.status === 'REJECTED')
    throw ruleError(
      'STATE_CONFLICT',
      '该中队不在活动状态，不能登记队员',
      'The squad is not active: members cannot be added',
    );
  const today = beijingToday();
  if (input.joinedOn && input.joinedOn > today)
    throw fieldError('joinedOn', '入队日期不能晚于今天', 'cannot be in the future');
  const mid = newId();
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    await repo.insertMember(tx, {
      id: mid,
      squadId: s.id,
      name: input.name,
      grade: input.grade,
      guardianName: input.guardianName,
      guardianContact: input.guardianContact,
      guardianConsentAt: at,
      recordedBy: actor!.userId,
      joinedOn: input.joinedOn ?? today,
      leftOn: null,
    });
    await recordAudit(tx, ctx, {
      action: 'squad.memberAdd',
      entityType: 'squadMember',
      entityId: mid,
      organisationId: s.organisationId,
      detail: { squadId: s.id, guardianConsent: true },
      personal: { name: input.name, guardianName: input.guardianName },
    });
  });
  return presentMember((await repo.findMember(db, mid))!);
}

async function memberOf(db: Executor, actor: Actor | null, memberId: string) {
  const m = await repo.findMember(db, memberId);
  if (!m) throw new AppError('NOT_FOUND');
  const s = await membersSquad(db, actor, m.squadId);
  return { m, s };
}

/** The member leaves: kept in the record (name, grade, dates), the guardian's contact erased. */
export async function memberLeaves(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  memberId: string,
) {
  const { m, s } = await memberOf(db, actor, memberId);
  if (m.leftOn) throw ruleError('STATE_CONFLICT', '该队员已离队', 'The member has already left');
  await db.transaction().execute(async (tx) => {
    await repo.updateMember(tx, m.id, { leftOn: beijingToday(), guardianContact: null });
    await recordAudit(tx, ctx, {
      action: 'squad.memberLeave',
      entityType: 'squadMember',
      entityId: m.id,
      organisationId: s.organisationId,
      detail: { squadId: s.id },
    });
  });
  return presentMember((await repo.findMember(db, m.id))!);
}

/** Erases a member's record entirely (the guardian withdrew consent, or it was entered wrongly). */
export async function deleteMember(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  memberId: string,
) {
  const { m, s } = await memberOf(db, actor, memberId);
  await db.transaction().execute(async (tx) => {
    await repo.deleteMember(tx, m.id);
    await recordAudit(tx, ctx, {
      action: 'squad.memberErase',
      entityType: 'squadMember',
      entityId: m.id,
      organisationId: s.organisationId,
      detail: { squadId: s.id },
    });
  });
  return { ok: true as const };
}

// ---- activities and the yearly record

async function managedSquad(db: Executor, actor: Actor | null, id: string) {
  const s = await visibleSquad(db, actor, id);
  authorize(actor, 'squad.manage', resourceOf(s));
  return s;
}

const presentActivity = (a: Awaited<ReturnType<typeof repo.activitiesOf>>[number]) => ({
  id: a.id,
  activityId: a.activityId,
  title: a.title,
  heldOn: a.heldOn,
  participants: a.participants,
  note: a.note,
});

export async function listActivities(db: Db, actor: Actor | null, id: string) {
  const s = await visibleSquad(db, actor, id);
  return { items: (await repo.activitiesOf(db, s.id)).map(presentActivity) };
}

export async function addActivity(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof AddSquadActivitySchema>,
) {
  const s = await managedSquad(db, actor, id);
  if (s.status !== 'APPROVED')
    throw ruleError(
      'STATE_CONFLICT',
      '中队获批后才能记录活动',
      'Activities are recorded once the squad is approved',
    );
  let title = input.title;
  if (input.activityId) {
    const a = await db
      .selectFrom('activities')
      .select(['title', 'status'])
      .where('id', '=', input.activityId)
      .executeTakeFirst();
    if (!a || a.status !== 'PUBLISHED')
      throw fieldError('activityId', '找不到这项已发布的活动', 'is not a published activity');
    title = a.title;
  }
  if (!title) throw fieldError('title', '请填写活动名称', 'is required');
  if (input.heldOn > beijingToday())
    throw fieldError('heldOn', '只能记录已经举行的活动', 'cannot be in the future');
  const aid = newId();
  await db.transaction().execute(async (tx) => {
    await repo.insertActivity(tx, {
      id: aid,
      squadId: s.id,
      activityId: input.activityId,
      title,
      heldOn: input.heldOn,
      participants: input.participants,
      note: input.note,
      createdBy: actor!.userId,
      createdAt: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'squad.activity',
      entityType: 'squad',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { title, heldOn: input.heldOn, participants: input.participants },
    });
  });
  return presentActivity((await repo.findActivity(db, aid))!);
}

export async function deleteActivity(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  activityRecordId: string,
) {
  const a = await repo.findActivity(db, activityRecordId);
  if (!a) throw new AppError('NOT_FOUND');
  const s = await managedSquad(db, actor, a.squadId);
  await db.transaction().execute(async (tx) => {
    await repo.deleteActivity(tx, a.id);
    await recordAudit(tx, ctx, {
      action: 'squad.activity',
      entityType: 'squad',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { removed: a.title, heldOn: a.heldOn },
    });
  });
  return { ok: true as const };
}

/** The yearly record: members at the year's end (or today), joins, leaves, activities, summary. */
export async function yearRecord(db: Db, actor: Actor | null, id: string, year: number) {
  const s = await visibleSquad(db, actor, id);
  const today = beijingToday();
  const end = `${year}-12-31` < today ? `${year}-12-31` : today;
  const start = `${year}-01-01`;
  const [members, activities, saved] = await Promise.all([
    repo.members(db, s.id),
    repo.activitiesOf(db, s.id, year),
    repo.findYear(db, s.id, year),
  ]);
  const atEnd = members.filter((m) => m.joinedOn <= end && (!m.leftOn || m.leftOn > end));
  const grades = new Map<string, number>();
  for (const m of atEnd) grades.set(m.grade, (grades.get(m.grade) ?? 0) + 1);
  return {
    year,
    membersAtEnd: atEnd.length,
    joined: members.filter((m) => m.joinedOn >= start && m.joinedOn <= end).length,
    left: members.filter((m) => m.leftOn && m.leftOn >= start && m.leftOn <= end).length,
    activities: activities.length,
    participantTimes: activities.reduce((n, a) => n + a.participants, 0),
    byGrade: [...grades.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([grade, n]) => ({ grade: grade as Grade, members: n })),
    summary: saved?.summary ?? '',
    summaryUpdatedAt: saved?.updatedAt ?? null,
  };
}

export async function saveYear(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  year: number,
  summary: string,
) {
  const s = await managedSquad(db, actor, id);
  if (year > Number(beijingToday().slice(0, 4)))
    throw fieldError('year', '不能填写未来年份的总结', 'cannot be a future year');
  await db.transaction().execute(async (tx) => {
    await repo.saveYear(tx, {
      squadId: s.id,
      year,
      summary,
      updatedBy: actor!.userId,
      updatedAt: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'squad.update',
      entityType: 'squad',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { yearSummary: year },
    });
  });
  return yearRecord(db, actor, id, year);
}

export async function publicSquads(
  db: Db,
  q: { q?: string; page: number; pageSize: number },
  locale: Locale,
) {
  const [total, rows] = await repo.publicSquads(db, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
    query: q.q,
  });
  const counts = await repo.counts(
    db,
    rows.map((r) => r.id),
    `${beijingToday().slice(0, 4)}-01-01`,
  );
  return {
    total,
    items: await Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        name: r.name,
        schoolName: r.schoolName,
        provinceName: await provinceOf(db, r.orgDivisionCode ?? r.approverDivisionCode, locale),
        since: (r.decidedAt ?? '').slice(0, 10),
        members: counts.get(r.id)!.members,
        activitiesThisYear: counts.get(r.id)!.activities,
      })),
    ),
  };
}
