/**
 * Training courses (科普能力提升培训, issue 13 §4): an organising unit's yearly course with its
 * 大纲, sessions (each with a six-digit check-in code shown by the organiser), places (a total and,
 * for courses by nomination, places per province), the completion rule and its materials (works
 * of type COURSE in the library; the portal shows only the published ones). DRAFT → PUBLISHED
 * (needs a session) → CLOSED (when the course is completed and the certificates issued).
 */
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { TrainingCourseTable } from '#platform/db/schema.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, scopeOf, signedIn } from '#platform/policy.ts';
import type { CourseInput } from './schema.ts';
import './policy.ts';

export interface SyllabusUnit {
  title: string;
  hours: number;
}

export const parseJson = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export const newCheckInCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export async function courseOf(db: Executor, id: string) {
  const c = await db
    .selectFrom('trainingCourses as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisationId')
    .selectAll('c')
    .select(['o.path as orgPath', 'o.name as organisationName'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!c) throw new AppError('NOT_FOUND');
  return c;
}

/** 404 for someone outside the organiser's reach (no role on it or above), 403 for its staff. */
export function authorizeOn(me: Actor, act: string, orgPath: string) {
  const s = scopeOf(me, ['MEMBER', 'EDITOR', 'ORG_ADMIN']);
  if (s !== 'ALL' && !s.some((p) => orgPath.startsWith(p))) throw new AppError('NOT_FOUND');
  return authorize(me, act, { orgPath });
}

export async function sessionsOf(db: Executor, courseIds: string[]) {
  if (courseIds.length === 0) return [];
  return db
    .selectFrom('trainingSessions')
    .selectAll()
    .where('courseId', 'in', courseIds)
    .orderBy('courseId')
    .orderBy('position')
    .execute();
}

export async function provinceNames(db: Executor, codes: string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/**
 * The province (division code, two digits + 0000) of a unit: from the division code of the unit
 * or, failing that, of the nearest unit above it that has one; null when none has.
 */
export async function provinceOfUnit(db: Executor, unitPath: string) {
  const p = await db
    .selectFrom('organisations')
    .select('divisionCode')
    .where('divisionCode', 'is not', null)
    .where(sql<boolean>`${unitPath} like path || '%'`)
    .orderBy('depth', 'desc')
    .executeTakeFirst();
  return p?.divisionCode ? `${p.divisionCode.slice(0, 2)}0000` : null;
}

const hoursOf = (syllabus: SyllabusUnit[]) =>
  Math.round(syllabus.reduce((s, u) => s + u.hours, 0) * 10) / 10;

// ---------------------------------------------------------------------------------------------
// Validation beyond the shapes

async function checkInput(db: Executor, input: CourseInput) {
  const problems: { field: string; zh: string; en: string }[] = [];
  if (Date.parse(input.enrolClosesAt) <= Date.parse(input.enrolOpensAt))
    problems.push({
      field: 'enrolClosesAt',
      zh: '报名截止时间须晚于报名开始时间',
      en: 'must be after the enrolment opens',
    });
  input.sessions.forEach((s, i) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt))
      problems.push({
        field: `sessions.${i}.endsAt`,
        zh: '结束时间须晚于开始时间',
        en: 'must be after the start',
      });
  });
  if (input.minSessions > input.sessions.length)
    problems.push({
      field: 'minSessions',
      zh: '应出勤次数不能多于课次数',
      en: 'cannot exceed the number of sessions',
    });
  if (input.enrolmentMode === 'NOMINATION') {
    if (input.quotas.length === 0)
      problems.push({
        field: 'quotas',
        zh: '推荐报名的课程须为各省分配名额',
        en: 'a course by nomination needs places per province',
      });
    const codes = input.quotas.map((q) => q.divisionCode);
    if (new Set(codes).size !== codes.length)
      problems.push({ field: 'quotas', zh: '同一省份只能设置一次名额', en: 'a province twice' });
    const sum = input.quotas.reduce((s, q) => s + q.places, 0);
    if (sum > input.capacity)
      problems.push({
        field: 'quotas',
        zh: `各省名额合计（${sum}）超过了总名额`,
        en: `places per province (${sum}) exceed the capacity`,
      });
    const known = await provinceNames(db, codes);
    input.quotas.forEach((q, i) => {
      if (!known.has(q.divisionCode))
        problems.push({
          field: `quotas.${i}.divisionCode`,
          zh: '请选择有效的省份',
          en: 'unknown province',
        });
    });
  }
  if (input.materialIds.length > 0) {
    const works = await db
      .selectFrom('works')
      .select('id')
      .where('id', 'in', input.materialIds)
      .where('type', '=', 'COURSE')
      .execute();
    if (works.length !== new Set(input.materialIds).size)
      problems.push({
        field: 'materialIds',
        zh: '学习资料须为作品库中的科普课程',
        en: 'materials must be course works in the library',
      });
  }
  if (problems.length > 0) throw fieldErrors(problems);
}

