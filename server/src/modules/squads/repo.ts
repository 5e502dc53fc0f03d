/** Every query of 李四光中队: squads, members, attended activities and yearly summaries. */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type {
  SquadActivityTable,
  SquadMemberTable,
  SquadStatus,
  SquadTable,
  SquadYearTable,
} from '#platform/db/schema.ts';
import { pathEnd } from '#platform/db/subtree.ts';

export type SquadRow = SquadTable & {
  organisationName: string;
  orgPath: string;
  orgDivisionCode: string | null;
  counsellorName: string;
  approverName: string | null;
  approverPath: string | null;
  approverDivisionCode: string | null;
};

/** `column` (an aliased organisation's path) inside any of the subtrees. */
function under(column: 'school.path' | 'approver.path', roots: string[]) {
  return sql<boolean>`(${sql.join(
    roots.map((p) => sql`(${sql.ref(column)} >= ${p} and ${sql.ref(column)} < ${pathEnd(p)})`),
    sql` or `,
  )})`;
}

function withNames(db: Executor) {
  return db
    .selectFrom('squads')
    .innerJoin('organisations as school', 'school.id', 'squads.organisationId')
    .innerJoin('users as counsellor', 'counsellor.id', 'squads.counsellorId')
    .leftJoin('organisations as approver', 'approver.id', 'squads.approverId')
    .selectAll('squads')
    .select([
      'school.name as organisationName',
      'school.path as orgPath',
      'school.divisionCode as orgDivisionCode',
      'counsellor.displayName as counsellorName',
      'approver.name as approverName',
      'approver.path as approverPath',
      'approver.divisionCode as approverDivisionCode',
    ]);
}

export function insertSquad(db: Executor, row: SquadTable) {
  return db.insertInto('squads').values(row).execute();
}

export function findSquad(db: Executor, id: string): Promise<SquadRow | undefined> {
  return withNames(db).where('squads.id', '=', id).executeTakeFirst();
}

export function updateSquad(db: Executor, id: string, patch: Partial<SquadTable>) {
  return db.updateTable('squads').set(patch).where('id', '=', id).execute();
}

