/**
 * 科普志愿者 (issue 13 §3): a signed-in person registers as a volunteer and asks host
 * organisations (a base or a unit) to take them on; each host's own administrator verifies or
 * declines. A minor (under 18, 《志愿服务条例》第十五条) is taken only with a guardian's consent:
 * the one their account already holds (given when the account was made), or one given here.
 * Shifts at activity sessions and service hours: shifts.ts, hours.ts.
 */
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { VolunteerHostStatus } from '#platform/db/schema.ts';
import { divisionName } from '#platform/division-names.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can, signedIn } from '#platform/policy.ts';
import { VOLUNTEER_APPLIED, VOLUNTEER_DECIDED } from './notifications.ts';
import type { DecideApplicationSchema, RegisterVolunteerSchema } from './schema.ts';
import './policy.ts';

/** Under 18 a volunteer is a minor (《志愿服务条例》: minors serve with the guardian's consent). */
export const ADULT_AGE = 18;

export interface Availability {
  weekdays: boolean;
  weekends: boolean;
  holidays: boolean;
  note: string;
}

const parse = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export async function regionsNamed(db: Executor, codes: string[], locale: Locale) {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('code', 'in', codes)
    .execute();
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return codes.map((code) => ({ code, name: divisionName(code, names.get(code) ?? code, locale) }));
}

const isMinor = (birthYear: number | null, nowMs = Date.now()) =>
  birthYear !== null && new Date(nowMs).getUTCFullYear() - birthYear < ADULT_AGE;