const courseRow = (input: CourseInput) => ({
  organisationId: input.organisationId,
  title: input.title,
  year: input.year,
  description: input.description,
  syllabus: JSON.stringify(input.syllabus),
  materialIds: JSON.stringify([...new Set(input.materialIds)]),
  enrolmentMode: input.enrolmentMode,
  capacity: input.capacity,
  enrolOpensAt: new Date(input.enrolOpensAt).toISOString(),
  enrolClosesAt: new Date(input.enrolClosesAt).toISOString(),
  minSessions: input.minSessions,
  passScore: input.passScore,
});

async function orgPathOf(db: Executor, organisationId: string) {
  const o = await db
    .selectFrom('organisations')
    .select('path')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!o)
    throw fieldErrors([
      { field: 'organisationId', zh: '请选择主办单位', en: 'unknown organisation' },
    ]);
  return o.path;
}

export async function createCourse(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: CourseInput,
) {
  const me = signedIn(actor);
  const orgPath = await orgPathOf(db, input.organisationId);
  authorize(me, 'training.manage', { orgPath });
  await checkInput(db, input);
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('trainingCourses')
      .values({
        id,
        ...courseRow(input),
        taken: 0,
        status: 'DRAFT',
        completedAt: null,
        createdBy: me.userId,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await writeSessionsAndQuotas(tx, id, input, true);
    await recordAudit(tx, ctx, {
      action: 'trainingCourse.create',
      entityType: 'trainingCourse',
      entityId: id,
      organisationId: input.organisationId,
      detail: { title: input.title, year: input.year },
    });
  });
  return managedCourse(db, me, id);
}

async function writeSessionsAndQuotas(
  tx: Executor,
  courseId: string,
  input: CourseInput,
  fresh: boolean,
) {
  const existing = fresh
    ? []
    : await tx
        .selectFrom('trainingSessions')
        .selectAll()
        .where('courseId', '=', courseId)
        .execute();
  const keep = new Set(input.sessions.map((s) => s.id).filter(Boolean));
  const gone = existing.filter((s) => !keep.has(s.id)).map((s) => s.id);
  if (gone.length > 0) {
    const used = await tx
      .selectFrom('trainingAttendance')
      .select('sessionId')
      .where('sessionId', 'in', gone)
      .executeTakeFirst();
    if (used)
      throw ruleError(
        'STATE_CONFLICT',
        '已有学员签到的课次不能删除',
        'A session with check-ins cannot be removed',
      );
    await tx.deleteFrom('trainingSessions').where('id', 'in', gone).execute();
  }
  const byId = new Map(existing.map((s) => [s.id, s]));
  for (const [i, s] of input.sessions.entries()) {
    const row = {
      position: i,
      title: s.title,
      startsAt: new Date(s.startsAt).toISOString(),
      endsAt: new Date(s.endsAt).toISOString(),
      online: s.online ? 1 : 0,
      place: s.place,
    };
    if (s.id && byId.has(s.id))
      await tx.updateTable('trainingSessions').set(row).where('id', '=', s.id).execute();
    else if (s.id)
      throw fieldErrors([
        { field: `sessions.${i}.id`, zh: '课次不属于该课程', en: 'not a session of this course' },
      ]);
    else
      await tx
        .insertInto('trainingSessions')
        .values({ id: newId(), courseId, ...row, checkInCode: newCheckInCode() })
        .execute();
  }
  const quotas = input.enrolmentMode === 'NOMINATION' ? input.quotas : [];
  const old = fresh
    ? []
    : await tx.selectFrom('trainingQuotas').selectAll().where('courseId', '=', courseId).execute();
  const oldBy = new Map(old.map((q) => [q.divisionCode, q]));
  for (const q of old)
    if (!quotas.some((n) => n.divisionCode === q.divisionCode)) {
      if (q.taken > 0)
        throw ruleError(
          'STATE_CONFLICT',
          '已有推荐学员的省份名额不能取消',
          'A province with nominations keeps its places',
        );
      await tx
        .deleteFrom('trainingQuotas')
        .where('courseId', '=', courseId)
        .where('divisionCode', '=', q.divisionCode)
        .execute();
    }
  for (const q of quotas) {
    const was = oldBy.get(q.divisionCode);
    if (was) {
      if (q.places < was.taken)
        throw ruleError(
          'STATE_CONFLICT',
          `名额不能少于已推荐人数（${was.taken}）`,
          `Places cannot be fewer than the nominations (${was.taken})`,
        );
      await tx
        .updateTable('trainingQuotas')
        .set({ places: q.places })
        .where('courseId', '=', courseId)
        .where('divisionCode', '=', q.divisionCode)
        .where(sql<boolean>`taken <= ${q.places}`)
        .execute();
    } else
      await tx
        .insertInto('trainingQuotas')
        .values({ courseId, divisionCode: q.divisionCode, places: q.places, taken: 0 })
        .execute();
  }
}

