import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { erasePersonalAuditData, type RequestContext, recordAudit } from '#platform/audit.ts';
import {
  DENGBAO_ROTATION_DAYS,
  dummyPasswordHash,
  hashPassword,
  verifyPassword,
} from '#platform/auth/passwords.ts';
import {
  createSession,
  deleteOtherSessions,
  deleteSession,
  type LoadedSession,
  loadGrants,
} from '#platform/auth/sessions.ts';
import {
  type Attempt,
  accountKey,
  ipKey,
  LIMITS,
  reserveAttempt,
} from '#platform/auth/throttle.ts';
import { base32Encode, matchTotpStep, newTotpSecret, otpauthUrl } from '#platform/auth/totp.ts';
import type { Config } from '#platform/config.ts';
import { type Db, type DialectName, type Executor, lockChain } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { newToken, nowIso, sha256 } from '#platform/ids.ts';
import { forgetPerson as forgetNotifications } from '#platform/notify/repo.ts';
import { type Actor, isPlatformAdmin } from '#platform/policy.ts';
import * as privacy from '../privacy/service.ts';
import * as users from '../users/service.ts';
import * as repo from './repo.ts';
import type {
  AccountHelpSchema,
  ChangePasswordSchema,
  LoginSchema,
  Me,
  RegisterSchema,
  ResetPasswordSchema,
  SetupSchema,
  UpdateMeSchema,
} from './schema.ts';

/** At 18 a person is an adult; under the configured age (14, or 18) a guardian must consent. */
const ADULT_AGE = 18;
const SETUP_TOKEN_KEY = 'setup.tokenHash';
/** A TOTP enrolment not confirmed within this time starts again with a new secret. */
const TOTP_PENDING_MS = 30 * 60_000;
const RECOVERY_CODES = 10;

export interface IssuedSession {
  token: string;
  expiresAt: string;
}

interface Client {
  ip: string;
  userAgent: string | null;
}

export async function buildMe(db: Db, config: Config, auth: LoadedSession): Promise<Me> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', auth.actor.userId)
    .executeTakeFirstOrThrow();
  const grants = await db
    .selectFrom('roleGrants')
    .leftJoin('organisations', 'organisations.id', 'roleGrants.organisationId')
    .select([
      'roleGrants.id',
      'roleGrants.role',
      'roleGrants.organisationId',
      'organisations.name as organisationName',
    ])
    .where('roleGrants.userId', '=', user.id)
    .execute();
  const actor = auth.actor;
  const admin = isPlatformAdmin(actor);
  const orgAdmin = admin || actor.grants.some((g) => g.role === 'ORG_ADMIN');
  const passwordChangeRequired =
    user.mustChangePassword === 1 ||
    (config.securityProfile === 'dengbao' &&
      Date.parse(user.passwordChangedAt) + DENGBAO_ROTATION_DAYS * 86_400_000 < Date.now());
  const [consent, recoveryCodesLeft, invitations] = await Promise.all([
    privacy.consentStatus(db, user.id),
    user.totpEnabledAt ? repo.recoveryCodesLeft(db, user.id) : Promise.resolve(0),
    users.pendingInvitationCount(db, user.id),
  ]);
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      email: user.email,
      phone: user.phone,
      locale: user.locale,
      totpEnabled: user.totpEnabledAt !== null,
      isMinor: user.birthYear !== null && new Date().getUTCFullYear() - user.birthYear < ADULT_AGE,
      temporaryPassword: user.mustChangePassword === 1,
      recoveryCodesLeft,
    },
    pendingInvitations: invitations,
    consentRequired: consent.required,
    grants: grants.map((g) => ({ ...g, role: g.role as Me['grants'][number]['role'] })),
    abilities: {
      platformAdmin: admin,
      console: actor.grants.length > 0,
      manageOrganisations: orgAdmin,
      manageUsers: orgAdmin,
      manageReference: admin,
      readAudit: admin,
    },
    csrfToken: auth.session.csrfToken,
    mfaEnrolmentRequired: auth.mfaEnrolmentRequired,
    passwordChangeRequired,
  };
}

