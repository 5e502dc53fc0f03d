/**
 * Service hours: the ledger (`volunteer_hours`) holds each checked-out shift's hours and the
 * manual entries a volunteer submits (date, hours, what), counted once the host approves. Yearly
 * totals per person, host and province are SQL sums over approved rows of the year (China dates);
 * star levels come from the cumulative hours against thresholds kept as a setting.
 */
import { sql } from 'kysely';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { VolunteerHoursStatus } from '#platform/db/schema.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { newId, nowIso, todayInChina } from '#platform/ids.ts';
import { type Actor, authorize, can, scopeOf, signedIn } from '#platform/policy.ts';
import { issueCertificates } from '../certificates/service.ts';
import { isVerifiedAt } from './service.ts';
import { hoursOf } from './shifts.ts';
import './policy.ts';

/** 星级志愿者 by cumulative hours (the national scheme: 100, 300, 600, 1000, 1500). */
export const DEFAULT_STAR_THRESHOLDS = [100, 300, 600, 1000, 1500];
const STARS_KEY = 'volunteers.starThresholds';

/** A host's batch of hours certificates (a course's batch is 500; a large base serves more). */
const MAX_HOURS_CERTIFICATES = 2000;

const yearRange = (year: number) => [`${year}-01-01`, `${year + 1}-01-01`] as const;

export async function starThresholds(db: Executor): Promise<number[]> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', STARS_KEY)
    .executeTakeFirst();
  if (!row) return DEFAULT_STAR_THRESHOLDS;
  try {
    const v = JSON.parse(row.value) as unknown;
    return Array.isArray(v) && v.every((n) => typeof n === 'number')
      ? (v as number[])
      : DEFAULT_STAR_THRESHOLDS;
  } catch {
    return DEFAULT_STAR_THRESHOLDS;
  }
}

export async function setStarThresholds(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  thresholds: number[],
) {
  authorize(actor, 'volunteer.settings');
  const sorted = [...thresholds];
  if (sorted.some((n, i) => i > 0 && n <= sorted[i - 1]!))
    throw fieldErrors([
      { field: 'thresholds', zh: '各星级的时长须逐级递增', en: 'must increase level by level' },
    ]);
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    const value = JSON.stringify(sorted);
    const had = await tx
      .selectFrom('settings')
      .select('key')
      .where('key', '=', STARS_KEY)
      .executeTakeFirst();
    if (had)
      await tx
        .updateTable('settings')
        .set({ value, updatedAt: at })
        .where('key', '=', STARS_KEY)
        .execute();
    else await tx.insertInto('settings').values({ key: STARS_KEY, value, updatedAt: at }).execute();
    await recordAudit(tx, ctx, {
      action: 'volunteer.settings',
      entityType: 'setting',
      entityId: STARS_KEY,
      detail: { thresholds: sorted },
    });
  });
  return { thresholds: sorted };
}

/** The star level of `hours` cumulative hours: 0 below the first threshold. */
export function starOf(hours: number, thresholds: number[]) {
  const level = thresholds.filter((t) => hours >= t).length;
  return { level, nextAtHours: thresholds[level] ?? null };
}

/**
 * Hours of a person in a year, in all and by host (approved ledger rows, China dates) — what a
 * volunteer-hours certificate is issued from. `organisationId` keeps one host only.
 */
export async function volunteerHoursOf(
  db: Executor,
  userId: string,
  year: number,
  organisationId?: string,
): Promise<{
  userId: string;
  year: number;
  hours: number;
  byHost: { organisationId: string; organisationName: string; hours: number; entries: number }[];
}> {
  const [from, to] = yearRange(year);
  let q = db
    .selectFrom('volunteerHours as h')
    .innerJoin('organisations as o', 'o.id', 'h.organisationId')
    .select([
      'h.organisationId',
      'o.name as organisationName',
      sql<number>`sum(h.minutes)`.as('minutes'),
      sql<number>`count(*)`.as('entries'),
    ])
    .where('h.userId', '=', userId)
    .where('h.status', '=', 'APPROVED')
    .where('h.workedOn', '>=', from)
    .where('h.workedOn', '<', to)
    .groupBy(['h.organisationId', 'o.name'])
    .orderBy('o.name');
  if (organisationId) q = q.where('h.organisationId', '=', organisationId);
  const rows = await q.execute();
  const byHost = rows.map((r) => ({
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    hours: hoursOf(Number(r.minutes)),
    entries: Number(r.entries),
  }));
  const total = rows.reduce((n, r) => n + Number(r.minutes), 0);
  return { userId, year, hours: hoursOf(total), byHost };
}