export async function updateCourse(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: CourseInput,
) {
  const me = signedIn(actor);
  const c = await courseOf(db, id);
  authorizeOn(me, 'training.manage', c.orgPath);
  if (input.organisationId !== c.organisationId)
    throw fieldErrors([
      { field: 'organisationId', zh: '主办单位不能更改', en: 'the organiser cannot change' },
    ]);
  if (c.status === 'CLOSED')
    throw ruleError('STATE_CONFLICT', '课程已结业，不能修改', 'The course is closed');
  await checkInput(db, input);
  await db.transaction().execute(async (tx) => {
    if (input.enrolmentMode !== c.enrolmentMode) {
      const any = await tx
        .selectFrom('trainingEnrolments')
        .select('id')
        .where('courseId', '=', id)
        .executeTakeFirst();
      if (any)
        throw ruleError(
          'STATE_CONFLICT',
          '已有学员报名，不能更改报名方式',
          'People have enrolled: the enrolment mode stays',
        );
    }
    const set = await tx
      .updateTable('trainingCourses')
      .set({ ...courseRow(input), updatedAt: nowIso() })
      .where('id', '=', id)
      .where(sql<boolean>`taken <= ${input.capacity}`)
      .executeTakeFirst();
    if (Number(set.numUpdatedRows) !== 1)
      throw fieldErrors([
        {
          field: 'capacity',
          zh: `总名额不能少于已报名人数（${c.taken}）`,
          en: `cannot be fewer than those enrolled (${c.taken})`,
        },
      ]);
    await writeSessionsAndQuotas(tx, id, input, false);
    await recordAudit(tx, ctx, {
      action: 'trainingCourse.update',
      entityType: 'trainingCourse',
      entityId: id,
      organisationId: c.organisationId,
      detail: { title: input.title },
    });
  });
  return managedCourse(db, me, id);
}

export async function publishCourse(db: Db, actor: Actor | null, ctx: RequestContext, id: string) {
  const me = signedIn(actor);
  const c = await courseOf(db, id);
  authorizeOn(me, 'training.manage', c.orgPath);
  const sessions = await sessionsOf(db, [id]);
  if (sessions.length === 0)
    throw ruleError('RULE_BROKEN', '请先安排至少一次课', 'Add at least one session first');
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('trainingCourses')
      .set({ status: 'PUBLISHED', updatedAt: nowIso() })
      .where('id', '=', id)
      .where('status', '=', 'DRAFT')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw ruleError('STATE_CONFLICT', '课程已发布', 'The course is published already');
    await recordAudit(tx, ctx, {
      action: 'trainingCourse.publish',
      entityType: 'trainingCourse',
      entityId: id,
      organisationId: c.organisationId,
      detail: { title: c.title },
    });
  });
  return managedCourse(db, me, id);
}

// ---------------------------------------------------------------------------------------------
// Reading

type CourseRow = TrainingCourseTable & { organisationName: string };

async function summaries(db: Executor, rows: CourseRow[]) {
  const sessions = await sessionsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const mine = sessions.filter((s) => s.courseId === r.id);
    return {
      id: r.id,
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      title: r.title,
      year: r.year,
      enrolmentMode: r.enrolmentMode,
      capacity: r.capacity,
      taken: r.taken,
      enrolOpensAt: r.enrolOpensAt,
      enrolClosesAt: r.enrolClosesAt,
      status: r.status,
      firstSessionAt: mine[0]?.startsAt ?? null,
      lastSessionAt: mine.length
        ? mine
            .map((s) => s.endsAt)
            .sort()
            .at(-1)!
        : null,
    };
  });
}