export async function register(
  db: Db,
  config: Config,
  ctx: RequestContext,
  client: Client,
  input: z.infer<typeof RegisterSchema>,
): Promise<IssuedSession> {
  const { guardianConsentAge } = await privacy.privacySettings(db);
  const age = new Date().getUTCFullYear() - input.birthYear;
  const needsGuardian = age < guardianConsentAge;
  if (needsGuardian && !input.guardian)
    throw new AppError('GUARDIAN_CONSENT_REQUIRED', { age: guardianConsentAge });
  users.assertPasswordAcceptable(input.password, config.securityProfile, input.username);
  // Every registration from one address counts (no slot is given back).
  await reserveAttempt(db, [
    { key: `register:${client.ip}`, limit: LIMITS.registration(config.registrationsPerHour) },
  ]);
  return db.transaction().execute(async (tx) => {
    const user = await users.insertNewUser(tx, {
      ...input,
      guardian: needsGuardian ? input.guardian : null,
    });
    await privacy.recordConsent(tx, user.id, input.consent);
    // Registering signs the person in: they are not an account that never signed in.
    await tx
      .updateTable('users')
      .set({ lastLoginAt: nowIso() })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(
      tx,
      { ...ctx, actorId: user.id },
      {
        action: 'account.register',
        entityType: 'user',
        entityId: user.id,
        detail: {
          username: user.username,
          guardianConsent: user.guardianConsentAt !== null,
          privacyVersion: input.consent.privacyVersion,
          termsVersion: input.consent.termsVersion,
        },
      },
    );
    return createSession(tx, config, {
      userId: user.id,
      mfaPassed: true,
      ip: client.ip,
      userAgent: client.userAgent,
    });
  });
}

/**
 * Password (+ TOTP when enrolled) → a new session. Failures count against the account and the
 * address; an unknown user costs the same hashing time as a known one.
 */
export async function login(
  db: Db,
  config: Config,
  ctx: RequestContext,
  client: Client,
  input: z.infer<typeof LoginSchema>,
  previousSessionIdHash: string | null,
): Promise<IssuedSession> {
  // The attempt is reserved before the password is checked: a parallel burst gets at most the
  // limit's number of guesses verified.
  const account = accountKey(input.username);
  const attempt = await reserveAttempt(db, [
    { key: ipKey(client.ip), limit: LIMITS.loginAddress },
    { key: account, limit: LIMITS.loginAccount(config.securityProfile) },
  ]);
  const user = await repo.findUserByUsername(db, input.username);
  const ok = await verifyPassword(
    user?.passwordHash ?? (await dummyPasswordHash()),
    input.password,
  );
  if (!user || !ok || user.status !== 'ACTIVE') {
    const locked = await attempt.fail();
    await db.transaction().execute((tx) =>
      recordAudit(tx, ctx, {
        action: 'account.loginFailed',
        entityType: 'user',
        entityId: user?.id ?? null,
        detail: { username: input.username.slice(0, 64) },
      }),
    );
    throw locked ?? new AppError('INVALID_CREDENTIALS');
  }
  if (user.totpEnabledAt && user.totpSecret) {
    if (!input.totpCode && !input.recoveryCode) {
      // Not a guess: the form asks for the code next.
      await attempt.release();
      throw new AppError('MFA_REQUIRED');
    }
    await checkSecondFactor(db, ctx, attempt, user.id, user.totpSecret, input);
  }
  await attempt.succeed([account]);
  return db.transaction().execute(async (tx) => {
    // Rotation: whatever session the browser had before is ended; the new id is fresh.
    if (previousSessionIdHash) await deleteSession(tx, previousSessionIdHash);
    const grants = await loadGrants(tx, user.id);
    const mfaPassed =
      user.totpEnabledAt !== null || !grants.some((g) => g.role === 'PLATFORM_ADMIN');
    await tx
      .updateTable('users')
      .set({ lastLoginAt: nowIso() })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(
      tx,
      { ...ctx, actorId: user.id },
      { action: 'account.login', entityType: 'user', entityId: user.id },
    );
    return createSession(tx, config, {
      userId: user.id,
      mfaPassed,
      ip: client.ip,
      userAgent: client.userAgent,
    });
  });
}

