/**
 * Every query of the open-day facilities: profiles, partner schools, their open days (activities
 * tied to the facility) and the figures of open days held. The activities module reads a
 * facility's brief and its partners through `facilityBrief` / `isPartner` / `partnerStaff`.
 */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { FacilityPartnerTable, FacilityTable } from '#platform/db/schema.ts';
import { inSubtrees } from '#platform/db/subtree.ts';

export type FacilityRow = FacilityTable & { organisationName: string; orgPath: string };

function withUnit(db: Executor) {
  return db
    .selectFrom('facilities')
    .innerJoin('organisations', 'organisations.id', 'facilities.organisationId')
    .selectAll('facilities')
    .select(['organisations.name as organisationName', 'organisations.path as orgPath']);
}

export function insertFacility(db: Executor, row: FacilityTable) {
  return db.insertInto('facilities').values(row).execute();
}
export function findFacility(db: Executor, id: string): Promise<FacilityRow | undefined> {
  return withUnit(db).where('facilities.id', '=', id).executeTakeFirst();
}
export function updateFacility(db: Executor, id: string, patch: Partial<FacilityTable>) {
  return db.updateTable('facilities').set(patch).where('id', '=', id).execute();
}

/** Facilities run by units in the subtrees (all: every one), by part of the name. */
export function listManaged(db: Executor, q: { all: boolean; paths: string[]; query?: string }) {
  let query = withUnit(db);
  if (!q.all) query = query.where((eb) => inSubtrees(eb, q.paths));
  if (q.query) query = query.where(containsText('facilities.name', q.query));
  return query.orderBy('facilities.updatedAt', 'desc').limit(200).execute();
}