async function detailOf(db: Executor, c: CourseRow, publishedMaterialsOnly: boolean) {
  const [summary] = await summaries(db, [c]);
  const sessions = await sessionsOf(db, [c.id]);
  const quotas = await db
    .selectFrom('trainingQuotas')
    .selectAll()
    .where('courseId', '=', c.id)
    .orderBy('divisionCode')
    .execute();
  const names = await provinceNames(
    db,
    quotas.map((q) => q.divisionCode),
  );
  const ids = parseJson<string[]>(c.materialIds, []);
  const works = ids.length
    ? await db
        .selectFrom('works')
        .select(['id', 'title', 'status'])
        .where('id', 'in', ids)
        .execute()
    : [];
  const syllabus = parseJson<SyllabusUnit[]>(c.syllabus, []);
  return {
    ...summary!,
    description: c.description,
    syllabus,
    totalHours: hoursOf(syllabus),
    minSessions: c.minSessions,
    passScore: c.passScore,
    quotas: quotas.map((q) => ({
      divisionCode: q.divisionCode,
      provinceName: names.get(q.divisionCode) ?? q.divisionCode,
      places: q.places,
      taken: q.taken,
    })),
    materials: ids
      .map((id) => works.find((w) => w.id === id))
      .filter((w) => w && (!publishedMaterialsOnly || w.status === 'PUBLISHED'))
      .map((w) => ({ id: w!.id, title: w!.title, published: w!.status === 'PUBLISHED' })),
    sessions,
  };
}

const plainSession = (s: {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  online: number;
  place: string;
}) => ({
  id: s.id,
  title: s.title,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  online: s.online === 1,
  place: s.place,
});

export async function managedCourse(db: Db, actor: Actor | null, id: string) {
  const me = signedIn(actor);
  const c = await courseOf(db, id);
  authorizeOn(me, 'training.manage', c.orgPath);
  const d = await detailOf(db, c, false);
  const r = await db
    .selectFrom('trainingEnrolments')
    .select([sql<number | null>`avg(rating)`.as('average'), sql<number>`count(rating)`.as('count')])
    .where('courseId', '=', id)
    .executeTakeFirst();
  return {
    ...d,
    sessions: d.sessions.map((s) => ({ ...plainSession(s), checkInCode: s.checkInCode })),
    completedAt: c.completedAt,
    rating: {
      average: r?.average == null ? null : Math.round(Number(r.average) * 10) / 10,
      count: Number(r?.count ?? 0),
    },
  };
}

export async function publicCourse(db: Db, id: string) {
  const c = await courseOf(db, id).catch(() => null);
  if (!c || c.status === 'DRAFT') throw new AppError('NOT_FOUND');
  const d = await detailOf(db, c, true);
  return { ...d, sessions: d.sessions.map(plainSession) };
}

const PAGE = (q: { page: number; pageSize: number }) => ({
  limit: Math.min(q.pageSize, 100),
  offset: (q.page - 1) * Math.min(q.pageSize, 100),
});

export async function listManaged(
  db: Db,
  actor: Actor | null,
  q: { page: number; pageSize: number; year?: number; status?: string; q?: string },
) {
  const me = authorize(actor, 'training.console');
  const s = scopeOf(me, ['EDITOR', 'ORG_ADMIN']);
  if (s !== 'ALL' && s.length === 0)
    return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  let base = db
    .selectFrom('trainingCourses as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisationId');
  if (s !== 'ALL') base = base.where((eb) => eb.or(s.map((p) => eb('o.path', 'like', `${p}%`))));
  if (q.year) base = base.where('c.year', '=', q.year);
  if (q.status) base = base.where('c.status', '=', q.status as 'DRAFT');
  if (q.q) base = base.where('c.title', 'like', `%${q.q.replace(/[%_\\]/g, '')}%`);
  const { limit, offset } = PAGE(q);
  const [rows, total] = await Promise.all([
    base
      .selectAll('c')
      .select('o.name as organisationName')
      .orderBy('c.year', 'desc')
      .orderBy('c.createdAt', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: await summaries(db, rows),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function listPublic(db: Db, q: { page: number; pageSize: number; year?: number }) {
  let base = db
    .selectFrom('trainingCourses as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisationId')
    .where('c.status', 'in', ['PUBLISHED', 'CLOSED']);
  if (q.year) base = base.where('c.year', '=', q.year);
  const { limit, offset } = PAGE(q);
  const [rows, total] = await Promise.all([
    base
      .selectAll('c')
      .select('o.name as organisationName')
      .orderBy('c.status', 'desc')
      .orderBy('c.enrolClosesAt', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: await summaries(db, rows),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Published works of type COURSE, for the materials picker. */
export async function materialOptions(db: Db, actor: Actor | null, q: { q?: string }) {
  authorize(actor, 'training.console');
  let base = db
    .selectFrom('works')
    .select(['id', 'title'])
    .where('type', '=', 'COURSE')
    .where('status', '=', 'PUBLISHED');
  if (q.q) base = base.where('title', 'like', `%${q.q.replace(/[%_\\]/g, '')}%`);
  return { items: await base.orderBy('title').limit(50).execute() };
}
