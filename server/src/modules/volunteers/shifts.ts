/**
 * Volunteer shifts: an activity session opens roles with places; verified volunteers of the
 * activity's host sign up (a place held at once, by one conditional UPDATE of `taken`, so a
 * burst never oversells); the host confirms or declines (a decline frees the place); at the door
 * the host's staff check a confirmed volunteer in (arrival) and out (departure). Departure writes
 * the shift's hours to the ledger: departure − arrival, capped at the session's length plus
 * `HOURS_MARGIN_MINUTES`; a shift never checked out gives no hours until the host enters them.
 */
import { sql } from 'kysely';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { VolunteerShiftStatus } from '#platform/db/schema.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { newId, nowIso, todayInChina } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can, signedIn } from '#platform/policy.ts';
import { SHIFT_DECIDED } from './notifications.ts';
import { isVerifiedAt } from './service.ts';
import './policy.ts';

/** A shift's hours are at most the session's length plus this margin (setting up, clearing). */
export const HOURS_MARGIN_MINUTES = 60;

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  return err.code === '23505' || /UNIQUE constraint failed/.test(String(err.message));
};

async function activityOf(db: Executor, activityId: string) {
  const a = await db
    .selectFrom('activities as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisationId')
    .select([
      'a.id',
      'a.title',
      'a.status',
      'a.organisationId',
      'o.path as orgPath',
      'o.name as hostName',
    ])
    .where('a.id', '=', activityId)
    .executeTakeFirst();
  if (!a) throw new AppError('NOT_FOUND');
  return a;
}

/** 404 for someone outside the host's reach, 403 for its staff without the right. */
function authorizeAt(me: Actor, act: string, orgPath: string) {
  if (!can(me, act, { orgPath }) && !can(me, 'volunteer.checkIn', { orgPath }))
    throw new AppError('NOT_FOUND');
  return authorize(me, act, { orgPath });
}

export async function createRole(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  activityId: string,
  sessionId: string,
  input: { label: string; places: number },
) {
  const me = signedIn(actor);
  const a = await activityOf(db, activityId);
  authorizeAt(me, 'volunteer.manage', a.orgPath);
  const s = await db
    .selectFrom('activitySessions')
    .select(['id', 'status'])
    .where('id', '=', sessionId)
    .where('activityId', '=', a.id)
    .executeTakeFirst();
  if (!s) throw new AppError('NOT_FOUND');
  if (s.status !== 'ACTIVE' || a.status === 'CANCELLED')
    throw ruleError('STATE_CONFLICT', '场次已取消', 'The session is cancelled');
  const id = newId();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('volunteerRoles')
      .values({
        id,
        activityId: a.id,
        sessionId,
        label: input.label,
        places: input.places,
        taken: 0,
        createdAt: nowIso(),
      })
      .execute();
    await recordAudit(tx, ctx, {
      action: 'volunteerRole.create',
      entityType: 'volunteerRole',
      entityId: id,
      organisationId: a.organisationId,
      detail: { activityId: a.id, label: input.label, places: input.places },
    });
  });
  return { id, sessionId, label: input.label, places: input.places, taken: 0 };
}

export async function deleteRole(db: Db, actor: Actor | null, ctx: RequestContext, id: string) {
  const me = signedIn(actor);
  const r = await db
    .selectFrom('volunteerRoles')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND');
  const a = await activityOf(db, r.activityId);
  authorizeAt(me, 'volunteer.manage', a.orgPath);
  await db.transaction().execute(async (tx) => {
    const any = await tx
      .selectFrom('volunteerShifts')
      .select('id')
      .where('roleId', '=', id)
      .executeTakeFirst();
    if (any)
      throw ruleError(
        'STATE_CONFLICT',
        '已有志愿者报名该岗位，不能删除',
        'Volunteers signed up for this role',
      );
    await tx.deleteFrom('volunteerRoles').where('id', '=', id).execute();
    await recordAudit(tx, ctx, {
      action: 'volunteerRole.delete',
      entityType: 'volunteerRole',
      entityId: id,
      organisationId: a.organisationId,
      detail: { activityId: a.id, label: r.label },
    });
  });
  return { ok: true as const };
}

