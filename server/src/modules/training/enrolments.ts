/**
 * Enrolment, attendance, scores, completion and evaluation of a training course. Places are held
 * by the database: an enrolment (PENDING or APPROVED) takes one with `UPDATE … SET taken = taken
 * + 1 WHERE taken < capacity` (and, for a nomination, the same on the province's quota row) in
 * its transaction, so a burst never oversells; a decline or withdrawal gives it back. Attendance
 * comes from the participant's check-in with the session's code; the organiser corrects it with
 * a reason (audited). Completion = attended ≥ minSessions and, with a final test, score ≥ pass
 * score; completing the course issues the certificates in one batch (idempotent).
 */
import { sql } from 'kysely';
import { issueCertificates } from '#modules/certificates/service.ts';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { LIMITS, reserveAttempt } from '#platform/auth/throttle.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { TrainingEnrolmentStatus } from '#platform/db/schema.ts';
import { AppError, fieldError, fieldErrors, ruleError } from '#platform/errors.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, scopeOf, signedIn } from '#platform/policy.ts';
import {
  authorizeOn,
  courseOf,
  parseJson,
  provinceNames,
  provinceOfUnit,
  type SyllabusUnit,
  sessionsOf,
} from './courses.ts';
import './policy.ts';

/** A check-in is accepted from an hour before a session starts to an hour after it ends. */
export const CHECK_IN_MARGIN_MS = 60 * 60_000;

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  return err.code === '23505' || /UNIQUE constraint failed/.test(String(err.message));
};

const LIVE: TrainingEnrolmentStatus[] = ['PENDING', 'APPROVED'];

function enrolmentWindowOpen(c: { status: string; enrolOpensAt: string; enrolClosesAt: string }) {
  const now = Date.now();
  if (c.status !== 'PUBLISHED')
    throw ruleError('STATE_CONFLICT', '课程未在报名中', 'The course is not open for enrolment');
  if (now < Date.parse(c.enrolOpensAt))
    throw ruleError('STATE_CONFLICT', '报名尚未开始', 'Enrolment has not opened yet');
  if (now >= Date.parse(c.enrolClosesAt))
    throw ruleError('STATE_CONFLICT', '报名已截止', 'Enrolment has closed');
}

async function takeCoursePlace(tx: Executor, courseId: string) {
  const took = await tx
    .updateTable('trainingCourses')
    .set({ taken: sql`taken + 1` })
    .where('id', '=', courseId)
    .where(sql<boolean>`taken < capacity`)
    .executeTakeFirst();
  if (Number(took.numUpdatedRows) !== 1)
    throw ruleError('STATE_CONFLICT', '课程名额已满', 'The course is full');
}

async function givePlacesBack(tx: Executor, e: { courseId: string; divisionCode: string | null }) {
  await tx
    .updateTable('trainingCourses')
    .set({ taken: sql`taken - 1` })
    .where('id', '=', e.courseId)
    .where('taken', '>', 0)
    .execute();
  if (e.divisionCode)
    await tx
      .updateTable('trainingQuotas')
      .set({ taken: sql`taken - 1` })
      .where('courseId', '=', e.courseId)
      .where('divisionCode', '=', e.divisionCode)
      .where('taken', '>', 0)
      .execute();
}

const duplicate = () =>
  ruleError('STATE_CONFLICT', '已报名该课程', 'Already enrolled in this course');

