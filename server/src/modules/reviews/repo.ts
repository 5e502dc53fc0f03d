import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type {
  Database,
  ReviewAssignmentTable,
  ReviewCallTable,
  ReviewEventTable,
  ReviewExclusionTable,
  ReviewItemStatus,
  ReviewItemTable,
  ReviewNoticeTable,
  ReviewObjectionTable,
} from '#platform/db/schema.ts';
import { inSubtrees } from '#platform/db/subtree.ts';

export type CallRow = ReviewCallTable;
export type CallWithOrg = CallRow & { organisationName: string; orgPath: string };
export type ItemRow = ReviewItemTable;
export type ItemWithOrg = ItemRow & { applicantName: string; applicantPath: string };

export async function findCall(db: Executor, id: string): Promise<CallWithOrg | undefined> {
  return db
    .selectFrom('reviewCalls')
    .innerJoin('organisations', 'organisations.id', 'reviewCalls.organisationId')
    .selectAll('reviewCalls')
    .select(['organisations.name as organisationName', 'organisations.path as orgPath'])
    .where('reviewCalls.id', '=', id)
    .executeTakeFirst();
}

/** Organisations by id, with what the engine needs of them (names, place in the trees). */
export async function organisationsByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'shortName', 'path', 'type', 'tree'])
    .where('id', 'in', ids)
    .execute();
}

