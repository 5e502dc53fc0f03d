/**
 * Check-in: the host's staff scan tickets (one, or a batch queued offline by a device). A code
 * is verified by its signature before any lookup; a ticket of another activity or session, a
 * cancelled one or one not confirmed, is refused with a reason. The activity's mode says how often
 * a ticket checks in: ONCE (the earliest scan wins, whatever the order devices sync in), DAILY
 * (once per Beijing day, the same rule within the day) or EVERY (each scan is an entry). Every
 * scan is recorded, and a device re-sending its queue changes nothing.
 */
import type { Db } from '#platform/db/connect.ts';
import type { ScanOutcome } from '#platform/db/schema.ts';
import { AppError, fieldError } from '#platform/errors.ts';
import { newId, nowIso, todayInChina } from '#platform/ids.ts';
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
      const scan = {
        id: newId(),
        activityId: a.id,
        registrationId: r?.id ?? null,
        code: s.code,
        deviceId,
        scannedAt,
        recordedAt: now,
        recordedBy: actor!.userId,
      };
      if (!r) outcome = 'INVALID';
      else if (r.activityId !== a.id) outcome = 'WRONG_ACTIVITY';
      else if (input.sessionId && r.sessionId !== input.sessionId) outcome = 'WRONG_SESSION';
      else if (r.status === 'CANCELLED') outcome = 'CANCELLED';
      else if (r.status !== 'CONFIRMED') outcome = 'NOT_CONFIRMED';
      else if (member ? member.ticketCode !== s.code : r.groupId && r.ticketCode !== s.code)
        // A group's tickets are either one QR or one per person: the other kind is not valid.
        outcome = 'NOT_CONFIRMED';
      else if (member) {
        // Per-person tickets: the member is the check-in (once); the first one marks the group.
        outcome = (await repo.markMemberCheckedIn(tx, member.id, scannedAt))
          ? 'CHECKED_IN'
          : 'ALREADY';
        await repo.markCheckedIn(tx, r.id, scannedAt);
      } else if (a.checkInMode === 'EVERY') {
        // Each new scan is an entry; the same scan sent again is not another.
        await repo.markCheckedIn(tx, r.id, scannedAt);
        outcome = (await repo.insertScan(tx, { ...scan, outcome: 'CHECKED_IN' }))
          ? 'CHECKED_IN'
          : 'ALREADY';
        return;
      } else if (a.checkInMode === 'DAILY') {
        await repo.markCheckedIn(tx, r.id, scannedAt);
        const day = todayInChina(Date.parse(scannedAt));
        outcome = (await repo.markCheckedInOnDay(tx, r.id, day, scannedAt))
          ? 'CHECKED_IN'
          : 'ALREADY';
      } else outcome = (await repo.markCheckedIn(tx, r.id, scannedAt)) ? 'CHECKED_IN' : 'ALREADY';
      await repo.insertScan(tx, { ...scan, outcome: outcome! });
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

type Counts = { registered: number; checkedIn: number; checkedInToday: number; entries: number };
const zero = (): Counts => ({ registered: 0, checkedIn: 0, checkedInToday: 0, entries: 0 });

/**
 * Attendance: places registered (confirmed), checked in at least once, checked in today (Beijing)
 * and check-ins recorded (days or entries, by the mode; places of a group ticket count each),
 * per session, in total, and under each audience the activity is for.
 */
export async function attendance(db: Db, actor: Actor | null, activityId: string) {
  const a = await staffActivity(db, actor, activityId);
  const { regs, events } = await repo.attendanceRows(db, a.id, a.checkInMode === 'DAILY');
  const today = todayInChina();
  const byReg = new Map(regs.map((r) => [r.id, r]));
  const sessions = new Map<string, Counts>();
  const at = (id: string) => sessions.get(id) ?? sessions.set(id, zero()).get(id)!;
  for (const r of regs) {
    const c = at(r.sessionId);
    c.registered += r.quantity;
    if (r.checkedInAt) c.checkedIn += r.quantity;
  }
  const todays = new Set<string>();
  const seen = new Set<string>();
  for (const e of events) {
    const r = e.registrationId ? byReg.get(e.registrationId) : undefined;
    if (!r) continue;
    // ONCE: a ticket is one check-in, though two offline devices may both have recorded one.
    if (a.checkInMode !== 'ONCE' || !seen.has(r.id)) at(r.sessionId).entries += r.quantity;
    seen.add(r.id);
    if (todayInChina(Date.parse(e.scannedAt)) === today) todays.add(r.id);
  }
  for (const id of todays) {
    const r = byReg.get(id)!;
    at(r.sessionId).checkedInToday += r.quantity;
  }
  // A group with one ticket per person counts the members checked in, not its whole quantity.
  for (const g of await repo.memberCheckIns(db, activityId)) {
    const c = sessions.get(g.sessionId);
    if (c) c.checkedIn += g.n - (g.checkedInAt ? g.quantity : 0);
  }
  const total = zero();
  for (const c of sessions.values())
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  const audiences = JSON.parse(a.audiences) as string[];
  return {
    checkInMode: a.checkInMode,
    sessions: [...sessions].map(([sessionId, c]) => ({ sessionId, ...c })),
    total,
    byAudience: audiences.map((audience) => ({ audience, ...total })),
  };
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
    activity: { id: a.id, title: a.title, checkInMode: a.checkInMode },
    sessions: sessions.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt })),
    items: (await repo.checkInListRows(db, a.id, sessionId)).map((i) => ({
      ...i,
      lastCheckInAt: i.lastCheckInAt ?? null,
    })),
    cancelled: (await repo.cancelledRows(db, a.id)).filter(
      (c) => !sessionId || c.sessionId === sessionId,
    ),
    generatedAt: nowIso(),
  };
}
