/**
 * Group bookings: a teacher (signed in) asks for places for a class — school (a unit, or its
 * name), grade and class, the teacher's contact, how many — with the names now, later, or from a
 * roster (xlsx or csv, told apart by content). The host approves all, part or none; approved
 * places are taken by the same conditional UPDATE as a person's registration (never overbooked,
 * whatever else registers at the same moment) and held by one registration of the teacher's with
 * the group's id. The rest is released, or stays asked for (PARTIAL) for a later decision. The
 * group gets one QR code for all its places, or one per person (the host's choice); check-in
 * takes both.
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { GroupMemberTable, GroupStatus } from '#platform/db/schema.ts';
import { AppError, fieldError, fieldErrors, ruleError } from '#platform/errors.ts';
import { chinaTimeText, newId, nowIso } from '#platform/ids.ts';
import { readXlsxRows } from '#platform/import/xlsx.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can } from '#platform/policy.ts';
import { facilityBrief, isPartner } from '../facilities/repo.ts';
import { GROUP_CANCELLED, GROUP_DECIDED } from './notifications.ts';
import { promote } from './registration.ts';
import * as repo from './repo.ts';
import { placeOf } from './service.ts';
import { ticketCodeFor } from './tickets.ts';

export const GROUP_MAX = 500;
const ROSTER_MAX_BYTES = 2 * 1024 * 1024;

export interface GroupRequestInput {
  sessionId?: string | undefined;
  schoolOrganisationId: string | null;
  schoolName: string;
  gradeClass: string;
  contactName: string;
  contactPhone: string;
  requested: number;
  names: string[];
  safetyAcknowledged?: boolean;
}

const PHONE = /^(\+86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

async function hostActivity(db: Executor, actor: Actor | null, activityId: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const a = await repo.findActivity(db, activityId);
  if (!a || !can(actor, 'activity.read', { orgPath: a.orgPath })) throw new AppError('NOT_FOUND');
  authorize(actor, 'registration.manage', { orgPath: a.orgPath });
  return a;
}

/** The teacher asks for places; nothing is held until the host approves. */
export async function requestGroup(
  db: Db,
  actor: Actor,
  ctx: RequestContext,
  activityId: string,
  input: GroupRequestInput,
  nowMs = Date.now(),
) {
  const now = nowIso(nowMs);
  const a = await repo.findActivity(db, activityId);
  if (!a || a.status === 'DRAFT' || a.status === 'PENDING_REVIEW') throw new AppError('NOT_FOUND');
  if (a.status !== 'PUBLISHED')
    throw ruleError('STATE_CONFLICT', '活动已取消', 'The activity is cancelled');
  if (a.groupsAllowed !== 1)
    throw ruleError(
      'RULE_BROKEN',
      '该活动不接受团体预约',
      'This activity does not take group bookings',
    );
  const sessions = (await repo.sessionsOf(db, [a.id])).filter(
    (s) => s.status === 'ACTIVE' && s.startsAt > now,
  );
  const s = input.sessionId ? sessions.find((x) => x.id === input.sessionId) : sessions[0];
  if (!s)
    throw input.sessionId
      ? fieldError('sessionId', '该活动没有这个可预约的场次', 'is not an open session')
      : ruleError('STATE_CONFLICT', '该活动没有可预约的场次', 'The activity has no open session');
  if (input.sessionId === undefined && sessions.length > 1)
    throw fieldError('sessionId', '该活动有多个场次，请选择场次', 'is required: several sessions');
  if ((s.registrationClosesAt && now >= s.registrationClosesAt) || now >= s.startsAt)
    throw ruleError('STATE_CONFLICT', '报名已截止', 'Registration is closed');
  const problems: { field: string; zh: string; en: string }[] = [];
  let schoolName = input.schoolName;
  if (input.schoolOrganisationId) {
    const org = await db
      .selectFrom('organisations')
      .select(['name', 'active'])
      .where('id', '=', input.schoolOrganisationId)
      .executeTakeFirst();
    if (!org?.active)
      problems.push({
        field: 'schoolOrganisationId',
        zh: '不是现有的单位',
        en: 'is not an existing unit',
      });
    else schoolName = org.name;
  }
  if (!schoolName)
    problems.push({ field: 'schoolName', zh: '请填写学校名称', en: 'The school is required' });
  if (!PHONE.test(input.contactPhone.replace(/\s+/g, '')))
    problems.push({
      field: 'contactPhone',
      zh: '“联系电话”不是有效的电话号码（手机 11 位，座机含区号）',
      en: 'The contact phone is not a valid phone number',
    });
  if (s.capacity !== null && input.requested > s.capacity)
    problems.push({
      field: 'requested',
      zh: `人数不能超过该场次的容量 ${s.capacity} 人`,
      en: `must be at most the session’s capacity (${s.capacity})`,
    });
  // An open day: the facility's largest group, its safety notes, and its partners first.
  const facility = a.facilityId ? await facilityBrief(db, a.facilityId) : undefined;
  if (facility?.groupMax && input.requested > facility.groupMax)
    problems.push({
      field: 'requested',
      zh: `${facility.name}每批最多接待 ${facility.groupMax} 人`,
      en: `must be at most ${facility.groupMax}: the facility’s largest group`,
    });
  if (facility?.safetyNotes && !input.safetyAcknowledged)
    problems.push({
      field: 'safetyAcknowledged',
      zh: '请阅读并确认安全须知',
      en: 'Read and acknowledge the safety notes',
    });
  if (facility && s.partnersUntil && now < s.partnersUntil) {
    const school = input.schoolOrganisationId
      ? await db
          .selectFrom('organisations')
          .select('path')
          .where('id', '=', input.schoolOrganisationId)
          .executeTakeFirst()
      : undefined;
    const partner =
      school &&
      (await isPartner(db, facility.id, input.schoolOrganisationId!)) &&
      actor.grants.some((g) => g.orgPath === school.path);
    if (!partner)
      problems.push({
        field: 'schoolOrganisationId',
        zh: `该时段在${chinaTimeText(s.partnersUntil)}前仅接受${facility.name}合作学校的预约（须由该校教职工提交）`,
        en: `Until ${chinaTimeText(s.partnersUntil, 'en-US')} only the facility’s partner schools (their staff) book this slot`,
      });
  }
  if (input.names.length > input.requested)
    problems.push({
      field: 'names',
      zh: `名单有 ${input.names.length} 人，多于预约的 ${input.requested} 人`,
      en: `lists ${input.names.length} people, more than the ${input.requested} places asked for`,
    });
  if (problems.length) throw fieldErrors(problems);
  const id = newId(nowMs);
  await db.transaction().execute(async (tx) => {
    await repo.insertGroup(tx, {
      id,
      activityId: a.id,
      sessionId: s.id,
      userId: actor.userId,
      schoolOrganisationId: input.schoolOrganisationId,
      schoolName,
      gradeClass: input.gradeClass,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      requested: input.requested,
      approved: 0,
      status: 'PENDING',
      ticketMode: 'GROUP',
      registrationId: null,
      note: null,
      createdAt: now,
      updatedAt: now,
      safetyAckAt: facility?.safetyNotes ? now : null,
    });
    await repo.insertMembers(tx, memberRows(id, input.requested, input.names));
    await recordAudit(tx, ctx, {
      action: 'group.request',
      entityType: 'activity',
      entityId: a.id,
      organisationId: a.organisationId,
      detail: { groupId: id, requested: input.requested, gradeClass: input.gradeClass },
    });
  });
  return presentGroups(db, [(await groupRow(db, id))!]).then((g) => g[0]!);
}