async function cumulativeHours(db: Executor, userId: string) {
  const r = await db
    .selectFrom('volunteerHours')
    .select(sql<number>`coalesce(sum(minutes), 0)`.as('minutes'))
    .where('userId', '=', userId)
    .where('status', '=', 'APPROVED')
    .executeTakeFirst();
  return hoursOf(Number(r?.minutes ?? 0));
}

/** My hours of the year, my entries, my cumulative hours and star level. */
export async function myHours(db: Db, actor: Actor | null, year: number) {
  const me = signedIn(actor);
  const [from, to] = yearRange(year);
  const [ofYear, entries, cumulative, thresholds] = await Promise.all([
    volunteerHoursOf(db, me.userId, year),
    db
      .selectFrom('volunteerHours as h')
      .innerJoin('organisations as o', 'o.id', 'h.organisationId')
      .select([
        'h.id',
        'h.workedOn',
        'h.minutes',
        'h.what',
        'h.status',
        'h.shiftId',
        'o.name as hostName',
      ])
      .where('h.userId', '=', me.userId)
      .where('h.workedOn', '>=', from)
      .where('h.workedOn', '<', to)
      .orderBy('h.workedOn', 'desc')
      .orderBy('h.id')
      .limit(1000)
      .execute(),
    cumulativeHours(db, me.userId),
    starThresholds(db),
  ]);
  return {
    year,
    hours: ofYear.hours,
    byHost: ofYear.byHost,
    cumulativeHours: cumulative,
    star: starOf(cumulative, thresholds),
    thresholds,
    entries: entries.map((e) => ({
      id: e.id,
      workedOn: e.workedOn,
      hours: hoursOf(e.minutes),
      what: e.what,
      status: e.status,
      fromShift: e.shiftId !== null,
      hostName: e.hostName,
    })),
  };
}

/** A manual entry by the volunteer, for a host that verified them; it counts once approved. */
export async function submitHours(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: { organisationId: string; workedOn: string; hours: number; what: string },
) {
  const me = signedIn(actor);
  if (!(await isVerifiedAt(db, me.userId, input.organisationId)))
    throw fieldErrors([
      {
        field: 'organisationId',
        zh: '您还不是该单位确认的志愿者',
        en: 'has not verified you as a volunteer',
      },
    ]);
  if (input.workedOn > todayInChina())
    throw fieldErrors([{ field: 'workedOn', zh: '不能晚于今天', en: 'cannot be in the future' }]);
  const id = newId();
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('volunteerHours')
      .values({
        id,
        userId: me.userId,
        organisationId: input.organisationId,
        shiftId: null,
        workedOn: input.workedOn,
        minutes: Math.round(input.hours * 60),
        what: input.what,
        status: 'PENDING',
        decidedBy: null,
        decidedAt: null,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    await recordAudit(tx, ctx, {
      action: 'volunteerHours.submit',
      entityType: 'volunteerHours',
      entityId: id,
      organisationId: input.organisationId,
      detail: { workedOn: input.workedOn, hours: input.hours },
    });
  });
  return { id, status: 'PENDING' as const };
}

