import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { createSession, deleteSession, loadGrants } from '#platform/auth/sessions.ts';
import { LIMITS, reserveAttempt } from '#platform/auth/throttle.ts';
import type { Config } from '#platform/config.ts';
import type { Db } from '#platform/db/connect.ts';
import { newToken, nowIso, sha256 } from '#platform/ids.ts';
import * as repo from './repo.ts';

/** How long a demo sign-in link lives. */
export const SIGN_IN_LINK_MS = 60 * 60 * 1000;
const DEMO = 'DEMO';

export interface DemoLogin {
  role: string;
  username: string;
  displayName: string;
  unitName: string | null;
  url: string;
  expiresAt: string;
}

export class NoDemoWorldError extends Error {}

/**
 * One-time sign-in links for the demo's person in each role (`kepu demo logins`), valid for an
 * hour; a new run ends the earlier links. Refused on a database the demo did not seed: this is
 * never a way into real accounts. The token travels in the URL fragment, never to a server log.
 */
export async function issueDemoLogins(
  db: Db,
  ctx: RequestContext,
  publicUrl: string,
  now = Date.now(),
): Promise<DemoLogin[]> {
  const world = await repo.findDemoWorld(db);
  if (!world) throw new NoDemoWorldError();
  const roles = JSON.parse(world.people) as Record<string, string>;
  const expiresAt = nowIso(now + SIGN_IN_LINK_MS);
  const out: DemoLogin[] = [];
  await db.transaction().execute(async (tx) => {
    for (const [role, userId] of Object.entries(roles)) {
      const person = await repo.personWithUnit(tx, userId);
      if (!person || person.status !== 'ACTIVE') continue;
      const token = newToken(32);
      await repo.endSignInLinks(tx, userId, DEMO);
      await repo.insertSignInLink(tx, {
        tokenHash: sha256(token),
        userId,
        purpose: DEMO,
        createdAt: nowIso(now),
        expiresAt,
        usedAt: null,
      });
      await recordAudit(tx, ctx, {
        action: 'account.signInLinkIssued',
        entityType: 'user',
        entityId: userId,
        detail: { expiresAt, purpose: DEMO },
      });
      out.push({
        role,
        username: person.username,
        displayName: person.displayName,
        unitName: person.unitName,
        url: `${publicUrl}/sign-in-link#${token}`,
        expiresAt,
      });
    }
  });
  return out;
}

/**
 * Signs in with a one-time link: used at once (a second use, even in parallel, fails), then a
 * session as a password sign-in would give. Guesses count against the address like reset links.
 */
export async function signInWithLink(
  db: Db,
  config: Config,
  ctx: RequestContext,
  client: { ip: string | null; userAgent: string | null },
  token: string,
  previousSessionIdHash: string | null,
) {
  const attempt = await reserveAttempt(db, [
    { key: `token:${client.ip}`, limit: LIMITS.tokenGuess },
  ]);
  const session = await db.transaction().execute(async (tx) => {
    const userId = await repo.consumeSignInLink(tx, sha256(token));
    if (!userId) return null;
    const user = await repo.personWithUnit(tx, userId);
    if (!user || user.status !== 'ACTIVE') return null;
    if (previousSessionIdHash) await deleteSession(tx, previousSessionIdHash);
    const grants = await loadGrants(tx, userId);
    await repo.markSignedIn(tx, userId);
    await recordAudit(
      tx,
      { ...ctx, actorId: userId },
      { action: 'account.signInLink', entityType: 'user', entityId: userId },
    );
    return createSession(tx, config, {
      userId,
      // A platform administrator still enrols a second factor; nobody else needs one here.
      mfaPassed: !grants.some((g) => g.role === 'PLATFORM_ADMIN'),
      ip: client.ip,
      userAgent: client.userAgent,
    });
  });
  return attempt.expect(session, 'SIGN_IN_LINK_INVALID');
}