function memberRows(groupId: string, n: number, names: string[]): GroupMemberTable[] {
  return Array.from({ length: n }, (_, i) => ({
    id: newId(),
    groupId,
    seq: i + 1,
    name: names[i] ?? '',
    ticketCode: null,
    checkedInAt: null,
  }));
}

async function groupRow(db: Executor, id: string) {
  const g = await repo.findGroup(db, id);
  if (!g) return undefined;
  const rows = await repo.listGroupsOfActivity(db, g.activityId, {});
  return rows.find((r) => r.id === id);
}

/** Groups for reading: the session, the places, the members and their tickets when confirmed. */
export async function presentGroups(db: Executor, rows: repo.GroupRow[]) {
  const members = await repo.membersOf(
    db,
    rows.map((g) => g.id),
  );
  return rows.map((g) => {
    const live = g.status === 'APPROVED' || g.status === 'PARTIAL';
    return {
      id: g.id,
      activityId: g.activityId,
      activityTitle: g.activityTitle,
      sessionId: g.sessionId,
      startsAt: g.startsAt,
      endsAt: g.endsAt,
      place: placeOf(g),
      teacherName: g.teacherName,
      schoolOrganisationId: g.schoolOrganisationId,
      schoolName: g.schoolName,
      gradeClass: g.gradeClass,
      contactName: g.contactName,
      contactPhone: g.contactPhone,
      requested: g.requested,
      approved: g.approved,
      status: g.status,
      ticketMode: g.ticketMode,
      ticketCode: live && g.ticketMode === 'GROUP' ? g.groupTicketCode : null,
      checkedInAt: g.checkedInAt,
      note: g.note,
      safetyAckAt: g.safetyAckAt,
      createdAt: g.createdAt,
      members: members
        .filter((m) => m.groupId === g.id)
        .map((m) => ({
          id: m.id,
          seq: m.seq,
          name: m.name,
          ticketCode: live ? m.ticketCode : null,
          checkedInAt: m.checkedInAt,
        })),
    };
  });
}

