import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
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
  clearKey,
  ipKey,
  LIMITS,
  reserveAttempt,
} from '#platform/auth/throttle.ts';
import { matchTotpStep } from '#platform/auth/totp.ts';
import type { Config } from '#platform/config.ts';
import { type Db, type DialectName, lockChain } from '#platform/db/connect.ts';
import { AppError } from '#platform/errors.ts';
import { newToken, sha256 } from '#platform/ids.ts';
import { isPlatformAdmin } from '#platform/policy.ts';
import * as privacy from '../privacy/service.ts';
import * as usersRepo from '../users/repo.ts';
import * as users from '../users/service.ts';
import { hashRecoveryCode } from './my-account.ts';
import * as repo from './repo.ts';
import { queueResetMail } from './reset-mail.ts';
import type {
  AccountHelpSchema,
  LoginSchema,
  Me,
  RegisterSchema,
  ResetPasswordSchema,
  SetupSchema,
} from './schema.ts';

/**
 * Getting in: who I am, registration, login with the second factor, logout, the first setup, and
 * getting back in (who can help, one-time reset links).
 */

/** At 18 a person is an adult; under the configured age (14, or 18) a guardian must consent. */
const ADULT_AGE = 18;

export interface IssuedSession {
  token: string;
  expiresAt: string;
}

export interface Client {
  ip: string;
  userAgent: string | null;
}

export async function buildMe(db: Db, config: Config, auth: LoadedSession): Promise<Me> {
  const user = await repo.getUser(db, auth.actor.userId);
  const grants = await usersRepo.grantsOf(db, [user.id]);
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
    grants: grants.map(users.presentGrant),
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
    await repo.markSignedIn(tx, user.id);
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
 * Registration asks, as the person types, whether a username is free: only yes or no (a deleted
 * account's name stays taken). Each question counts against the address, so a burst from one
 * address cannot walk a list of names.
 */
export async function usernameAvailable(db: Db, client: Client, username: string) {
  await reserveAttempt(db, [{ key: `username-check:${client.ip}`, limit: LIMITS.usernameCheck }]);
  const taken = await usersRepo.findUserByUsername(db, username);
  return { username: username.toLowerCase(), available: !taken };
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
    await repo.markSignedIn(tx, user.id);
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

export async function setupNeeded(db: Db): Promise<boolean> {
  return !(await repo.platformAdminExists(db));
}

/** On an empty platform: a fresh one-time setup token (its hash is stored); null when set up. */
export async function issueSetupToken(db: Db): Promise<string | null> {
  if (await repo.platformAdminExists(db)) return null;
  const token = newToken(24);
  await repo.saveSetupTokenHash(db, sha256(token));
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
    if (await repo.platformAdminExists(tx)) throw new AppError('SETUP_DONE');
    const stored = await repo.findSetupTokenHash(tx);
    if (!stored || stored !== sha256(input.token)) return null;
    const user = await users.insertNewUser(tx, input);
    await users.grantRole(tx, user.id, 'PLATFORM_ADMIN', null, null);
    await repo.deleteSetupToken(tx);
    await repo.markSignedIn(tx, user.id);
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
  return attempt.expect(session, 'SETUP_TOKEN_INVALID');
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

// ── Getting back in: who can help, and one-time reset links ───────────────────────────────

/**
 * 忘记密码: who can help, and (when the platform sends mail) a reset link to the account's address. The answer names the person's units and their nearest
 * administrators (names only, no contact data) and the platform's help contact; an unknown
 * username gets the help contact alone. Look-ups are limited per address.
 */
export async function accountHelp(
  db: Db,
  config: Config,
  client: Client,
  input: z.infer<typeof AccountHelpSchema>,
) {
  await reserveAttempt(db, [{ key: `help:${client.ip}`, limit: LIMITS.tokenGuess }]);
  const { accountHelpContact } = await privacy.privacySettings(db);
  const user = await repo.findUserByUsername(db, input.username);
  const units = user && user.status !== 'DELETED' ? await repo.unitsAndAdminsOf(db, user.id) : [];
  const emailAvailable = config.smtpUrl !== null;
  // The same answer whether or not the account has an address: the page says "if it has one".
  if (emailAvailable && user) await queueResetMail(db, user);
  return { units, helpContact: accountHelpContact || null, emailAvailable };
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
    await repo.setPassword(tx, id, passwordHash);
    await repo.endPasswordResets(tx, id);
    await deleteOtherSessions(tx, id, null);
    await recordAudit(
      tx,
      { ...ctx, actorId: id },
      { action: 'account.passwordReset', entityType: 'user', entityId: id },
    );
    return id;
  });
  await attempt.expect(userId, 'RESET_TOKEN_INVALID');
  // A locked-out person can sign in again with the new password.
  await clearKey(db, accountKey(peek.username));
  return { username: peek.username };
}
