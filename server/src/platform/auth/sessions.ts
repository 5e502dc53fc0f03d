import type { Config } from '../config.ts';
import type { Executor } from '../db/connect.ts';
import { newToken, nowIso, sha256 } from '../ids.ts';
import type { Actor, Grant, Role } from '../policy.ts';

export interface SessionInfo {
  idHash: string;
  userId: string;
  csrfToken: string;
  mfaPassed: boolean;
  createdAt: string;
  expiresAt: string;
}

export interface LoadedSession {
  session: SessionInfo;
  actor: Actor;
  /** The user must enrol TOTP before anything else (platform admins). */
  mfaEnrolmentRequired: boolean;
  passwordChangedAt: string;
  /** Signed in with a temporary password an administrator set: change it first. */
  mustChangePassword: boolean;
}

export function sessionCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-kepu_sid' : 'kepu_sid';
}

/** Only write last_seen_at once a minute: reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

/** Creates a session with a fresh 256-bit id (rotation at login: the old one is deleted by the caller). */
export async function createSession(
  db: Executor,
  config: Pick<Config, 'sessionAbsoluteMs'>,
  input: { userId: string; mfaPassed: boolean; ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
  const token = newToken(32);
  const csrfToken = newToken(24);
  const now = Date.now();
  const expiresAt = nowIso(now + config.sessionAbsoluteMs);
  await db
    .insertInto('sessions')
    .values({
      idHash: sha256(token),
      userId: input.userId,
      csrfToken,
      mfaPassed: input.mfaPassed ? 1 : 0,
      createdAt: nowIso(now),
      lastSeenAt: nowIso(now),
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function loadGrants(db: Executor, userId: string): Promise<Grant[]> {
  const rows = await db
    .selectFrom('roleGrants')
    .leftJoin('organisations', 'organisations.id', 'roleGrants.organisationId')
    .select([
      'roleGrants.id',
      'roleGrants.role',
      'roleGrants.organisationId',
      'organisations.path as orgPath',
    ])
    .where('roleGrants.userId', '=', userId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role as Role,
    organisationId: r.organisationId,
    orgPath: r.orgPath,
  }));
}

/** Resolves a cookie token to a live session and its actor; expired sessions are removed. */
export async function loadSession(
  db: Executor,
  config: Pick<Config, 'sessionIdleMs'>,
  token: string,
): Promise<LoadedSession | null> {
  const idHash = sha256(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.idHash',
      'sessions.userId',
      'sessions.csrfToken',
      'sessions.mfaPassed',
      'sessions.createdAt',
      'sessions.lastSeenAt',
      'sessions.expiresAt',
      'users.username',
      'users.status',
      'users.totpEnabledAt',
      'users.passwordChangedAt',
      'users.mustChangePassword',
    ])
    .where('sessions.idHash', '=', idHash)
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  const idleExpired = Date.parse(row.lastSeenAt) + config.sessionIdleMs < now;
  if (idleExpired || Date.parse(row.expiresAt) < now || row.status !== 'ACTIVE') {
    await db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
    return null;
  }
  if (now - Date.parse(row.lastSeenAt) > TOUCH_INTERVAL_MS) {
    await db
      .updateTable('sessions')
      .set({ lastSeenAt: nowIso(now) })
      .where('idHash', '=', idHash)
      .execute();
  }
  const grants = await loadGrants(db, row.userId);
  const isAdmin = grants.some((g) => g.role === 'PLATFORM_ADMIN');
  return {
    session: {
      idHash,
      userId: row.userId,
      csrfToken: row.csrfToken,
      mfaPassed: row.mfaPassed === 1,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
    },
    actor: { userId: row.userId, username: row.username, grants, mfaPassed: row.mfaPassed === 1 },
    mfaEnrolmentRequired: isAdmin && !row.totpEnabledAt,
    passwordChangedAt: row.passwordChangedAt,
    mustChangePassword: row.mustChangePassword === 1,
  };
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
}

/** "Log out my other sessions": returns how many were ended. */
export async function deleteOtherSessions(
  db: Executor,
  userId: string,
  keepIdHash: string | null,
): Promise<number> {
  const res = await db
    .deleteFrom('sessions')
    .where('userId', '=', userId)
    .$if(keepIdHash !== null, (q) => q.where('idHash', '!=', keepIdHash!))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
