/**
 * Registration: capacity is held by the database, not by a read-then-write in the app. In the
 * registration's transaction one conditional UPDATE takes the places (`taken + q <= capacity`);
 * when it changes no row the person waits instead. A partial unique index allows one live
 * registration per person and session, so two requests at once leave one. A freed place goes to
 * the first on the waiting list as an offer (its places held) for the session's hold time; a job
 * at the offer's expiry passes it on.
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { RegistrationStatus } from '#platform/db/schema.ts';
import { AppError, fieldError, fieldErrors, ruleError } from '#platform/errors.ts';
import { chinaTimeText, newId, nowIso } from '#platform/ids.ts';
import { enqueue } from '#platform/jobs/runner.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, can } from '#platform/policy.ts';
import { privacySettings } from '../privacy/service.ts';
import { attended, presentMine } from './feedback.ts';
import { feedbackOfRegistrations } from './feedback-repo.ts';
import { OFFER_EXPIRED, PLACE_OFFERED } from './notifications.ts';
import { checkRegistration, type GuardianInput } from './regform.ts';
import * as repo from './repo.ts';
import { placeOf } from './service.ts';
import { tellTicket } from './ticket-mail.ts';
import { ticketCodeFor } from './tickets.ts';

export const EXPIRE_OFFER_JOB = 'activities.expireOffer';

const ALREADY = () =>
  ruleError(
    'STATE_CONFLICT',
    '您已报名该场次（或在候补名单中）',
    'You are already registered for this session (or on its waiting list)',
  );

function chooseSession(sessions: repo.SessionRow[], sessionId: string | undefined, now: string) {
  if (sessionId) {
    const s = sessions.find((x) => x.id === sessionId);
    if (!s)
      throw fieldError('sessionId', '该活动没有这个场次', 'is not a session of this activity');
    return s;
  }
  const upcoming = sessions.filter((s) => s.status === 'ACTIVE' && s.startsAt > now);
  if (upcoming.length === 1 || (upcoming.length > 1 && sessions.length === 1)) return upcoming[0]!;
  if (upcoming.length === 0)
    throw ruleError(
      'STATE_CONFLICT',
      '该活动没有可报名的场次',
      'The activity has no session open for registration',
    );
  throw fieldError(
    'sessionId',
    '该活动有多个场次，请选择场次',
    'is required: the activity has several sessions',
  );
}

export async function register(
  db: Db,
  actor: Actor,
  activityId: string,
  input: {
    sessionId?: string;
    quantity: number;
    answers: Record<string, unknown>;
    minor?: boolean;
    guardian?: GuardianInput | undefined;
  },
  ctx?: RequestContext,
  nowMs = Date.now(),
) {
  const now = nowIso(nowMs);
  const a = await repo.findActivity(db, activityId);
  if (!a || a.status === 'DRAFT' || a.status === 'PENDING_REVIEW') throw new AppError('NOT_FOUND');
  if (a.status !== 'PUBLISHED')
    throw ruleError('STATE_CONFLICT', '活动已取消', 'The activity is cancelled');
  const s = chooseSession(await repo.sessionsOf(db, [a.id]), input.sessionId, now);
  if (s.status !== 'ACTIVE')
    throw ruleError('STATE_CONFLICT', '该场次已取消', 'The session is cancelled');
  if (s.registrationOpensAt && now < s.registrationOpensAt)
    throw ruleError('STATE_CONFLICT', '报名尚未开始', 'Registration has not opened yet');
  if ((s.registrationClosesAt && now >= s.registrationClosesAt) || now >= s.startsAt)
    throw ruleError('STATE_CONFLICT', '报名已截止', 'Registration is closed');
  if (s.partnersUntil && now < s.partnersUntil)
    throw ruleError(
      'STATE_CONFLICT',
      `该时段在${chinaTimeText(s.partnersUntil)}前仅接受合作学校的团体预约，之后开放个人报名`,
      `Until ${chinaTimeText(s.partnersUntil, 'en-US')} only partner schools book this slot`,
    );
  if (input.quantity > s.perPersonLimit)
    throw fieldError(
      'quantity',
      `每人最多报名 ${s.perPersonLimit} 个名额`,
      `must be at most ${s.perPersonLimit} per person`,
    );
  const { guardianConsentAge } = await privacySettings(db);
  const checked = await checkRegistration(
    db,
    a,
    { answers: input.answers, minor: input.minor ?? false, guardian: input.guardian },
    guardianConsentAge,
    s.startsAt,
  );
  if (checked.refused)
    throw ruleError(
      'RULE_BROKEN',
      `该活动不接受未满 ${guardianConsentAge} 周岁的参加者报名`,
      `This activity does not admit attendees under ${guardianConsentAge}`,
    );
  if (checked.problems.length) throw fieldErrors(checked.problems);
  const guardian = checked.minor ? input.guardian! : null;
  if (await repo.liveRegistration(db, s.id, actor.userId)) throw ALREADY();
  // The process's own clock and counter: two registrations in one millisecond keep their order
  // (the waiting list's tie-break), which an id made from `nowMs` would not promise.
  const id = newId();
  let status: 'CONFIRMED' | 'WAITLISTED' | 'PENDING_APPROVAL' = 'WAITLISTED';
  let ticketCode: string | null = null;
  try {
    await db.transaction().execute(async (tx) => {
      if (await repo.takePlaces(tx, s.id, input.quantity)) {
        status = s.approvalRequired ? 'PENDING_APPROVAL' : 'CONFIRMED';
        if (status === 'CONFIRMED') ticketCode = ticketCodeFor(id);
      }
      await repo.insertRegistration(tx, {
        id,
        sessionId: s.id,
        activityId: a.id,
        userId: actor.userId,
        quantity: input.quantity,
        status,
        answers: JSON.stringify(input.answers),
        offerExpiresAt: null,
        ticketCode,
        createdAt: now,
        updatedAt: now,
        cancelledAt: null,
        checkedInAt: null,
        noShowAt: null,
        guardianName: guardian?.name ?? null,
        guardianContact: guardian?.contact ?? null,
        guardianConsentAt: guardian ? now : null,
        groupId: null,
      });
      if (status === 'CONFIRMED') await tellTicket(tx, id);
      if (guardian && ctx)
        await recordAudit(tx, ctx, {
          action: 'registration.guardianConsent',
          entityType: 'activity',
          entityId: a.id,
          organisationId: a.organisationId,
          detail: { registrationId: id, guardianName: guardian.name },
        });
    });
  } catch (e) {
    // Two requests of one person at once: the unique index lets one through, the other's
    // transaction (places taken included) rolls back.
    if (e instanceof AppError) throw e;
    if (await repo.liveRegistration(db, s.id, actor.userId)) throw ALREADY();
    throw e;
  }
  const position = await repo.waitingPosition(db, { id, sessionId: s.id, createdAt: now, status });
  return {
    id,
    status,
    ...(ticketCode ? { ticketCode } : {}),
    ...(position ? { position } : {}),
  } as {
    id: string;
    status: 'CONFIRMED' | 'WAITLISTED' | 'PENDING_APPROVAL';
    ticketCode?: string;
    position?: number;
  };
}

/**
 * Offers freed places to the waiting list, first come first served: each offer holds its places
 * (taken) until it is confirmed or runs out. A person waiting for more places than are free
 * waits on, and so do those behind them (the order is kept).
 */
