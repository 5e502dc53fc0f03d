import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { RoleGrantTable, UserTable } from '#platform/db/schema.ts';
import { inSubtrees, pathEnd } from '#platform/db/subtree.ts';
import type { ListUsersQuery } from './schema.ts';

export type UserRow = UserTable;
export type GrantRow = RoleGrantTable & { organisationName: string | null; orgPath: string | null };

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByUsername(
  db: Executor,
  username: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username.toLowerCase())
    .executeTakeFirst();
}

export async function insertUser(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Executor, id: string, patch: Partial<UserRow>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** Which of these accounts exist and are active. */
export async function activeUserIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', ids)
    .where('status', '=', 'ACTIVE')
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function grantsOf(db: Executor, userIds: string[]): Promise<GrantRow[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('roleGrants')
    .leftJoin('organisations', 'organisations.id', 'roleGrants.organisationId')
    .selectAll('roleGrants')
    .select(['organisations.name as organisationName', 'organisations.path as orgPath'])
    .where('roleGrants.userId', 'in', userIds)
    .orderBy('roleGrants.createdAt')
    .execute();
}

export async function findGrant(db: Executor, id: string): Promise<GrantRow | undefined> {
  return db
    .selectFrom('roleGrants')
    .leftJoin('organisations', 'organisations.id', 'roleGrants.organisationId')
    .selectAll('roleGrants')
    .select(['organisations.name as organisationName', 'organisations.path as orgPath'])
    .where('roleGrants.id', '=', id)
    .executeTakeFirst();
}

export async function insertGrant(db: Executor, row: RoleGrantTable): Promise<void> {
  await db.insertInto('roleGrants').values(row).execute();
}

export async function deleteGrant(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('roleGrants').where('id', '=', id).execute();
}

export async function deleteGrantsOf(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('roleGrants').where('userId', '=', userId).execute();
}

export async function countPlatformAdmins(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('roleGrants')
    .innerJoin('users', 'users.id', 'roleGrants.userId')
    .select(sql<number>`count(distinct users.id)`.as('n'))
    .where('roleGrants.role', '=', 'PLATFORM_ADMIN')
    .where('users.status', '=', 'ACTIVE')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * A page of users. `scope` limits to users holding a role inside those subtrees ('ALL' = everyone,
 * including the public who hold no role).
 */
export async function listUsers(
  db: Executor,
  q: ListUsersQuery & { rootPath?: string },
  scope: 'ALL' | string[],
): Promise<{ rows: UserRow[]; total: number }> {
  const needGrantFilter = scope !== 'ALL' || !!q.rootPath || !!q.role;
  const base = db
    .selectFrom('users')
    .where('users.status', '!=', 'DELETED')
    .$if(needGrantFilter, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('roleGrants')
            .leftJoin('organisations', 'organisations.id', 'roleGrants.organisationId')
            .select(sql`1`.as('one'))
            .whereRef('roleGrants.userId', '=', 'users.id')
            .$if(scope !== 'ALL', (s) => s.where((e2) => inSubtrees(e2, scope as string[])))
            .$if(!!q.rootPath, (s) =>
              s
                .where('organisations.path', '>=', q.rootPath!)
                .where('organisations.path', '<', pathEnd(q.rootPath!)),
            )
            .$if(!!q.role, (s) => s.where('roleGrants.role', '=', q.role!)),
        ),
      ),
    )
    .$if(!!q.q, (qb) =>
      qb.where((eb) =>
        eb.or([containsText('users.username', q.q!), containsText('users.displayName', q.q!)]),
      ),
    )
    .$if(!!q.status, (qb) => qb.where('users.status', '=', q.status!));
  const [rows, count] = await Promise.all([
    base
      .selectAll('users')
      .orderBy('users.createdAt', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
