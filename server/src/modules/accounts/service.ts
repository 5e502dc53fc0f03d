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
  accountKey,
  assertLoginAllowed,
  clearAccountFailures,
  ipKey,
  recordLoginFailure,
} from '#platform/auth/throttle.ts';
import { newTotpSecret, otpauthUrl, verifyTotp } from '#platform/auth/totp.ts';
import type { Config } from '#platform/config.ts';
import type { Db, DialectName } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { newToken, nowIso, sha256 } from '#platform/ids.ts';
import { type Actor, isPlatformAdmin } from '#platform/policy.ts';
import * as users from '../users/service.ts';
import type {
  ChangePasswordSchema,
  LoginSchema,
  Me,
  RegisterSchema,
  SetupSchema,
  UpdateMeSchema,
} from './schema.ts';

/** Under this age a guardian must consent before we keep a person's data. */
const ADULT_AGE = 18;
const SETUP_TOKEN_KEY = 'setup.tokenHash';

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
    config.securityProfile === 'dengbao' &&
    Date.parse(user.passwordChangedAt) + DENGBAO_ROTATION_DAYS * 86_400_000 < Date.now();
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
    },
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
  const age = input.birthYear === undefined ? null : new Date().getUTCFullYear() - input.birthYear;
  if (age !== null && age < ADULT_AGE && !input.guardian)
    throw new AppError('GUARDIAN_CONSENT_REQUIRED');
  users.assertPasswordAcceptable(input.password, config.securityProfile, input.username);
  return db.transaction().execute(async (tx) => {
    const user = await users.insertNewUser(tx, {
      ...input,
      guardian: age !== null && age < ADULT_AGE ? input.guardian : null,
    });
    await recordAudit(
      tx,
      { ...ctx, actorId: user.id },
      {
        action: 'account.register',
        entityType: 'user',
        entityId: user.id,
        detail: { username: user.username, guardianConsent: user.guardianConsentAt !== null },
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
  const keys = { account: accountKey(input.username), ip: ipKey(client.ip) };
  await assertLoginAllowed(db, config.securityProfile, keys);
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', input.username.toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(
    user?.passwordHash ?? (await dummyPasswordHash()),
    input.password,
  );
  if (!user || !ok || user.status !== 'ACTIVE') {
    await recordLoginFailure(db, config.securityProfile, keys);
    await db.transaction().execute((tx) =>
      recordAudit(tx, ctx, {
        action: 'account.loginFailed',
        entityType: 'user',
        entityId: user?.id ?? null,
        detail: { username: input.username.slice(0, 64) },
      }),
    );
    await assertLoginAllowed(db, config.securityProfile, keys);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.totpEnabledAt && user.totpSecret) {
    if (!input.totpCode) throw new AppError('MFA_REQUIRED');
    if (!verifyTotp(user.totpSecret, input.totpCode)) {
      await recordLoginFailure(db, config.securityProfile, keys);
      throw new AppError('INVALID_TOTP');
    }
  }
  await clearAccountFailures(db, keys.account);
  return db.transaction().execute(async (tx) => {
    // Rotation: whatever session the browser had before is ended; the new id is fresh.
    if (previousSessionIdHash) await deleteSession(tx, previousSessionIdHash);
    const grants = await loadGrants(tx, user.id);
    const mfaPassed =
      user.totpEnabledAt !== null || !grants.some((g) => g.role === 'PLATFORM_ADMIN');
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

/** Starts TOTP enrolment: a new secret, not active until confirmed with a code. */
export async function startTotp(db: Db, actor: Actor) {
  const user = await db
    .selectFrom('users')
    .select(['username', 'totpEnabledAt'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (user.totpEnabledAt)
    throw ruleError('STATE_CONFLICT', '已绑定动态口令', 'TOTP is already set up');
  const secret = newTotpSecret();
  await db
    .updateTable('users')
    .set({ totpSecret: secret, updatedAt: nowIso() })
    .where('id', '=', actor.userId)
    .execute();
  return { secret, otpauthUrl: otpauthUrl(secret, user.username) };
}

export async function confirmTotp(
  db: Db,
  ctx: RequestContext,
  auth: LoadedSession,
  code: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['totpSecret', 'totpEnabledAt'])
      .where('id', '=', auth.actor.userId)
      .executeTakeFirstOrThrow();
    if (user.totpEnabledAt)
      throw ruleError('STATE_CONFLICT', '已绑定动态口令', 'TOTP is already set up');
    if (!user.totpSecret)
      throw ruleError('STATE_CONFLICT', '请先生成动态口令密钥', 'Start the TOTP setup first');
    if (!verifyTotp(user.totpSecret, code)) throw new AppError('INVALID_TOTP');
    await tx
      .updateTable('users')
      .set({ totpEnabledAt: nowIso(), updatedAt: nowIso() })
      .where('id', '=', auth.actor.userId)
      .execute();
    await tx
      .updateTable('sessions')
      .set({ mfaPassed: 1 })
      .where('idHash', '=', auth.session.idHash)
      .execute();
    await recordAudit(tx, ctx, {
      action: 'account.totpEnabled',
      entityType: 'user',
      entityId: auth.actor.userId,
    });
  });
}

export async function changePassword(
  db: Db,
  config: Config,
  ctx: RequestContext,
  auth: LoadedSession,
  input: z.infer<typeof ChangePasswordSchema>,
) {
  const user = await db
    .selectFrom('users')
    .select(['username', 'passwordHash'])
    .where('id', '=', auth.actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw new AppError('INVALID_CREDENTIALS');
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
      .set({ passwordHash, passwordChangedAt: at, updatedAt: at })
      .where('id', '=', auth.actor.userId)
      .execute();
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
  const { passwordHash: _p, totpSecret: _t, ...profile } = user;
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
  return {
    exportedAt: nowIso(),
    profile,
    grants: grants.map((g) => ({ ...g, role: g.role as Me['grants'][number]['role'] })),
    sessions,
    activity,
    works,
    uploads: uploads.map((u) => ({ ...u, size: Number(u.size) })),
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
  const user = await db
    .selectFrom('users')
    .select(['passwordHash'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password)))
    throw new AppError('INVALID_CREDENTIALS');
  await db.transaction().execute(async (tx) => {
    if (isPlatformAdmin(actor)) {
      const admins = await tx
        .selectFrom('roleGrants')
        .innerJoin('users', 'users.id', 'roleGrants.userId')
        .select('users.id')
        .where('roleGrants.role', '=', 'PLATFORM_ADMIN')
        .where('users.status', '=', 'ACTIVE')
        .execute();
      if (new Set(admins.map((a) => a.id)).size <= 1)
        throw ruleError(
          'STATE_CONFLICT',
          '您是唯一的平台管理员，请先指定另一位平台管理员',
          'You are the only platform administrator; appoint another first',
        );
    }
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
        status: 'DELETED',
        updatedAt: at,
      })
      .where('id', '=', actor.userId)
      .execute();
    await tx.deleteFrom('roleGrants').where('userId', '=', actor.userId).execute();
    await tx.deleteFrom('sessions').where('userId', '=', actor.userId).execute();
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
  return db.transaction().execute(async (tx) => {
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
    if (!stored || stored.value !== sha256(input.token)) throw new AppError('SETUP_TOKEN_INVALID');
    const user = await users.insertNewUser(tx, input);
    await users.grantRole(tx, user.id, 'PLATFORM_ADMIN', null, null);
    await tx.deleteFrom('settings').where('key', '=', SETUP_TOKEN_KEY).execute();
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
