import { sql } from 'kysely';
import type { SecurityProfile } from '../config.ts';
import type { Executor } from '../db/connect.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { nowIso } from '../ids.ts';

/**
 * Attempt limits that hold under parallel requests and across app nodes. An attempt is *reserved*
 * (one atomic upsert in the database) before the secret is checked, then settled: a failure stays
 * counted (and locks at the limit), a success gives its slot back. A burst of a hundred guesses
 * therefore gets at most `max` of them checked; the rest are refused before any hashing.
 *
 * Rows live in `login_throttles` (key, window start, attempts in the window, lock end); the
 * column `failures` counts reserved attempts, which become failures unless settled otherwise.
 */
export interface Limit {
  /** Attempts allowed in one window. */
  max: number;
  windowMs: number;
  /** Lock this long after the limit is reached (等保); otherwise until the window ends. */
  lockMs?: number;
  /** The refusal: gets the minutes left. */
  refuse: (minutes: number) => AppError;
}

const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;

/** Standard profile: 10 failed logins per account in 15 minutes. */
export const ACCOUNT_MAX_STANDARD = 10;
/** 等保 profile: lock the account for 15 minutes after 5 failed logins. */
export const ACCOUNT_MAX_DENGBAO = 5;

export const LIMITS = {
  loginAccount(profile: SecurityProfile): Limit {
    return profile === 'dengbao'
      ? {
          max: ACCOUNT_MAX_DENGBAO,
          windowMs: WINDOW,
          lockMs: 15 * MINUTE,
          refuse: (minutes) =>
            new AppError('ACCOUNT_LOCKED', { max: ACCOUNT_MAX_DENGBAO, minutes }),
        }
      : {
          max: ACCOUNT_MAX_STANDARD,
          windowMs: WINDOW,
          refuse: (minutes) => new AppError('LOGIN_THROTTLED', { minutes }),
        };
  },
  /** Many accounts tried from one address (credential stuffing): 50 failures in 15 minutes. */
  loginAddress: {
    max: 50,
    windowMs: WINDOW,
    refuse: (minutes) => new AppError('LOGIN_THROTTLED', { minutes }),
  } as Limit,
  /** Password re-checks of a signed-in person (change password, delete account). */
  passwordRecheck: {
    max: 5,
    windowMs: WINDOW,
    refuse: (minutes) => new AppError('TOO_MANY_ATTEMPTS', { minutes }),
  } as Limit,
  /** TOTP and recovery codes of one person, at login and at enrolment. */
  totp: {
    max: 5,
    windowMs: WINDOW,
    refuse: (minutes) => new AppError('TOO_MANY_ATTEMPTS', { minutes }),
  } as Limit,
  /** New accounts from one address in an hour (every registration counts; default 20). */
  registration(max: number): Limit {
    return {
      max,
      windowMs: 60 * MINUTE,
      refuse: (minutes) => new AppError('RATE_LIMITED_FOR', { minutes }),
    };
  },
  /**
   * Username availability asked from one address (registration, as the person types; every
   * question counts): 30 in 10 minutes, enough for a few names typed with pauses, not a list.
   */
  usernameCheck: {
    max: 30,
    windowMs: 10 * MINUTE,
    refuse: (minutes) => new AppError('RATE_LIMITED_FOR', { minutes }),
  } as Limit,
  /** Objections to a public notice from one address: 10 an hour (each one counts). */
  objections: {
    max: 10,
    windowMs: 60 * MINUTE,
    refuse: (minutes) => new AppError('RATE_LIMITED_FOR', { minutes }),
  } as Limit,
  /** Setup tokens, reset tokens and account-help look-ups tried from one address. */
  tokenGuess: {
    max: 10,
    windowMs: WINDOW,
    refuse: (minutes) => new AppError('TOO_MANY_ATTEMPTS', { minutes }),
  } as Limit,
} as const;