/**
 * The TOTP code (accepted once per time step) or a one-time recovery code. A wrong one counts
 * against the login attempt and against the person's code limit.
 */
async function checkSecondFactor(
  db: Db,
  ctx: RequestContext,
  attempt: Attempt,
  userId: string,
  secret: string,
  input: { totpCode?: string; recoveryCode?: string },
) {
  let codes: Attempt;
  try {
    codes = await reserveAttempt(db, [{ key: `totp:${userId}`, limit: LIMITS.totp }]);
  } catch (e) {
    await attempt.release();
    throw e;
  }
  let ok = false;
  if (input.totpCode) {
    const step = matchTotpStep(secret, input.totpCode);
    ok = step !== null && (await repo.acceptTotpStep(db, userId, step));
  } else if (input.recoveryCode) {
    ok = await repo.spendRecoveryCode(db, userId, hashRecoveryCode(input.recoveryCode));
    if (ok)
      await db.transaction().execute(async (tx) =>
        recordAudit(tx, ctx, {
          action: 'account.recoveryCodeUsed',
          entityType: 'user',
          entityId: userId,
          detail: { left: await repo.recoveryCodesLeft(tx, userId) },
        }),
      );
  }
  if (!ok) {
    const codesLocked = await codes.fail();
    const loginLocked = await attempt.fail();
    throw codesLocked ?? loginLocked ?? new AppError('INVALID_TOTP');
  }
  await codes.succeed();
}

/** Recovery codes: 10 random base32 characters shown as xxxxx-xxxxx; stored as sha256. */
function newRecoveryCode(): string {
  const raw = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

function hashRecoveryCode(code: string): string {
  return sha256(`kepu-recovery:${code.replace(/[\s-]/g, '').toLowerCase()}`);
}

async function issueRecoveryCodes(tx: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await repo.replaceRecoveryCodes(tx, userId, codes.map(hashRecoveryCode));
  return codes;
}

export async function logout(db: Db, ctx: RequestContext, auth: LoadedSession): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await deleteSession(tx, auth.session.idHash);
    await recordAudit(tx, ctx, {
      action: 'account.logout',
      entityType: 'user',
      entityId: auth.actor.userId,
    });
  });
}

export async function logoutOthers(
  db: Db,
  ctx: RequestContext,
  auth: LoadedSession,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const ended = await deleteOtherSessions(tx, auth.actor.userId, auth.session.idHash);
    await recordAudit(tx, ctx, {
      action: 'account.logoutOthers',
      entityType: 'user',
      entityId: auth.actor.userId,
      detail: { ended },
    });
    return ended;
  });
}

/**
 * Starts TOTP enrolment, or continues the one in progress: the pending secret survives a reload
 * until it is confirmed or 30 minutes pass.
 */