/** OPEN courses: a signed-in person enrols themselves and is in at once (first come). */
export async function enrol(db: Db, actor: Actor | null, ctx: RequestContext, courseId: string) {
  const me = signedIn(actor);
  const c = await courseOf(db, courseId);
  if (c.status === 'DRAFT') throw new AppError('NOT_FOUND');
  if (c.enrolmentMode !== 'OPEN')
    throw ruleError(
      'RULE_BROKEN',
      '该课程由各单位推荐报名',
      'This course takes nominations from units',
    );
  enrolmentWindowOpen(c);
  const id = newId();
  const now = nowIso();
  try {
    await db.transaction().execute(async (tx) => {
      await takeCoursePlace(tx, courseId);
      await tx
        .insertInto('trainingEnrolments')
        .values({
          id,
          courseId,
          userId: me.userId,
          status: 'APPROVED',
          nominatedBy: null,
          unitId: null,
          divisionCode: null,
          score: null,
          completed: 0,
          certificateId: null,
          rating: null,
          comment: null,
          ratedAt: null,
          decidedBy: null,
          decidedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await recordAudit(tx, ctx, {
        action: 'trainingEnrolment.enrol',
        entityType: 'trainingEnrolment',
        entityId: id,
        organisationId: c.organisationId,
        detail: { courseId },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
  return { id, status: 'APPROVED' as const };
}

/**
 * NOMINATION courses: an ORG_ADMIN of a unit (or above it) nominates people with a role in the
 * unit's subtree; each takes a place of the course and of the unit's province, all or none.
 */
export async function nominate(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  courseId: string,
  input: { unitId: string; userIds: string[] },
) {
  const me = signedIn(actor);
  const unit = await db
    .selectFrom('organisations')
    .select(['id', 'path', 'name'])
    .where('id', '=', input.unitId)
    .executeTakeFirst();
  if (!unit) throw fieldError('unitId', '请选择推荐单位', 'unknown unit');
  authorize(me, 'training.nominate', { orgPath: unit.path });
  const c = await courseOf(db, courseId);
  if (c.status === 'DRAFT') throw new AppError('NOT_FOUND');
  if (c.enrolmentMode !== 'NOMINATION')
    throw ruleError('RULE_BROKEN', '该课程为自主报名', 'This course takes open enrolment');
  enrolmentWindowOpen(c);
  const division = await provinceOfUnit(db, unit.path);
  if (!division)
    throw fieldError(
      'unitId',
      '该单位未设行政区划，无法确定所属省份的名额',
      'the unit is in no province',
    );
  const userIds = [...new Set(input.userIds)];
  const members = await db
    .selectFrom('roleGrants as g')
    .innerJoin('organisations as o', 'o.id', 'g.organisationId')
    .innerJoin('users as u', 'u.id', 'g.userId')
    .select('g.userId')
    .distinct()
    .where('g.userId', 'in', userIds)
    .where('o.path', 'like', `${unit.path}%`)
    .execute();
  const inUnit = new Set(members.map((m) => m.userId));
  const outside = userIds.filter((u) => !inUnit.has(u));
  if (outside.length > 0)
    throw fieldErrors(
      outside.map((u) => ({
        field: `userIds.${input.userIds.indexOf(u)}`,
        zh: '只能推荐本单位的人员',
        en: 'not a person of the unit',
      })),
    );
  const now = nowIso();
  const items: { id: string; userId: string; status: 'PENDING' }[] = [];
  try {
    await db.transaction().execute(async (tx) => {
      for (const userId of userIds) {
        const quota = await tx
          .updateTable('trainingQuotas')
          .set({ taken: sql`taken + 1` })
          .where('courseId', '=', courseId)
          .where('divisionCode', '=', division)
          .where(sql<boolean>`taken < places`)
          .executeTakeFirst();
        if (Number(quota.numUpdatedRows) !== 1)
          throw ruleError(
            'STATE_CONFLICT',
            '本省名额已用完',
            'The province has no places left on this course',
          );
        await takeCoursePlace(tx, courseId);
        const id = newId();
        await tx
          .insertInto('trainingEnrolments')
          .values({
            id,
            courseId,
            userId,
            status: 'PENDING',
            nominatedBy: me.userId,
            unitId: unit.id,
            divisionCode: division,
            score: null,
            completed: 0,
            certificateId: null,
            rating: null,
            comment: null,
            ratedAt: null,
            decidedBy: null,
            decidedAt: null,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
        items.push({ id, userId, status: 'PENDING' });
      }
      await recordAudit(tx, ctx, {
        action: 'trainingEnrolment.nominate',
        entityType: 'trainingCourse',
        entityId: courseId,
        organisationId: unit.id,
        detail: { unitId: unit.id, people: userIds.length },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw ruleError(
        'STATE_CONFLICT',
        '所选人员中已有人报名该课程',
        'Someone is enrolled already',
      );
    throw e;
  }
  return { items };
}

async function enrolmentOf(db: Executor, id: string) {
  const e = await db
    .selectFrom('trainingEnrolments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!e) throw new AppError('NOT_FOUND');
  return e;
}

export async function decide(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  approve: boolean,
) {
  const me = signedIn(actor);
  const e = await enrolmentOf(db, id);
  const c = await courseOf(db, e.courseId);
  authorizeOn(me, 'training.manage', c.orgPath);
  const status = approve ? ('APPROVED' as const) : ('DECLINED' as const);
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('trainingEnrolments')
      .set({ status, decidedBy: me.userId, decidedAt: nowIso(), updatedAt: nowIso() })
      .where('id', '=', id)
      .where('status', '=', 'PENDING')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw ruleError('STATE_CONFLICT', '该报名已处理', 'The enrolment was decided already');
    if (!approve) await givePlacesBack(tx, e);
    await recordAudit(tx, ctx, {
      action: approve ? 'trainingEnrolment.approve' : 'trainingEnrolment.decline',
      entityType: 'trainingEnrolment',
      entityId: id,
      organisationId: c.organisationId,
      detail: { courseId: c.id },
    });
  });
  return { id, status };
}

/** The participant (or an administrator of the nominating unit) withdraws before completion. */
export async function withdraw(db: Db, actor: Actor | null, ctx: RequestContext, id: string) {
  const me = signedIn(actor);
  const e = await enrolmentOf(db, id);
  if (e.userId !== me.userId) {
    const unit = e.unitId
      ? await db
          .selectFrom('organisations')
          .select('path')
          .where('id', '=', e.unitId)
          .executeTakeFirst()
      : undefined;
    const s = scopeOf(me, ['ORG_ADMIN']);
    if (!unit || (s !== 'ALL' && !s.some((p) => unit.path.startsWith(p))))
      throw new AppError('NOT_FOUND');
    authorize(me, 'training.nominate', { orgPath: unit.path });
  }
  const c = await courseOf(db, e.courseId);
  if (e.completed === 1 || c.status === 'CLOSED')
    throw ruleError('STATE_CONFLICT', '课程已结业，不能退出', 'The course is completed');
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('trainingEnrolments')
      .set({ status: 'WITHDRAWN', updatedAt: nowIso() })
      .where('id', '=', id)
      .where('status', 'in', LIVE)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw ruleError('STATE_CONFLICT', '该报名已结束', 'The enrolment is no longer live');
    await givePlacesBack(tx, e);
    await recordAudit(tx, ctx, {
      action: 'trainingEnrolment.withdraw',
      entityType: 'trainingEnrolment',
      entityId: id,
      organisationId: c.organisationId,
      detail: { courseId: c.id },
    });
  });
  return { id, status: 'WITHDRAWN' as const };
}

// ---------------------------------------------------------------------------------------------
// Attendance

export async function checkIn(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  sessionId: string,
  code: string,
) {
  const me = signedIn(actor);
  const s = await db
    .selectFrom('trainingSessions')
    .selectAll()
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!s) throw new AppError('NOT_FOUND');
  const e = await db
    .selectFrom('trainingEnrolments')
    .selectAll()
    .where('courseId', '=', s.courseId)
    .where('userId', '=', me.userId)
    .where('status', '=', 'APPROVED')
    .executeTakeFirst();
  // Someone not admitted to the course: the session is none of theirs.
  if (!e) throw new AppError('FORBIDDEN');
  const now = Date.now();
  if (
    now < Date.parse(s.startsAt) - CHECK_IN_MARGIN_MS ||
    now > Date.parse(s.endsAt) + CHECK_IN_MARGIN_MS
  )
    throw ruleError('RULE_BROKEN', '不在签到时间内', 'Check-in is not open for this session');
  // Six digits: a participant may try a few times, not run through them all.
  const attempt = await reserveAttempt(db, [
    { key: `training-checkin:${me.userId}`, limit: LIMITS.tokenGuess },
  ]);
  if (code !== s.checkInCode) {
    const refusal = await attempt.fail();
    if (refusal) throw refusal;
    throw fieldError('code', '签到码不正确', 'wrong check-in code');
  }
  await attempt.succeed();
  const c = await courseOf(db, s.courseId);
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    const was = await tx
      .selectFrom('trainingAttendance')
      .selectAll()
      .where('enrolmentId', '=', e.id)
      .where('sessionId', '=', sessionId)
      .executeTakeFirst();
    if (was?.checkedInAt) return;
    await tx
      .insertInto('trainingAttendance')
      .values({
        enrolmentId: e.id,
        sessionId,
        present: 1,
        checkedInAt: at,
        correctedBy: null,
        correctionReason: null,
        updatedAt: at,
      })
      .onConflict((oc) =>
        oc.columns(['enrolmentId', 'sessionId']).doUpdateSet({ checkedInAt: at, present: 1 }),
      )
      .execute();
    await recordAudit(tx, ctx, {
      action: 'trainingAttendance.checkIn',
      entityType: 'trainingEnrolment',
      entityId: e.id,
      organisationId: c.organisationId,
      detail: { sessionId },
    });
  });
  return { ok: true as const };
}

export async function correctAttendance(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: { sessionId: string; present: boolean; reason: string },
) {
  const me = signedIn(actor);
  const e = await enrolmentOf(db, id);
  const c = await courseOf(db, e.courseId);
  authorizeOn(me, 'training.manage', c.orgPath);
  if (e.status !== 'APPROVED')
    throw ruleError('STATE_CONFLICT', '只能为已录取的学员更正考勤', 'Not a participant');
  if (c.status === 'CLOSED')
    throw ruleError('STATE_CONFLICT', '课程已结业', 'The course is closed');
  const s = await db
    .selectFrom('trainingSessions')
    .select('id')
    .where('id', '=', input.sessionId)
    .where('courseId', '=', c.id)
    .executeTakeFirst();
  if (!s) throw fieldError('sessionId', '课次不属于该课程', 'not a session of this course');
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('trainingAttendance')
      .values({
        enrolmentId: id,
        sessionId: input.sessionId,
        present: input.present ? 1 : 0,
        checkedInAt: null,
        correctedBy: me.userId,
        correctionReason: input.reason,
        updatedAt: at,
      })
      .onConflict((oc) =>
        oc.columns(['enrolmentId', 'sessionId']).doUpdateSet({
          present: input.present ? 1 : 0,
          correctedBy: me.userId,
          correctionReason: input.reason,
          updatedAt: at,
        }),
      )
      .execute();
    await recordAudit(tx, ctx, {
      action: 'trainingAttendance.correct',
      entityType: 'trainingEnrolment',
      entityId: id,
      organisationId: c.organisationId,
      detail: { sessionId: input.sessionId, present: input.present, reason: input.reason },
    });
  });
  return { ok: true as const };
}

export async function recordScore(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  score: number | null,
) {
  const me = signedIn(actor);
  const e = await enrolmentOf(db, id);
  const c = await courseOf(db, e.courseId);
  authorizeOn(me, 'training.manage', c.orgPath);
  if (c.passScore === null)
    throw ruleError('RULE_BROKEN', '该课程没有结业考试', 'The course has no final test');
  if (e.status !== 'APPROVED')
    throw ruleError('STATE_CONFLICT', '只能为已录取的学员登记成绩', 'Not a participant');
  if (c.status === 'CLOSED')
    throw ruleError('STATE_CONFLICT', '课程已结业', 'The course is closed');
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('trainingEnrolments')
      .set({ score, updatedAt: nowIso() })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, ctx, {
      action: 'trainingEnrolment.score',
      entityType: 'trainingEnrolment',
      entityId: id,
      organisationId: c.organisationId,
      detail: { score, was: e.score },
    });
  });
  return { ok: true as const };
}

// ---------------------------------------------------------------------------------------------
// Lists

async function attendanceOf(db: Executor, enrolmentIds: string[]) {
  if (enrolmentIds.length === 0) return [];
  return db
    .selectFrom('trainingAttendance')
    .selectAll()
    .where('enrolmentId', 'in', enrolmentIds)
    .execute();
}

const meets = (
  c: { minSessions: number; passScore: number | null },
  e: { status: string; score: number | null },
  attended: number,
) =>
  e.status === 'APPROVED' &&
  attended >= c.minSessions &&
  (c.passScore === null || (e.score !== null && e.score >= c.passScore));

export async function listEnrolments(
  db: Db,
  actor: Actor | null,
  courseId: string,
  q: { page: number; pageSize: number; status?: TrainingEnrolmentStatus },
) {
  const me = signedIn(actor);
  const c = await courseOf(db, courseId);
  authorizeOn(me, 'training.manage', c.orgPath);
  let base = db
    .selectFrom('trainingEnrolments as e')
    .leftJoin('users as u', 'u.id', 'e.userId')
    .leftJoin('organisations as o', 'o.id', 'e.unitId')
    .where('e.courseId', '=', courseId);
  if (q.status) base = base.where('e.status', '=', q.status);
  const pageSize = Math.min(q.pageSize, 200);
  const [rows, total] = await Promise.all([
    base
      .selectAll('e')
      .select(['u.displayName as name', 'o.name as unitName'])
      .orderBy('e.createdAt')
      .orderBy('e.id')
      .limit(pageSize)
      .offset((q.page - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const att = await attendanceOf(
    db,
    rows.map((r) => r.id),
  );
  const names = await provinceNames(db, [
    ...new Set(rows.map((r) => r.divisionCode).filter((d): d is string => !!d)),
  ]);
  return {
    items: rows.map((r) => {
      const mine = att.filter((a) => a.enrolmentId === r.id);
      const present = mine.filter((a) => a.present === 1);
      return {
        id: r.id,
        userId: r.userId,
        name: r.name ?? '（已注销）',
        unitName: r.unitName ?? null,
        provinceName: r.divisionCode ? (names.get(r.divisionCode) ?? null) : null,
        status: r.status,
        nominated: r.nominatedBy !== null,
        attendedSessionIds: present.map((a) => a.sessionId),
        correctedSessionIds: mine.filter((a) => a.correctedBy).map((a) => a.sessionId),
        score: r.score,
        met: meets(c, r, present.length),
        completed: r.completed === 1,
        certificateId: r.certificateId,
        rating: r.rating,
        comment: r.comment,
        createdAt: r.createdAt,
      };
    }),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Published courses by nomination whose enrolment is open, for a unit administrator. */
export async function nominatable(
  db: Db,
  actor: Actor | null,
  q: { page: number; pageSize: number },
) {
  const me = authorize(actor, 'training.console');
  if (scopeOf(me, ['ORG_ADMIN']).length === 0)
    return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const now = nowIso();
  const base = db
    .selectFrom('trainingCourses as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisationId')
    .where('c.status', '=', 'PUBLISHED')
    .where('c.enrolmentMode', '=', 'NOMINATION')
    .where('c.enrolClosesAt', '>', now);
  const pageSize = Math.min(q.pageSize, 100);
  const [rows, total] = await Promise.all([
    base
      .select([
        'c.id',
        'c.title',
        'c.year',
        'c.enrolOpensAt',
        'c.enrolClosesAt',
        'o.name as organisationName',
      ])
      .orderBy('c.enrolClosesAt')
      .limit(pageSize)
      .offset((q.page - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const quotas = rows.length
    ? await db
        .selectFrom('trainingQuotas')
        .selectAll()
        .where(
          'courseId',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  const names = await provinceNames(db, [...new Set(quotas.map((x) => x.divisionCode))]);
  return {
    items: rows.map((r) => ({
      ...r,
      quotas: quotas
        .filter((x) => x.courseId === r.id)
        .map((x) => ({
          divisionCode: x.divisionCode,
          provinceName: names.get(x.divisionCode) ?? x.divisionCode,
          places: x.places,
          taken: x.taken,
        })),
    })),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** People nominated by the units the actor administers. */
export async function myNominations(
  db: Db,
  actor: Actor | null,
  q: { page: number; pageSize: number; courseId?: string },
) {
  const me = authorize(actor, 'training.console');
  const s = scopeOf(me, ['ORG_ADMIN']);
  if (s !== 'ALL' && s.length === 0)
    return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  let base = db
    .selectFrom('trainingEnrolments as e')
    .innerJoin('organisations as o', 'o.id', 'e.unitId')
    .innerJoin('trainingCourses as c', 'c.id', 'e.courseId')
    .leftJoin('users as u', 'u.id', 'e.userId');
  if (s !== 'ALL') base = base.where((eb) => eb.or(s.map((p) => eb('o.path', 'like', `${p}%`))));
  if (q.courseId) base = base.where('e.courseId', '=', q.courseId);
  const pageSize = Math.min(q.pageSize, 200);
  const [rows, total] = await Promise.all([
    base
      .select([
        'e.id',
        'e.status',
        'e.createdAt',
        'u.displayName as name',
        'o.name as unitName',
        'c.title as courseTitle',
      ])
      .orderBy('e.createdAt', 'desc')
      .limit(pageSize)
      .offset((q.page - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({ ...r, name: r.name ?? '（已注销）' })),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function myTraining(db: Db, actor: Actor | null) {
  const me = signedIn(actor);
  const rows = await db
    .selectFrom('trainingEnrolments as e')
    .innerJoin('trainingCourses as c', 'c.id', 'e.courseId')
    .innerJoin('organisations as o', 'o.id', 'c.organisationId')
    .selectAll('e')
    .select([
      'c.title as courseTitle',
      'c.year',
      'c.status as courseStatus',
      'c.minSessions',
      'c.passScore',
      'o.name as organisationName',
    ])
    .where('e.userId', '=', me.userId)
    .orderBy('e.createdAt', 'desc')
    .limit(200)
    .execute();
  const sessions = await sessionsOf(db, [...new Set(rows.map((r) => r.courseId))]);
  const att = await attendanceOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => {
      const present = new Set(
        att.filter((a) => a.enrolmentId === r.id && a.present === 1).map((a) => a.sessionId),
      );
      return {
        id: r.id,
        courseId: r.courseId,
        courseTitle: r.courseTitle,
        organisationName: r.organisationName,
        year: r.year,
        courseStatus: r.courseStatus,
        status: r.status,
        sessions: sessions
          .filter((s) => s.courseId === r.courseId)
          .map((s) => ({
            id: s.id,
            title: s.title,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            online: s.online === 1,
            place: s.place,
            attended: present.has(s.id),
          })),
        minSessions: r.minSessions,
        passScore: r.passScore,
        score: r.score,
        met: meets(r, r, present.size),
        completed: r.completed === 1,
        certificateId: r.certificateId,
        rating: r.rating,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Completion and evaluation

const dateZh = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};

/**
 * Issues the certificates of everyone who meets the completion rule (one batch; again: nothing
 * new for those who have one) and closes the course. The certificates cannot be withdrawn here:
 * only revoked one by one in 证书管理.
 */
export async function completeCourse(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  courseId: string,
) {
  const me = signedIn(actor);
  const c = await courseOf(db, courseId);
  authorizeOn(me, 'training.complete', c.orgPath);
  if (c.status === 'DRAFT')
    throw ruleError('STATE_CONFLICT', '课程尚未发布', 'The course is not published');
  const rows = await db
    .selectFrom('trainingEnrolments')
    .selectAll()
    .where('courseId', '=', courseId)
    .where('status', '=', 'APPROVED')
    .where('userId', 'is not', null)
    .execute();
  const att = await attendanceOf(
    db,
    rows.map((r) => r.id),
  );
  const count = (id: string) => att.filter((a) => a.enrolmentId === id && a.present === 1).length;
  const met = rows.filter((r) => meets(c, r, count(r.id)));
  const sessions = await sessionsOf(db, [courseId]);
  const hours = parseJson<SyllabusUnit[]>(c.syllabus, []).reduce((s, u) => s + u.hours, 0);
  const first = sessions.map((s) => s.startsAt).sort()[0];
  const last = sessions
    .map((s) => s.endsAt)
    .sort()
    .at(-1);
  // As printed: the certificates module takes a title of at most 80 characters (a course title
  // is at most 60) and lines of at most 200 (a very long organiser's name is left out).
  const full = `参加${c.organisationName}举办的“${c.title}”，完成规定课程，准予结业。`;
  const lines = [
    full.length <= 200 ? full : `参加“${c.title}”，完成规定课程，准予结业。`,
    ...(first && last
      ? [
          dateZh(first) === dateZh(last)
            ? `培训时间：${dateZh(first)}`
            : `培训时间：${dateZh(first)}至${dateZh(last)}`,
        ]
      : []),
    ...(hours > 0 ? [`培训学时：${Math.round(hours * 10) / 10}学时`] : []),
  ];
  const issued = await issueCertificates(
    db,
    ctx,
    met.map((r) => ({
      kind: 'TRAINING' as const,
      holderId: r.userId!,
      organisationId: c.organisationId,
      title: `${c.title.startsWith(String(c.year)) ? '' : `${c.year}年度`}${c.title}结业证书`,
      lines,
      sourceType: 'trainingCourse',
      sourceId: courseId,
    })),
  );
  const byHolder = new Map(issued.map((i) => [i.holderId, i]));
  await db.transaction().execute(async (tx) => {
    for (const r of met) {
      const cert = byHolder.get(r.userId!);
      if (!cert) continue;
      await tx
        .updateTable('trainingEnrolments')
        .set({ completed: 1, certificateId: cert.id, updatedAt: nowIso() })
        .where('id', '=', r.id)
        .execute();
    }
    await tx
      .updateTable('trainingCourses')
      .set({ status: 'CLOSED', completedAt: c.completedAt ?? nowIso(), updatedAt: nowIso() })
      .where('id', '=', courseId)
      .execute();
    await recordAudit(tx, ctx, {
      action: 'trainingCourse.complete',
      entityType: 'trainingCourse',
      entityId: courseId,
      organisationId: c.organisationId,
      detail: { completed: met.length, participants: rows.length },
    });
  });
  const created = issued.filter((i) => i.created).length;
  return { issued: created, already: issued.length - created, notMet: rows.length - met.length };
}

export async function giveFeedback(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: { rating: number; comment: string },
) {
  const me = signedIn(actor);
  const e = await enrolmentOf(db, id);
  if (e.userId !== me.userId) throw new AppError('NOT_FOUND');
  if (e.status !== 'APPROVED')
    throw ruleError('RULE_BROKEN', '只有学员可以评价', 'Only participants evaluate the course');
  const attended = await db
    .selectFrom('trainingAttendance')
    .select('sessionId')
    .where('enrolmentId', '=', id)
    .where('present', '=', 1)
    .executeTakeFirst();
  if (!attended)
    throw ruleError('RULE_BROKEN', '参加课程后才能评价', 'Attend a session before evaluating');
  const c = await courseOf(db, e.courseId);
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('trainingEnrolments')
      .set({
        rating: input.rating,
        comment: input.comment || null,
        ratedAt: nowIso(),
        updatedAt: nowIso(),
      })
      .where('id', '=', id)
      .where('ratedAt', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw ruleError('STATE_CONFLICT', '您已评价过该课程', 'You evaluated the course already');
    await recordAudit(tx, ctx, {
      action: 'trainingEnrolment.feedback',
      entityType: 'trainingEnrolment',
      entityId: id,
      organisationId: c.organisationId,
      detail: { rating: input.rating },
    });
  });
  return { ok: true as const };
}
