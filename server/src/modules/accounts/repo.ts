import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import type { PasswordResetTable, SignInLinkTable, UserTable } from '#platform/db/schema.ts';
import { newId, nowIso } from '#platform/ids.ts';

/**
 * Accounts' reads and writes: people, sign-in marks, TOTP, recovery codes,
 * password resets, the setup token, the personal-data export and account deletion.
 */

// ── People ──────────────────────────────────────────────────────────────────────────────────

export async function findUser(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The signed-in person's row (they exist: the session was loaded for them). */
export async function getUser(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function findUserByUsername(db: Executor, username: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username.toLowerCase())
    .executeTakeFirst();
}

/** Registering, signing in and completing setup mark the person as having signed in. */
export async function markSignedIn(db: Executor, userId: string) {
  await db.updateTable('users').set({ lastLoginAt: nowIso() }).where('id', '=', userId).execute();
}

/** A new password (hash): no longer temporary, its rotation clock restarts. */
export async function setPassword(db: Executor, userId: string, passwordHash: string) {
  const at = nowIso();
  await db
    .updateTable('users')
    .set({ passwordHash, passwordChangedAt: at, mustChangePassword: 0, updatedAt: at })
    .where('id', '=', userId)
    .execute();
}

export async function updateProfile(
  db: Executor,
  userId: string,
  patch: Partial<Pick<UserTable, 'displayName' | 'email' | 'phone' | 'locale'>>,
) {
  await db
    .updateTable('users')
    .set({ ...patch, updatedAt: nowIso() })
    .where('id', '=', userId)
    .execute();
}

// ── TOTP and recovery codes ─────────────────────────────────────────────────────────────────

/** Keeps an enrolment's secret while it waits to be confirmed. */
export async function setPendingTotp(db: Executor, userId: string, secret: string, at: string) {
  await db
    .updateTable('users')
    .set({ totpPendingSecret: secret, totpPendingAt: at, updatedAt: at })
    .where('id', '=', userId)
    .execute();
}

/** The pending secret becomes the person's, with the step just accepted. */
export async function enableTotp(db: Executor, userId: string, secret: string, step: number) {
  const at = nowIso();
  await db
    .updateTable('users')
    .set({
      totpSecret: secret,
      totpEnabledAt: at,
      totpLastStep: step,
      totpPendingSecret: null,
      totpPendingAt: null,
      updatedAt: at,
    })
    .where('id', '=', userId)
    .execute();
}

/** The session that confirmed the enrolment has passed the second factor. */
export async function markSessionMfaPassed(db: Executor, idHash: string) {
  await db.updateTable('sessions').set({ mfaPassed: 1 }).where('idHash', '=', idHash).execute();
}

/**
 * Accepts a TOTP time step once (RFC 6238 §5.2): true when the step is later than the last one
 * accepted, atomically, so two requests with one code cannot both pass.
 */
export async function acceptTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totpLastStep: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A person's recovery codes end (TOTP reset by an administrator, or new codes issued). */
export async function deleteRecoveryCodes(db: Executor, userId: string) {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: Executor, userId: string, hashes: string[]) {
  await deleteRecoveryCodes(db, userId);
  const at = nowIso();
  await db
    .insertInto('recoveryCodes')
    .values(
      hashes.map((codeHash) => ({ id: newId(), userId, codeHash, usedAt: null, createdAt: at })),
    )
    .execute();
}

/** Uses a recovery code once: true when it was the user's and unused (atomic). */
export async function spendRecoveryCode(db: Executor, userId: string, codeHash: string) {
  const r = await db
    .updateTable('recoveryCodes')
    .set({ usedAt: nowIso() })
    .where('userId', '=', userId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function recoveryCodesLeft(db: Executor, userId: string): Promise<number> {
  const r = await db
    .selectFrom('recoveryCodes')
    .select(sql<number>`count(*)`.as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ── One-time sign-in links (the demo's) ─────────────────────────────────────────────────────

export async function insertSignInLink(db: Executor, row: SignInLinkTable) {
  await db.insertInto('signInLinks').values(row).execute();
}

/** Ends a person's unused links of a purpose (a new one replaces them). */
export async function endSignInLinks(db: Executor, userId: string, purpose: string) {
  await db
    .updateTable('signInLinks')
    .set({ usedAt: nowIso() })
    .where('userId', '=', userId)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .execute();
}

/** Marks a live link used and returns its person, or undefined (atomic: once only). */
export async function consumeSignInLink(db: Executor, tokenHash: string) {
  const at = nowIso();
  const row = await db
    .selectFrom('signInLinks')
    .select(['userId', 'expiresAt', 'usedAt'])
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.usedAt || row.expiresAt < at) return undefined;
  const r = await db
    .updateTable('signInLinks')
    .set({ usedAt: at })
    .where('tokenHash', '=', tokenHash)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? row.userId : undefined;
}

/** The demo world's marker, if this database was seeded with the demo. */
export async function findDemoWorld(db: Executor) {
  return db.selectFrom('demoWorld').selectAll().where('id', '=', 'demo').executeTakeFirst();
}

/** A person's name and home unit, for the lines `demo logins` prints. */
export async function personWithUnit(db: Executor, userId: string) {
  return db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.homeOrganisationId')
    .select([
      'users.id',
      'users.username',
      'users.displayName',
      'users.status',
      'organisations.name as unitName',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

// ── Password resets and account help ────────────────────────────────────────────────────────

export async function insertPasswordReset(db: Executor, row: PasswordResetTable) {
  await db.insertInto('passwordResets').values(row).execute();
}

/** Marks a live reset token used and returns its user, or undefined (atomic: once only). */
export async function consumePasswordReset(db: Executor, tokenHash: string) {
  const at = nowIso();
  const row = await db
    .selectFrom('passwordResets')
    .select(['userId', 'expiresAt', 'usedAt'])
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.usedAt || row.expiresAt < at) return undefined;
  const r = await db
    .updateTable('passwordResets')
    .set({ usedAt: at })
    .where('tokenHash', '=', tokenHash)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? row.userId : undefined;
}

/** A live reset token's user (the reset page shows whose password it sets), without using it. */
export async function peekPasswordReset(db: Executor, tokenHash: string) {
  return db
    .selectFrom('passwordResets')
    .innerJoin('users', 'users.id', 'passwordResets.userId')
    .select(['users.username', 'users.displayName', 'passwordResets.expiresAt'])
    .where('passwordResets.tokenHash', '=', tokenHash)
    .where('passwordResets.usedAt', 'is', null)
    .where('passwordResets.expiresAt', '>', nowIso())
    .where('users.status', '=', 'ACTIVE')
    .executeTakeFirst();
}

/** Earlier unused links of a person end when a new one is issued or the password is set. */
export async function endPasswordResets(db: Executor, userId: string) {
  await db
    .updateTable('passwordResets')
    .set({ usedAt: nowIso() })
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .execute();
}

/** The units a person belongs to (home first) and each unit's active administrators' names. */
export async function unitsAndAdminsOf(db: Executor, userId: string) {
  const units = await db
    .selectFrom('organisations')
    .select(['organisations.id', 'organisations.name', 'organisations.path'])
    .where((eb) =>
      eb.or([
        eb(
          'organisations.id',
          '=',
          eb.selectFrom('users').select('homeOrganisationId').where('users.id', '=', userId),
        ),
        eb(
          'organisations.id',
          'in',
          eb
            .selectFrom('roleGrants')
            .select('organisationId')
            .where('roleGrants.userId', '=', userId)
            .where('roleGrants.organisationId', 'is not', null),
        ),
      ]),
    )
    .execute();
  const out: { name: string; admins: string[] }[] = [];
  for (const u of units.slice(0, 5)) {
    // The nearest administrators: of the unit itself, else of the closest unit above it.
    const ids = u.path.split('/').filter(Boolean).reverse();
    let admins: string[] = [];
    for (const orgId of ids) {
      const rows = await db
        .selectFrom('roleGrants')
        .innerJoin('users', 'users.id', 'roleGrants.userId')
        .select('users.displayName')
        .where('roleGrants.organisationId', '=', orgId)
        .where('roleGrants.role', '=', 'ORG_ADMIN')
        .where('users.status', '=', 'ACTIVE')
        // Only administrators who can sign in can help.
        .where('users.passwordHash', 'is not', null)
        .where('users.id', '!=', userId)
        .orderBy('users.displayName')
        .limit(3)
        .execute();
      if (rows.length) {
        admins = rows.map((r) => r.displayName);
        break;
      }
    }
    out.push({ name: u.name, admins });
  }
  return out;
}

// ── Retention clean-up (jobs) ───────────────────────────────────────────────────────────────

/** Sessions past their absolute end or idle too long (they can no longer sign anyone in). */
export async function deleteEndedSessions(db: Executor, now: string, idleBefore: string) {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expiresAt', '<', now), eb('lastSeenAt', '<', idleBefore)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Reset links used or expired before `before`. */
export async function deleteSpentPasswordResets(db: Executor, before: string) {
  const r = await db
    .deleteFrom('passwordResets')
    .where((eb) => eb.or([eb('usedAt', '<', before), eb('expiresAt', '<', before)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Invitations decided before `before`, or left pending past an expiry before it. */
export async function deleteEndedInvitations(db: Executor, before: string) {
  const r = await db
    .deleteFrom('invitations')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '!=', 'PENDING'), eb('decidedAt', '<', before)]),
        eb.and([eb('status', '=', 'PENDING'), eb('expiresAt', '<', before)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Attempt-limit rows whose window started before `before` and that hold no running lock: a
 * reservation treats such a row as a fresh window anyway, so deleting it changes no limit.
 */
export async function deleteIdleThrottles(db: Executor, before: string, now: string) {
  const r = await db
    .deleteFrom('loginThrottles')
    .where('windowStart', '<', before)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** TOTP enrolments started before `before` and never confirmed: the pending secret goes. */
export async function clearAbandonedTotpEnrolments(db: Executor, before: string) {
  const r = await db
    .updateTable('users')
    .set({ totpPendingSecret: null, totpPendingAt: null })
    .where('totpPendingAt', '<', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ── Setup of an empty platform ──────────────────────────────────────────────────────────────

const SETUP_TOKEN_KEY = 'setup.tokenHash';

export async function platformAdminExists(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('roleGrants')
    .select('id')
    .where('role', '=', 'PLATFORM_ADMIN')
    .executeTakeFirst();
  return !!row;
}

export async function saveSetupTokenHash(db: Executor, value: string) {
  const at = nowIso();
  await db
    .insertInto('settings')
    .values({ key: SETUP_TOKEN_KEY, value, updatedAt: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: at }))
    .execute();
}

export async function findSetupTokenHash(db: Executor): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETUP_TOKEN_KEY)
    .executeTakeFirst();
  return row?.value;
}

export async function deleteSetupToken(db: Executor) {
  await db.deleteFrom('settings').where('key', '=', SETUP_TOKEN_KEY).execute();
}

// ── Personal data: export and deletion ──────────────────────────────────────────────────────

/** Everything kept about a person, read for the export (the service drops the secrets). */
export async function personalDataOf(db: Executor, userId: string) {
  const user = await getUser(db, userId);
  const sessions = await db
    .selectFrom('sessions')
    .select(['createdAt', 'lastSeenAt', 'ip', 'userAgent'])
    .where('userId', '=', userId)
    .execute();
  const activity = await db
    .selectFrom('auditLog')
    .select(['at', 'action', 'entityType', 'entityId'])
    .where('actorId', '=', userId)
    .orderBy('seq', 'desc')
    .limit(10_000)
    .execute();
  const works = await db
    .selectFrom('works')
    .select(['id', 'title', 'status', 'createdAt'])
    .where('createdBy', '=', userId)
    .orderBy('createdAt', 'desc')
    .execute();
  const uploads = await db
    .selectFrom('media')
    .select(['id', 'name', 'kind', 'size', 'createdAt'])
    .where('uploadedBy', '=', userId)
    .orderBy('createdAt', 'desc')
    .execute();
  const expert = await db
    .selectFrom('expertProfiles')
    .selectAll()
    .where('userId', '=', userId)
    .executeTakeFirst();
  const ties = await db
    .selectFrom('expertTies')
    .leftJoin('organisations', 'organisations.id', 'expertTies.organisationId')
    .select([
      'expertTies.kind',
      'expertTies.note',
      'expertTies.createdAt',
      'organisations.name as organisationName',
    ])
    .where('expertTies.userId', '=', userId)
    .execute();
  const applications = await db
    .selectFrom('reviewItems')
    .innerJoin('reviewCalls', 'reviewCalls.id', 'reviewItems.callId')
    .select([
      'reviewItems.id',
      'reviewItems.title',
      'reviewItems.status',
      'reviewItems.data',
      'reviewItems.submittedAt',
      'reviewItems.createdAt',
      'reviewCalls.title as callTitle',
    ])
    .where('reviewItems.submittedBy', '=', userId)
    .orderBy('reviewItems.createdAt', 'desc')
    .limit(10_000)
    .execute();
  const objections = await db
    .selectFrom('reviewObjections')
    .innerJoin('reviewItems', 'reviewItems.id', 'reviewObjections.itemId')
    .select([
      'reviewObjections.id',
      'reviewItems.title as itemTitle',
      'reviewObjections.name',
      'reviewObjections.contact',
      'reviewObjections.text',
      'reviewObjections.status',
      'reviewObjections.outcome',
      'reviewObjections.createdAt',
    ])
    .where('reviewObjections.submittedBy', '=', userId)
    .orderBy('reviewObjections.createdAt', 'desc')
    .execute();
  const joinRequests = await db
    .selectFrom('joinRequests')
    .innerJoin('organisations', 'organisations.id', 'joinRequests.organisationId')
    .select([
      'joinRequests.id',
      'organisations.name as organisationName',
      'joinRequests.position',
      'joinRequests.reason',
      'joinRequests.status',
      'joinRequests.role',
      'joinRequests.decisionNote',
      'joinRequests.createdAt',
      'joinRequests.decidedAt',
    ])
    .where('joinRequests.userId', '=', userId)
    .orderBy('joinRequests.createdAt', 'desc')
    .execute();
  return {
    user,
    sessions,
    activity,
    works,
    uploads,
    expert,
    ties,
    applications,
    objections,
    joinRequests,
  };
}

/**
 * Erases a person: personal fields blanked, roles, sessions, codes, resets, invitations and the
 * expert profile removed; objections they filed keep their text without the link to them; a
 * pending request to join a unit is withdrawn (it leaves the administrators' lists and to-dos),
 * and the notifications naming the person leave other people's inboxes.
 */
export async function erasePerson(db: Executor, userId: string) {
  await db
    .updateTable('users')
    .set({
      username: `deleted-${userId}`,
      displayName: '已注销用户',
      email: null,
      phone: null,
      passwordHash: null,
      birthYear: null,
      guardianName: null,
      guardianContact: null,
      guardianConsentAt: null,
      totpSecret: null,
      totpEnabledAt: null,
      totpPendingSecret: null,
      totpPendingAt: null,
      homeOrganisationId: null,
      lastLoginAt: null,
      status: 'DELETED',
      updatedAt: nowIso(),
    })
    .where('id', '=', userId)
    .execute();
  await db.deleteFrom('roleGrants').where('userId', '=', userId).execute();
  await db.deleteFrom('sessions').where('userId', '=', userId).execute();
  await deleteRecoveryCodes(db, userId);
  await db.deleteFrom('passwordResets').where('userId', '=', userId).execute();
  await db.deleteFrom('invitations').where('userId', '=', userId).execute();
  await db.deleteFrom('expertTies').where('userId', '=', userId).execute();
  await db.deleteFrom('expertProfiles').where('userId', '=', userId).execute();
  await db
    .updateTable('reviewObjections')
    .set({ submittedBy: null })
    .where('submittedBy', '=', userId)
    .execute();
  await db
    .updateTable('joinRequests')
    .set({ status: 'WITHDRAWN', decidedAt: nowIso() })
    .where('userId', '=', userId)
    .where('status', '=', 'PENDING')
    .execute();
  // Others' notifications that name the person (申请加入…) go with the name.
  await db.deleteFrom('notifications').where('aboutUserId', '=', userId).execute();
}

/** When the person last asked for a reset link by e-mail (links they asked for have no issuer). */
export async function lastSelfServiceReset(db: Executor, userId: string) {
  const row = await db
    .selectFrom('passwordResets')
    .select('createdAt')
    .where('userId', '=', userId)
    .where('createdBy', 'is', null)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  return row?.createdAt ?? null;
}