/** Manual entries at the hosts in the actor's reach (editors and administrators), oldest first. */
export async function listHours(db: Db, actor: Actor | null, q: { status?: VolunteerHoursStatus }) {
  const me = authorize(actor, 'volunteer.console');
  const s = scopeOf(me, ['EDITOR', 'ORG_ADMIN']);
  if (s !== 'ALL' && s.length === 0) return { items: [] };
  let query = db
    .selectFrom('volunteerHours as h')
    .innerJoin('organisations as o', 'o.id', 'h.organisationId')
    .innerJoin('users as u', 'u.id', 'h.userId')
    .select([
      'h.id',
      'h.userId',
      'u.displayName as personName',
      'h.organisationId',
      'o.name as hostName',
      'o.path',
      'h.workedOn',
      'h.minutes',
      'h.what',
      'h.status',
      'h.createdAt',
    ])
    .where('h.shiftId', 'is', null);
  if (s !== 'ALL') query = query.where((eb) => eb.or(s.map((p) => eb('o.path', 'like', `${p}%`))));
  if (q.status) query = query.where('h.status', '=', q.status);
  const rows = await query.orderBy('h.createdAt').orderBy('h.id').limit(500).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      userId: r.userId,
      personName: r.personName,
      organisationId: r.organisationId,
      hostName: r.hostName,
      workedOn: r.workedOn,
      hours: hoursOf(r.minutes),
      what: r.what,
      status: r.status,
      createdAt: r.createdAt,
      canDecide: r.status === 'PENDING' && can(me, 'volunteer.manage', { orgPath: r.path }),
    })),
  };
}

export async function decideHours(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  approve: boolean,
) {
  const me = signedIn(actor);
  const h = await db
    .selectFrom('volunteerHours as h')
    .innerJoin('organisations as o', 'o.id', 'h.organisationId')
    .select(['h.id', 'h.organisationId', 'o.path', 'h.shiftId', 'h.minutes', 'h.userId'])
    .where('h.id', '=', id)
    .executeTakeFirst();
  if (!h || h.shiftId !== null) throw new AppError('NOT_FOUND');
  if (
    !can(me, 'volunteer.manage', { orgPath: h.path }) &&
    !can(me, 'volunteer.checkIn', { orgPath: h.path })
  )
    throw new AppError('NOT_FOUND');
  authorize(me, 'volunteer.manage', { orgPath: h.path });
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    const moved = await tx
      .updateTable('volunteerHours')
      .set({
        status: approve ? 'APPROVED' : 'DECLINED',
        decidedBy: me.userId,
        decidedAt: at,
        updatedAt: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'PENDING')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1)
      throw ruleError('STATE_CONFLICT', '该条时长已处理', 'The entry was already decided');
    await recordAudit(tx, ctx, {
      action: approve ? 'volunteerHours.approve' : 'volunteerHours.decline',
      entityType: 'volunteerHours',
      entityId: id,
      organisationId: h.organisationId,
      detail: { hours: hoursOf(h.minutes) },
    });
  });
  return { id, status: approve ? ('APPROVED' as const) : ('DECLINED' as const) };
}

/**
 * Yearly totals over the hosts in the actor's reach: by person, by host, or by province (the
 * provincial department above the host; hosts under none count as 部属单位). One SQL sum.
 */