export async function startTotp(db: Db, actor: Actor) {
  const user = await repo.findUser(db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (user.totpEnabledAt)
    throw ruleError('STATE_CONFLICT', '已绑定动态口令', 'TOTP is already set up');
  let secret = user.totpPendingSecret;
  let startedAt = user.totpPendingAt;
  if (!secret || !startedAt || Date.parse(startedAt) + TOTP_PENDING_MS < Date.now()) {
    secret = newTotpSecret();
    startedAt = nowIso();
    await db
      .updateTable('users')
      .set({ totpPendingSecret: secret, totpPendingAt: startedAt, updatedAt: startedAt })
      .where('id', '=', actor.userId)
      .execute();
  }
  return {
    secret,
    otpauthUrl: otpauthUrl(secret, user.username),
    expiresAt: nowIso(Date.parse(startedAt) + TOTP_PENDING_MS),
  };
}

/** Confirms enrolment with a code; answers the ten recovery codes, shown this once. */
export async function confirmTotp(
  db: Db,
  ctx: RequestContext,
  auth: LoadedSession,
  code: string,
): Promise<string[]> {
  const userId = auth.actor.userId;
  const codes = await reserveAttempt(db, [{ key: `totp:${userId}`, limit: LIMITS.totp }]);
  const result = await db.transaction().execute(async (tx) => {
    const user = await repo.findUser(tx, userId);
    if (!user) throw new AppError('UNAUTHENTICATED');
    if (user.totpEnabledAt)
      throw ruleError('STATE_CONFLICT', '已绑定动态口令', 'TOTP is already set up');
    if (
      !user.totpPendingSecret ||
      !user.totpPendingAt ||
      Date.parse(user.totpPendingAt) + TOTP_PENDING_MS < Date.now()
    )
      throw ruleError(
        'STATE_CONFLICT',
        '绑定已超时，请重新扫描二维码',
        'The setup expired; scan the new QR code',
      );
    const step = matchTotpStep(user.totpPendingSecret, code);
    if (step === null) return null;
    const at = nowIso();
    await tx
      .updateTable('users')
      .set({
        totpSecret: user.totpPendingSecret,
        totpEnabledAt: at,
        totpLastStep: step,
        totpPendingSecret: null,
        totpPendingAt: null,
        updatedAt: at,
      })
      .where('id', '=', userId)
      .execute();
    await tx
      .updateTable('sessions')
      .set({ mfaPassed: 1 })
      .where('idHash', '=', auth.session.idHash)
      .execute();
    const recovery = await issueRecoveryCodes(tx, userId);
    await recordAudit(tx, ctx, {
      action: 'account.totpEnabled',
      entityType: 'user',
      entityId: userId,
    });
    return recovery;
  });
  if (!result) {
    await codes.fail();
    throw new AppError('INVALID_TOTP');
  }
  await codes.succeed();
  return result;
}

/** New recovery codes (the old ones stop working), after a current TOTP code. */
export async function regenerateRecoveryCodes(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  code: string,
): Promise<string[]> {
  const user = await repo.findUser(db, actor.userId);
  if (!user?.totpSecret || !user.totpEnabledAt)
    throw ruleError('STATE_CONFLICT', '尚未绑定动态口令', 'TOTP is not set up');
  const codes = await reserveAttempt(db, [{ key: `totp:${user.id}`, limit: LIMITS.totp }]);
  const step = matchTotpStep(user.totpSecret, code);
  if (step === null || !(await repo.acceptTotpStep(db, user.id, step))) {
    await codes.fail();
    throw new AppError('INVALID_TOTP');
  }
  await codes.succeed();
  return db.transaction().execute(async (tx) => {
    const recovery = await issueRecoveryCodes(tx, user.id);
    await recordAudit(tx, ctx, {
      action: 'account.recoveryCodesRenewed',
      entityType: 'user',
      entityId: user.id,
    });
    return recovery;
  });
}

/** Checks a signed-in person's password again (throttled: five tries in 15 minutes). */
async function recheckPassword(db: Db, userId: string, password: string) {
  const attempt = await reserveAttempt(db, [
    { key: `recheck:${userId}`, limit: LIMITS.passwordRecheck },
  ]);
  const user = await repo.findUser(db, userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    await attempt.fail();
    throw new AppError('INVALID_CREDENTIALS');
  }
  await attempt.succeed();
  return user;
}

export async function changePassword(
  db: Db,
  config: Config,
  ctx: RequestContext,
  auth: LoadedSession,
  input: z.infer<typeof ChangePasswordSchema>,
) {
  const user = await recheckPassword(db, auth.actor.userId, input.currentPassword);
  if (input.newPassword === input.currentPassword)
    throw ruleError(
      'RULE_BROKEN',
      '新密码不能与当前密码相同',
      'The new password must differ from the current one',
    );
  users.assertPasswordAcceptable(input.newPassword, config.securityProfile, user.username);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    const at = nowIso();
    await tx
      .updateTable('users')
      .set({ passwordHash, passwordChangedAt: at, mustChangePassword: 0, updatedAt: at })
      .where('id', '=', auth.actor.userId)
      .execute();
    await repo.endPasswordResets(tx, auth.actor.userId);
    await deleteOtherSessions(tx, auth.actor.userId, auth.session.idHash);
    await recordAudit(tx, ctx, {
      action: 'account.passwordChanged',
      entityType: 'user',
      entityId: auth.actor.userId,
    });
  });
}

