import type { z } from 'zod';
import { erasePersonalAuditData, type RequestContext, recordAudit } from '#platform/audit.ts';
import { hashPassword, verifyPassword } from '#platform/auth/passwords.ts';
import { deleteOtherSessions, type LoadedSession } from '#platform/auth/sessions.ts';
import { LIMITS, reserveAttempt } from '#platform/auth/throttle.ts';
import type { Config } from '#platform/config.ts';
import type { Db } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { nowIso } from '#platform/ids.ts';
import { type Actor, isPlatformAdmin } from '#platform/policy.ts';
import * as privacy from '../privacy/service.ts';
import * as users from '../users/service.ts';
import * as repo from './repo.ts';
import type { ChangePasswordSchema, Me, UpdateMeSchema } from './schema.ts';

/** The signed-in person's own account: profile, password, their data's export, deletion. */

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
export async function exportMyData(db: Db, actor: Actor) {
  const { user, grants, expert, ties, uploads, applications, ...rest } = await repo.personalDataOf(
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
    grants: grants.map((g) => ({ ...g, role: g.role as Me['grants'][number]['role'] })),
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
    await repo.erasePerson(tx, actor.userId);
    await recordAudit(tx, ctx, {
      action: 'account.delete',
      entityType: 'user',
      entityId: actor.userId,
    });
    await erasePersonalAuditData(tx, actor.userId);
  });
}