export async function totals(
  db: Db,
  actor: Actor | null,
  q: { year: number; by: 'person' | 'host' | 'province' },
) {
  const me = authorize(actor, 'volunteer.totals');
  const s = scopeOf(me, ['MEMBER', 'EDITOR', 'ORG_ADMIN']);
  if (s !== 'ALL' && s.length === 0) return { year: q.year, by: q.by, items: [] };
  const [from, to] = yearRange(q.year);
  let base = db
    .selectFrom('volunteerHours as h')
    .innerJoin('organisations as o', 'o.id', 'h.organisationId')
    .where('h.status', '=', 'APPROVED')
    .where('h.workedOn', '>=', from)
    .where('h.workedOn', '<', to);
  if (s !== 'ALL') base = base.where((eb) => eb.or(s.map((p) => eb('o.path', 'like', `${p}%`))));
  const minutes = sql<number>`sum(h.minutes)`.as('minutes');
  const people = sql<number>`count(distinct h.user_id)`.as('people');
  let rows: { key: string | null; label: string | null; minutes: number; people: number }[];
  if (q.by === 'person')
    rows = await base
      .innerJoin('users as u', 'u.id', 'h.userId')
      .select(['h.userId as key', 'u.displayName as label', minutes, people])
      .groupBy(['h.userId', 'u.displayName'])
      .orderBy(sql`sum(h.minutes)`, 'desc')
      .limit(5000)
      .execute();
  else if (q.by === 'host')
    rows = await base
      .select(['h.organisationId as key', 'o.name as label', minutes, people])
      .groupBy(['h.organisationId', 'o.name'])
      .orderBy(sql`sum(h.minutes)`, 'desc')
      .execute();
  else
    rows = await base
      .leftJoin('organisations as p', (j) =>
        j.on('p.type', '=', 'PROVINCIAL_DEPT').on(sql<boolean>`o.path like p.path || '%'`),
      )
      .select(['p.id as key', 'p.name as label', minutes, people])
      .groupBy(['p.id', 'p.name'])
      .orderBy(sql`sum(h.minutes)`, 'desc')
      .execute();
  return {
    year: q.year,
    by: q.by,
    items: rows.map((r) => ({
      key: r.key,
      label: r.label,
      hours: hoursOf(Number(r.minutes)),
      people: Number(r.people),
    })),
  };
}

/**
 * 志愿服务证书: a host's administrators certify each volunteer's approved hours of a year at the
 * host (at least `minHours`), in one batch through the certificates module (a PDF with its
 * verification code and QR). Issuing again for the same host and year gives the same certificate
 * to those who had one and a new one to those who have since reached the minimum; a certificate
 * states the hours as they were when it was issued.
 */
export async function issueHoursCertificates(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  body: { organisationId: string; year: number; minHours: number },
) {
  const me = signedIn(actor);
  const host = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'path', 'active'])
    .where('id', '=', body.organisationId)
    .executeTakeFirst();
  if (!host || !host.active)
    throw fieldErrors([
      { field: 'organisationId', zh: '找不到这个服务单位', en: 'is not a known organisation' },
    ]);
  authorize(me, 'volunteer.certify', { orgPath: host.path });
  const [from, to] = yearRange(body.year);
  const rows = await db
    .selectFrom('volunteerHours as h')
    .innerJoin('users as u', 'u.id', 'h.userId')
    .select(['h.userId', sql<number>`sum(h.minutes)`.as('minutes')])
    .where('h.organisationId', '=', host.id)
    .where('h.status', '=', 'APPROVED')
    .where('h.workedOn', '>=', from)
    .where('h.workedOn', '<', to)
    .where('u.status', '=', 'ACTIVE')
    .groupBy('h.userId')
    .orderBy('h.userId')
    .limit(MAX_HOURS_CERTIFICATES + 1)
    .execute();
  if (rows.length > MAX_HOURS_CERTIFICATES)
    throw ruleError(
      'RULE_BROKEN',
      `一次最多为 ${MAX_HOURS_CERTIFICATES} 人颁发证书`,
      `At most ${MAX_HOURS_CERTIFICATES} certificates at a time`,
    );
  const due = rows
    .map((r) => ({ userId: r.userId, hours: hoursOf(Number(r.minutes)) }))
    .filter((r) => r.hours >= body.minHours && r.hours > 0);
  const issued = await issueCertificates(
    db,
    ctx,
    due.map((r) => ({
      kind: 'VOLUNTEER_HOURS' as const,
      holderId: r.userId,
      organisationId: host.id,
      title: `${body.year}年度科普志愿服务证书`,
      lines: [
        `${body.year}年在${host.name}参加自然资源科普志愿服务。`.slice(0, 200),
        `累计服务时长：${r.hours}小时`,
      ],
      sourceType: 'volunteerHours',
      sourceId: `${host.id}/${body.year}`,
    })),
  );
  return {
    year: body.year,
    volunteers: rows.length,
    issued: issued.filter((i) => i.created).length,
    alreadyIssued: issued.filter((i) => !i.created).length,
    belowMinimum: rows.length - due.length,
  };
}