export async function updateMe(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  patch: z.infer<typeof UpdateMeSchema>,
) {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ ...patch, updatedAt: nowIso() })
      .where('id', '=', actor.userId)
      .execute();
    await recordAudit(tx, ctx, {
      action: 'account.update',
      entityType: 'user',
      entityId: actor.userId,
      detail: { fields: Object.keys(patch) },
    });
  });
}

/** Everything Kepu keeps about the caller, as one JSON document (个人信息可携带). */
export async function exportMyData(db: Db, actor: Actor) {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const {
    passwordHash: _p,
    totpSecret: _t,
    totpPendingSecret: _s,
    totpLastStep: _l,
    ...profile
  } = user;
  const grants = await db
    .selectFrom('roleGrants')
    .leftJoin('organisations', 'organisations.id', 'roleGrants.organisationId')
    .select([
      'roleGrants.id',
      'roleGrants.role',
      'roleGrants.organisationId',
      'organisations.name as organisationName',
    ])
    .where('roleGrants.userId', '=', actor.userId)
    .execute();
  const sessions = await db
    .selectFrom('sessions')
    .select(['createdAt', 'lastSeenAt', 'ip', 'userAgent'])
    .where('userId', '=', actor.userId)
    .execute();
  const activity = await db
    .selectFrom('auditLog')
    .select(['at', 'action', 'entityType', 'entityId'])
    .where('actorId', '=', actor.userId)
    .orderBy('seq', 'desc')
    .limit(10_000)
    .execute();
  const works = await db
    .selectFrom('works')
    .select(['id', 'title', 'status', 'createdAt'])
    .where('createdBy', '=', actor.userId)
    .orderBy('createdAt', 'desc')
    .execute();
  const uploads = await db
    .selectFrom('media')
    .select(['id', 'name', 'kind', 'size', 'createdAt'])
    .where('uploadedBy', '=', actor.userId)
    .orderBy('createdAt', 'desc')
    .execute();
  const expert = await db
    .selectFrom('expertProfiles')
    .selectAll()
    .where('userId', '=', actor.userId)
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
    .where('expertTies.userId', '=', actor.userId)
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
    .where('reviewItems.submittedBy', '=', actor.userId)
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
    .where('reviewObjections.submittedBy', '=', actor.userId)
    .orderBy('reviewObjections.createdAt', 'desc')
    .execute();
  const consents = await privacy.consentsOf(db, actor.userId);
  return {
    exportedAt: nowIso(),
    profile,
    grants: grants.map((g) => ({ ...g, role: g.role as Me['grants'][number]['role'] })),
    sessions,
    activity,
    works,
    uploads: uploads.map((u) => ({ ...u, size: Number(u.size) })),
    expertProfile: expert
      ? {
          title: expert.title,
          sectors: JSON.parse(expert.sectors) as string[],
          topics: JSON.parse(expert.topics) as string[],
          updatedAt: expert.updatedAt,
          ties,
        }
      : null,
    applications: applications.map(({ data, ...a }) => ({
      ...a,
      form: JSON.parse(data) as Record<string, unknown>,
    })),
    objections,
    consents,
  };
}

/**
 * Deletes the caller's account: personal fields are erased, roles and sessions removed; the audit
 * trail keeps the bare user id (the law requires the trail; it holds no personal data itself).
 */
