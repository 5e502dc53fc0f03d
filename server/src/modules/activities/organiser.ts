/**
 * The host's side of registration: who registered (with filters), approving or declining those
 * that need approval (a decline frees the places for the waiting list), and cancelling a session
 * (its registrants are told).
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { RegistrationStatus } from '#platform/db/schema.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can } from '#platform/policy.ts';
import { ACTIVITY_CANCELLED, REGISTRATION_DECIDED } from './notifications.ts';
import { promote } from './registration.ts';
import * as repo from './repo.ts';
import { ticketCodeFor } from './tickets.ts';

async function hostActivity(db: Executor, actor: Actor | null, activityId: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const a = await repo.findActivity(db, activityId);
  if (!a || !can(actor, 'activity.read', { orgPath: a.orgPath })) throw new AppError('NOT_FOUND');
  authorize(actor, 'registration.manage', { orgPath: a.orgPath });
  return a;
}

export async function listRegistrations(
  db: Db,
  actor: Actor | null,
  activityId: string,
  q: { sessionId?: string; status?: RegistrationStatus },
) {
  await hostActivity(db, actor, activityId);
  const rows = await repo.registrationsOf(db, activityId, q);
  return {
    items: rows.map((r) => ({
      id: r.id,
      sessionId: r.sessionId,
      userId: r.userId,
      userName: r.userName,
      quantity: r.quantity,
      status: r.status,
      answers: JSON.parse(r.answers) as Record<string, string | number | boolean>,
      offerExpiresAt: r.offerExpiresAt,
      createdAt: r.createdAt,
    })),
  };
}

export async function decideRegistration(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: { approve: boolean; note: string | null },
  nowMs = Date.now(),
) {
  const r0 = await repo.findRegistration(db, id);
  if (!r0) throw new AppError('NOT_FOUND');
  const a = await hostActivity(db, actor, r0.activityId);
  const at = nowIso(nowMs);
  await db.transaction().execute(async (tx) => {
    const moved = await repo.moveRegistration(
      tx,
      id,
      ['PENDING_APPROVAL'],
      input.approve
        ? { status: 'CONFIRMED', ticketCode: ticketCodeFor(id), updatedAt: at }
        : { status: 'DECLINED', updatedAt: at },
    );
    if (!moved)
      throw ruleError(
        'STATE_CONFLICT',
        '该报名不在待审核状态',
        'The registration is not awaiting approval',
      );
    if (!input.approve) {
      await repo.releasePlaces(tx, r0.sessionId, r0.quantity);
      await promote(tx, r0.sessionId, nowMs);
    }
    await recordAudit(tx, ctx, {
      action: input.approve ? 'registration.approve' : 'registration.decline',
      entityType: 'activity',
      entityId: a.id,
      organisationId: a.organisationId,
      detail: { registrationId: id, ...(input.note ? { note: input.note } : {}) },
    });
    await notify(tx, [r0.userId], REGISTRATION_DECIDED, {
      activityId: a.id,
      title: a.title,
      approved: input.approve,
      note: input.note,
    });
  });
  return { ok: true as const };
}

export async function cancelSession(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  activityId: string,
  sessionId: string,
  reason: string,
) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const a = await repo.findActivity(db, activityId);
  if (!a || !can(actor, 'activity.read', { orgPath: a.orgPath })) throw new AppError('NOT_FOUND');
  authorize(actor, 'activity.cancel', { orgPath: a.orgPath });
  const s = await repo.findSession(db, sessionId);
  if (!s || s.activityId !== activityId) throw new AppError('NOT_FOUND');
  await db.transaction().execute(async (tx) => {
    if (!(await repo.cancelSession(tx, sessionId)))
      throw ruleError('STATE_CONFLICT', '该场次已取消', 'The session is already cancelled');
    const live = await repo.liveOfSession(tx, sessionId);
    const at = nowIso();
    for (const r of live)
      await repo.moveRegistration(tx, r.id, repo.LIVE, {
        status: 'CANCELLED',
        cancelledAt: at,
        updatedAt: at,
      });
    await recordAudit(tx, ctx, {
      action: 'activity.cancelSession',
      entityType: 'activity',
      entityId: a.id,
      organisationId: a.organisationId,
      detail: { sessionId, startsAt: s.startsAt, reason, registrations: live.length },
    });
    await notify(
      tx,
      live.map((r) => r.userId),
      ACTIVITY_CANCELLED,
      { activityId: a.id, title: a.title, reason },
    );
  });
  return { ok: true as const };
}