export async function findOrganisation(db: Executor, id: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'shortName', 'path', 'type', 'tree'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findDisplayName(db: Executor, userId: string) {
  const u = await db
    .selectFrom('users')
    .select('displayName')
    .where('id', '=', userId)
    .executeTakeFirst();
  return u?.displayName;
}

/** The stages of every call past its draft (to find the calls a unit acts in). */
export async function stagesOfPublishedCalls(db: Executor) {
  return db
    .selectFrom('reviewCalls')
    .select(['id', 'stages'])
    .where('status', '!=', 'DRAFT')
    .execute();
}

export async function insertCall(db: Executor, row: CallRow) {
  await db.insertInto('reviewCalls').values(row).execute();
}

export async function updateCall(
  db: Executor,
  id: string,
  from: CallRow['status'][],
  patch: Partial<CallRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('reviewCalls')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countByStatus(db: Executor, callIds: string[]) {
  if (callIds.length === 0) return new Map<string, Record<string, number>>();
  const rows = await db
    .selectFrom('reviewItems')
    .select(['callId', 'status', sql<number>`count(*)`.as('n')])
    .where('callId', 'in', callIds)
    .groupBy(['callId', 'status'])
    .execute();
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const m = out.get(r.callId) ?? {};
    m[r.status] = Number(r.n);
    out.set(r.callId, m);
  }
  return out;
}

/** Calls the caller may see: those they organise, and open ones (any staff may apply). */
export async function listCalls(
  db: Executor,
  q: {
    status?: CallRow['status'];
    subjectKind?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
  scope: { all: boolean; orgPaths: string[] },
) {
  const base = db
    .selectFrom('reviewCalls')
    .innerJoin('organisations', 'organisations.id', 'reviewCalls.organisationId')
    .$if(!scope.all, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('reviewCalls.status', '!=', 'DRAFT'),
          ...(scope.orgPaths.length ? [inSubtrees(eb, scope.orgPaths)] : []),
        ]),
      ),
    )
    .$if(!!q.status, (qb) => qb.where('reviewCalls.status', '=', q.status!))
    .$if(!!q.subjectKind, (qb) => qb.where('reviewCalls.subjectKind', '=', q.subjectKind!))
    .$if(!!q.q, (qb) =>
      qb.where((eb) =>
        eb.or([containsText('reviewCalls.title', q.q!), containsText('reviewCalls.docNo', q.q!)]),
      ),
    );
  const [rows, count] = await Promise.all([
    base
      .select([
        'reviewCalls.id',
        'reviewCalls.subjectKind',
        'reviewCalls.title',
        'reviewCalls.docNo',
        'reviewCalls.status',
        'reviewCalls.opensAt',
        'reviewCalls.closesAt',
        'organisations.name as organisationName',
      ])
      .orderBy('reviewCalls.createdAt', 'desc')
      .orderBy('reviewCalls.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findItem(db: Executor, id: string): Promise<ItemWithOrg | undefined> {
  return db
    .selectFrom('reviewItems')
    .innerJoin('organisations', 'organisations.id', 'reviewItems.applicantOrgId')
    .selectAll('reviewItems')
    .select(['organisations.name as applicantName', 'organisations.path as applicantPath'])
    .where('reviewItems.id', '=', id)
    .executeTakeFirst();
}

export async function itemsOfCall(
  db: Executor,
  callId: string,
  statuses?: ReviewItemStatus[],
): Promise<ItemWithOrg[]> {
  return db
    .selectFrom('reviewItems')
    .innerJoin('organisations', 'organisations.id', 'reviewItems.applicantOrgId')
    .selectAll('reviewItems')
    .select(['organisations.name as applicantName', 'organisations.path as applicantPath'])
    .where('reviewItems.callId', '=', callId)
    .$if(!!statuses, (q) => q.where('reviewItems.status', 'in', statuses!))
    .orderBy('reviewItems.id')
    .execute();
}

/** The call's application about this subject, if any. */
export async function findItemForSubject(db: Executor, callId: string, subjectId: string) {
  return db
    .selectFrom('reviewItems')
    .select('id')
    .where('callId', '=', callId)
    .where('subjectId', '=', subjectId)
    .executeTakeFirst();
}

export async function insertItem(db: Executor, row: ItemRow) {
  await db.insertInto('reviewItems').values(row).execute();
}

/** A status step from an expected status; false when someone else moved it first. */
export async function moveItem(
  db: Executor,
  id: string,
  from: ReviewItemStatus[],
  patch: Partial<ItemRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('reviewItems')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertEvent(db: Executor, row: ReviewEventTable) {
  await db.insertInto('reviewEvents').values(row).execute();
}

export async function eventsOf(db: Executor, itemId: string) {
  return db
    .selectFrom('reviewEvents')
    .leftJoin('users', 'users.id', 'reviewEvents.actorId')
    .leftJoin('organisations', 'organisations.id', 'reviewEvents.organisationId')
    .select([
      'reviewEvents.action',
      'reviewEvents.fromStatus',
      'reviewEvents.toStatus',
      'users.displayName as actorName',
      'organisations.name as organisationName',
      'reviewEvents.opinion',
      'reviewEvents.at',
    ])
    .where('reviewEvents.itemId', '=', itemId)
    .orderBy('reviewEvents.at')
    .orderBy('reviewEvents.id')
    .execute();
}

export async function listItems(
  db: Executor,
  q: { callId?: string; status?: ReviewItemStatus; q?: string; page: number; pageSize: number },
  scope: { all: boolean; orgPaths: string[]; organisedCallIds: string[] },
) {
  const base = db
    .selectFrom('reviewItems')
    .innerJoin('organisations', 'organisations.id', 'reviewItems.applicantOrgId')
    .$if(!scope.all, (qb) =>
      qb.where((eb) =>
        eb.or([
          ...(scope.orgPaths.length ? [inSubtrees(eb, scope.orgPaths)] : []),
          ...(scope.organisedCallIds.length
            ? [eb('reviewItems.callId', 'in', scope.organisedCallIds)]
            : []),
          sql<boolean>`1 = 0`,
        ]),
      ),
    )
    .$if(!!q.callId, (qb) => qb.where('reviewItems.callId', '=', q.callId!))
    .$if(!!q.status, (qb) => qb.where('reviewItems.status', '=', q.status!))
    .$if(!!q.q, (qb) => qb.where(containsText('reviewItems.title', q.q!)));
  const [rows, count] = await Promise.all([
    base
      .select([
        'reviewItems.id',
        'reviewItems.callId',
        'reviewItems.title',
        'organisations.name as applicantName',
        'reviewItems.status',
        'reviewItems.aggregate',
        'reviewItems.rank',
        'reviewItems.submittedAt',
        'reviewItems.updatedAt',
      ])
      .orderBy('reviewItems.updatedAt', 'desc')
      .orderBy('reviewItems.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Calls organised inside these subtrees (their items are the organiser's to see). */
export async function callIdsOrganisedIn(db: Executor, orgPaths: string[]) {
  if (orgPaths.length === 0) return [];
  const rows = await db
    .selectFrom('reviewCalls')
    .innerJoin('organisations', 'organisations.id', 'reviewCalls.organisationId')
    .select('reviewCalls.id')
    .where((eb) => inSubtrees(eb, orgPaths))
    .execute();
  return rows.map((r) => r.id);
}

// ——— Conflicts and assignments (the experts themselves: modules/experts) ———

/** Works with registered co-authors (creator and authors with a user id), for conflict checks. */
export async function worksWithPeople(db: Executor) {
  return db
    .selectFrom('works')
    .innerJoin('organisations', 'organisations.id', 'works.organisationId')
    .select(['works.title', 'works.authors', 'works.createdBy', 'organisations.path as orgPath'])
    .where('works.authors', 'like', '%"userId":"%')
    .execute();
}

export async function assignmentsOfCall(db: Executor, callId: string, round: number) {
  return db
    .selectFrom('reviewAssignments')
    .selectAll()
    .where('callId', '=', callId)
    .where('round', '=', round)
    .execute();
}

export async function assignmentsOfItem(db: Executor, itemId: string) {
  return db
    .selectFrom('reviewAssignments')
    .innerJoin('users', 'users.id', 'reviewAssignments.reviewerId')
    .selectAll('reviewAssignments')
    .select('users.displayName as reviewerName')
    .where('reviewAssignments.itemId', '=', itemId)
    .orderBy('reviewAssignments.round')
    .orderBy('reviewAssignments.assignedAt')
    .execute();
}

export async function findAssignment(db: Executor, id: string) {
  return db.selectFrom('reviewAssignments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A reviewer's assignment on an item that is not recused (any round). */
export async function findLiveAssignment(db: Executor, itemId: string, reviewerId: string) {
  return db
    .selectFrom('reviewAssignments')
    .select('id')
    .where('itemId', '=', itemId)
    .where('reviewerId', '=', reviewerId)
    .where('status', '!=', 'RECUSED')
    .executeTakeFirst();
}

/** A reviewer's assignment on an item in one round. */
export async function findAssignmentInRound(
  db: Executor,
  itemId: string,
  reviewerId: string,
  round: number,
) {
  return db
    .selectFrom('reviewAssignments')
    .select('id')
    .where('itemId', '=', itemId)
    .where('reviewerId', '=', reviewerId)
    .where('round', '=', round)
    .executeTakeFirst();
}

export async function insertAssignments(db: Executor, rows: ReviewAssignmentTable[]) {
  for (let i = 0; i < rows.length; i += 300)
    await db
      .insertInto('reviewAssignments')
      .values(rows.slice(i, i + 300))
      .execute();
}

export async function moveAssignment(
  db: Executor,
  id: string,
  from: ReviewAssignmentTable['status'],
  patch: Partial<ReviewAssignmentTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('reviewAssignments')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function exclusionsOf(db: Executor, itemIds: string[]) {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom('reviewExclusions')
    .innerJoin('users', 'users.id', 'reviewExclusions.reviewerId')
    .selectAll('reviewExclusions')
    .select('users.displayName as reviewerName')
    .where('reviewExclusions.itemId', 'in', itemIds)
    .execute();
}

export async function findExclusion(db: Executor, itemId: string, reviewerId: string) {
  return db
    .selectFrom('reviewExclusions')
    .select('reason')
    .where('itemId', '=', itemId)
    .where('reviewerId', '=', reviewerId)
    .executeTakeFirst();
}

/** Records one exclusion (a recusal); an existing one for the pair stays. */
export async function insertExclusion(db: Executor, row: ReviewExclusionTable) {
  await db
    .insertInto('reviewExclusions')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Replaces the computed exclusions of items (a recusal is kept). */
export async function replaceExclusions(
  db: Executor,
  itemIds: string[],
  rows: { itemId: string; reviewerId: string; reason: string; detail: string; at: string }[],
) {
  for (let i = 0; i < itemIds.length; i += 500)
    await db
      .deleteFrom('reviewExclusions')
      .where('itemId', 'in', itemIds.slice(i, i + 500))
      .where('reason', '!=', 'RECUSED')
      .execute();
  for (let i = 0; i < rows.length; i += 300)
    await db
      .insertInto('reviewExclusions')
      .values(rows.slice(i, i + 300))
      .onConflict((oc) => oc.doNothing())
      .execute();
}

/** Assignments with their item and call: what a reviewer's desk and the reminders read. */
const assignmentsWithCall = (db: Executor) =>
  db
    .selectFrom('reviewAssignments')
    .innerJoin('reviewItems', 'reviewItems.id', 'reviewAssignments.itemId')
    .innerJoin('reviewCalls', 'reviewCalls.id', 'reviewAssignments.callId')
    .select([
      'reviewAssignments.id',
      'reviewAssignments.itemId',
      'reviewAssignments.reviewerId',
      'reviewItems.title as itemTitle',
      'reviewAssignments.callId',
      'reviewCalls.title as callTitle',
      'reviewCalls.stages',
      'reviewCalls.blind',
      'reviewItems.applicantOrgId',
      'reviewItems.submittedBy',
      'reviewAssignments.round',
      'reviewAssignments.status',
      'reviewAssignments.total',
    ]);

export async function myAssignments(db: Executor, reviewerId: string) {
  return assignmentsWithCall(db)
    .where('reviewAssignments.reviewerId', '=', reviewerId)
    .orderBy('reviewAssignments.assignedAt', 'desc')
    .limit(1000)
    .execute();
}

/** Assignments still to score in published calls, the oldest first (the reminder job weighs them). */
export async function openAssignments(db: Executor, limit: number) {
  return assignmentsWithCall(db)
    .where('reviewAssignments.status', '=', 'ASSIGNED')
    .where('reviewCalls.status', '!=', 'DRAFT')
    .orderBy('reviewAssignments.assignedAt', 'asc')
    .limit(limit)
    .execute();
}

// ——— 公示 ———

export async function insertNotice(db: Executor, row: ReviewNoticeTable) {
  await db.insertInto('reviewNotices').values(row).execute();
}

export async function findNotice(db: Executor, id: string) {
  return db
    .selectFrom('reviewNotices')
    .innerJoin('reviewCalls', 'reviewCalls.id', 'reviewNotices.callId')
    .selectAll('reviewNotices')
    .select(['reviewCalls.title as callTitle', 'reviewCalls.docNo'])
    .where('reviewNotices.id', '=', id)
    .executeTakeFirst();
}

/** Ends an open notice; false when it was no longer open. */
/** Open notices whose last day is before `today` (their period is over), the oldest first. */
export async function openNoticesEndedBefore(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('reviewNotices')
    .select(['id', 'callId', 'title', 'endsAt'])
    .where('status', '=', 'OPEN')
    .where('endsAt', '<', today)
    .orderBy('endsAt', 'asc')
    .limit(limit)
    .execute();
}

export async function closeNotice(db: Executor, id: string): Promise<boolean> {
  const r = await db
    .updateTable('reviewNotices')
    .set({ status: 'CLOSED' })
    .where('id', '=', id)
    .where('status', '=', 'OPEN')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The notices of a call, newest first. */
export async function noticeIdsOfCall(db: Executor, callId: string) {
  const rows = await db
    .selectFrom('reviewNotices')
    .select('id')
    .where('callId', '=', callId)
    .orderBy('createdAt', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

/** Open notices, the latest started first. */
/** Notices in their period on `today` (started, not yet over), the newest first. */
export async function currentNoticeIds(db: Executor, today: string, limit: number) {
  const rows = await db
    .selectFrom('reviewNotices')
    .select('id')
    .where('status', '=', 'OPEN')
    .where('startsAt', '<=', today)
    .where('endsAt', '>=', today)
    .orderBy('startsAt', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Whether a notice is past on `today`: closed, or its last day gone by. */
const pastOn = (today: string) => (eb: ExpressionBuilder<Database, 'reviewNotices'>) =>
  eb.or([eb('reviewNotices.status', '=', 'CLOSED'), eb('reviewNotices.endsAt', '<', today)]);

/** 往期公示: notices past on `today`, the latest ended first, one page. */
export async function pastNotices(db: Executor, today: string, offset: number, limit: number) {
  return db
    .selectFrom('reviewNotices')
    .innerJoin('reviewCalls', 'reviewCalls.id', 'reviewNotices.callId')
    .select([
      'reviewNotices.id',
      'reviewNotices.title',
      'reviewNotices.startsAt',
      'reviewNotices.endsAt',
      'reviewNotices.status',
      'reviewCalls.title as callTitle',
      'reviewCalls.docNo',
    ])
    .where(pastOn(today))
    .orderBy('reviewNotices.endsAt', 'desc')
    .orderBy('reviewNotices.createdAt', 'desc')
    .orderBy('reviewNotices.id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function countPastNotices(db: Executor, today: string): Promise<number> {
  const r = await db
    .selectFrom('reviewNotices')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(pastOn(today))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** How many items of each notice are in each status. */
export async function noticeItemCounts(db: Executor, noticeIds: string[]) {
  if (noticeIds.length === 0) return [];
  return db
    .selectFrom('reviewItems')
    .select(['noticeId', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('noticeId', 'in', noticeIds)
    .groupBy(['noticeId', 'status'])
    .execute();
}

export async function noticeItems(db: Executor, noticeId: string) {
  return db
    .selectFrom('reviewItems')
    .innerJoin('organisations', 'organisations.id', 'reviewItems.applicantOrgId')
    .select([
      'reviewItems.id',
      'reviewItems.title',
      'reviewItems.status',
      'organisations.name as applicantName',
    ])
    .where('reviewItems.noticeId', '=', noticeId)
    .orderBy('reviewItems.rank')
    .orderBy('reviewItems.title')
    .execute();
}

export async function insertObjection(db: Executor, row: ReviewObjectionTable) {
  await db.insertInto('reviewObjections').values(row).execute();
}

export async function objectionsOf(db: Executor, noticeId: string) {
  return db
    .selectFrom('reviewObjections')
    .innerJoin('reviewItems', 'reviewItems.id', 'reviewObjections.itemId')
    .selectAll('reviewObjections')
    .select('reviewItems.title as itemTitle')
    .where('reviewObjections.noticeId', '=', noticeId)
    .orderBy('reviewObjections.createdAt')
    .execute();
}

export async function findObjection(db: Executor, id: string) {
  return db.selectFrom('reviewObjections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records how a received objection was handled; false when it was handled already. */
export async function handleObjection(
  db: Executor,
  id: string,
  patch: Pick<ReviewObjectionTable, 'handling' | 'outcome' | 'handledBy' | 'handledAt'>,
): Promise<boolean> {
  const r = await db
    .updateTable('reviewObjections')
    .set({ status: 'HANDLED', ...patch })
    .where('id', '=', id)
    .where('status', '=', 'RECEIVED')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ——— Export ———

/** Every assignment of a call with its item and reviewer, for the score sheet. */
export async function scoreSheet(db: Executor, callId: string) {
  return db
    .selectFrom('reviewAssignments')
    .innerJoin('reviewItems', 'reviewItems.id', 'reviewAssignments.itemId')
    .innerJoin('users', 'users.id', 'reviewAssignments.reviewerId')
    .select([
      'reviewItems.title',
      'users.displayName',
      'reviewAssignments.round',
      'reviewAssignments.status',
      'reviewAssignments.total',
      'reviewAssignments.scores',
      'reviewAssignments.submittedAt',
    ])
    .where('reviewAssignments.callId', '=', callId)
    .orderBy('reviewItems.title')
    .orderBy('reviewAssignments.round')
    .execute();
}

/** The accept/reject events of these items, with their reasons. */
export async function decisionsOf(db: Executor, itemIds: string[]) {
  return db
    .selectFrom('reviewEvents')
    .select(['itemId', 'opinion', 'action'])
    .where('itemId', 'in', itemIds.length ? itemIds : [''])
    .where('action', 'in', ['accept', 'reject'])
    .execute();
}
