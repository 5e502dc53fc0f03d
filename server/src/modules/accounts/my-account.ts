import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { erasePersonalAuditData, type RequestContext, recordAudit } from '#platform/audit.ts';
import { hashPassword, verifyPassword } from '#platform/auth/passwords.ts';
import { deleteOtherSessions, type LoadedSession } from '#platform/auth/sessions.ts';
import { LIMITS, reserveAttempt } from '#platform/auth/throttle.ts';
import { base32Encode, matchTotpStep, newTotpSecret, otpauthUrl } from '#platform/auth/totp.ts';
import type { Config } from '#platform/config.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { nowIso, sha256 } from '#platform/ids.ts';
import { forgetPerson as forgetNotifications } from '#platform/notify/repo.ts';
import { erasePersonalData, exportPersonalData } from '#platform/personal-data.ts';
import { type Actor, isPlatformAdmin } from '#platform/policy.ts';
import * as privacy from '../privacy/service.ts';
import * as usersRepo from '../users/repo.ts';
import * as users from '../users/service.ts';
import * as repo from './repo.ts';
import type { ChangePasswordSchema, UpdateMeSchema } from './schema.ts';

/**
 * The signed-in person's own account: profile, password, TOTP and recovery codes, their data's
 * export, deletion.
 */

// ── Profile, password, the data export and deletion ───────────────────────────────────────

/** Checks a signed-in person's password again (throttled: five tries in 15 minutes). */
async function recheckPassword(db: Db, userId: string, password: string) {
  const attempt = await reserveAttempt(db, [
    { key: `recheck:${userId}`, limit: LIMITS.passwordRecheck },
  ]);
  const user = await repo.findUser(db, userId);
  const ok = !!user?.passwordHash && (await verifyPassword(user.passwordHash, password));
  return attempt.expect(ok && user, 'INVALID_CREDENTIALS');
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
    await repo.setPassword(tx, auth.actor.userId, passwordHash);
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
    await repo.updateProfile(tx, actor.userId, patch);
    await recordAudit(tx, ctx, {
      action: 'account.update',
      entityType: 'user',
      entityId: actor.userId,
      detail: { fields: Object.keys(patch) },
    });
  });
}

/** Everything Kepu keeps about the caller, as one JSON document (个人信息可携带). */
export async function exportMyData(db: Db, actor: Actor, locale: Locale = 'zh-CN') {
  const grants = await usersRepo.grantsOf(db, [actor.userId]);
  const { user, expert, ties, uploads, applications, ...rest } = await repo.personalDataOf(
    db,
    actor.userId,
  );
  const {
    passwordHash: _p,
    totpSecret: _t,
    totpPendingSecret: _s,
    totpLastStep: _l,
    ...profile
  } = user;
  const consents = await privacy.consentsOf(db, actor.userId);
  return {
    exportedAt: nowIso(),
    profile,
    grants: grants.map(users.presentGrant),
    sessions: rest.sessions,
    activity: rest.activity,
    works: rest.works,
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
    objections: rest.objections,
    joinRequests: rest.joinRequests,
    consents,
    sections: await exportPersonalData(db, actor.userId, locale),
  };
}

/**
 * Deletes the caller's account: every module's personal data erased or anonymised
 * (`definePersonalData`), personal fields erased, roles and sessions removed; the audit
 * trail keeps the bare user id (the law requires the trail; it holds no personal data itself).
 */
export async function deleteMe(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  password: string,
  nowMs = Date.now(),
): Promise<void> {
  await recheckPassword(db, actor.userId, password);
  await db.transaction().execute(async (tx) => {
    if (isPlatformAdmin(actor)) await users.assertNotLastPlatformAdmin(tx, ctx.dialect);
    // The modules' data first (activities, squads …): what they tell others goes out while the
    // account is still there to be named by nobody.
    await erasePersonalData(tx, actor.userId, { ctx, nowMs, db });
    await repo.erasePerson(tx, actor.userId);
    await forgetNotifications(tx, actor.userId);
    await recordAudit(tx, ctx, {
      action: 'account.delete',
      entityType: 'user',
      entityId: actor.userId,
    });
    await erasePersonalAuditData(tx, actor.userId);
  });
}

// ── TOTP enrolment (RFC 6238) and recovery codes ──────────────────────────────────────────

/** A TOTP enrolment not confirmed within this time starts again with a new secret. */
const TOTP_PENDING_MS = 30 * 60_000;
const RECOVERY_CODES = 10;

/** Recovery codes: 10 random base32 characters shown as xxxxx-xxxxx; stored as sha256. */
function newRecoveryCode(): string {
  const raw = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

export function hashRecoveryCode(code: string): string {
  return sha256(`kepu-recovery:${code.replace(/[\s-]/g, '').toLowerCase()}`);
}

async function issueRecoveryCodes(tx: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await repo.replaceRecoveryCodes(tx, userId, codes.map(hashRecoveryCode));
  return codes;
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
    await repo.setPendingTotp(db, actor.userId, secret, startedAt);
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
    await repo.enableTotp(tx, userId, user.totpPendingSecret, step);
    await repo.markSessionMfaPassed(tx, auth.session.idHash);
    const recovery = await issueRecoveryCodes(tx, userId);
    await recordAudit(tx, ctx, {
      action: 'account.totpEnabled',
      entityType: 'user',
      entityId: userId,
    });
    return recovery;
  });
  return codes.expect(result, 'INVALID_TOTP');
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
  await codes.expect(
    step !== null && (await repo.acceptTotpStep(db, user.id, step)),
    'INVALID_TOTP',
  );
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
