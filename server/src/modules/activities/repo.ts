/** Every query of activities, sessions, registrations and campaigns. */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText, likePattern } from '#platform/db/like.ts';
import type {
  ActivityGroupTable,
  ActivitySessionTable,
  ActivityTable,
  CampaignTable,
  CheckInScanTable,
  GroupMemberTable,
  GroupStatus,
  RegistrationStatus,
  RegistrationTable,
} from '#platform/db/schema.ts';
import { inSubtrees } from '#platform/db/subtree.ts';

export type ActivityRow = ActivityTable & { host: string; orgPath: string };
export type SessionRow = Omit<ActivitySessionTable, 'taken'> & { taken: number };

/** The statuses that hold a place or a turn: at most one per person and session (unique index). */
export const LIVE: RegistrationStatus[] = [
  'CONFIRMED',
  'WAITLISTED',
  'OFFERED',
  'PENDING_APPROVAL',
];
/** The statuses whose quantity is counted in `taken`. */
export const HOLDING: RegistrationStatus[] = ['CONFIRMED', 'OFFERED', 'PENDING_APPROVAL'];

// ---- campaigns

export function insertCampaign(db: Executor, row: CampaignTable) {
  return db.insertInto('campaigns').values(row).execute();
}
export function updateCampaign(db: Executor, id: string, patch: Partial<CampaignTable>) {
  return db.updateTable('campaigns').set(patch).where('id', '=', id).execute();
}
export function findCampaign(db: Executor, id: string) {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}
export function findCampaignFor(db: Executor, themeDayCode: string, year: number) {
  return db
    .selectFrom('campaigns')
    .select('id')
    .where('themeDayCode', '=', themeDayCode)
    .where('year', '=', year)
    .executeTakeFirst();
}
export function listCampaigns(db: Executor, q: { year?: number; themeDay?: string }) {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .$if(q.year !== undefined, (s) => s.where('year', '=', q.year!))
    .$if(q.themeDay !== undefined, (s) => s.where('themeDayCode', '=', q.themeDay!))
    .orderBy('startDate', 'desc')
    .limit(500)
    .execute();
}

/** Paths of the ministry and its offices: who may keep campaigns. */
export async function officePaths(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('path')
    .where('type', 'in', ['MINISTRY', 'MINISTRY_OFFICE'])
    .execute();
  return rows.map((r) => r.path);
}

// ---- activities and sessions

function withHost(db: Executor) {
  return db
    .selectFrom('activities')
    .innerJoin('organisations', 'organisations.id', 'activities.organisationId')
    .selectAll('activities')
    .select(['organisations.name as host', 'organisations.path as orgPath']);
}

export function insertActivity(db: Executor, row: ActivityTable) {
  return db.insertInto('activities').values(row).execute();
}
export function findActivity(db: Executor, id: string): Promise<ActivityRow | undefined> {
  return withHost(db).where('activities.id', '=', id).executeTakeFirst();
}
export function updateActivity(db: Executor, id: string, patch: Partial<ActivityTable>) {
  return db.updateTable('activities').set(patch).where('id', '=', id).execute();
}
/** A move of the lifecycle, only from the expected status (false: someone moved it first). */
export async function moveActivity(
  db: Executor,
  id: string,
  from: ActivityTable['status'][],
  patch: Partial<ActivityTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('activities')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertSessions(db: Executor, rows: ActivitySessionTable[]) {
  for (let i = 0; i < rows.length; i += 50)
    await db
      .insertInto('activitySessions')
      .values(rows.slice(i, i + 50))
      .execute();
}
export function sessionsOf(db: Executor, activityIds: string[]): Promise<SessionRow[]> {
  if (activityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('activitySessions')
    .selectAll()
    .where('activityId', 'in', activityIds)
    .orderBy('startsAt')
    .orderBy('id')
    .execute();
}
/** The activities' sessions (as sessionsOf), each with its waiting list counted: one statement. */
export async function sessionsWithWaiting(
  db: Executor,
  activityIds: string[],
): Promise<(SessionRow & { waiting: number })[]> {
  if (activityIds.length === 0) return [];
  const rows = await db
    .selectFrom('activitySessions as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('registrations as r')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('r.sessionId', '=', 's.id')
        .where('r.status', '=', 'WAITLISTED')
        .as('waiting'),
    )
    .where('s.activityId', 'in', activityIds)
    .orderBy('s.startsAt')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ ...r, waiting: Number(r.waiting ?? 0) }));
}
export function findSession(db: Executor, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('activitySessions').selectAll().where('id', '=', id).executeTakeFirst();
}
export function cancelSessions(db: Executor, activityId: string) {
  return db
    .updateTable('activitySessions')
    .set({ status: 'CANCELLED' })
    .where('activityId', '=', activityId)
    .execute();
}