export async function deleteMe(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  password: string,
): Promise<void> {
  await recheckPassword(db, actor.userId, password);
  await db.transaction().execute(async (tx) => {
    if (isPlatformAdmin(actor)) await users.assertNotLastPlatformAdmin(tx, ctx.dialect);
    const at = nowIso();
    await tx
      .updateTable('users')
      .set({
        username: `deleted-${actor.userId}`,
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
        updatedAt: at,
      })
      .where('id', '=', actor.userId)
      .execute();
    await tx.deleteFrom('roleGrants').where('userId', '=', actor.userId).execute();
    await tx.deleteFrom('sessions').where('userId', '=', actor.userId).execute();
    await tx.deleteFrom('recoveryCodes').where('userId', '=', actor.userId).execute();
    await tx.deleteFrom('passwordResets').where('userId', '=', actor.userId).execute();
    await tx.deleteFrom('invitations').where('userId', '=', actor.userId).execute();
    await tx.deleteFrom('expertTies').where('userId', '=', actor.userId).execute();
    await tx.deleteFrom('expertProfiles').where('userId', '=', actor.userId).execute();
    await tx
      .updateTable('reviewObjections')
      .set({ submittedBy: null })
      .where('submittedBy', '=', actor.userId)
      .execute();
    await forgetNotifications(tx, actor.userId);
    await recordAudit(tx, ctx, {
      action: 'account.delete',
      entityType: 'user',
      entityId: actor.userId,
    });
    await erasePersonalAuditData(tx, actor.userId);
  });
}

async function platformAdminExists(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('roleGrants')
    .select('id')
    .where('role', '=', 'PLATFORM_ADMIN')
    .executeTakeFirst();
  return !!row;
}

export async function setupNeeded(db: Db): Promise<boolean> {
  return !(await platformAdminExists(db));
}

/** On an empty platform: a fresh one-time setup token (its hash is stored); null when set up. */
export async function issueSetupToken(db: Db): Promise<string | null> {
  if (await platformAdminExists(db)) return null;
  const token = newToken(24);
  const at = nowIso();
  const value = sha256(token);
  await db
    .insertInto('settings')
    .values({ key: SETUP_TOKEN_KEY, value, updatedAt: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: at }))
    .execute();
  return token;
}

/** Creates the first platform administrator with the one-time token, and signs them in. */
export async function completeSetup(
  db: Db,
  config: Config,
  ctx: RequestContext,
  client: Client,
  input: z.infer<typeof SetupSchema>,
) {
  users.assertPasswordAcceptable(input.password, config.securityProfile, input.username);
  const attempt = await reserveAttempt(db, [
    { key: `token:${client.ip}`, limit: LIMITS.tokenGuess },
  ]);
  const session = await db.transaction().execute(async (tx) => {
    await lockChain(tx, ctx.dialect, 'platform_admins');
    if (
      await tx
        .selectFrom('roleGrants')
        .select('id')
        .where('role', '=', 'PLATFORM_ADMIN')
        .executeTakeFirst()
    )
      throw new AppError('SETUP_DONE');
    const stored = await tx
      .selectFrom('settings')
      .select('value')
      .where('key', '=', SETUP_TOKEN_KEY)
      .executeTakeFirst();
    if (!stored || stored.value !== sha256(input.token)) return null;
    const user = await users.insertNewUser(tx, input);
    await users.grantRole(tx, user.id, 'PLATFORM_ADMIN', null, null);
    await tx.deleteFrom('settings').where('key', '=', SETUP_TOKEN_KEY).execute();
    await tx
      .updateTable('users')
      .set({ lastLoginAt: nowIso() })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(
      tx,
      { ...ctx, actorId: user.id },
      {
        action: 'platform.setup',
        entityType: 'user',
        entityId: user.id,
        detail: { username: user.username },
      },
    );
    return createSession(tx, config, {
      userId: user.id,
      mfaPassed: false,
      ip: client.ip,
      userAgent: client.userAgent,
    });
  });
  if (!session) {
    await attempt.fail();
    throw new AppError('SETUP_TOKEN_INVALID');
  }
  await attempt.succeed();
  return session;
}