export async function myGroups(db: Db, actor: Actor) {
  return { items: await presentGroups(db, await repo.listGroupsOfUser(db, actor.userId)) };
}

export async function groupsOfActivity(
  db: Db,
  actor: Actor | null,
  activityId: string,
  q: { sessionId?: string; status?: GroupStatus },
) {
  await hostActivity(db, actor, activityId);
  return { items: await presentGroups(db, await repo.listGroupsOfActivity(db, activityId, q)) };
}

/**
 * The host's decision: `approve` more places now (0: none), one QR or one per person, and what
 * becomes of the places not approved: RELEASE (the booking is settled) or WAIT (still asked for).
 * Places are taken in the database; when too few are left the decision is refused with the figure.
 */
export async function decideGroup(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: {
    approve: number;
    ticketMode: 'GROUP' | 'PERSON';
    rest: 'RELEASE' | 'WAIT';
    note: string | null;
  },
  nowMs = Date.now(),
) {
  const g0 = await repo.findGroup(db, id);
  if (!g0) throw new AppError('NOT_FOUND');
  const a = await hostActivity(db, actor, g0.activityId);
  const at = nowIso(nowMs);
  await db.transaction().execute(async (tx) => {
    const g = (await repo.findGroup(tx, id))!;
    if (g.status !== 'PENDING' && g.status !== 'PARTIAL')
      throw ruleError('STATE_CONFLICT', '该团体预约已处理', 'The group booking is already settled');
    const open = g.requested - g.approved;
    if (input.approve > open)
      throw fieldError(
        'approve',
        `最多还能通过 ${open} 人`,
        `must be at most ${open} (the places still asked for)`,
      );
    const approved = g.approved + input.approve;
    const status: GroupStatus =
      approved === g.requested
        ? 'APPROVED'
        : input.rest === 'WAIT'
          ? 'PARTIAL'
          : approved > 0
            ? 'APPROVED'
            : 'DECLINED';
    if (input.rest === 'WAIT' && input.approve === 0 && g.status === 'PENDING')
      throw fieldError('approve', '请填写通过的人数', 'must be at least 1 (or release the rest)');
    const regId = g.registrationId ?? newId(nowMs);
    if (
      !(await repo.moveGroup(tx, id, g, {
        approved,
        status,
        ticketMode: input.ticketMode,
        note: input.note,
        updatedAt: at,
      }))
    )
      throw ruleError(
        'STATE_CONFLICT',
        '该团体预约刚刚发生了变化，请刷新',
        'The booking just changed; reload',
      );
    if (input.approve > 0 && !(await repo.takePlaces(tx, g.sessionId, input.approve))) {
      const p = await repo.placesLeft(tx, g.sessionId);
      const left = p?.capacity == null ? 0 : Math.max(0, p.capacity - p.taken);
      throw fieldError(
        'approve',
        `该场次只剩 ${left} 个名额，不能通过 ${input.approve} 人`,
        `only ${left} places are left in the session, not ${input.approve}`,
      );
    }
    const groupCode = input.ticketMode === 'GROUP' ? ticketCodeFor(regId) : null;
    if (approved > 0 && !g.registrationId) {
      await repo.insertRegistration(tx, {
        id: regId,
        sessionId: g.sessionId,
        activityId: g.activityId,
        userId: g.userId,
        quantity: approved,
        status: 'CONFIRMED',
        answers: '{}',
        offerExpiresAt: null,
        ticketCode: groupCode,
        createdAt: at,
        updatedAt: at,
        cancelledAt: null,
        checkedInAt: null,
        noShowAt: null,
        guardianName: null,
        guardianContact: null,
        guardianConsentAt: null,
        groupId: g.id,
      });
      await tx
        .updateTable('activityGroups')
        .set({ registrationId: regId })
        .where('id', '=', g.id)
        .execute();
    } else if (g.registrationId)
      await tx
        .updateTable('registrations')
        .set({ quantity: approved, ticketCode: groupCode, updatedAt: at })
        .where('id', '=', g.registrationId)
        .execute();
    // Members past the places kept go; per-person tickets for the approved ones.
    if (status !== 'PARTIAL') await repo.deleteMembersAfter(tx, g.id, approved);
    for (const m of await repo.membersOf(tx, [g.id]))
      await repo.setMember(tx, m.id, {
        ticketCode: input.ticketMode === 'PERSON' && m.seq <= approved ? ticketCodeFor(m.id) : null,
      });
    await recordAudit(tx, ctx, {
      action: 'group.decide',
      entityType: 'activity',
      entityId: a.id,
      organisationId: a.organisationId,
      detail: {
        groupId: g.id,
        requested: g.requested,
        approved,
        rest: input.rest,
        ticketMode: input.ticketMode,
        ...(input.note ? { note: input.note } : {}),
      },
    });
    await notify(tx, [g.userId], GROUP_DECIDED, {
      activityId: a.id,
      title: a.title,
      gradeClass: g.gradeClass,
      requested: g.requested,
      approved,
      waiting: status === 'PARTIAL',
      note: input.note,
    });
  });
  return presentGroups(db, [(await groupRow(db, id))!]).then((g) => g[0]!);
}