/**
 * Takes `quantity` places of a session if they are free: one conditional UPDATE, so that two
 * transactions at once cannot both take the last place (SQLite: one writer; PostgreSQL: the row
 * lock, and the second re-checks the condition on the row the first committed).
 */
export async function takePlaces(db: Executor, sessionId: string, quantity: number) {
  const r = await db
    .updateTable('activitySessions')
    .set({ taken: sql`taken + ${quantity}` })
    .where('id', '=', sessionId)
    .where('status', '=', 'ACTIVE')
    .where((eb) =>
      eb.or([eb('capacity', 'is', null), eb(sql`taken + ${quantity}`, '<=', eb.ref('capacity'))]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export function releasePlaces(db: Executor, sessionId: string, quantity: number) {
  return db
    .updateTable('activitySessions')
    .set({ taken: sql`taken - ${quantity}` })
    .where('id', '=', sessionId)
    .execute();
}

// ---- registrations

export function insertRegistration(db: Executor, row: RegistrationTable) {
  return db.insertInto('registrations').values(row).execute();
}
export function findRegistration(db: Executor, id: string) {
  return db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst();
}
export function liveRegistration(db: Executor, sessionId: string, userId: string) {
  return db
    .selectFrom('registrations')
    .selectAll()
    .where('sessionId', '=', sessionId)
    .where('userId', '=', userId)
    .where('status', 'in', LIVE)
    .where('groupId', 'is', null)
    .executeTakeFirst();
}
/** Moves a registration only from the expected status (false: another request moved it). */
export async function moveRegistration(
  db: Executor,
  id: string,
  from: RegistrationStatus[],
  patch: Partial<RegistrationTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('registrations')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
/** The first on the waiting list: the earliest registration (UUIDv7 ids break ties in order). */
export function firstWaiting(db: Executor, sessionId: string) {
  return db
    .selectFrom('registrations')
    .selectAll()
    .where('sessionId', '=', sessionId)
    .where('status', '=', 'WAITLISTED')
    .orderBy('createdAt')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
/** A waiting registration's place in its session's queue (1: the next offered), else null. */
export async function waitingPosition(
  db: Executor,
  r: { id: string; sessionId: string; createdAt: string; status: string },
): Promise<number | null> {
  if (r.status !== 'WAITLISTED') return null;
  const row = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sessionId', '=', r.sessionId)
    .where('status', '=', 'WAITLISTED')
    .where((eb) =>
      eb.or([
        eb('createdAt', '<', r.createdAt),
        eb.and([eb('createdAt', '=', r.createdAt), eb('id', '<=', r.id)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
export function liveOfActivity(db: Executor, activityId: string) {
  return db
    .selectFrom('registrations')
    .selectAll()
    .where('activityId', '=', activityId)
    .where('status', 'in', LIVE)
    .execute();
}
export function listMine(db: Executor, userId: string) {
  return (
    db
      .selectFrom('registrations')
      .innerJoin('activitySessions', 'activitySessions.id', 'registrations.sessionId')
      .innerJoin('activities', 'activities.id', 'registrations.activityId')
      .selectAll('registrations')
      .select([
        'activities.title as activityTitle',
        'activities.address',
        'activities.onlineUrl',
        'activitySessions.startsAt',
        'activitySessions.endsAt',
        'activitySessions.holdHours',
        'activitySessions.cancelCutoffHours',
      ])
      .where('registrations.userId', '=', userId)
      // A group's places are shown with the group (listGroupsOfUser).
      .where('registrations.groupId', 'is', null)
      .orderBy('activitySessions.startsAt', 'desc')
      .limit(200)
      .execute()
  );
}

// ---- the public list and feeds

export interface PublicFilter {
  q?: string;
  fromIso?: string;
  toIso?: string;
  division?: string;
  audience?: string;
  types?: string[];
  campaignId?: string;
  hostId?: string;
  facilityId?: string;
}

/** Published activities with an active session in the window: ids by their first such session. */
function publicBase(db: Executor, f: PublicFilter) {
  return db
    .selectFrom('activities')
    .innerJoin('activitySessions', 'activitySessions.activityId', 'activities.id')
    .where('activities.status', '=', 'PUBLISHED')
    .where('activitySessions.status', '=', 'ACTIVE')
    .$if(!!f.fromIso, (s) => s.where('activitySessions.endsAt', '>=', f.fromIso!))
    .$if(!!f.toIso, (s) => s.where('activitySessions.startsAt', '<', f.toIso!))
    .$if(!!f.q, (s) => s.where(containsText('activities.title', f.q!)))
    .$if(!!f.division, (s) =>
      s.where(sql<boolean>`activities.division_code like ${`${f.division}%`}`),
    )
    .$if(!!f.audience, (s) =>
      s.where(
        sql<boolean>`activities.audiences like ${likePattern(`"${f.audience}"`)} escape '\\'`,
      ),
    )
    .$if(!!f.types?.length, (s) => s.where('activities.typeCode', 'in', f.types!))
    .$if(!!f.campaignId, (s) => s.where('activities.campaignId', '=', f.campaignId!))
    .$if(!!f.hostId, (s) => s.where('activities.organisationId', '=', f.hostId!))
    .$if(!!f.facilityId, (s) => s.where('activities.facilityId', '=', f.facilityId!));
}

export async function publicPage(db: Executor, f: PublicFilter, offset: number, limit: number) {
  const [rows, total] = await Promise.all([
    publicBase(db, f)
      .select(['activities.id', (eb) => eb.fn.min('activitySessions.startsAt').as('first')])
      .groupBy('activities.id')
      .orderBy('first')
      .orderBy('activities.id')
      .offset(offset)
      .limit(limit)
      .execute(),
    publicBase(db, f)
      .select((eb) => eb.fn.count<number>('activities.id').distinct().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(total.n) };
}

/** Sessions for a feed: at most `limit`, in time order, with their activity. */
export function feedSessions(db: Executor, f: PublicFilter, limit: number) {
  return publicBase(db, f)
    .innerJoin('organisations', 'organisations.id', 'activities.organisationId')
    .select([
      'activitySessions.id as sessionId',
      'activitySessions.startsAt',
      'activitySessions.endsAt',
      'activities.id',
      'activities.title',
      'activities.summary',
      'activities.address',
      'activities.onlineUrl',
      'activities.lat',
      'activities.lng',
      'activities.updatedAt',
      'organisations.name as host',
    ])
    .orderBy('activitySessions.startsAt')
    .limit(limit)
    .execute();
}

export function findActivities(db: Executor, ids: string[]): Promise<ActivityRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return withHost(db).where('activities.id', 'in', ids).execute();
}

export function referenceExists(db: Executor, kind: string, code: string) {
  return db
    .selectFrom('referenceItems')
    .select(['code', 'nameZh', 'data'])
    .where('kind', '=', kind)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** A session's registrations for its host, with the person's name, in waiting-list order. */
export function registrationsOf(
  db: Executor,
  activityId: string,
  q: { sessionId?: string; status?: RegistrationStatus },
) {
  return db
    .selectFrom('registrations')
    .innerJoin('users', 'users.id', 'registrations.userId')
    .selectAll('registrations')
    .select(['users.displayName as userName'])
    .where('registrations.activityId', '=', activityId)
    .$if(!!q.sessionId, (s) => s.where('registrations.sessionId', '=', q.sessionId!))
    .$if(!!q.status, (s) => s.where('registrations.status', '=', q.status!))
    .orderBy('registrations.createdAt')
    .orderBy('registrations.id')
    .limit(5000)
    .execute();
}
export function liveOfSession(db: Executor, sessionId: string) {
  return db
    .selectFrom('registrations')
    .selectAll()
    .where('sessionId', '=', sessionId)
    .where('status', 'in', LIVE)
    .execute();
}
export async function cancelSession(db: Executor, id: string): Promise<boolean> {
  const r = await db
    .updateTable('activitySessions')
    .set({ status: 'CANCELLED' })
    .where('id', '=', id)
    .where('status', '=', 'ACTIVE')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ids of published activities after `after`, in id order (reindexing). */
export async function publishedIds(db: Executor, after: string | null, limit: number) {
  const rows = await db
    .selectFrom('activities')
    .select('id')
    .where('status', '=', 'PUBLISHED')
    .$if(after !== null, (s) => s.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Published activities with a session that ended in [since, until): their search rank lapses. */
export async function endedBetween(db: Executor, since: string, until: string) {
  const rows = await db
    .selectFrom('activitySessions')
    .innerJoin('activities', 'activities.id', 'activitySessions.activityId')
    .select('activities.id')
    .distinct()
    .where('activities.status', '=', 'PUBLISHED')
    .where('activitySessions.endsAt', '>=', since)
    .where('activitySessions.endsAt', '<', until)
    .limit(5000)
    .execute();
  return rows.map((r) => r.id);
}

// ---- check-in

/** How many ids one lookup or insert of a check-in batch takes (bound parameters stay few). */
export const CHECK_IN_CHUNK = 500;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHECK_IN_CHUNK)
    out.push(items.slice(i, i + CHECK_IN_CHUNK));
  return out;
}
/** Group members by id (a per-person ticket's code carries the member's id), in chunks. */
export async function membersById(db: Executor, ids: string[]) {
  const out: GroupMemberTable[] = [];
  for (const c of chunks(ids))
    out.push(...(await db.selectFrom('groupMembers').selectAll().where('id', 'in', c).execute()));
  return out;
}
/** The groups' registrations (id pairs), in chunks. */
export async function groupRegistrations(db: Executor, groupIds: string[]) {
  const out: { id: string; registrationId: string | null }[] = [];
  for (const c of chunks(groupIds))
    out.push(
      ...(await db
        .selectFrom('activityGroups')
        .select(['id', 'registrationId'])
        .where('id', 'in', c)
        .execute()),
    );
  return out;
}
/** Registrations by id with the person's name (for the scan's answer), in chunks. */
export async function registrationsForCheckIn(db: Executor, ids: string[]) {
  const out = [];
  for (const c of chunks(ids))
    out.push(
      ...(await db
        .selectFrom('registrations as r')
        .leftJoin('users as u', 'u.id', 'r.userId')
        .select([
          'r.id',
          'r.activityId',
          'r.sessionId',
          'r.status',
          'r.groupId',
          'r.ticketCode',
          'r.quantity',
          'r.checkedInAt',
          'u.displayName as userName',
        ])
        .where('r.id', 'in', c)
        .execute()),
    );
  return out;
}
/** When registrations and members were checked in (after a batch's writes), in chunks. */
export async function checkedInTimes(db: Executor, regIds: string[], memberIds: string[]) {
  const out = new Map<string, string | null>();
  for (const c of chunks(regIds))
    for (const r of await db
      .selectFrom('registrations')
      .select(['id', 'checkedInAt'])
      .where('id', 'in', c)
      .execute())
      out.set(r.id, r.checkedInAt);
  for (const c of chunks(memberIds))
    for (const r of await db
      .selectFrom('groupMembers')
      .select(['id', 'checkedInAt'])
      .where('id', 'in', c)
      .execute())
      out.set(r.id, r.checkedInAt);
  return out;
}
/**
 * Records scans, each once (the unique key drops a re-sent one), in chunks. Returns the ids of
 * the rows written: a scan whose id is missing was already recorded.
 */
export async function insertScans(db: Executor, rows: CheckInScanTable[]): Promise<Set<string>> {
  const written = new Set<string>();
  for (const c of chunks(rows))
    for (const r of await db
      .insertInto('checkInScans')
      .values(c)
      .onConflict((oc) => oc.columns(['deviceId', 'code', 'scannedAt']).doNothing())
      .returning('id')
      .execute())
      written.add(r.id);
  return written;
}
/** Records a scan once (a device re-sending its queue adds nothing). True: a new scan. */
export async function insertScan(db: Executor, row: CheckInScanTable): Promise<boolean> {
  const r = await db
    .insertInto('checkInScans')
    .values(row)
    .onConflict((oc) => oc.columns(['deviceId', 'code', 'scannedAt']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
/**
 * Checks a confirmed registration in at `at`, keeping the earliest time when scans from offline
 * devices arrive out of order. True: this scan is the check-in.
 */
export async function markCheckedIn(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('registrations')
    // A check-in (an offline scan synced late) outweighs a no-show mark.
    .set({ checkedInAt: at, noShowAt: null })
    .where('id', '=', id)
    .where('status', '=', 'CONFIRMED')
    .where((eb) => eb.or([eb('checkedInAt', 'is', null), eb('checkedInAt', '>', at)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
/**
 * A registration's check-in on one Beijing day (mode DAILY): the first scan of the day makes it,
 * an earlier one synced later moves it back. True: this scan is the day's check-in.
 */
export async function markCheckedInOnDay(
  db: Executor,
  registrationId: string,
  day: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .insertInto('checkInDays')
    .values({ registrationId, day, scannedAt: at })
    .onConflict((oc) =>
      oc
        .columns(['registrationId', 'day'])
        .doUpdateSet({ scannedAt: at })
        .where('checkInDays.scannedAt', '>', at),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
/** Confirmed registrations of an activity and its check-in events (days, or accepted scans). */
export async function attendanceRows(db: Executor, activityId: string, daily: boolean) {
  const regs = await db
    .selectFrom('registrations')
    .select(['id', 'sessionId', 'quantity', 'checkedInAt'])
    .where('activityId', '=', activityId)
    .where('status', '=', 'CONFIRMED')
    .execute();
  const events = daily
    ? await db
        .selectFrom('checkInDays as d')
        .innerJoin('registrations as r', 'r.id', 'd.registrationId')
        .select(['d.registrationId', 'd.scannedAt'])
        .where('r.activityId', '=', activityId)
        .where('r.status', '=', 'CONFIRMED')
        .execute()
    : await db
        .selectFrom('checkInScans')
        .select(['registrationId', 'scannedAt'])
        .where('activityId', '=', activityId)
        .where('outcome', '=', 'CHECKED_IN')
        .execute();
  return { regs, events };
}
/** The door's list: confirmed registrations of an activity (one session, or all), by name. */
export function checkInListRows(db: Executor, activityId: string, sessionId?: string) {
  let q = db
    .selectFrom('registrations as r')
    .innerJoin('users as u', 'u.id', 'r.userId')
    .select((eb) => [
      'r.id as registrationId',
      'r.sessionId',
      'u.displayName as userName',
      'r.quantity',
      'r.checkedInAt',
      'r.ticketCode',
      eb
        .selectFrom('checkInScans as s')
        .select((e) => e.fn.max<string>('s.scannedAt').as('m'))
        .whereRef('s.registrationId', '=', 'r.id')
        .where('s.outcome', '=', 'CHECKED_IN')
        .as('lastCheckInAt'),
    ])
    .where('r.activityId', '=', activityId)
    .where('r.status', '=', 'CONFIRMED');
  if (sessionId) q = q.where('r.sessionId', '=', sessionId);
  return q.orderBy('u.displayName').orderBy('r.id').limit(CHECK_IN_LIST_MAX).execute();
}
/**
 * The door's list of group members: the members of approved group bookings (a confirmed
 * registration), each with the ticket that checks them in — their own (one QR per person) or the
 * group's one QR. Only what the door needs: no phone numbers, no contact.
 */
export async function checkInMemberRows(db: Executor, activityId: string, sessionId?: string) {
  const rows = await db
    .selectFrom('groupMembers as m')
    .innerJoin('activityGroups as g', 'g.id', 'm.groupId')
    .innerJoin('registrations as r', 'r.id', 'g.registrationId')
    .select([
      'm.id as memberId',
      'm.seq',
      'm.name',
      'm.checkedInAt as memberCheckedInAt',
      'm.ticketCode as memberTicketCode',
      'g.ticketMode',
      'g.approved',
      'g.schoolName',
      'g.gradeClass',
      'r.id as registrationId',
      'r.sessionId',
      'r.ticketCode as groupTicketCode',
      'r.checkedInAt as groupCheckedInAt',
    ])
    .where('g.activityId', '=', activityId)
    .where('r.status', '=', 'CONFIRMED')
    .$if(!!sessionId, (q) => q.where('r.sessionId', '=', sessionId!))
    .orderBy('m.name')
    .orderBy('m.id')
    .limit(CHECK_IN_LIST_MAX)
    .execute();
  return (
    rows
      // Every member with a ticket of their own (their code must be known offline), named or not;
      // of a one-QR group, the named members within the approved places.
      .filter((m) =>
        m.ticketMode === 'PERSON'
          ? m.memberTicketCode !== null
          : m.name !== '' && m.seq <= m.approved,
      )
      .map((m) => {
        const person = m.ticketMode === 'PERSON';
        return {
          memberId: m.memberId,
          registrationId: m.registrationId,
          sessionId: m.sessionId,
          name: m.name,
          seq: m.seq,
          groupLabel: `${m.schoolName} ${m.gradeClass}`.trim(),
          ownTicket: person,
          ticketCode: person ? m.memberTicketCode : m.groupTicketCode,
          checkedInAt: person ? m.memberCheckedInAt : m.groupCheckedInAt,
        };
      })
  );
}
/** Cancelled registrations of an activity, for a device to refuse their tickets offline. */
export function cancelledRows(db: Executor, activityId: string) {
  return db
    .selectFrom('registrations')
    .select(['id as registrationId', 'sessionId'])
    .where('activityId', '=', activityId)
    .where('status', '=', 'CANCELLED')
    .limit(CHECK_IN_LIST_MAX)
    .execute();
}
/** A session's list is bounded (capacity is at most this many places). */
export const CHECK_IN_LIST_MAX = 20_000;

// ---- the console

export interface ConsoleFilter {
  scope: 'ALL' | string[];
  status?: ActivityTable['status'];
  q?: string;
  organisationId?: string;
}

/** One page of the activities hosted in the scope's subtrees, newest first, and the total. */
export async function consolePage(db: Executor, f: ConsoleFilter, offset: number, limit: number) {
  const base = db
    .selectFrom('activities')
    .innerJoin('organisations', 'organisations.id', 'activities.organisationId')
    .$if(f.scope !== 'ALL', (s) => s.where((eb) => inSubtrees(eb, f.scope as string[])))
    .$if(!!f.status, (s) => s.where('activities.status', '=', f.status!))
    .$if(!!f.organisationId, (s) => s.where('activities.organisationId', '=', f.organisationId!))
    .$if(!!f.q, (s) => s.where(containsText('activities.title', f.q!)));
  const [rows, count] = await Promise.all([
    base
      .selectAll('activities')
      .select(['organisations.name as host', 'organisations.path as orgPath'])
      .orderBy('activities.createdAt', 'desc')
      .orderBy('activities.id')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as ActivityRow[], total: Number(count.n) };
}

/** Activities waiting for the office's approval, oldest first. */
export async function pendingReview(db: Executor, limit: number) {
  const base = withHost(db).where('activities.status', '=', 'PENDING_REVIEW');
  const [rows, count] = await Promise.all([
    base.orderBy('activities.updatedAt').orderBy('activities.id').limit(limit).execute(),
    db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'PENDING_REVIEW')
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** A no-show: a confirmed registration never checked in (and not yet marked). */
export async function markNoShow(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('registrations')
    .set({ noShowAt: at, updatedAt: at })
    .where('id', '=', id)
    .where('status', '=', 'CONFIRMED')
    .where('checkedInAt', 'is', null)
    .where('noShowAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Distinct people holding a live registration (of one session, or of the whole activity). */
export async function liveRegistrants(db: Executor, activityId: string, sessionId?: string) {
  const rows = await db
    .selectFrom('registrations')
    .select('userId')
    .distinct()
    .where('activityId', '=', activityId)
    .where('status', 'in', LIVE)
    .$if(!!sessionId, (s) => s.where('sessionId', '=', sessionId!))
    .execute();
  return rows.map((r) => r.userId);
}

// ---- group bookings

export function insertGroup(db: Executor, row: ActivityGroupTable) {
  return db.insertInto('activityGroups').values(row).execute();
}
export function findGroup(db: Executor, id: string) {
  return db.selectFrom('activityGroups').selectAll().where('id', '=', id).executeTakeFirst();
}
/** Moves a group only from the state it was read in (false: another request moved it first). */
export async function moveGroup(
  db: Executor,
  id: string,
  from: { status: GroupStatus; approved: number },
  patch: Partial<ActivityGroupTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('activityGroups')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from.status)
    .where('approved', '=', from.approved)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
const groupColumns = (db: Executor) =>
  db
    .selectFrom('activityGroups as g')
    .innerJoin('activitySessions as s', 's.id', 'g.sessionId')
    .innerJoin('activities as a', 'a.id', 'g.activityId')
    .innerJoin('users as u', 'u.id', 'g.userId')
    .leftJoin('registrations as r', 'r.id', 'g.registrationId')
    .selectAll('g')
    .select([
      'a.title as activityTitle',
      'a.address',
      'a.onlineUrl',
      's.startsAt',
      's.endsAt',
      'u.displayName as teacherName',
      'r.ticketCode as groupTicketCode',
      'r.checkedInAt',
    ]);
export type GroupRow = Awaited<ReturnType<typeof listGroupsOfUser>>[number];
export function listGroupsOfUser(db: Executor, userId: string) {
  return groupColumns(db)
    .where('g.userId', '=', userId)
    .orderBy('s.startsAt', 'desc')
    .limit(200)
    .execute();
}
export function listGroupsOfActivity(
  db: Executor,
  activityId: string,
  q: { sessionId?: string; status?: GroupStatus },
) {
  return groupColumns(db)
    .where('g.activityId', '=', activityId)
    .$if(!!q.sessionId, (s) => s.where('g.sessionId', '=', q.sessionId!))
    .$if(!!q.status, (s) => s.where('g.status', '=', q.status!))
    .orderBy('g.createdAt')
    .orderBy('g.id')
    .limit(1000)
    .execute();
}
export async function insertMembers(db: Executor, rows: GroupMemberTable[]) {
  if (rows.length) await db.insertInto('groupMembers').values(rows).execute();
}
export function membersOf(db: Executor, groupIds: string[]) {
  if (groupIds.length === 0) return Promise.resolve([] as GroupMemberTable[]);
  return db
    .selectFrom('groupMembers')
    .selectAll()
    .where('groupId', 'in', groupIds)
    .orderBy('groupId')
    .orderBy('seq')
    .execute();
}
export function findMember(db: Executor, id: string) {
  return db.selectFrom('groupMembers').selectAll().where('id', '=', id).executeTakeFirst();
}
export function deleteMembersAfter(db: Executor, groupId: string, seq: number) {
  return db
    .deleteFrom('groupMembers')
    .where('groupId', '=', groupId)
    .where('seq', '>', seq)
    .execute();
}
export function setMember(db: Executor, id: string, patch: Partial<GroupMemberTable>) {
  return db.updateTable('groupMembers').set(patch).where('id', '=', id).execute();
}
/** Checks one member in at `at`, keeping the earliest scan. True: this scan is the check-in. */
export async function markMemberCheckedIn(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('groupMembers')
    .set({ checkedInAt: at })
    .where('id', '=', id)
    .where('ticketCode', 'is not', null)
    .where((eb) => eb.or([eb('checkedInAt', 'is', null), eb('checkedInAt', '>', at)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
/** Members checked in per registration of per-person groups (attendance counts people). */
export async function memberCheckIns(db: Executor, activityId: string) {
  const rows = await db
    .selectFrom('activityGroups as g')
    .innerJoin('registrations as r', 'r.id', 'g.registrationId')
    .leftJoin('groupMembers as m', (j) =>
      j.onRef('m.groupId', '=', 'g.id').on('m.checkedInAt', 'is not', null),
    )
    .select([
      'r.sessionId',
      'r.quantity',
      'r.checkedInAt',
      (eb) => eb.fn.count<number>('m.id').as('n'),
    ])
    .where('g.activityId', '=', activityId)
    .where('g.ticketMode', '=', 'PERSON')
    .where('r.status', '=', 'CONFIRMED')
    .groupBy(['g.id', 'r.sessionId', 'r.quantity', 'r.checkedInAt'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
export function placesLeft(db: Executor, sessionId: string) {
  return db
    .selectFrom('activitySessions')
    .select(['capacity', 'taken'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
}
