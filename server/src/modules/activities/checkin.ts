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

type Result = {
  code: string;
  outcome: ScanOutcome;
  registrationId: string | null;
  userName: string | null;
  checkedInAt: string | null;
  quantity: number | null;
};

/**
 * Checks one code in now, or a device's queued batch. A batch is one transaction: the tickets
 * are read in chunks (no query per scan), each scan is judged, and the writes go in a fixed
 * order — registrations by id, then group members by id, then days, then the scans — so two
 * devices syncing overlapping queues at once wait for each other instead of deadlocking.
 */
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
  const items = scans.map((s) => ({
    code: s.code,
    scannedAt: s.scannedAt ? new Date(s.scannedAt).toISOString() : now,
    deviceId: s.deviceId ?? 'online',
    // The signature is checked before any lookup: a forged code reads nothing.
    codeId: verifyTicketCode(s.code),
  }));
  const results = await db.transaction().execute(async (tx) => {
    // A code names a registration (a person's, or a group's one QR) or a group member's ticket.
    const codeIds = [...new Set(items.flatMap((i) => (i.codeId ? [i.codeId] : [])))];
    const members = new Map((await repo.membersById(tx, codeIds)).map((m) => [m.id, m]));
    const groups = new Map(
      (
        await repo.groupRegistrations(tx, [...new Set([...members.values()].map((m) => m.groupId))])
      ).map((g) => [g.id, g.registrationId]),
    );
    const regIdOf = (codeId: string | null) => {
      if (!codeId) return null;
      const m = members.get(codeId);
      return m ? (groups.get(m.groupId) ?? null) : codeId;
    };
    const regIds = [...new Set(items.flatMap((i) => regIdOf(i.codeId) ?? []))];
    const regs = new Map((await repo.registrationsForCheckIn(tx, regIds)).map((r) => [r.id, r]));

    // Judge each scan; those that may check in are written below.
    const judged = items.map((i) => {
      const member = i.codeId ? members.get(i.codeId) : undefined;
      const regId = regIdOf(i.codeId);
      const r = regId ? regs.get(regId) : undefined;
      let outcome: ScanOutcome | null = null;
      if (!r) outcome = 'INVALID';
      else if (r.activityId !== a.id) outcome = 'WRONG_ACTIVITY';
      else if (input.sessionId && r.sessionId !== input.sessionId) outcome = 'WRONG_SESSION';
      else if (r.status === 'CANCELLED') outcome = 'CANCELLED';
      else if (r.status !== 'CONFIRMED') outcome = 'NOT_CONFIRMED';
      else if (member ? member.ticketCode !== i.code : r.groupId && r.ticketCode !== i.code)
        // A group's tickets are either one QR or one per person: the other kind is not valid.
        outcome = 'NOT_CONFIRMED';
      return { ...i, id: newId(), member, r, outcome: outcome as ScanOutcome | null };
    });
    const valid = judged.filter((j) => j.outcome === null);

    // The earliest scan of the batch per registration, per member and per (registration, day).
    const earliest = <K>(key: (j: (typeof valid)[number]) => K | null) => {
      const m = new Map<K, (typeof valid)[number]>();
      for (const j of valid) {
        const k = key(j);
        if (k === null) continue;
        const prev = m.get(k);
        if (!prev || j.scannedAt < prev.scannedAt) m.set(k, j);
      }
      return m;
    };
    const byReg = earliest((j) => j.r!.id);
    const byMember = earliest((j) => j.member?.id ?? null);
    const daily = a.checkInMode === 'DAILY';
    const byDay = earliest((j) =>
      daily && !j.member ? `${j.r!.id} ${todayInChina(Date.parse(j.scannedAt))}` : null,
    );
    const sorted = <V>(m: Map<string, V>) =>
      [...m].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    // The fixed order: every batch locks registrations in id order, then members, then days.
    const regWon = new Set<string>();
    for (const [id, j] of sorted(byReg))
      if (await repo.markCheckedIn(tx, id, j.scannedAt)) regWon.add(j.id);
    const memberWon = new Set<string>();
    for (const [id, j] of sorted(byMember))
      if (await repo.markMemberCheckedIn(tx, id, j.scannedAt)) memberWon.add(j.id);
    const dayWon = new Set<string>();
    for (const [key, j] of sorted(byDay)) {
      const [regId, day] = key.split(' ') as [string, string];
      if (await repo.markCheckedInOnDay(tx, regId, day, j.scannedAt)) dayWon.add(j.id);
    }
    for (const j of valid) {
      if (j.member) j.outcome = memberWon.has(j.id) ? 'CHECKED_IN' : 'ALREADY';
      // EVERY: each new scan is an entry; whether it is new, its insert tells.
      else if (a.checkInMode === 'EVERY') j.outcome = 'CHECKED_IN';
      else if (daily) j.outcome = dayWon.has(j.id) ? 'CHECKED_IN' : 'ALREADY';
      else j.outcome = regWon.has(j.id) ? 'CHECKED_IN' : 'ALREADY';
    }
    const rows = judged
      .map((j) => ({
        id: j.id,
        activityId: a.id,
        registrationId: j.r?.id ?? null,
        code: j.code,
        deviceId: j.deviceId,
        scannedAt: j.scannedAt,
        recordedAt: now,
        recordedBy: actor!.userId,
        outcome: j.outcome!,
      }))
      .sort((x, y) => {
        const kx = `${x.deviceId}\n${x.code}\n${x.scannedAt}`;
        const ky = `${y.deviceId}\n${y.code}\n${y.scannedAt}`;
        return kx < ky ? -1 : kx > ky ? 1 : 0;
      });
    const written = await repo.insertScans(tx, rows);
    for (const j of judged)
      if (
        a.checkInMode === 'EVERY' &&
        !j.member &&
        j.outcome === 'CHECKED_IN' &&
        !written.has(j.id)
      )
        // The same scan sent again is not another entry.
        j.outcome = 'ALREADY';
    const times = await repo.checkedInTimes(tx, [...byReg.keys()], [...byMember.keys()]);
    return judged.map((j): Result => {
      const known = j.r && j.outcome !== 'WRONG_ACTIVITY' ? j.r : null;
      return {
        code: j.code,
        outcome: j.outcome!,
        registrationId: known ? known.id : null,
        userName: known ? ((j.member?.name || null) ?? known.userName ?? null) : null,
        checkedInAt: !known
          ? null
          : j.member
            ? (times.get(j.member.id) ?? j.member.checkedInAt)
            : (times.get(known.id) ?? known.checkedInAt),
        quantity: known ? (j.member ? 1 : known.quantity) : null,
      };
    });
  });
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
    members: await repo.checkInMemberRows(db, a.id, sessionId),
    cancelled: (await repo.cancelledRows(db, a.id)).filter(
      (c) => !sessionId || c.sessionId === sessionId,
    ),
    generatedAt: nowIso(),
  };
}
