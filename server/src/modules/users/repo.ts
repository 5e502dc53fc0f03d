import { type Insertable, type Selectable, sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { InvitationTable, RoleGrantTable, UserTable } from '#platform/db/schema.ts';
import { inSubtrees, pathEnd } from '#platform/db/subtree.ts';
import type { ListUsersQuery } from './schema.ts';

export type UserRow = Selectable<UserTable>;
/** A user row with the path of their home unit (null: no home unit). */
export type UserWithHome = UserRow & { homePath: string | null; homeName: string | null };
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

/** One person with their home unit's path and name. */
export async function findUserWithHome(
  db: Executor,
  id: string,
): Promise<UserWithHome | undefined> {
  return db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.homeOrganisationId')
    .selectAll('users')
    .select(['organisations.path as homePath', 'organisations.name as homeName'])
    .where('users.id', '=', id)
    .executeTakeFirst();
}

/**
 * An active account with no password, TOTP or contact data (the demo's people, bulk people in
 * tests and benches): they sign in through a link or a session made for them.
 */
export function passwordlessUserRow(p: {
  id: string;
  username: string;
  displayName: string;
  at: string;
  birthYear?: number | null;
  homeOrganisationId?: string | null;
}): Insertable<UserTable> {
  return {
    id: p.id,
    username: p.username,
    displayName: p.displayName,
    email: null,
    phone: null,
    passwordHash: null,
    locale: 'zh-CN',
    birthYear: p.birthYear ?? null,
    guardianName: null,
    guardianContact: null,
    guardianConsentAt: null,
    totpSecret: null,
    totpEnabledAt: null,
    status: 'ACTIVE',
    passwordChangedAt: p.at,
    createdAt: p.at,
    updatedAt: p.at,
    homeOrganisationId: p.homeOrganisationId ?? null,
  };
}

export async function insertUser(db: Executor, row: Insertable<UserTable>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(
  db: Executor,
  id: string,
  patch: Partial<Insertable<UserTable>>,
): Promise<void> {
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
): Promise<{ rows: UserWithHome[]; total: number }> {
  const needGrantFilter = scope !== 'ALL' || !!q.rootPath || !!q.role;
  const base = db
    .selectFrom('users')
    .leftJoin('organisations as home', 'home.id', 'users.homeOrganisationId')
    .where('users.status', '!=', 'DELETED')
    .$if(needGrantFilter, (qb) =>
      qb.where((eb) =>
        eb.or([
          // People homed in the scope (a new account before its first role, too) …
          ...(q.role
            ? []
            : (scope === 'ALL' ? [q.rootPath!] : scope)
                .filter(Boolean)
                .map((p) =>
                  eb.and([
                    eb('home.path', '>=', p),
                    eb('home.path', '<', pathEnd(p)),
                    ...(q.rootPath && scope !== 'ALL'
                      ? [
                          eb('home.path', '>=', q.rootPath),
                          eb('home.path', '<', pathEnd(q.rootPath)),
                        ]
                      : []),
                  ]),
                )),
          // … and people holding a role there.
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
        ]),
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
      .select(['home.path as homePath', 'home.name as homeName'])
      .orderBy('users.createdAt', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function insertInvitation(db: Executor, row: InvitationTable): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

const invitationColumns = [
  'invitations.id',
  'invitations.userId',
  'invitations.role',
  'invitations.organisationId',
  'invitations.status',
  'invitations.createdAt',
  'invitations.expiresAt',
  'invitations.decidedAt',
  'organisations.name as organisationName',
  'organisations.path as orgPath',
  'invitee.username as inviteeUsername',
  'invitee.displayName as inviteeName',
  'inviter.displayName as invitedByName',
] as const;

function invitationQuery(db: Executor) {
  return db
    .selectFrom('invitations')
    .innerJoin('organisations', 'organisations.id', 'invitations.organisationId')
    .innerJoin('users as invitee', 'invitee.id', 'invitations.userId')
    .leftJoin('users as inviter', 'inviter.id', 'invitations.invitedBy')
    .select(invitationColumns);
}
export type InvitationRow = Awaited<ReturnType<typeof findInvitation>> & {};

export async function findInvitation(db: Executor, id: string) {
  return invitationQuery(db).where('invitations.id', '=', id).executeTakeFirst();
}

/** A person's invitations (pending first), or those of units inside the scope. */
export async function listInvitations(
  db: Executor,
  by: { userId: string } | { scope: 'ALL' | string[]; status?: string },
) {
  let q = invitationQuery(db);
  if ('userId' in by) q = q.where('invitations.userId', '=', by.userId);
  else {
    if (by.scope !== 'ALL') {
      const scope = by.scope;
      if (scope.length === 0) return [];
      q = q.where((eb) =>
        eb.or(
          scope.map((p) =>
            eb.and([eb('organisations.path', '>=', p), eb('organisations.path', '<', pathEnd(p))]),
          ),
        ),
      );
    }
    if (by.status) q = q.where('invitations.status', '=', by.status as InvitationTable['status']);
  }
  return q.orderBy('invitations.createdAt', 'desc').limit(500).execute();
}

export async function pendingInvitationCount(db: Executor, userId: string): Promise<number> {
  const r = await db
    .selectFrom('invitations')
    .select(sql<number>`count(*)`.as('n'))
    .where('userId', '=', userId)
    .where('status', '=', 'PENDING')
    .where('expiresAt', '>', new Date().toISOString())
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Settles a pending invitation once (atomic): true when this call moved it. */
export async function decideInvitation(
  db: Executor,
  id: string,
  status: 'ACCEPTED' | 'DECLINED' | 'REVOKED',
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('invitations')
    .set({ status, decidedAt: at })
    .where('id', '=', id)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every active platform administrator's id (to keep at least one). */
export async function activePlatformAdminIds(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('roleGrants')
    .innerJoin('users', 'users.id', 'roleGrants.userId')
    .select('users.id')
    .distinct()
    .where('roleGrants.role', '=', 'PLATFORM_ADMIN')
    .where('users.status', '=', 'ACTIVE')
    .execute();
  return rows.map((r) => r.id);
}