/** Moves a squad from one status to another; false when it was no longer in `from`. */
export async function moveSquad(
  db: Executor,
  id: string,
  from: SquadStatus,
  patch: Partial<SquadTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('squads')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Squads the actor keeps or decides: those of schools inside `schoolPaths`, those they counsel,
 * and those whose approver lies inside `approverPaths` (all: every squad).
 */
export function listVisible(
  db: Executor,
  q: {
    all: boolean;
    schoolPaths: string[];
    approverPaths: string[];
    counsellorId: string;
    status?: SquadStatus;
    officeDecides?: boolean;
  },
): Promise<SquadRow[]> {
  let query = withNames(db);
  if (!q.all)
    query = query.where((eb) =>
      eb.or([
        eb('squads.counsellorId', '=', q.counsellorId),
        ...(q.schoolPaths.length ? [under('school.path', q.schoolPaths)] : []),
        ...(q.approverPaths.length ? [under('approver.path', q.approverPaths)] : []),
        ...(q.officeDecides ? [eb('squads.approverId', 'is', null)] : []),
      ]),
    );
  if (q.status) query = query.where('squads.status', '=', q.status);
  return query
    .orderBy(sql`case when squads.status = 'PENDING' then 0 else 1 end`)
    .orderBy('squads.createdAt', 'desc')
    .limit(500)
    .execute();
}

/** Pending squads whose approver lies inside `approverPaths` (or, for the office, none). */
export function pendingFor(
  db: Executor,
  q: { all: boolean; approverPaths: string[]; officeDecides: boolean; limit: number },
) {
  const base = () => {
    let query = db
      .selectFrom('squads')
      .innerJoin('organisations as school', 'school.id', 'squads.organisationId')
      .leftJoin('organisations as approver', 'approver.id', 'squads.approverId')
      .where('squads.status', '=', 'PENDING');
    if (!q.all)
      query = query.where((eb) =>
        eb.or([
          ...(q.approverPaths.length ? [under('approver.path', q.approverPaths)] : [eb.val(false)]),
          ...(q.officeDecides ? [eb('squads.approverId', 'is', null)] : []),
        ]),
      );
    return query;
  };
  return Promise.all([
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
    base()
      .select(['squads.id', 'squads.name', 'school.name as schoolName', 'squads.createdAt'])
      .orderBy('squads.createdAt')
      .limit(q.limit)
      .execute(),
  ]);
}

export function publicSquads(db: Executor, q: { limit: number; offset: number; query?: string }) {
  const base = () => {
    let query = db
      .selectFrom('squads')
      .innerJoin('organisations as school', 'school.id', 'squads.organisationId')
      .leftJoin('organisations as approver', 'approver.id', 'squads.approverId')
      .where('squads.status', '=', 'APPROVED');
    if (q.query) {
      const text = q.query;
      query = query.where((eb) =>
        eb.or([containsText('squads.name', text), containsText('school.name', text)]),
      );
    }
    return query;
  };
  return Promise.all([
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
    base()
      .select([
        'squads.id',
        'squads.name',
        'squads.decidedAt',
        'school.name as schoolName',
        'school.divisionCode as orgDivisionCode',
        'approver.divisionCode as approverDivisionCode',
      ])
      .orderBy('squads.decidedAt', 'desc')
      .orderBy('squads.id')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
  ]);
}

/** Current members and this year's activities, per squad. */
export async function counts(db: Executor, squadIds: string[], yearStart: string) {
  const out = new Map<string, { members: number; activities: number }>();
  if (squadIds.length === 0) return out;
  const [m, a] = await Promise.all([
    db
      .selectFrom('squadMembers')
      .select(['squadId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('squadId', 'in', squadIds)
      .where('leftOn', 'is', null)
      .groupBy('squadId')
      .execute(),
    db
      .selectFrom('squadActivities')
      .select(['squadId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('squadId', 'in', squadIds)
      .where('heldOn', '>=', yearStart)
      .groupBy('squadId')
      .execute(),
  ]);
  for (const id of squadIds) out.set(id, { members: 0, activities: 0 });
  for (const r of m) out.get(r.squadId)!.members = Number(r.n);
  for (const r of a) out.get(r.squadId)!.activities = Number(r.n);
  return out;
}

export function members(db: Executor, squadId: string) {
  return db
    .selectFrom('squadMembers')
    .selectAll()
    .where('squadId', '=', squadId)
    .orderBy(sql`case when left_on is null then 0 else 1 end`)
    .orderBy('grade')
    .orderBy('name')
    .execute();
}

export function findMember(db: Executor, id: string) {
  return db.selectFrom('squadMembers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertMember(db: Executor, row: SquadMemberTable) {
  return db.insertInto('squadMembers').values(row).execute();
}

export function updateMember(db: Executor, id: string, patch: Partial<SquadMemberTable>) {
  return db.updateTable('squadMembers').set(patch).where('id', '=', id).execute();
}

export function deleteMember(db: Executor, id: string) {
  return db.deleteFrom('squadMembers').where('id', '=', id).execute();
}

export function activitiesOf(db: Executor, squadId: string, year?: number) {
  let q = db.selectFrom('squadActivities').selectAll().where('squadId', '=', squadId);
  if (year) q = q.where('heldOn', '>=', `${year}-01-01`).where('heldOn', '<=', `${year}-12-31`);
  return q.orderBy('heldOn', 'desc').orderBy('id').limit(1000).execute();
}

export function insertActivity(db: Executor, row: SquadActivityTable) {
  return db.insertInto('squadActivities').values(row).execute();
}

export function findActivity(db: Executor, id: string) {
  return db.selectFrom('squadActivities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function deleteActivity(db: Executor, id: string) {
  return db.deleteFrom('squadActivities').where('id', '=', id).execute();
}

export function findYear(db: Executor, squadId: string, year: number) {
  return db
    .selectFrom('squadYears')
    .selectAll()
    .where('squadId', '=', squadId)
    .where('year', '=', year)
    .executeTakeFirst();
}

export async function saveYear(db: Executor, row: SquadYearTable) {
  await db
    .insertInto('squadYears')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['squadId', 'year']).doUpdateSet({
        summary: row.summary,
        updatedBy: row.updatedBy,
        updatedAt: row.updatedAt,
      }),
    )
    .execute();
}

/** Staff of a school who can be its counsellor (any role on it), by name. */
export function staffOf(db: Executor, organisationId: string) {
  return db
    .selectFrom('roleGrants')
    .innerJoin('users', 'users.id', 'roleGrants.userId')
    .select(['users.id', 'users.displayName as name'])
    .where('roleGrants.organisationId', '=', organisationId)
    .where('users.status', '=', 'ACTIVE')
    .distinct()
    .orderBy('users.displayName')
    .limit(200)
    .execute();
}

/** A province-level division's name by its code. */
export function divisionNameOf(db: Executor, code: string) {
  return db
    .selectFrom('divisions')
    .select('name')
    .where('code', '=', code)
    .executeTakeFirst()
    .then((r) => r?.name ?? null);
}

/** Schools inside the subtrees (all: every school), by part of the name, for the apply form. */
export function schoolsIn(db: Executor, q: { all: boolean; paths: string[]; query?: string }) {
  let query = db
    .selectFrom('organisations as school')
    .select(['school.id', 'school.name'])
    .where('school.type', '=', 'SCHOOL')
    .where('school.active', '=', 1);
  if (!q.all) query = query.where(under('school.path', q.paths));
  if (q.query) {
    query = query.where(containsText('school.name', q.query));
  }
  return query.orderBy('school.name').limit(50).execute();
}

// ---- a counsellor's personal data (export, and the account's deletion)

/** The squads the person counsels, with their school. */
export function squadsCounselledBy(db: Executor, userId: string) {
  return db
    .selectFrom('squads')
    .innerJoin('organisations', 'organisations.id', 'squads.organisationId')
    .select([
      'squads.id',
      'squads.organisationId',
      'squads.name',
      'squads.description',
      'squads.counsellorPhone',
      'squads.status',
      'squads.decidedAt',
      'squads.createdAt',
      'organisations.name as schoolName',
    ])
    .where('squads.counsellorId', '=', userId)
    .orderBy('squads.createdAt')
    .orderBy('squads.id')
    .execute();
}

/** The members the person recorded in these squads: name, grade and dates (no guardian). */
export function membersRecordedBy(db: Executor, squadIds: string[], userId: string) {
  if (squadIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('squadMembers')
    .select(['squadId', 'name', 'grade', 'joinedOn', 'leftOn'])
    .where('squadId', 'in', squadIds)
    .where('recordedBy', '=', userId)
    .orderBy('squadId')
    .orderBy('joinedOn')
    .orderBy('id')
    .execute();
}

/** The counsellor's phone goes from every squad they counsel. */
export async function eraseCounsellorPhone(db: Executor, userId: string) {
  await db
    .updateTable('squads')
    .set({ counsellorPhone: '' })
    .where('counsellorId', '=', userId)
    .execute();
}

/** The school's own editors and administrators (who keep its squads), but one person. */
export async function schoolKeepers(db: Executor, organisationId: string, but: string) {
  const rows = await db
    .selectFrom('roleGrants')
    .select('userId')
    .distinct()
    .where('organisationId', '=', organisationId)
    .where('role', 'in', ['EDITOR', 'ORG_ADMIN'])
    .where('userId', '!=', but)
    .execute();
  return rows.map((r) => r.userId);
}