/** CLI: `kepu admin create` — a platform administrator without the setup link. */
export async function createPlatformAdmin(
  db: Db,
  dialect: DialectName,
  config: Config,
  input: { username: string; password: string; displayName?: string },
) {
  users.assertPasswordAcceptable(input.password, config.securityProfile, input.username);
  return db.transaction().execute(async (tx) => {
    const user = await users.insertNewUser(tx, {
      ...input,
      displayName: input.displayName ?? input.username,
    });
    await users.grantRole(tx, user.id, 'PLATFORM_ADMIN', null, null);
    await recordAudit(
      tx,
      { actorId: null, ip: null, dialect },
      {
        action: 'admin.createByCli',
        entityType: 'user',
        entityId: user.id,
        detail: { username: user.username },
      },
    );
    return user;
  });
}

/**
 * 忘记密码 without e-mail: who can help. The answer names the person's units and their nearest
 * administrators (names only, no contact data) and the platform's help contact; an unknown
 * username gets the help contact alone. Look-ups are limited per address.
 */
export async function accountHelp(
  db: Db,
  client: Client,
  input: z.infer<typeof AccountHelpSchema>,
) {
  await reserveAttempt(db, [{ key: `help:${client.ip}`, limit: LIMITS.tokenGuess }]);
  const { accountHelpContact } = await privacy.privacySettings(db);
  const user = await repo.findUserByUsername(db, input.username);
  const units = user && user.status !== 'DELETED' ? await repo.unitsAndAdminsOf(db, user.id) : [];
  return { units, helpContact: accountHelpContact || null, emailAvailable: false };
}

/** Whose password a reset link sets (the page shows the name), without using the link. */
export async function peekPasswordReset(db: Db, client: Client, token: string) {
  const attempt = await reserveAttempt(db, [
    { key: `token:${client.ip}`, limit: LIMITS.tokenGuess },
  ]);
  const row = await repo.peekPasswordReset(db, sha256(token));
  if (!row) {
    await attempt.fail();
    throw new AppError('RESET_TOKEN_INVALID');
  }
  await attempt.release();
  return row;
}

/** Sets a new password with a one-time link an administrator issued; ends every session. */
export async function resetPassword(
  db: Db,
  config: Config,
  ctx: RequestContext,
  client: Client,
  input: z.infer<typeof ResetPasswordSchema>,
) {
  const attempt = await reserveAttempt(db, [
    { key: `token:${client.ip}`, limit: LIMITS.tokenGuess },
  ]);
  const peek = await repo.peekPasswordReset(db, sha256(input.token));
  if (!peek) {
    await attempt.fail();
    throw new AppError('RESET_TOKEN_INVALID');
  }
  users.assertPasswordAcceptable(input.newPassword, config.securityProfile, peek.username);
  const passwordHash = await hashPassword(input.newPassword);
  const userId = await db.transaction().execute(async (tx) => {
    const id = await repo.consumePasswordReset(tx, sha256(input.token));
    if (!id) return null;
    const at = nowIso();
    await tx
      .updateTable('users')
      .set({ passwordHash, passwordChangedAt: at, mustChangePassword: 0, updatedAt: at })
      .where('id', '=', id)
      .execute();
    await repo.endPasswordResets(tx, id);
    await deleteOtherSessions(tx, id, null);
    await recordAudit(
      tx,
      { ...ctx, actorId: id },
      { action: 'account.passwordReset', entityType: 'user', entityId: id },
    );
    return id;
  });
  if (!userId) {
    await attempt.fail();
    throw new AppError('RESET_TOKEN_INVALID');
  }
  await attempt.succeed();
  // A locked-out person can sign in again with the new password.
  await db.deleteFrom('loginThrottles').where('key', '=', accountKey(peek.username)).execute();
  return { username: peek.username };
}
