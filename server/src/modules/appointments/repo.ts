/** Every query of appointments, schemes and studios (the service decides and passes its transaction). */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type {
  AppointmentSchemeTable,
  AppointmentStatus,
  AppointmentTable,
  StudioTable,
} from '#platform/db/schema.ts';
import { pathEnd } from '#platform/db/subtree.ts';

/** The most appointments a list weighs at once (duty standing is computed per person in memory). */
export const LIST_CAP = 5000;

export async function schemes(db: Executor) {
  return db
    .selectFrom('appointmentSchemes as s')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .selectAll('s')
    .select([
      'o.name as organisationName',
      'o.path as orgPath',
      (eb) =>
        eb
          .selectFrom('appointments as a')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('a.schemeId', '=', 's.id')
          .where('a.status', '=', 'ACTIVE')
          .as('activeCount'),
    ])
    .orderBy('s.createdAt')
    .limit(200)
    .execute();
}

export async function findScheme(db: Executor, id: string) {
  return db
    .selectFrom('appointmentSchemes as s')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .selectAll('s')
    .select(['o.name as organisationName', 'o.path as orgPath'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type SchemeRow = NonNullable<Awaited<ReturnType<typeof findScheme>>>;

export const schemeByCode = (db: Executor, code: string) =>
  db.selectFrom('appointmentSchemes').select('id').where('code', '=', code).executeTakeFirst();

export async function insertScheme(db: Executor, row: AppointmentSchemeTable) {
  await db.insertInto('appointmentSchemes').values(row).execute();
}

export async function updateScheme(
  db: Executor,
  id: string,
  patch: Partial<Omit<AppointmentSchemeTable, 'id' | 'createdAt'>>,
) {
  await db.updateTable('appointmentSchemes').set(patch).where('id', '=', id).execute();
}

const withPeople = (db: Executor) =>
  db
    .selectFrom('appointments as a')
    .innerJoin('appointmentSchemes as s', 's.id', 'a.schemeId')
    .innerJoin('organisations as so', 'so.id', 's.organisationId')
    .innerJoin('users as u', 'u.id', 'a.userId')
    .leftJoin('expertProfiles as p', 'p.userId', 'a.userId')
    .leftJoin('organisations as po', 'po.id', 'p.organisationId')
    .leftJoin('organisations as no', 'no.id', 'a.nominatingOrgId')
    .leftJoin('studios as st', 'st.appointmentId', 'a.id')
    .leftJoin('organisations as sto', 'sto.id', 'st.organisationId')
    .selectAll('a')
    .select([
      's.name as schemeName',
      's.honorific',
      's.minLedPerYear',
      's.renewable',
      's.termYears',
      's.organisationId as schemeOrgId',
      'so.path as schemeOrgPath',
      'so.name as schemeOrgName',
      'u.displayName as personName',
      'p.title as personTitle',
      'po.name as personOrganisation',
      'po.path as personOrgPath',
      'no.name as nominatingOrgName',
      'st.organisationId as studioId',
      'sto.name as studioName',
    ]);
export type AppointmentRow = NonNullable<Awaited<ReturnType<typeof findAppointment>>>;

export const findAppointment = (db: Executor, id: string) =>
  withPeople(db).where('a.id', '=', id).executeTakeFirst();

export interface AppointmentFilter {
  /** Subtree roots the reader may see (by the scheme's body or the appointee's unit), or ALL. */
  scope: 'ALL' | string[];
  schemeId?: string;
  status?: AppointmentStatus;
  q?: string;
  userId?: string;
}

/** Appointments matching the filter, in term first, then by end date and name (at most LIST_CAP). */
export async function appointments(db: Executor, f: AppointmentFilter) {
  if (f.scope !== 'ALL' && f.scope.length === 0) return [];
  let q = withPeople(db);
  if (f.scope !== 'ALL') {
    const roots = f.scope;
    q = q.where((eb) =>
      eb.or(
        roots.flatMap((p) => [
          eb.and([eb('so.path', '>=', p), eb('so.path', '<', pathEnd(p))]),
          eb.and([eb('po.path', '>=', p), eb('po.path', '<', pathEnd(p))]),
        ]),
      ),
    );
  }
  if (f.schemeId) q = q.where('a.schemeId', '=', f.schemeId);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.userId) q = q.where('a.userId', '=', f.userId);
  if (f.q) q = q.where(containsText('u.displayName', f.q));
  return q
    .orderBy(sql`case when a.status = 'ACTIVE' then 0 else 1 end`)
    .orderBy('a.endDate', 'desc')
    .orderBy('u.displayName')
    .limit(LIST_CAP)
    .execute();
}

export const activeAppointment = (db: Executor, userId: string, schemeId: string) =>
  db
    .selectFrom('appointments')
    .select(['id', 'endDate'])
    .where('userId', '=', userId)
    .where('schemeId', '=', schemeId)
    .where('status', '=', 'ACTIVE')
    .executeTakeFirst();

export async function insertAppointment(db: Executor, row: AppointmentTable) {
  await db.insertInto('appointments').values(row).execute();
}

/** A conditional step: true when the appointment stood in one of `from` and moved. */
export async function moveAppointment(
  db: Executor,
  id: string,
  from: AppointmentStatus[],
  patch: Partial<AppointmentTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('appointments')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Appointments in term whose last day is before `today` (the expiry job). */
export const pastTerm = (db: Executor, today: string, limit: number) =>
  db
    .selectFrom('appointments')
    .select(['id', 'userId', 'schemeId', 'endDate'])
    .where('status', '=', 'ACTIVE')
    .where('endDate', '<', today)
    .orderBy('endDate')
    .limit(limit)
    .execute();

/** Appointments in term ending within [today, until] (the renewal reminder). */
export const endingBy = (db: Executor, today: string, until: string) =>
  withPeople(db)
    .where('a.status', '=', 'ACTIVE')
    .where('a.endDate', '>=', today)
    .where('a.endDate', '<=', until)
    .orderBy('a.endDate')
    .limit(LIST_CAP)
    .execute();

/** Everyone in term (the duty reminder). */
export const inTerm = (db: Executor) =>
  withPeople(db).where('a.status', '=', 'ACTIVE').orderBy('a.id').limit(LIST_CAP).execute();

/** The titles people hold now (the portal's expert pages put chief communicators first). */
export async function honorificsOf(db: Executor, userIds: string[]) {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('appointments as a')
    .innerJoin('appointmentSchemes as s', 's.id', 'a.schemeId')
    .select(['a.userId', 's.honorific'])
    .where('a.status', '=', 'ACTIVE')
    .where('a.userId', 'in', userIds)
    .orderBy('a.startDate')
    .execute();
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r.honorific]);
  return out;
}

export async function insertStudio(db: Executor, row: StudioTable) {
  await db.insertInto('studios').values(row).execute();
}

export const studioOf = (db: Executor, appointmentId: string) =>
  db
    .selectFrom('studios')
    .select('organisationId')
    .where('appointmentId', '=', appointmentId)
    .executeTakeFirst();

/** A person's appointments, for their data export. */
export const allOfPerson = (db: Executor, userId: string) =>
  withPeople(db).where('a.userId', '=', userId).orderBy('a.startDate').execute();