async function person(db: Executor, userId: string) {
  const u = await db
    .selectFrom('users')
    .select(['id', 'displayName', 'birthYear', 'guardianConsentAt'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!u) throw new AppError('NOT_FOUND');
  return u;
}

export async function hostLinks(db: Executor, userId: string) {
  return db
    .selectFrom('volunteerHosts as h')
    .innerJoin('organisations as o', 'o.id', 'h.organisationId')
    .select([
      'h.id',
      'h.organisationId',
      'o.name as organisationName',
      'o.path as orgPath',
      'h.status',
      'h.decisionNote',
      'h.decidedAt',
    ])
    .where('h.userId', '=', userId)
    .orderBy('h.createdAt')
    .orderBy('h.id')
    .execute();
}

export async function myVolunteer(db: Db, actor: Actor | null, locale: Locale) {
  const me = signedIn(actor);
  const u = await person(db, me.userId);
  const v = await db
    .selectFrom('volunteers')
    .selectAll()
    .where('userId', '=', me.userId)
    .executeTakeFirst();
  return {
    volunteer: v
      ? {
          skills: parse<string[]>(v.skills, []),
          availability: parse<Availability>(v.availability, {
            weekdays: false,
            weekends: false,
            holidays: false,
            note: '',
          }),
          regions: await regionsNamed(db, parse<string[]>(v.regions, []), locale),
          emergencyContact: { name: v.emergencyName, phone: v.emergencyPhone },
          guardianConsent: v.guardianConsentAt !== null,
          hosts: (await hostLinks(db, me.userId)).map(({ orgPath: _p, ...h }) => h),
          createdAt: v.createdAt,
        }
      : null,
    isMinor: isMinor(u.birthYear),
    guardianOnAccount: u.guardianConsentAt !== null,
  };
}

/** Organisations a volunteer may ask to serve, by part of the name (at most 30). */
export async function hostChoices(db: Db, actor: Actor | null, q?: string) {
  signedIn(actor);
  let query = db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('active', '=', 1)
    .where('depth', '>', 0)
    .orderBy('name')
    .limit(30);
  if (q) query = query.where('name', 'like', `%${q.replace(/[%_\\]/g, '')}%`);
  return { items: await query.execute() };
}

/** Who verifies volunteers of a host: its own administrators. */
async function hostAdmins(db: Executor, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('roleGrants')
    .select('userId')
    .distinct()
    .where('organisationId', '=', organisationId)
    .where('role', '=', 'ORG_ADMIN')
    .execute();
  return rows.map((r) => r.userId);
}

/**
 * Registers (or updates) the actor as a volunteer; every host not asked before gets a PENDING
 * application and its administrators are told. Hosts asked before keep their state.
 */
export async function registerVolunteer(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof RegisterVolunteerSchema>,
  locale: Locale,
) {
  const me = signedIn(actor);
  const u = await person(db, me.userId);
  const minor = isMinor(u.birthYear);
  const g = input.guardian;
  const guardianHere = minor && u.guardianConsentAt === null;
  if (guardianHere) {
    const problems: { field: string; zh: string; en: string }[] = [];
    if (!g?.name)
      problems.push({ field: 'guardian.name', zh: '请填写监护人姓名', en: 'is required' });
    if (!g?.contact)
      problems.push({ field: 'guardian.contact', zh: '请填写监护人联系方式', en: 'is required' });
    if (!g?.consent)
      problems.push({
        field: 'guardian.consent',
        zh: `未满 ${ADULT_AGE} 周岁的志愿者须经监护人同意，请勾选监护人同意`,
        en: `a volunteer under ${ADULT_AGE} needs the guardian’s explicit consent`,
      });
    if (problems.length) throw fieldErrors(problems);
  }
  const hostIds = [...new Set(input.hostIds)];
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', 'in', hostIds)
    .where('active', '=', 1)
    .execute();
  if (orgs.length !== hostIds.length)
    throw fieldErrors([
      { field: 'hostIds', zh: '找不到所选的服务单位', en: 'names an unknown organisation' },
    ]);
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('volunteers')
      .select(['userId', 'guardianConsentAt'])
      .where('userId', '=', me.userId)
      .executeTakeFirst();
    const fields = {
      skills: JSON.stringify([...new Set(input.skills)]),
      availability: JSON.stringify(input.availability),
      regions: JSON.stringify([...new Set(input.regions)]),
      emergencyName: input.emergencyContact.name,
      emergencyPhone: input.emergencyContact.phone,
      ...(guardianHere
        ? { guardianName: g!.name, guardianContact: g!.contact, guardianConsentAt: at }
        : {}),
      updatedAt: at,
    };
    if (existing)
      await tx.updateTable('volunteers').set(fields).where('userId', '=', me.userId).execute();
    else
      await tx
        .insertInto('volunteers')
        .values({
          userId: me.userId,
          guardianName: null,
          guardianContact: null,
          guardianConsentAt: null,
          ...fields,
          createdAt: at,
        })
        .execute();
    const asked = new Set(
      (
        await tx
          .selectFrom('volunteerHosts')
          .select('organisationId')
          .where('userId', '=', me.userId)
          .execute()
      ).map((r) => r.organisationId),
    );
    for (const o of orgs) {
      if (asked.has(o.id)) continue;
      const id = newId();
      await tx
        .insertInto('volunteerHosts')
        .values({
          id,
          userId: me.userId,
          organisationId: o.id,
          status: 'PENDING',
          decisionNote: null,
          decidedBy: null,
          decidedAt: null,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      await notify(tx, await hostAdmins(tx, o.id), VOLUNTEER_APPLIED, {
        personName: u.displayName,
        hostName: o.name,
      });
    }
    await recordAudit(tx, ctx, {
      action: existing ? 'volunteer.update' : 'volunteer.register',
      entityType: 'volunteer',
      entityId: me.userId,
      detail: { hosts: orgs.map((o) => o.name) },
      ...(guardianHere ? { personal: { guardianName: g!.name } } : {}),
    });
  });
  return myVolunteer(db, actor, locale);
}

type AppRow = {
  id: string;
  userId: string;
  personName: string;
  birthYear: number | null;
  accountGuardian: string | null;
  organisationId: string;
  organisationName: string;
  orgPath: string;
  status: VolunteerHostStatus;
  skills: string;
  availability: string;
  regions: string;
  emergencyName: string;
  emergencyPhone: string;
  guardianConsentAt: string | null;
  createdAt: string;
  decisionNote: string | null;
};

function applications(db: Executor) {
  return db
    .selectFrom('volunteerHosts as h')
    .innerJoin('volunteers as v', 'v.userId', 'h.userId')
    .innerJoin('users as u', 'u.id', 'h.userId')
    .innerJoin('organisations as o', 'o.id', 'h.organisationId')
    .select([
      'h.id',
      'h.userId',
      'u.displayName as personName',
      'u.birthYear',
      'u.guardianConsentAt as accountGuardian',
      'h.organisationId',
      'o.name as organisationName',
      'o.path as orgPath',
      'h.status',
      'v.skills',
      'v.availability',
      'v.regions',
      'v.emergencyName',
      'v.emergencyPhone',
      'v.guardianConsentAt',
      'h.createdAt',
      'h.decisionNote',
    ]);
}

async function presentApplication(db: Executor, me: Actor, r: AppRow, locale: Locale) {
  const admin = can(me, 'volunteer.verify', { orgPath: r.orgPath });
  return {
    id: r.id,
    userId: r.userId,
    personName: r.personName,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    status: r.status,
    skills: parse<string[]>(r.skills, []),
    availability: parse<Availability>(r.availability, {
      weekdays: false,
      weekends: false,
      holidays: false,
      note: '',
    }),
    regions: await regionsNamed(db, parse<string[]>(r.regions, []), locale),
    minor: isMinor(r.birthYear),
    guardianConsent: r.guardianConsentAt !== null || r.accountGuardian !== null,
    emergencyContact: admin ? { name: r.emergencyName, phone: r.emergencyPhone } : null,
    createdAt: r.createdAt,
    decisionNote: r.decisionNote,
    canDecide: admin && r.status === 'PENDING',
  };
}

/** Applications to the organisations the actor administers (exactly those), pending first. */
export async function listApplications(
  db: Db,
  actor: Actor | null,
  q: { status?: VolunteerHostStatus },
  locale: Locale,
) {
  const me = authorize(actor, 'volunteer.console');
  const orgIds = me.grants
    .filter((g) => g.role === 'ORG_ADMIN' && g.organisationId)
    .map((g) => g.organisationId!);
  if (orgIds.length === 0) return { items: [] };
  let query = applications(db).where('h.organisationId', 'in', orgIds);
  if (q.status) query = query.where('h.status', '=', q.status);
  const rows = (await query
    .orderBy('h.status', 'desc')
    .orderBy('h.createdAt')
    .orderBy('h.id')
    .limit(500)
    .execute()) as AppRow[];
  return { items: await Promise.all(rows.map((r) => presentApplication(db, me, r, locale))) };
}

export async function decideApplication(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof DecideApplicationSchema>,
  locale: Locale,
) {
  const me = signedIn(actor);
  const r = (await applications(db).where('h.id', '=', id).executeTakeFirst()) as
    | AppRow
    | undefined;
  // Someone who may not decide does not learn that the application exists.
  if (!r || !can(me, 'volunteer.verify', { orgPath: r.orgPath })) {
    if (r && can(me, 'volunteer.manage', { orgPath: r.orgPath })) throw new AppError('FORBIDDEN');
    throw new AppError('NOT_FOUND');
  }
  authorize(me, 'volunteer.verify', { orgPath: r.orgPath });
  const at = nowIso();
  const status: VolunteerHostStatus = input.verify ? 'VERIFIED' : 'DECLINED';
  await db.transaction().execute(async (tx) => {
    const moved = await tx
      .updateTable('volunteerHosts')
      .set({
        status,
        decisionNote: input.note || null,
        decidedBy: me.userId,
        decidedAt: at,
        updatedAt: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'PENDING')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1)
      throw ruleError('STATE_CONFLICT', '该申请已处理', 'The application was already decided');
    await recordAudit(tx, ctx, {
      action: input.verify ? 'volunteer.verify' : 'volunteer.decline',
      entityType: 'volunteer',
      entityId: r.userId,
      organisationId: r.organisationId,
      detail: { note: input.note || null },
    });
    await notify(tx, [r.userId], VOLUNTEER_DECIDED, {
      hostName: r.organisationName,
      verified: input.verify,
      note: input.note || null,
    });
  });
  const row = (await applications(db).where('h.id', '=', id).executeTakeFirst()) as AppRow;
  return presentApplication(db, me, row, locale);
}

/** Is the person a verified volunteer of the organisation? */
export async function isVerifiedAt(db: Executor, userId: string, organisationId: string) {
  const r = await db
    .selectFrom('volunteerHosts')
    .select('id')
    .where('userId', '=', userId)
    .where('organisationId', '=', organisationId)
    .where('status', '=', 'VERIFIED')
    .executeTakeFirst();
  return !!r;
}