export const accountKey = (username: string) => `acct:${username.toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

function minutesUntil(ms: number): number {
  return Math.max(1, Math.ceil((ms - Date.now()) / MINUTE));
}

interface Slot {
  key: string;
  limit: Limit;
  windowStart: string;
}

/** A reserved attempt on one or more keys; settle it once. */
export class Attempt {
  private settled = false;
  constructor(
    private readonly db: Executor,
    private readonly slots: Slot[],
  ) {}

  /**
   * The attempt failed: it stays counted, and a key at its limit is locked. Answers the refusal
   * of the first key this failure locked (so the person hears at once), else null.
   */
  async fail(): Promise<AppError | null> {
    if (this.settled) return null;
    this.settled = true;
    const now = Date.now();
    let refusal: AppError | null = null;
    for (const s of this.slots) {
      const row = await this.db
        .selectFrom('loginThrottles')
        .select(['failures', 'windowStart'])
        .where('key', '=', s.key)
        .executeTakeFirst();
      if (!row || row.failures < s.limit.max) continue;
      const until = s.limit.lockMs
        ? now + s.limit.lockMs
        : Date.parse(row.windowStart) + s.limit.windowMs;
      await this.db
        .updateTable('loginThrottles')
        .set({ lockedUntil: nowIso(until) })
        .where('key', '=', s.key)
        .execute();
      refusal ??= s.limit.refuse(minutesUntil(until));
    }
    return refusal;
  }

  /**
   * Settles on the check's result: none (a wrong secret) fails the attempt and throws `code`; one
   * in hand succeeds it and is returned.
   */
  async expect<T>(result: T | null | undefined | false, code: ErrorCode): Promise<T> {
    if (!result) {
      await this.fail();
      throw new AppError(code);
    }
    await this.succeed();
    return result;
  }

  /** The attempt did not count (a step before the secret was needed): the slots are given back. */
  async release(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    for (const s of this.slots) await giveBack(this.db, s);
  }

  /**
   * The attempt succeeded: slots are given back; keys in `clear` (the account's) start afresh,
   * which also forgives its earlier failures.
   */
  async succeed(clear: string[] = []): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    for (const s of this.slots) {
      if (clear.includes(s.key))
        await this.db.deleteFrom('loginThrottles').where('key', '=', s.key).execute();
      else await giveBack(this.db, s);
    }
  }
}

async function giveBack(db: Executor, s: Slot) {
  await db
    .updateTable('loginThrottles')
    .set({ failures: sql`failures - 1` })
    .where('key', '=', s.key)
    .where('windowStart', '=', s.windowStart)
    .where('failures', '>', 0)
    .execute();
}

/** Reserves one slot on a key: one atomic statement; throws the limit's refusal when full. */
async function reserveOne(db: Executor, key: string, limit: Limit): Promise<Slot> {
  const now = Date.now();
  const at = nowIso(now);
  const cutoff = nowIso(now - limit.windowMs);
  // A window that ended (and is not under a running lock) starts again at 1.
  const fresh = sql<boolean>`(login_throttles.window_start < ${cutoff} and (login_throttles.locked_until is null or login_throttles.locked_until < ${at}))`;
  const row = await db
    .insertInto('loginThrottles')
    .values({ key, windowStart: at, failures: 1, lockedUntil: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when ${fresh} then 1 else login_throttles.failures + 1 end`,
        windowStart: sql`case when ${fresh} then ${at} else login_throttles.window_start end`,
        lockedUntil: sql`case when ${fresh} then null else login_throttles.locked_until end`,
      }),
    )
    .returning(['failures', 'windowStart', 'lockedUntil'])
    .executeTakeFirstOrThrow();
  const slot = { key, limit, windowStart: row.windowStart };
  const lockedUntil = row.lockedUntil ? Date.parse(row.lockedUntil) : 0;
  if (lockedUntil > now || row.failures > limit.max) {
    await giveBack(db, slot);
    const until = lockedUntil > now ? lockedUntil : Date.parse(row.windowStart) + limit.windowMs;
    throw limit.refuse(minutesUntil(until));
  }
  return slot;
}

/**
 * Reserves an attempt on every key (in order; a refusal gives back the slots already taken) and
 * returns it to be settled. Use the database handle, not a transaction: the reservation must be
 * visible to parallel requests at once.
 */
export async function reserveAttempt(
  db: Executor,
  keys: { key: string; limit: Limit }[],
): Promise<Attempt> {
  const slots: Slot[] = [];
  try {
    for (const k of keys) slots.push(await reserveOne(db, k.key, k.limit));
  } catch (e) {
    for (const s of slots) await giveBack(db, s);
    throw e;
  }
  return new Attempt(db, slots);
}

/** Whether a key is locked now (the console shows locked accounts), and until when. */
export async function lockedUntil(db: Executor, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const at = nowIso();
  const rows = await db
    .selectFrom('loginThrottles')
    .select(['key', 'lockedUntil'])
    .where('key', 'in', keys)
    .where('lockedUntil', '>', at)
    .execute();
  return new Map(rows.map((r) => [r.key, r.lockedUntil!]));
}

/** An administrator unlocks an account: its counter starts afresh. */
export async function clearKey(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('loginThrottles').where('key', '=', key).execute();
}