const minutesOf = (
  arrivedAt: string | null,
  departedAt: string | null,
  startsAt: string,
  endsAt: string,
) => {
  if (!arrivedAt || !departedAt) return null;
  const worked = Math.round((Date.parse(departedAt) - Date.parse(arrivedAt)) / 60_000);
  const cap =
    Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000) + HOURS_MARGIN_MINUTES;
  return Math.max(0, Math.min(worked, cap));
};

/** The host's view: every session's roles with their sign-ups (names, door times, hours). */
export async function rolesOfActivity(db: Db, actor: Actor | null, activityId: string) {
  const me = signedIn(actor);
  const a = await activityOf(db, activityId);
  authorizeAt(me, 'volunteer.checkIn', a.orgPath);
  const roles = await db
    .selectFrom('volunteerRoles as r')
    .innerJoin('activitySessions as s', 's.id', 'r.sessionId')
    .select(['r.id', 'r.sessionId', 'r.label', 'r.places', 'r.taken', 's.startsAt', 's.endsAt'])
    .where('r.activityId', '=', a.id)
    .orderBy('s.startsAt')
    .orderBy('r.createdAt')
    .orderBy('r.id')
    .execute();
  const shifts = roles.length
    ? await db
        .selectFrom('volunteerShifts as v')
        .innerJoin('users as u', 'u.id', 'v.userId')
        .leftJoin('volunteerHours as h', 'h.shiftId', 'v.id')
        .select([
          'v.id',
          'v.roleId',
          'v.userId',
          'u.displayName as personName',
          'v.status',
          'v.arrivedAt',
          'v.departedAt',
          'v.createdAt',
          'h.minutes',
        ])
        .where(
          'v.roleId',
          'in',
          roles.map((r) => r.id),
        )
        .orderBy('v.createdAt')
        .orderBy('v.id')
        .execute()
    : [];
  const manage = can(me, 'volunteer.manage', { orgPath: a.orgPath });
  return {
    activityId: a.id,
    title: a.title,
    canManage: manage,
    roles: roles.map((r) => ({
      id: r.id,
      sessionId: r.sessionId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      label: r.label,
      places: r.places,
      taken: r.taken,
      shifts: shifts
        .filter((s) => s.roleId === r.id)
        .map((s) => ({
          id: s.id,
          userId: s.userId,
          personName: s.personName,
          status: s.status,
          arrivedAt: s.arrivedAt,
          departedAt: s.departedAt,
          hours: s.minutes === null || s.minutes === undefined ? null : hoursOf(s.minutes),
          createdAt: s.createdAt,
        })),
    })),
  };
}

export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/** Roles open to the person: at published activities of hosts that verified them, not yet begun. */
export async function openRoles(db: Db, actor: Actor | null) {
  const me = signedIn(actor);
  const rows = await db
    .selectFrom('volunteerRoles as r')
    .innerJoin('activitySessions as s', 's.id', 'r.sessionId')
    .innerJoin('activities as a', 'a.id', 'r.activityId')
    .innerJoin('organisations as o', 'o.id', 'a.organisationId')
    .innerJoin('volunteerHosts as h', (j) =>
      j
        .onRef('h.organisationId', '=', 'a.organisationId')
        .on('h.userId', '=', me.userId)
        .on('h.status', '=', 'VERIFIED'),
    )
    .select([
      'r.id',
      'r.label',
      'r.places',
      'r.taken',
      'r.sessionId',
      'a.id as activityId',
      'a.title',
      'o.name as hostName',
      's.startsAt',
      's.endsAt',
    ])
    .where('a.status', '=', 'PUBLISHED')
    .where('s.status', '=', 'ACTIVE')
    .where('s.startsAt', '>', nowIso())
    .orderBy('s.startsAt')
    .orderBy('r.id')
    .limit(200)
    .execute();
  const mine = new Set(
    (
      await db
        .selectFrom('volunteerShifts')
        .select('roleId')
        .where('userId', '=', me.userId)
        .where('status', 'in', ['PENDING', 'CONFIRMED'])
        .execute()
    ).map((r) => r.roleId),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      label: r.label,
      activityId: r.activityId,
      title: r.title,
      hostName: r.hostName,
      sessionId: r.sessionId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      placesLeft: Math.max(0, r.places - r.taken),
      signedUp: mine.has(r.id),
    })),
  };
}