/** The teacher (or the host) cancels: the places go back, and on to the waiting list. */
export async function cancelGroup(
  db: Db,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  nowMs = Date.now(),
) {
  await db.transaction().execute(async (tx) => {
    const g = await repo.findGroup(tx, id);
    if (!g) throw new AppError('NOT_FOUND');
    const a = (await repo.findActivity(tx, g.activityId))!;
    const organiser = can(actor, 'registration.manage', { orgPath: a.orgPath });
    if (g.userId !== actor.userId && !organiser) throw new AppError('NOT_FOUND');
    if (g.status === 'DECLINED' || g.status === 'CANCELLED')
      throw ruleError('STATE_CONFLICT', '该团体预约已结束', 'The group booking has ended');
    if (!(await endGroup(tx, g, a, actor.userId, nowMs)))
      throw ruleError(
        'STATE_CONFLICT',
        '该团体预约刚刚发生了变化，请刷新',
        'The booking just changed; reload',
      );
    await recordAudit(tx, ctx, {
      action: 'group.cancel',
      entityType: 'activity',
      entityId: a.id,
      organisationId: a.organisationId,
      detail: { groupId: id },
    });
  });
  return { ok: true as const };
}

/**
 * Cancels a group booking in the caller's transaction (the checks are the caller's): its places
 * go back and on to the waiting list; when the teacher cancels, the activity's organiser is told
 * (the school and class, never the teacher's name). False when it moved in between.
 */
