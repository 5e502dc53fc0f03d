/**
 * The host's side of registration: who registered (with filters), approving or declining those
 * that need approval (a decline frees the places for the waiting list), and cancelling a session
 * (its registrants are told).
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { RegistrationStatus } from '#platform/db/schema.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can } from '#platform/policy.ts';
import { REGISTRATION_STATUS } from './labels.ts';
import { ACTIVITY_CANCELLED, ACTIVITY_MESSAGE, REGISTRATION_DECIDED } from './notifications.ts';
import { answerLines, formOf } from './regform.ts';
import { promote } from './registration.ts';
import * as repo from './repo.ts';
import { tellTicket } from './ticket-mail.ts';
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
  const a = await hostActivity(db, actor, activityId);
  const rows = await repo.registrationsOf(db, activityId, q);
  const fields = formOf(a);
  const lines = await Promise.all(
    rows.map((r) => answerLines(db, fields, JSON.parse(r.answers) as Record<string, unknown>)),
  );
  return {
    items: rows.map((r, i) => ({
      id: r.id,
      sessionId: r.sessionId,
      userId: r.userId,
      userName: r.userName,
      quantity: r.quantity,
      status: r.status,
      answers: JSON.parse(r.answers) as Record<string, unknown>,
      answerLines: lines[i]!,
      guardianName: r.guardianName,
      guardianContact: r.guardianContact,
      guardianConsentAt: r.guardianConsentAt,
      groupId: r.groupId,
      offerExpiresAt: r.offerExpiresAt,
      createdAt: r.createdAt,
      checkedInAt: r.checkedInAt,
      noShowAt: r.noShowAt,
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
    if (input.approve) await tellTicket(tx, id);
    else {
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

/** The registrations as filtered on screen, as xlsx (Beijing times); the export is audited. */
export async function exportRegistrations(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  activityId: string,
  q: { sessionId?: string; status?: RegistrationStatus },
) {
  const a = await hostActivity(db, actor, activityId);
  const rows = await repo.registrationsOf(db, activityId, q);
  const sessions = new Map((await repo.sessionsOf(db, [activityId])).map((s) => [s.id, s]));
  const fields = formOf(a) ?? [];
  const lines = new Map(
    await Promise.all(
      rows.map(
        async (r) =>
          [
            r.id,
            new Map(
              (await answerLines(db, fields, JSON.parse(r.answers) as Record<string, unknown>)).map(
                (l) => [l.key, l.value],
              ),
            ),
          ] as const,
      ),
    ),
  );
  await db.transaction().execute((tx) =>
    recordAudit(tx, ctx, {
      action: 'registration.export',
      entityType: 'activity',
      entityId: a.id,
      organisationId: a.organisationId,
      detail: { rows: rows.length, ...q },
    }),
  );
  type Row = (typeof rows)[number];
  return buildXlsx(
    '报名名单',
    [
      { header: '姓名', width: 16, value: (r) => r.userName },
      { header: '场次开始', width: 20, value: (r) => sessions.get(r.sessionId)?.startsAt ?? '' },
      { header: '人数', width: 8, value: (r) => r.quantity },
      { header: '状态', width: 14, value: (r) => REGISTRATION_STATUS[r.status]['zh-CN'] },
      { header: '报名时间', width: 20, value: (r) => r.createdAt },
      { header: '签到时间', width: 20, value: (r) => r.checkedInAt },
      { header: '缺席', width: 8, value: (r) => (r.noShowAt ? '是' : '') },
      ...fields.map((f) => ({
        header: f.label,
        width: 18,
        value: (r: (typeof rows)[number]) => lines.get(r.id)?.get(f.key) ?? '',
      })),
      // Guardians only where minors may register, the group mark only where groups may book.
      ...(a.admitsMinors
        ? [
            { header: '监护人', width: 12, value: (r: Row) => r.guardianName ?? '' },
            { header: '监护人联系方式', width: 16, value: (r: Row) => r.guardianContact ?? '' },
            { header: '监护人同意时间', width: 20, value: (r: Row) => r.guardianConsentAt ?? '' },
          ]
        : []),
      ...(a.groupsAllowed
        ? [{ header: '团体预约', width: 10, value: (r: Row) => (r.groupId ? '是' : '') }]
        : []),
    ],
    rows,
  );
}

/** Tells every live registrant (of the activity or one session) through the notifications. */
export async function messageRegistrants(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  activityId: string,
  input: { sessionId?: string | undefined; subject: string; body: string },
) {
  const a = await hostActivity(db, actor, activityId);
  if (input.sessionId) {
    const s = await repo.findSession(db, input.sessionId);
    if (!s || s.activityId !== activityId)
      throw fieldErrors([{ field: 'sessionId', zh: '没有这个场次', en: 'no such session' }]);
  }
  const people = await repo.liveRegistrants(db, activityId, input.sessionId);
  if (people.length === 0)
    throw ruleError('STATE_CONFLICT', '还没有可通知的报名者', 'Nobody has registered to tell');
  await db.transaction().execute(async (tx) => {
    await recordAudit(tx, ctx, {
      action: 'activity.message',
      entityType: 'activity',
      entityId: a.id,
      organisationId: a.organisationId,
      detail: { subject: input.subject, recipients: people.length, sessionId: input.sessionId },
    });
    await notify(tx, people, ACTIVITY_MESSAGE, {
      activityId: a.id,
      title: a.title,
      subject: input.subject,
      body: input.body,
    });
  });
  return { sent: people.length };
}

/** Marks a confirmed registration as a no-show, once its session has ended without a check-in. */
export async function markNoShow(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  nowMs = Date.now(),
) {
  const r = await repo.findRegistration(db, id);
  if (!r) throw new AppError('NOT_FOUND');
  const a = await hostActivity(db, actor, r.activityId);
  const s = await repo.findSession(db, r.sessionId);
  if (!s || Date.parse(s.endsAt) > nowMs)
    throw ruleError(
      'STATE_CONFLICT',
      '场次结束后才能标记缺席',
      'Mark no-shows after the session ends',
    );
  const at = nowIso(nowMs);
  await db.transaction().execute(async (tx) => {
    if (!(await repo.markNoShow(tx, id, at)))
      throw ruleError(
        'STATE_CONFLICT',
        '只有已确认且未签到的报名可以标记缺席',
        'Only a confirmed registration not checked in can be marked',
      );
    await recordAudit(tx, ctx, {
      action: 'registration.noShow',
      entityType: 'activity',
      entityId: a.id,
      organisationId: a.organisationId,
      detail: { registrationId: id, sessionId: r.sessionId },
    });
  });
  return { ok: true as const };
}
