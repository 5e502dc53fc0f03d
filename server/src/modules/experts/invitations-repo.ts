/** The SQL of e-mail invitations to the expert directory (`expert_invitations`, its sends). */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import type {
  Database,
  ExpertInvitationSendTable,
  ExpertInvitationTable,
  ExpertProfileTable,
} from '#platform/db/schema.ts';
import { pathEnd } from '#platform/db/subtree.ts';
import type { InvitationStatus } from './invitation-schema.ts';

const COLUMNS = [
  'i.id',
  'i.organisationId',
  'i.email',
  'i.name',
  'i.message',
  'i.tokenHash',
  'i.invitedBy',
  'i.createdAt',
  'i.expiresAt',
  'i.sentAt',
  'i.acceptedAt',
  'i.acceptedUserId',
  'i.revokedAt',
  'o.name as organisationName',
  'o.path as orgPath',
  'o.active as orgActive',
  'inviter.displayName as invitedByName',
  'acceptor.displayName as acceptedByName',
] as const;

function base(db: Executor) {
  return db
    .selectFrom('expertInvitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisationId')
    .innerJoin('users as inviter', 'inviter.id', 'i.invitedBy')
    .leftJoin('users as acceptor', 'acceptor.id', 'i.acceptedUserId')
    .select(COLUMNS);
}
export type InvitationRow = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;

export const findInvitation = (db: Executor, id: string) =>
  base(db).where('i.id', '=', id).executeTakeFirst();

export const findByTokenHash = (db: Executor, tokenHash: string) =>
  base(db).where('i.tokenHash', '=', tokenHash).executeTakeFirst();

/** The status as a condition (PENDING and EXPIRED are open invitations either side of expiry). */
function statusIs(
  eb: ExpressionBuilder<Database & { i: ExpertInvitationTable }, 'i'>,
  status: InvitationStatus,
  now: string,
) {
  switch (status) {
    case 'ACCEPTED':
      return eb('i.acceptedAt', 'is not', null);
    case 'REVOKED':
      return eb.and([eb('i.acceptedAt', 'is', null), eb('i.revokedAt', 'is not', null)]);
    case 'EXPIRED':
      return eb.and([
        eb('i.acceptedAt', 'is', null),
        eb('i.revokedAt', 'is', null),
        eb('i.expiresAt', '<=', now),
      ]);
    case 'PENDING':
      return eb.and([
        eb('i.acceptedAt', 'is', null),
        eb('i.revokedAt', 'is', null),
        eb('i.expiresAt', '>', now),
      ]);
  }
}

