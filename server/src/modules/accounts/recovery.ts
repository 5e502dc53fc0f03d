import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { hashPassword } from '#platform/auth/passwords.ts';
import { deleteOtherSessions } from '#platform/auth/sessions.ts';
import { accountKey, clearKey, LIMITS, reserveAttempt } from '#platform/auth/throttle.ts';
import type { Config } from '#platform/config.ts';
import type { Db } from '#platform/db/connect.ts';
import { AppError } from '#platform/errors.ts';
import { sha256 } from '#platform/ids.ts';
import * as privacy from '../privacy/service.ts';
import * as users from '../users/service.ts';
import * as repo from './repo.ts';
import type { AccountHelpSchema, ResetPasswordSchema } from './schema.ts';
import type { Client } from './service.ts';

/** Getting back in: who can help, and setting a password with a one-time reset link. */

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
  if (!userId) {
    await attempt.fail();
    throw new AppError('RESET_TOKEN_INVALID');
  }
  await attempt.succeed();
  // A locked-out person can sign in again with the new password.
  await clearKey(db, accountKey(peek.username));
  return { username: peek.username };
}