/**
 * Signs the person up for a role: a verified volunteer of the activity's host, the session not
 * begun. The place is held by one conditional UPDATE in the sign-up's transaction; none left:
 * 409. A second live sign-up for the same session: 409 (the partial unique index).
 */
export async function signUp(db: Db, actor: Actor | null, ctx: RequestContext, roleId: string) {
  const me = signedIn(actor);
  const r = await db
    .selectFrom('volunteerRoles as r')
    .innerJoin('activitySessions as s', 's.id', 'r.sessionId')
    .innerJoin('activities as a', 'a.id', 'r.activityId')
    .select([
      'r.id',
      'r.sessionId',
      'r.label',
      'a.organisationId',
      'a.status as activityStatus',
      's.status',
      's.startsAt',
    ])
    .where('r.id', '=', roleId)
    .executeTakeFirst();
  if (!r || r.activityStatus !== 'PUBLISHED') throw new AppError('NOT_FOUND');
  if (!(await isVerifiedAt(db, me.userId, r.organisationId))) throw new AppError('FORBIDDEN');
  if (r.status !== 'ACTIVE' || Date.parse(r.startsAt) <= Date.now())
    throw ruleError(
      'STATE_CONFLICT',
      '该场次已开始或已取消',
      'The session has begun or is cancelled',
    );
  const id = newId();
  try {
    await db.transaction().execute(async (tx) => {
      const took = await tx
        .updateTable('volunteerRoles')
        .set({ taken: sql`taken + 1` })
        .where('id', '=', roleId)
        .where(sql<boolean>`taken < places`)
        .executeTakeFirst();
      if (Number(took.numUpdatedRows) !== 1)
        throw ruleError('STATE_CONFLICT', '该岗位名额已满', 'The role has no places left');
      await tx
        .insertInto('volunteerShifts')
        .values({
          id,
          roleId,
          sessionId: r.sessionId,
          userId: me.userId,
          status: 'PENDING',
          arrivedAt: null,
          departedAt: null,
          decidedBy: null,
          decidedAt: null,
          createdAt: nowIso(),
        })
        .execute();
      await recordAudit(tx, ctx, {
        action: 'volunteerShift.signUp',
        entityType: 'volunteerShift',
        entityId: id,
        organisationId: r.organisationId,
        detail: { roleId, label: r.label },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw ruleError(
        'STATE_CONFLICT',
        '您已报名该场次的志愿岗位',
        'You already signed up for this session',
      );
    throw e;
  }
  return { id, status: 'PENDING' as const };
}

async function shiftOf(db: Executor, id: string) {
  const s = await db
    .selectFrom('volunteerShifts as v')
    .innerJoin('volunteerRoles as r', 'r.id', 'v.roleId')
    .innerJoin('activitySessions as s', 's.id', 'v.sessionId')
    .innerJoin('activities as a', 'a.id', 'r.activityId')
    .innerJoin('organisations as o', 'o.id', 'a.organisationId')
    .select([
      'v.id',
      'v.roleId',
      'v.userId',
      'v.status',
      'v.arrivedAt',
      'v.departedAt',
      'r.label',
      'a.id as activityId',
      'a.title',
      'a.organisationId',
      'o.path as orgPath',
      's.startsAt',
      's.endsAt',
    ])
    .where('v.id', '=', id)
    .executeTakeFirst();
  if (!s) throw new AppError('NOT_FOUND');
  return s;
}
type Shift = Awaited<ReturnType<typeof shiftOf>>;

/** Moves a shift from one of `from` to `to`; a place given back when it leaves a live state. */
async function move(
  tx: Executor,
  s: Shift,
  from: VolunteerShiftStatus[],
  set: { status: VolunteerShiftStatus; decidedBy?: string },
) {
  const moved = await tx
    .updateTable('volunteerShifts')
    .set({
      status: set.status,
      ...(set.decidedBy ? { decidedBy: set.decidedBy, decidedAt: nowIso() } : {}),
    })
    .where('id', '=', s.id)
    .where('status', 'in', from)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1)
    throw ruleError('STATE_CONFLICT', '该报名的状态已改变', 'The shift has changed meanwhile');
  if (set.status === 'DECLINED' || set.status === 'CANCELLED')
    await tx
      .updateTable('volunteerRoles')
      .set({ taken: sql`taken - 1` })
      .where('id', '=', s.roleId)
      .execute();
}

export async function decideShift(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  confirm: boolean,
) {
  const me = signedIn(actor);
  const s = await shiftOf(db, id);
  authorizeAt(me, 'volunteer.manage', s.orgPath);
  await db.transaction().execute(async (tx) => {
    await move(tx, s, ['PENDING'], {
      status: confirm ? 'CONFIRMED' : 'DECLINED',
      decidedBy: me.userId,
    });
    await recordAudit(tx, ctx, {
      action: confirm ? 'volunteerShift.confirm' : 'volunteerShift.decline',
      entityType: 'volunteerShift',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { label: s.label },
    });
    await notify(tx, [s.userId], SHIFT_DECIDED, {
      title: s.title,
      label: s.label,
      startsAt: s.startsAt,
      confirmed: confirm,
    });
  });
  return { id, status: confirm ? ('CONFIRMED' as const) : ('DECLINED' as const) };
}

export async function cancelShift(db: Db, actor: Actor | null, ctx: RequestContext, id: string) {
  const me = signedIn(actor);
  const s = await shiftOf(db, id);
  if (s.userId !== me.userId) throw new AppError('NOT_FOUND');
  if (Date.parse(s.startsAt) <= Date.now())
    throw ruleError('STATE_CONFLICT', '场次已开始，不能取消', 'The session has begun');
  await db.transaction().execute(async (tx) => {
    await move(tx, s, ['PENDING', 'CONFIRMED'], { status: 'CANCELLED' });
    await recordAudit(tx, ctx, {
      action: 'volunteerShift.cancel',
      entityType: 'volunteerShift',
      entityId: s.id,
      organisationId: s.organisationId,
    });
  });
  return { id, status: 'CANCELLED' as const };
}

/** Writes (or rewrites) the shift's row in the hours ledger. */
async function ledger(tx: Executor, s: Shift, minutes: number, day: string, by: string) {
  const at = nowIso();
  const existing = await tx
    .selectFrom('volunteerHours')
    .select('id')
    .where('shiftId', '=', s.id)
    .executeTakeFirst();
  if (existing)
    await tx
      .updateTable('volunteerHours')
      .set({ minutes, workedOn: day, decidedBy: by, decidedAt: at, updatedAt: at })
      .where('id', '=', existing.id)
      .execute();
  else
    await tx
      .insertInto('volunteerHours')
      .values({
        id: newId(),
        userId: s.userId,
        organisationId: s.organisationId,
        shiftId: s.id,
        workedOn: day,
        minutes,
        what: `${s.title} · ${s.label}`,
        status: 'APPROVED',
        decidedBy: by,
        decidedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
}

/**
 * Arrival or departure at the door (`at`: when, default now). Arrival keeps the earliest time
 * given; departure needs an arrival, keeps the latest, and writes the shift's hours.
 */
export async function doorTime(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  kind: 'arrive' | 'depart',
  at?: string,
) {
  const me = signedIn(actor);
  const s = await shiftOf(db, id);
  authorizeAt(me, 'volunteer.checkIn', s.orgPath);
  if (s.status !== 'CONFIRMED')
    throw ruleError(
      'RULE_BROKEN',
      '只有已确认上岗的志愿者可以签到签退',
      'Only a confirmed volunteer is checked in or out',
    );
  const when = at ?? nowIso();
  if (Date.parse(when) > Date.now() + 5 * 60_000)
    throw fieldErrors([{ field: 'at', zh: '不能晚于现在', en: 'cannot be in the future' }]);
  await db.transaction().execute(async (tx) => {
    if (kind === 'arrive') {
      await tx
        .updateTable('volunteerShifts')
        .set({ arrivedAt: when })
        .where('id', '=', s.id)
        .where((eb) => eb.or([eb('arrivedAt', 'is', null), eb('arrivedAt', '>', when)]))
        .execute();
    } else {
      const cur = await tx
        .selectFrom('volunteerShifts')
        .select(['arrivedAt', 'departedAt'])
        .where('id', '=', s.id)
        .executeTakeFirstOrThrow();
      if (!cur.arrivedAt)
        throw ruleError('RULE_BROKEN', '该志愿者尚未签到', 'The volunteer has not been checked in');
      if (Date.parse(when) < Date.parse(cur.arrivedAt))
        throw fieldErrors([
          { field: 'at', zh: '签退时间不能早于签到时间', en: 'cannot be before the arrival' },
        ]);
      const departed = cur.departedAt && cur.departedAt > when ? cur.departedAt : when;
      await tx
        .updateTable('volunteerShifts')
        .set({ departedAt: departed })
        .where('id', '=', s.id)
        .execute();
      const minutes = minutesOf(cur.arrivedAt, departed, s.startsAt, s.endsAt)!;
      await ledger(tx, s, minutes, todayInChina(Date.parse(cur.arrivedAt)), me.userId);
    }
    await recordAudit(tx, ctx, {
      action: kind === 'arrive' ? 'volunteerShift.arrive' : 'volunteerShift.depart',
      entityType: 'volunteerShift',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { at: when },
    });
  });
  const after = await shiftOf(db, id);
  const h = await db
    .selectFrom('volunteerHours')
    .select('minutes')
    .where('shiftId', '=', id)
    .executeTakeFirst();
  return {
    id,
    status: after.status,
    arrivedAt: after.arrivedAt,
    departedAt: after.departedAt,
    hours: h ? hoursOf(h.minutes) : null,
  };
}

/** The host sets a shift's hours (a missing check-out, a wrong time), with a reason. */
export async function correctShiftHours(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: { hours: number; reason: string },
) {
  const me = signedIn(actor);
  const s = await shiftOf(db, id);
  authorizeAt(me, 'volunteer.manage', s.orgPath);
  if (s.status !== 'CONFIRMED')
    throw ruleError(
      'RULE_BROKEN',
      '只有已确认上岗的志愿者有服务时长',
      'Only a confirmed shift has hours',
    );
  const cap = (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000 + HOURS_MARGIN_MINUTES;
  const minutes = Math.round(input.hours * 60);
  if (minutes > cap)
    throw fieldErrors([
      {
        field: 'hours',
        zh: `不能超过场次时长加 ${HOURS_MARGIN_MINUTES} 分钟（${hoursOf(cap)} 小时）`,
        en: `cannot exceed the session’s length plus ${HOURS_MARGIN_MINUTES} minutes (${hoursOf(cap)} h)`,
      },
    ]);
  await db.transaction().execute(async (tx) => {
    await ledger(tx, s, minutes, todayInChina(Date.parse(s.arrivedAt ?? s.startsAt)), me.userId);
    await recordAudit(tx, ctx, {
      action: 'volunteerShift.correct',
      entityType: 'volunteerShift',
      entityId: s.id,
      organisationId: s.organisationId,
      detail: { hours: input.hours, reason: input.reason },
    });
  });
  return {
    id,
    status: s.status,
    arrivedAt: s.arrivedAt,
    departedAt: s.departedAt,
    hours: hoursOf(minutes),
  };
}

/** The person's shifts, newest session first. */
export async function myShifts(db: Db, actor: Actor | null) {
  const me = signedIn(actor);
  const rows = await db
    .selectFrom('volunteerShifts as v')
    .innerJoin('volunteerRoles as r', 'r.id', 'v.roleId')
    .innerJoin('activitySessions as s', 's.id', 'v.sessionId')
    .innerJoin('activities as a', 'a.id', 'r.activityId')
    .innerJoin('organisations as o', 'o.id', 'a.organisationId')
    .leftJoin('volunteerHours as h', 'h.shiftId', 'v.id')
    .select([
      'v.id',
      'v.status',
      'v.arrivedAt',
      'v.departedAt',
      'r.label',
      'a.id as activityId',
      'a.title',
      'o.name as hostName',
      's.startsAt',
      's.endsAt',
      'h.minutes',
    ])
    .where('v.userId', '=', me.userId)
    .orderBy('s.startsAt', 'desc')
    .orderBy('v.id')
    .limit(500)
    .execute();
  const now = Date.now();
  return {
    items: rows.map((r) => ({
      id: r.id,
      status: r.status,
      label: r.label,
      activityId: r.activityId,
      title: r.title,
      hostName: r.hostName,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      arrivedAt: r.arrivedAt,
      departedAt: r.departedAt,
      hours: r.minutes === null || r.minutes === undefined ? null : hoursOf(r.minutes),
      mayCancel: ['PENDING', 'CONFIRMED'].includes(r.status) && Date.parse(r.startsAt) > now,
    })),
  };
}