/** A page of invitations of units inside the scope (newest first), with the exact total. */
export async function listInvitations(
  db: Executor,
  f: { scope: 'ALL' | string[]; organisationId?: string; status?: InvitationStatus; now: string },
  page: { offset: number; limit: number },
) {
  if (f.scope !== 'ALL' && f.scope.length === 0) return { rows: [], total: 0 };
  const filtered = <Q extends ReturnType<typeof base>>(q: Q) =>
    q
      .$if(f.scope !== 'ALL', (q2) =>
        q2.where((eb) =>
          eb.or(
            (f.scope as string[]).map((p) =>
              eb.and([eb('o.path', '>=', p), eb('o.path', '<', pathEnd(p))]),
            ),
          ),
        ),
      )
      .$if(!!f.organisationId, (q2) => q2.where('i.organisationId', '=', f.organisationId!))
      .$if(!!f.status, (q2) => q2.where((eb) => statusIs(eb as never, f.status!, f.now))) as Q;
  const [rows, count] = await Promise.all([
    filtered(base(db))
      .orderBy('i.createdAt', 'desc')
      .orderBy('i.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(base(db))
      .clearSelect()
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number((count as unknown as { n: number }).n) };
}

/** Open invitations (not accepted, not revoked) of a unit to these addresses. */
export async function openInvitations(db: Executor, organisationId: string, emails: string[]) {
  if (emails.length === 0) return [];
  return db
    .selectFrom('expertInvitations')
    .select(['id', 'email', 'expiresAt'])
    .where('organisationId', '=', organisationId)
    .where('email', 'in', emails)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .execute();
}

/** Addresses (lower-case) of active accounts already in the directory (holding REVIEWER). */
export async function expertEmails(db: Executor, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select(sql<string>`lower(users.email)`.as('email'))
    .where(sql<string>`lower(users.email)`, 'in', emails)
    .where('users.status', '!=', 'DELETED')
    .where('users.id', 'in', (qb) =>
      qb.selectFrom('roleGrants').select('userId').where('role', '=', 'REVIEWER'),
    )
    .execute();
  return new Set(rows.map((r) => r.email));
}

export async function insertInvitation(db: Executor, row: ExpertInvitationTable) {
  await db.insertInto('expertInvitations').values(row).execute();
}

/** Renews an open invitation that ran out: a new inviter, message and 14 days. */
export async function renewInvitation(
  db: Executor,
  id: string,
  patch: Pick<ExpertInvitationTable, 'name' | 'message' | 'invitedBy' | 'expiresAt'>,
) {
  const r = await db
    .updateTable('expertInvitations')
    .set(patch)
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function recordSends(db: Executor, rows: ExpertInvitationSendTable[]) {
  if (rows.length) await db.insertInto('expertInvitationSends').values(rows).execute();
}

/** Mails the administrator asked for since `since` (invites and resends). */
export async function sendsSince(db: Executor, userId: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('expertInvitationSends')
    .select(sql<number>`count(*)`.as('n'))
    .where('sentBy', '=', userId)
    .where('createdAt', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The oldest send counted in the window (when a slot frees up). */
export async function oldestSendSince(db: Executor, userId: string, since: string) {
  const r = await db
    .selectFrom('expertInvitationSends')
    .select('createdAt')
    .where('sentBy', '=', userId)
    .where('createdAt', '>', since)
    .orderBy('createdAt')
    .limit(1)
    .executeTakeFirst();
  return r?.createdAt ?? null;
}

/** The last mail asked for this invitation. */
export async function lastSendOf(db: Executor, invitationId: string) {
  const r = await db
    .selectFrom('expertInvitationSends')
    .select('createdAt')
    .where('invitationId', '=', invitationId)
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.createdAt ?? null;
}

/** Withdraws an open invitation (atomic): true when this call did. */
export async function revokeInvitation(db: Executor, id: string, by: string, at: string) {
  const r = await db
    .updateTable('expertInvitations')
    .set({ revokedAt: at, revokedBy: by })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets a resend's new expiry (open invitations only). */
export async function extendInvitation(db: Executor, id: string, expiresAt: string) {
  const r = await db
    .updateTable('expertInvitations')
    .set({ expiresAt })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The mail job's new token (the earlier link ends), for an invitation still open and in time. */
export async function setToken(db: Executor, id: string, tokenHash: string, at: string) {
  const r = await db
    .updateTable('expertInvitations')
    .set({ tokenHash, sentAt: at })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Takes an open invitation for a person (atomic): true when this call did. */
export async function acceptInvitation(db: Executor, id: string, userId: string, at: string) {
  const r = await db
    .updateTable('expertInvitations')
    .set({ acceptedAt: at, acceptedUserId: userId })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The inviter's grants as the policies see them (to check what they may still grant). */
export async function grantsWithPaths(db: Executor, userId: string) {
  return db
    .selectFrom('roleGrants as g')
    .innerJoin('users as u', 'u.id', 'g.userId')
    .leftJoin('organisations as o', 'o.id', 'g.organisationId')
    .select(['g.id', 'g.role', 'g.organisationId', 'o.path as orgPath', 'u.status', 'u.username'])
    .where('g.userId', '=', userId)
    .execute();
}

export async function hasGrant(db: Executor, userId: string, role: string, orgId: string) {
  const r = await db
    .selectFrom('roleGrants')
    .select('id')
    .where('userId', '=', userId)
    .where('role', '=', role as never)
    .where('organisationId', '=', orgId)
    .executeTakeFirst();
  return !!r;
}

/** Invitations addressed to this address or taken by this person (the account export). */
export async function invitationsOfPerson(db: Executor, userId: string, email: string | null) {
  return base(db)
    .where((eb) =>
      eb.or([
        eb('i.acceptedUserId', '=', userId),
        ...(email ? [eb('i.email', '=', email.toLowerCase())] : []),
      ]),
    )
    .orderBy('i.createdAt', 'desc')
    .limit(500)
    .execute();
}

/** Account deletion: the invitations the person took no longer name them (nor their address). */
export async function eraseAcceptor(db: Executor, userId: string) {
  await db
    .updateTable('expertInvitations')
    .set({ acceptedUserId: null, email: '', name: '', message: '' })
    .where('acceptedUserId', '=', userId)
    .execute();
}

/** Homes a person in the unit if they have no home and no role on another unit (as invitations do). */
export async function homeIfNone(db: Executor, userId: string, organisationId: string) {
  const user = await db
    .selectFrom('users')
    .select('homeOrganisationId')
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.homeOrganisationId) return;
  const elsewhere = await db
    .selectFrom('roleGrants')
    .select('id')
    .where('userId', '=', userId)
    .where('organisationId', 'is not', null)
    .where('organisationId', '!=', organisationId)
    .executeTakeFirst();
  if (!elsewhere)
    await db
      .updateTable('users')
      .set({ homeOrganisationId: organisationId })
      .where('id', '=', userId)
      .execute();
}

/** An empty expert profile tied to the unit, unless the person has one: true when made. */
export async function ensureProfile(
  db: Executor,
  userId: string,
  organisationId: string,
  at: string,
  empty: Omit<ExpertProfileTable, 'userId' | 'title' | 'updatedAt'>,
) {
  const r = await db
    .insertInto('expertProfiles')
    .values({ ...empty, userId, title: '', organisationId, updatedAt: at })
    .onConflict((oc) => oc.column('userId').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
