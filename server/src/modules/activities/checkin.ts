/**
 * Check-in: the host's staff scan tickets (one, or a batch queued offline by a device). A code
 * is verified by its signature before any lookup; a ticket of another activity or session, or one
 * no longer confirmed, is refused with a reason. Each registration is checked in once (the
 * earliest scan wins, whatever the order devices sync in); every scan is recorded, and a device
 * re-sending its queue changes nothing.
 */
import type { Db } from '#platform/db/connect.ts';
import type { ScanOutcome } from '#platform/db/schema.ts';
import { AppError, fieldError } from '#platform/errors.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, can } from '#platform/policy.ts';
import * as repo from './repo.ts';
import { verifyTicketCode } from './tickets.ts';

export interface Scan {
  code: string;
  scannedAt?: string;
  deviceId?: string;
}

async function staffActivity(db: Db, actor: Actor | null, activityId: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const a = await repo.findActivity(db, activityId);
  if (!a || !can(actor, 'activity.read', { orgPath: a.orgPath })) throw new AppError('NOT_FOUND');
  authorize(actor, 'activity.checkIn', { orgPath: a.orgPath });
  return a;
}

export async function checkIn(
  db: Db,
  actor: Actor | null,
  activityId: string,
  input: { code?: string; sessionId?: string; deviceId?: string; scans?: Scan[] },
) {
  const a = await staffActivity(db, actor, activityId);
  const scans: Scan[] =
    input.scans ?? (input.code ? [{ code: input.code, deviceId: input.deviceId }] : []);
  if (scans.length === 0) throw fieldError('code', '请提供票码', 'is required (or scans)');
  const now = nowIso();
  const results: {
    code: string;
    outcome: ScanOutcome;
    registrationId: string | null;
    userName: string | null;
    checkedInAt: string | null;
    quantity: number | null;
  }[] = [];
  for (const s of scans) {
    const scannedAt = s.scannedAt ? new Date(s.scannedAt).toISOString() : now;
    const deviceId = s.deviceId ?? 'online';
    const codeId = verifyTicketCode(s.code);
    // A code names a registration (a person's, or a group's one QR) or a group member's ticket.
    const member = codeId ? await repo.findMember(db, codeId) : undefined;
    const group = member ? await repo.findGroup(db, member.groupId) : undefined;
    const regId = group ? group.registrationId : codeId;
    const r = regId ? await repo.findRegistration(db, regId) : undefined;
    let outcome: ScanOutcome;
    await db.transaction().execute(async (tx) => {
      if (!r) outcome = 'INVALID';
      else if (r.activityId !== a.id) outcome = 'WRONG_ACTIVITY';
      else if (input.sessionId && r.sessionId !== input.sessionId) outcome = 'WRONG_SESSION';
      else if (r.status !== 'CONFIRMED') outcome = 'NOT_CONFIRMED';
      else if (member) {
        // Per-person tickets: the member is the check-in; the group's first one marks it too.
        if (member.ticketCode !== s.code) outcome = 'NOT_CONFIRMED';
        else {
          outcome = (await repo.markMemberCheckedIn(tx, member.id, scannedAt))
            ? 'CHECKED_IN'
            : 'ALREADY';
          await repo.markCheckedIn(tx, r.id, scannedAt);
        }
      } else if (r.groupId && r.ticketCode !== s.code) outcome = 'NOT_CONFIRMED';
      else outcome = (await repo.markCheckedIn(tx, r.id, scannedAt)) ? 'CHECKED_IN' : 'ALREADY';
      await repo.insertScan(tx, {
        id: newId(),
        activityId: a.id,
        registrationId: r?.id ?? null,
        code: s.code,
        deviceId,
        scannedAt,
        recordedAt: now,
        recordedBy: actor!.userId,
        outcome: outcome!,
      });
    });
    const after = r ? await repo.findRegistration(db, r.id) : undefined;
    const person =
      r && outcome! !== 'WRONG_ACTIVITY'
        ? await db
            .selectFrom('users')
            .select('displayName')
            .where('id', '=', r.userId)
            .executeTakeFirst()
        : undefined;
    const known = r && outcome! !== 'WRONG_ACTIVITY';
    const memberAfter = member && known ? await repo.findMember(db, member.id) : undefined;
    results.push({
      code: s.code,
      outcome: outcome!,
      registrationId: known ? r.id : null,
      userName: (memberAfter ? memberAfter.name || null : null) ?? person?.displayName ?? null,
      checkedInAt: memberAfter ? memberAfter.checkedInAt : (after?.checkedInAt ?? null),
      quantity: known ? (member ? 1 : r.quantity) : null,
    });
  }
  return { results };
}

/** Registered and checked-in places per session (confirmed registrations). */
export async function attendance(db: Db, actor: Actor | null, activityId: string) {
  await staffActivity(db, actor, activityId);
  const sessions = await repo.attendance(db, activityId);
  // A per-person group counts the members checked in, not its whole quantity.
  for (const g of await repo.memberCheckIns(db, activityId)) {
    const s = sessions.find((x) => x.sessionId === g.sessionId);
    if (s) s.checkedIn += g.n - (g.checkedInAt ? g.quantity : 0);
  }
  return { sessions };
}

/**
 * What a check-in device keeps for working offline: the activity's sessions and every confirmed
 * registration (id, name, places, checked in or not). A ticket's code carries its registration
 * id, so the device can tell a known ticket from an unknown one without the signing key; the
 * server checks the signature when the scans are synced.
 */
export async function checkInList(
  db: Db,
  actor: Actor | null,
  activityId: string,
  sessionId?: string,
) {
  const a = await staffActivity(db, actor, activityId);
  const sessions = (await repo.sessionsOf(db, [a.id])).filter((s) => s.status === 'ACTIVE');
  if (sessionId && !sessions.some((s) => s.id === sessionId))
    throw fieldError(
      'sessionId',
      '该场次不属于此活动或已取消',
      'is not an active session of this activity',
    );
  return {
    activity: { id: a.id, title: a.title },
    sessions: sessions.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt })),
    items: await repo.checkInListRows(db, a.id, sessionId),
    generatedAt: nowIso(),
  };
}