export function partnerCounts(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve(new Map<string, number>());
  return db
    .selectFrom('facilityPartners')
    .select(['facilityId', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('facilityId', 'in', ids)
    .groupBy('facilityId')
    .execute()
    .then((rows) => new Map(rows.map((r) => [r.facilityId, Number(r.n)])));
}

export function partnersOf(db: Executor, facilityId: string) {
  return db
    .selectFrom('facilityPartners')
    .innerJoin('organisations', 'organisations.id', 'facilityPartners.organisationId')
    .select([
      'facilityPartners.organisationId',
      'organisations.name',
      'organisations.type',
      'facilityPartners.since',
      'facilityPartners.note',
    ])
    .where('facilityPartners.facilityId', '=', facilityId)
    .orderBy('facilityPartners.since')
    .orderBy('organisations.name')
    .execute();
}

/** Insert or change a partner (one row per facility and organisation). */
export async function putPartner(db: Executor, row: FacilityPartnerTable) {
  await db
    .insertInto('facilityPartners')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['facilityId', 'organisationId'])
        .doUpdateSet({ since: row.since, note: row.note }),
    )
    .execute();
}
export async function deletePartner(db: Executor, facilityId: string, organisationId: string) {
  const r = await db
    .deleteFrom('facilityPartners')
    .where('facilityId', '=', facilityId)
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function isPartner(db: Executor, facilityId: string, organisationId: string) {
  return db
    .selectFrom('facilityPartners')
    .select('facilityId')
    .where('facilityId', '=', facilityId)
    .where('organisationId', '=', organisationId)
    .executeTakeFirst()
    .then((r) => r !== undefined);
}

/** Active staff of the facility's partner organisations (to tell them of new slots). */
export function partnerStaff(db: Executor, facilityId: string) {
  return db
    .selectFrom('facilityPartners')
    .innerJoin('roleGrants', 'roleGrants.organisationId', 'facilityPartners.organisationId')
    .innerJoin('users', 'users.id', 'roleGrants.userId')
    .select('users.id')
    .where('facilityPartners.facilityId', '=', facilityId)
    .where('users.status', '=', 'ACTIVE')
    .distinct()
    .limit(2000)
    .execute()
    .then((rows) => rows.map((r) => r.id));
}

/** What the activities module shows of an open day's facility. */
export function facilityBrief(db: Executor, id: string) {
  return db
    .selectFrom('facilities')
    .select(['id', 'name', 'kind', 'safetyNotes', 'visitNotes', 'groupMax', 'organisationId'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Organisations that may be partners: schools, societies and others (communities), by name. */
export function partnerChoices(db: Executor, query?: string) {
  let q = db
    .selectFrom('organisations')
    .leftJoin('divisions', 'divisions.code', 'organisations.divisionCode')
    .select([
      'organisations.id',
      'organisations.name',
      'organisations.type',
      'divisions.name as place',
    ])
    .where('organisations.active', '=', 1)
    .where('organisations.type', 'in', ['SCHOOL', 'SOCIETY', 'OTHER']);
  if (query) q = q.where(containsText('organisations.name', query));
  return q.orderBy('organisations.name').limit(50).execute();
}

/** The facility's open days (activities tied to it), newest first. */
export function openDaysOf(db: Executor, facilityId: string) {
  return db
    .selectFrom('activities')
    .select((eb) => [
      'activities.id',
      'activities.title',
      'activities.status',
      'activities.groupsAllowed',
      eb
        .selectFrom('activitySessions')
        .select((e) => e.fn.min('activitySessions.startsAt').as('v'))
        .whereRef('activitySessions.activityId', '=', 'activities.id')
        .as('firstStartsAt'),
      eb
        .selectFrom('activitySessions')
        .select((e) => e.fn.max('activitySessions.endsAt').as('v'))
        .whereRef('activitySessions.activityId', '=', 'activities.id')
        .as('lastEndsAt'),
      eb
        .selectFrom('activitySessions')
        .select((e) => e.fn.countAll<string | number>().as('v'))
        .whereRef('activitySessions.activityId', '=', 'activities.id')
        .as('slots'),
      eb
        .selectFrom('activityGroups')
        .select((e) => e.fn.countAll<string | number>().as('v'))
        .whereRef('activityGroups.activityId', '=', 'activities.id')
        .where('activityGroups.status', 'in', ['PENDING', 'PARTIAL'])
        .as('groupsPending'),
    ])
    .where('activities.facilityId', '=', facilityId)
    .orderBy('activities.createdAt', 'desc')
    .limit(50)
    .execute();
}

/** Published facilities for the portal, with the filters; [total, page]. */
export async function publicFacilities(
  db: Executor,
  q: { query?: string; kind?: string; province?: string; limit: number; offset: number },
) {
  let base = db
    .selectFrom('facilities')
    .innerJoin('organisations', 'organisations.id', 'facilities.organisationId')
    .where('facilities.published', '=', 1);
  if (q.kind) base = base.where('facilities.kind', '=', q.kind as FacilityTable['kind']);
  if (q.province) base = base.where('facilities.divisionCode', 'like', `${q.province}%`);
  if (q.query) {
    const t = q.query;
    base = base.where((eb) =>
      eb.or([
        containsText('facilities.name', t),
        containsText('organisations.name', t),
        containsText('facilities.address', t),
      ]),
    );
  }
  const total = await base
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('facilities')
    .select('organisations.name as organisationName')
    .orderBy('facilities.name')
    .orderBy('facilities.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return [Number(total.n), rows] as const;
}

/** Upcoming slots (active sessions not yet started) of published open days at the facilities. */
export function upcomingSlots(db: Executor, facilityIds: string[], now: string, limit = 100) {
  if (facilityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('activitySessions')
    .innerJoin('activities', 'activities.id', 'activitySessions.activityId')
    .select([
      'activities.facilityId',
      'activities.id as activityId',
      'activities.title',
      'activities.groupsAllowed',
      'activitySessions.id as sessionId',
      'activitySessions.startsAt',
      'activitySessions.endsAt',
      'activitySessions.capacity',
      'activitySessions.taken',
      'activitySessions.partnersUntil',
    ])
    .where('activities.facilityId', 'in', facilityIds)
    .where('activities.status', '=', 'PUBLISHED')
    .where('activitySessions.status', '=', 'ACTIVE')
    .where('activitySessions.startsAt', '>', now)
    .orderBy('activitySessions.startsAt')
    .limit(limit * Math.max(1, facilityIds.length))
    .execute();
}

/**
 * Per facility, its upcoming slots (as `upcomingSlots`): how many, in how many open days, and the
 * places left in them (`unlimited`: some slot has no limit).
 */
export async function upcomingTotals(db: Executor, facilityIds: string[], now: string) {
  if (facilityIds.length === 0) return new Map<string, UpcomingTotals>();
  const rows = await db
    .selectFrom('activitySessions')
    .innerJoin('activities', 'activities.id', 'activitySessions.activityId')
    .select((eb) => [
      'activities.facilityId',
      eb.fn.countAll<string | number>().as('slots'),
      eb.fn.count<string | number>('activities.id').distinct().as('openDays'),
      eb.fn
        .sum<string | number | null>(
          sql`case when activity_sessions.capacity is null then 0 when activity_sessions.capacity > activity_sessions.taken then activity_sessions.capacity - activity_sessions.taken else 0 end`,
        )
        .as('placesLeft'),
      eb.fn
        .sum<string | number | null>(
          sql`case when activity_sessions.capacity is null then 1 else 0 end`,
        )
        .as('unlimited'),
    ])
    .where('activities.facilityId', 'in', facilityIds)
    .where('activities.status', '=', 'PUBLISHED')
    .where('activitySessions.status', '=', 'ACTIVE')
    .where('activitySessions.startsAt', '>', now)
    .groupBy('activities.facilityId')
    .execute();
  return new Map(
    rows.map((r) => [
      r.facilityId as string,
      {
        slots: Number(r.slots),
        openDays: Number(r.openDays),
        placesLeft: Number(r.placesLeft ?? 0),
        unlimited: Number(r.unlimited ?? 0) > 0,
      },
    ]),
  );
}
export interface UpcomingTotals {
  slots: number;
  openDays: number;
  placesLeft: number;
  unlimited: boolean;
}

/**
 * The facility's published open days with a slot that started between `from` and `now`, latest
 * first: the past open days its page lists.
 */
export function pastOpenDays(db: Executor, facilityId: string, from: string, now: string) {
  return db
    .selectFrom('activities')
    .innerJoin('activitySessions', 'activitySessions.activityId', 'activities.id')
    .select((eb) => [
      'activities.id',
      'activities.title',
      eb.fn.min('activitySessions.startsAt').as('firstStartsAt'),
      eb.fn.max('activitySessions.endsAt').as('lastEndsAt'),
      eb.fn.countAll<string | number>().as('slots'),
    ])
    .where('activities.facilityId', '=', facilityId)
    .where('activities.status', '=', 'PUBLISHED')
    .where('activitySessions.status', '=', 'ACTIVE')
    .where('activitySessions.startsAt', '>=', from)
    .where('activitySessions.startsAt', '<=', now)
    .groupBy(['activities.id', 'activities.title'])
    .orderBy('lastEndsAt', 'desc')
    .orderBy('activities.id')
    .limit(50)
    .execute();
}

/**
 * Open-day slots held (started before `now`, between `from` and `to`) at facilities run inside
 * the subtrees: per slot, the facility's division, the confirmed places and the people checked
 * in (a person's or one-QR group's places when its ticket was scanned; a per-person group's
 * members scanned).
 */
export async function heldSlots(
  db: Executor,
  q: { all: boolean; paths: string[]; facilityId?: string; from: string; to: string; now: string },
) {
  let slots = db
    .selectFrom('activitySessions')
    .innerJoin('activities', 'activities.id', 'activitySessions.activityId')
    .innerJoin('facilities', 'facilities.id', 'activities.facilityId')
    .innerJoin('organisations', 'organisations.id', 'facilities.organisationId')
    .select([
      'activitySessions.id',
      'facilities.id as facilityId',
      'facilities.divisionCode',
      'organisations.divisionCode as orgDivisionCode',
    ])
    .where('activities.status', 'in', ['PUBLISHED', 'CANCELLED'])
    .where('activitySessions.status', '=', 'ACTIVE')
    .where('activitySessions.startsAt', '>=', q.from)
    .where('activitySessions.startsAt', '<', q.to)
    .where('activitySessions.startsAt', '<=', q.now);
  if (q.facilityId) slots = slots.where('facilities.id', '=', q.facilityId);
  if (!q.all) slots = slots.where((eb) => inSubtrees(eb, q.paths));
  const rows = await slots.limit(100_000).execute();
  const ids = rows.map((r) => r.id);
  const registered = new Map<string, number>();
  const visitors = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const regs = await db
      .selectFrom('registrations')
      .leftJoin('activityGroups', 'activityGroups.id', 'registrations.groupId')
      .select((eb) => [
        'registrations.sessionId',
        eb.fn.sum<string | number | null>('registrations.quantity').as('registered'),
        eb.fn
          .sum<string | number | null>(
            sql`case when registrations.checked_in_at is not null and (registrations.group_id is null or activity_groups.ticket_mode = 'GROUP') then registrations.quantity else 0 end`,
          )
          .as('visitors'),
      ])
      .where('registrations.sessionId', 'in', chunk)
      .where('registrations.status', '=', 'CONFIRMED')
      .groupBy('registrations.sessionId')
      .execute();
    for (const r of regs) {
      registered.set(r.sessionId, Number(r.registered ?? 0));
      visitors.set(r.sessionId, Number(r.visitors ?? 0));
    }
    const members = await db
      .selectFrom('groupMembers')
      .innerJoin('activityGroups', 'activityGroups.id', 'groupMembers.groupId')
      .select((eb) => ['activityGroups.sessionId', eb.fn.countAll<string | number>().as('n')])
      .where('activityGroups.sessionId', 'in', chunk)
      .where('activityGroups.ticketMode', '=', 'PERSON')
      .where('activityGroups.status', 'in', ['APPROVED', 'PARTIAL'])
      .where('groupMembers.checkedInAt', 'is not', null)
      .groupBy('activityGroups.sessionId')
      .execute();
    for (const m of members)
      visitors.set(m.sessionId, (visitors.get(m.sessionId) ?? 0) + Number(m.n));
  }
  return rows.map((r) => ({
    facilityId: r.facilityId,
    divisionCode: r.divisionCode ?? r.orgDivisionCode,
    registered: registered.get(r.id) ?? 0,
    visitors: visitors.get(r.id) ?? 0,
  }));
}

export function divisionNameOf(db: Executor, code: string) {
  return db
    .selectFrom('divisions')
    .select('name')
    .where('code', '=', code)
    .executeTakeFirst()
    .then((r) => r?.name ?? null);
}
