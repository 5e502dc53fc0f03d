import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import type { PasswordResetTable } from '#platform/db/schema.ts';
import { newId, nowIso } from '#platform/ids.ts';

/** Accounts' own reads and writes: TOTP steps, recovery codes, password resets, look-ups. */

export async function findUser(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByUsername(db: Executor, username: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username.toLowerCase())
    .executeTakeFirst();
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

export async function replaceRecoveryCodes(db: Executor, userId: string, hashes: string[]) {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
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