export async function promote(tx: Executor, sessionId: string, nowMs: number): Promise<number> {
  let offered = 0;
  for (;;) {
    const s = await repo.findSession(tx, sessionId);
    if (!s || s.status !== 'ACTIVE' || nowIso(nowMs) >= s.startsAt) return offered;
    const w = await repo.firstWaiting(tx, sessionId);
    if (!w) return offered;
    if (!(await repo.takePlaces(tx, sessionId, w.quantity))) return offered;
    const expires = new Date(Math.min(nowMs + s.holdHours * 3_600_000, Date.parse(s.startsAt)));
    const moved = await repo.moveRegistration(tx, w.id, ['WAITLISTED'], {
      status: 'OFFERED',
      offerExpiresAt: expires.toISOString(),
      updatedAt: nowIso(nowMs),
    });
    if (!moved) {
      // Another transaction offered (or the person withdrew) in between: give the places back
      // and look again (PostgreSQL: the next statement sees what that one committed).
      await repo.releasePlaces(tx, sessionId, w.quantity);
      continue;
    }
    await enqueue(
      tx,
      EXPIRE_OFFER_JOB,
      { registrationId: w.id },
      { runAt: expires, dedupeKey: w.id, now: nowMs },
    );
    const a = (await repo.findActivity(tx, s.activityId))!;
    await notify(tx, [w.userId], PLACE_OFFERED, {
      activityId: a.id,
      title: a.title,
      startsAt: s.startsAt,
      expiresAt: expires.toISOString(),
    });
    offered++;
  }
}

/**
 * Cancels a registration: the person before the session's cut-off (the waiting list at any
 * time), or the host's editors at any time. A freed place is offered on at once.
 */
