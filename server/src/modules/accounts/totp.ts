import { randomBytes } from 'node:crypto';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { LoadedSession } from '#platform/auth/sessions.ts';
import { LIMITS, reserveAttempt } from '#platform/auth/throttle.ts';
import { base32Encode, matchTotpStep, newTotpSecret, otpauthUrl } from '#platform/auth/totp.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { nowIso, sha256 } from '#platform/ids.ts';
import type { Actor } from '#platform/policy.ts';
import * as repo from './repo.ts';

/** TOTP enrolment (RFC 6238) and the one-time recovery codes that stand in for a code. */

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