export async function endGroup(
  tx: Executor,
  g: NonNullable<Awaited<ReturnType<typeof repo.findGroup>>>,
  a: { id: string; title: string; createdBy: string },
  byUserId: string,
  nowMs: number,
): Promise<boolean> {
  const at = nowIso(nowMs);
  if (!(await repo.moveGroup(tx, g.id, g, { status: 'CANCELLED', updatedAt: at }))) return false;
  if (g.registrationId) {
    const r = (await repo.findRegistration(tx, g.registrationId))!;
    if (
      await repo.moveRegistration(tx, r.id, ['CONFIRMED'], {
        status: 'CANCELLED',
        cancelledAt: at,
        updatedAt: at,
      })
    ) {
      await repo.releasePlaces(tx, r.sessionId, r.quantity);
      await promote(tx, r.sessionId, nowMs);
    }
  }
  if (byUserId === g.userId && a.createdBy !== byUserId) {
    const s = await repo.findSession(tx, g.sessionId);
    await notify(tx, [a.createdBy], GROUP_CANCELLED, {
      activityId: a.id,
      title: a.title,
      schoolName: g.schoolName,
      gradeClass: g.gradeClass,
      places: g.approved > 0 ? g.approved : g.requested,
      approved: g.approved > 0,
      startsAt: s?.startsAt ?? null,
    });
  }
  return true;
}

/** A roster's names: the first column of an xlsx's first sheet or of a csv (a header row skipped). */
export async function rosterNames(bytes: Buffer): Promise<string[]> {
  if (bytes.length === 0) throw fieldError('file', '文件是空的', 'is empty');
  if (bytes.length > ROSTER_MAX_BYTES)
    throw fieldError('file', '名单文件不能超过 2 MB', 'must be at most 2 MB');
  const cells: string[] = [];
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    for await (const row of readXlsxRows(bytes)) {
      const v = row.cells[0];
      cells.push(v === null || v === undefined ? '' : String(v).trim());
    }
  } else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = '';
    }
    // A csv is text: a picture or a document renamed to .csv is refused by what it holds.
    const binary = [...text].some((c) => {
      const n = c.charCodeAt(0);
      return n < 9 || (n > 13 && n < 32);
    });
    if (!text || binary)
      throw fieldError(
        'file',
        '不是 xlsx 或 csv（UTF-8）名单文件',
        'is not an xlsx or csv (UTF-8) roster',
      );
    for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
      const first = line.split(',')[0] ?? '';
      cells.push(first.replace(/^"|"$/g, '').trim());
    }
  }
  const names = cells.filter(Boolean);
  if (names[0] && /^(姓名|名字|name)$/i.test(names[0])) names.shift();
  for (const [i, n] of names.entries())
    if (n.length > 40)
      throw fieldError(
        'file',
        `第 ${i + 1} 个姓名超过 40 字`,
        `name ${i + 1} is over 40 characters`,
      );
  if (names.length === 0) throw fieldError('file', '名单中没有姓名', 'has no names');
  return names;
}

/** The teacher (or the host) puts the class's names on the group's places, in order. */
export async function uploadRoster(
  db: Db,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  bytes: Buffer,
) {
  const g = await repo.findGroup(db, id);
  if (!g) throw new AppError('NOT_FOUND');
  const a = (await repo.findActivity(db, g.activityId))!;
  const organiser = can(actor, 'registration.manage', { orgPath: a.orgPath });
  if (g.userId !== actor.userId && !organiser) throw new AppError('NOT_FOUND');
  if (g.status === 'DECLINED' || g.status === 'CANCELLED')
    throw ruleError('STATE_CONFLICT', '该团体预约已结束', 'The group booking has ended');
  const names = await rosterNames(bytes);
  const members = await repo.membersOf(db, [id]);
  if (names.length > members.length)
    throw fieldError(
      'file',
      `名单有 ${names.length} 人，多于团体的 ${members.length} 个名额`,
      `lists ${names.length} people, more than the group’s ${members.length} places`,
    );
  await db.transaction().execute(async (tx) => {
    for (const m of members) await repo.setMember(tx, m.id, { name: names[m.seq - 1] ?? '' });
    await recordAudit(tx, ctx, {
      action: 'group.roster',
      entityType: 'activity',
      entityId: a.id,
      organisationId: a.organisationId,
      detail: { groupId: id, names: names.length },
    });
  });
  return presentGroups(db, [(await groupRow(db, id))!]).then((x) => x[0]!);
}