export async function cancelRegistration(
  db: Db,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  nowMs = Date.now(),
) {
  await db.transaction().execute(async (tx) => {
    const r = await repo.findRegistration(tx, id);
    if (!r) throw new AppError('NOT_FOUND');
    const a = (await repo.findActivity(tx, r.activityId))!;
    const organiser = can(actor, 'activity.update', { orgPath: a.orgPath });
    if (r.userId !== actor.userId && !organiser) throw new AppError('NOT_FOUND');
    if (r.groupId)
      throw ruleError(
        'STATE_CONFLICT',
        '团体预约的名额请在团体预约中取消',
        'A group’s places are cancelled with the group booking',
      );
    if (!repo.LIVE.includes(r.status))
      throw ruleError('STATE_CONFLICT', '该报名已结束', 'The registration has already ended');
    const s = (await repo.findSession(tx, r.sessionId))!;
    const holds = repo.HOLDING.includes(r.status);
    if (
      holds &&
      r.userId === actor.userId &&
      !organiser &&
      nowMs > Date.parse(s.startsAt) - s.cancelCutoffHours * 3_600_000
    )
      throw ruleError(
        'STATE_CONFLICT',
        `活动开始前 ${s.cancelCutoffHours} 小时内不能取消报名`,
        `Registrations cannot be cancelled within ${s.cancelCutoffHours} hours of the start`,
      );
    if (!(await endRegistration(tx, r, nowMs)))
      throw ruleError(
        'STATE_CONFLICT',
        '该报名刚刚发生了变化，请刷新',
        'The registration just changed; reload',
      );
    if (r.userId !== actor.userId)
      await recordAudit(tx, ctx, {
        action: 'registration.cancel',
        entityType: 'activity',
        entityId: a.id,
        organisationId: a.organisationId,
        detail: { registrationId: id },
      });
  });
  return { ok: true as const };
}

/**
 * Cancels a live registration in the caller's transaction, whoever asks (the checks are the
 * caller's): its places go back and on to the waiting list, the promoted told as always. False
 * when it moved in between.
 */
export async function endRegistration(
  tx: Executor,
  r: { id: string; status: RegistrationStatus; sessionId: string; quantity: number },
  nowMs: number,
): Promise<boolean> {
  const at = nowIso(nowMs);
  if (
    !(await repo.moveRegistration(tx, r.id, [r.status], {
      status: 'CANCELLED',
      cancelledAt: at,
      updatedAt: at,
    }))
  )
    return false;
  if (repo.HOLDING.includes(r.status)) {
    await repo.releasePlaces(tx, r.sessionId, r.quantity);
    await promote(tx, r.sessionId, nowMs);
  }
  return true;
}

/** The person takes the offered place before the hold runs out: a ticket. */
export async function confirmOffer(db: Db, actor: Actor, id: string, nowMs = Date.now()) {
  const at = nowIso(nowMs);
  const r = await repo.findRegistration(db, id);
  if (!r || r.userId !== actor.userId) throw new AppError('NOT_FOUND');
  if (r.status !== 'OFFERED' || !r.offerExpiresAt || r.offerExpiresAt <= at)
    throw ruleError(
      'STATE_CONFLICT',
      '没有为您保留的名额（或已过期）',
      'No place is held for you (or the hold ran out)',
    );
  const ticketCode = ticketCodeFor(id);
  const moved = await db.transaction().execute(async (tx) => {
    const ok = await repo.moveRegistration(tx, id, ['OFFERED'], {
      status: 'CONFIRMED',
      ticketCode,
      offerExpiresAt: null,
      updatedAt: at,
    });
    if (ok) await tellTicket(tx, id);
    return ok;
  });
  if (!moved) throw ruleError('STATE_CONFLICT', '保留的名额已过期', 'The hold ran out');
  return { id, status: 'CONFIRMED' as const, ticketCode };
}

/** The job at an offer's expiry: an unconfirmed offer EXPIRES and passes on (idempotent). */
export async function expireOffer(db: Db, registrationId: string, nowMs: number) {
  await db.transaction().execute(async (tx) => {
    const r = await repo.findRegistration(tx, registrationId);
    if (!r || r.status !== 'OFFERED' || !r.offerExpiresAt || Date.parse(r.offerExpiresAt) > nowMs)
      return;
    const at = nowIso(nowMs);
    if (!(await repo.moveRegistration(tx, r.id, ['OFFERED'], { status: 'EXPIRED', updatedAt: at })))
      return;
    await repo.releasePlaces(tx, r.sessionId, r.quantity);
    const a = (await repo.findActivity(tx, r.activityId))!;
    await notify(tx, [r.userId], OFFER_EXPIRED, { title: a.title });
    await promote(tx, r.sessionId, nowMs);
  });
}

export async function myRegistrations(db: Db, actor: Actor) {
  const rows = await repo.listMine(db, actor.userId);
  const positions = await Promise.all(rows.map((r) => repo.waitingPosition(db, r)));
  const given = new Map(
    (
      await feedbackOfRegistrations(
        db,
        rows.filter(attended).map((r) => r.id),
      )
    ).map((f) => [f.registrationId, f]),
  );
  return {
    items: rows.map((r, i) => ({
      id: r.id,
      activityId: r.activityId,
      activityTitle: r.activityTitle,
      sessionId: r.sessionId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      place: placeOf(r),
      quantity: r.quantity,
      status: r.status as RegistrationStatus,
      offerExpiresAt: r.offerExpiresAt,
      ticketCode: r.status === 'CONFIRMED' ? r.ticketCode : null,
      position: positions[i] ?? null,
      holdHours: r.holdHours,
      cancelCutoffHours: r.cancelCutoffHours,
      createdAt: r.createdAt,
      checkedInAt: r.checkedInAt,
      mayGiveFeedback: attended(r),
      feedback: given.has(r.id) ? presentMine(given.get(r.id)!) : null,
    })),
  };
}
