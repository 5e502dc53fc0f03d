import type { SecurityProfile } from '../config.ts';
import type { Executor } from '../db/connect.ts';
import { AppError } from '../errors.ts';
import { nowIso } from '../ids.ts';

const WINDOW_MS = 15 * 60_000;
/** Standard profile: refuse further tries for the rest of the window after this many failures. */
const ACCOUNT_MAX_STANDARD = 10;
/** 等保 profile: lock the account after 5 failures for 15 minutes. */
const ACCOUNT_MAX_DENGBAO = 5;
const LOCK_MS = 15 * 60_000;
/** Per address: many accounts tried from one place (credential stuffing). */
const IP_MAX = 50;

export const accountKey = (username: string) => `acct:${username.toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

function minutesUntil(iso: string): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - Date.now()) / 60_000));
}

/** Refuses a login attempt while the account or the address is throttled or locked. */
export async function assertLoginAllowed(
  db: Executor,
  profile: SecurityProfile,
  keys: { account: string; ip: string },
) {
  const rows = await db
    .selectFrom('loginThrottles')
    .selectAll()
    .where('key', 'in', [keys.account, keys.ip])
    .execute();
  const now = Date.now();
  for (const r of rows) {
    if (r.lockedUntil && Date.parse(r.lockedUntil) > now) {
      if (profile === 'dengbao' && r.key === keys.account)
        throw new AppError('ACCOUNT_LOCKED', {
          max: ACCOUNT_MAX_DENGBAO,
          minutes: minutesUntil(r.lockedUntil),
        });
      throw new AppError('LOGIN_THROTTLED', { minutes: minutesUntil(r.lockedUntil) });
    }
  }
}

/** Counts a failure against both keys; sets the lock when a threshold is reached. */
export async function recordLoginFailure(
  db: Executor,
  profile: SecurityProfile,
  keys: { account: string; ip: string },
) {
  const now = Date.now();
  for (const key of [keys.account, keys.ip]) {
    const max =
      key === keys.account
        ? profile === 'dengbao'
          ? ACCOUNT_MAX_DENGBAO
          : ACCOUNT_MAX_STANDARD
        : IP_MAX;
    const row = await db
      .selectFrom('loginThrottles')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    const fresh = !row || Date.parse(row.windowStart) + WINDOW_MS < now;
    const windowStart = fresh ? nowIso(now) : row.windowStart;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil =
      failures >= max
        ? nowIso(
            profile === 'dengbao' && key === keys.account
              ? now + LOCK_MS
              : Date.parse(windowStart) + WINDOW_MS,
          )
        : null;
    await db
      .insertInto('loginThrottles')
      .values({ key, windowStart, failures, lockedUntil })
      .onConflict((oc) => oc.column('key').doUpdateSet({ windowStart, failures, lockedUntil }))
      .execute();
  }
}

/** A successful login clears the account's counter (not the address's). */
export async function clearAccountFailures(db: Executor, accountKeyValue: string) {
  await db.deleteFrom('loginThrottles').where('key', '=', accountKeyValue).execute();
}
