/** Every query of join requests. */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { JoinRequestTable } from '#platform/db/schema.ts';
import { inSubtrees } from '#platform/db/subtree.ts';

export type JoinRow = JoinRequestTable & {
  userName: string;
  username: string;
  organisationName: string;
  orgPath: string;
};

function withNames(db: Executor) {
  return db
    .selectFrom('joinRequests')
    .innerJoin('users', 'users.id', 'joinRequests.userId')
    .innerJoin('organisations', 'organisations.id', 'joinRequests.organisationId')
    .selectAll('joinRequests')
    .select([
      'users.displayName as userName',
      'users.username',
      'organisations.name as organisationName',
      'organisations.path as orgPath',
    ]);
}

export function insertJoinRequest(db: Executor, row: JoinRequestTable) {
  return db.insertInto('joinRequests').values(row).execute();
}

export function findJoinRequest(db: Executor, id: string): Promise<JoinRow | undefined> {
  return withNames(db).where('joinRequests.id', '=', id).executeTakeFirst();
}

export function pendingOf(db: Executor, userId: string) {
  return db
    .selectFrom('joinRequests')
    .select('id')
    .where('userId', '=', userId)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
}

export function listMine(db: Executor, userId: string): Promise<JoinRow[]> {
  return withNames(db)
    .where('joinRequests.userId', '=', userId)
    .orderBy('joinRequests.createdAt', 'desc')
    .orderBy('joinRequests.id', 'desc')
    .limit(20)
    .execute();
}

/** Requests to units inside the subtrees (all: every unit), pending first, newest first. */
export function listScoped(
  db: Executor,
  scope: { all: boolean; orgPaths: string[] },
  q: { status?: JoinRequestTable['status']; notUserId?: string; limit: number },
): Promise<JoinRow[]> {
  return withNames(db)
    .$if(!scope.all, (qb) => qb.where((eb) => inSubtrees(eb, scope.orgPaths)))
    .$if(!!q.status, (qb) => qb.where('joinRequests.status', '=', q.status!))
    .$if(!!q.notUserId, (qb) => qb.where('joinRequests.userId', '!=', q.notUserId!))
    .orderBy(sql`case when ${sql.ref('joinRequests.status')} = 'PENDING' then 0 else 1 end`)
    .orderBy('joinRequests.createdAt', 'desc')
    .orderBy('joinRequests.id', 'desc')
    .limit(q.limit)
    .execute();
}

export async function countScopedPending(
  db: Executor,
  scope: { all: boolean; orgPaths: string[] },
  notUserId: string,
): Promise<number> {
  const r = await db
    .selectFrom('joinRequests')
    .innerJoin('organisations', 'organisations.id', 'joinRequests.organisationId')
    .$if(!scope.all, (qb) => qb.where((eb) => inSubtrees(eb, scope.orgPaths)))
    .where('joinRequests.status', '=', 'PENDING')
    .where('joinRequests.userId', '!=', notUserId)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A conditional step from PENDING: false when someone else settled it first. */
export async function settle(
  db: Executor,
  id: string,
  patch: Pick<JoinRequestTable, 'status' | 'decidedAt'> &
    Partial<Pick<JoinRequestTable, 'role' | 'decidedBy' | 'decisionNote'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('joinRequests')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Active units whose name contains the text, shortest names first (the closest match). */
export function searchUnits(db: Executor, q: string) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisations as p', 'p.id', 'o.parentId')
    .where('o.active', '=', 1)
    .where(containsText('o.name', q))
    .select(['o.id', 'o.name', 'p.name as parentName'])
    .orderBy(sql`length(${sql.ref('o.name')})`)
    .orderBy('o.path')
    .limit(20)
    .execute();
}

/** The administrators of a unit, or else of the nearest unit above it that has any. */
export async function nearestAdmins(db: Executor, orgPath: string): Promise<string[]> {
  const ids = orgPath.split('/').filter(Boolean);
  const rows = await db
    .selectFrom('roleGrants')
    .innerJoin('users', 'users.id', 'roleGrants.userId')
    .where('roleGrants.role', '=', 'ORG_ADMIN')
    .where('roleGrants.organisationId', 'in', ids)
    .where('users.status', '=', 'ACTIVE')
    .select(['roleGrants.userId', 'roleGrants.organisationId'])
    .execute();
  for (const id of ids.reverse()) {
    const here = rows.filter((r) => r.organisationId === id).map((r) => r.userId);
    if (here.length) return [...new Set(here)];
  }
  return [];
}
