import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordlessUserRow } from '../src/modules/users/repo.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { newId, nowIso } from '../src/platform/ids.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

interface Activity {
  id: string;
  checkInMode: string;
  sessions: { id: string }[];
}
type Out = { results: { outcome: string; checkedInAt: string | null }[] };
type Counts = { registered: number; checkedIn: number; checkedInToday: number; entries: number };
type Attendance = {
  checkInMode: string;
  sessions: (Counts & { sessionId: string })[];
  total: Counts;
  byAudience: (Counts & { audience: string })[];
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A time `days` from now at hh:mm Beijing time, as an ISO instant. */
const at = (days: number, hh = 9, mm = 30) => {
  const d = new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
  return new Date(
    `${d}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`,
  ).toISOString();
};

describe.each(DIALECTS)('activities: check-in modes and attendance, on %s', (dialect) => {
  let env: TestEnv;
  let museum: { id: string };
  let museumEditor: Agent;
  let museumMember: Agent;

  async function people(n: number): Promise<Agent[]> {
    const now = nowIso();
    const out: Agent[] = [];
    for (let i = 0; i < n; i++) {
      const row = passwordlessUserRow({
        id: newId(),
        username: `ci${Date.now().toString(36)}${i}${Math.random().toString(36).slice(2, 6)}`,
        displayName: `观众${i}`,
        at: now,
        birthYear: 1990,
      });
      await env.handle.db.insertInto('users').values(row).execute();
      const s = await createSession(env.handle.db, env.config, {
        userId: row.id,
        mfaPassed: true,
        ip: null,
        userAgent: null,
      });
      const agent = new Agent(env.app);
      agent.cookie = `kepu_sid=${s.token}`;
      agent.csrf = s.csrfToken;
      out.push(agent);
    }
    return out;
  }

  async function published(extra: Record<string, unknown>) {
    const res = await museumEditor.post<Activity>('/api/activities', {
      organisationId: museum.id,
      typeCode: 'EXHIBITION',
      title: '矿物晶体展',
      audiences: ['YOUTH', 'GENERAL_PUBLIC'],
      sessions: [
        { startsAt: at(1, 9), endsAt: at(4, 17), capacity: 10, perPersonLimit: 4 },
        { startsAt: at(10, 9), endsAt: at(10, 17), capacity: 10, perPersonLimit: 4 },
      ],
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await museumEditor.post(`/api/activities/${res.body.id}/publish`)).status).toBe(200);
    return res.body;
  }
  const ticket = async (p: Agent, a: Activity, sessionId = a.sessions[0]!.id, quantity = 1) => {
    const r = await p.post<{ id: string; ticketCode: string }>(
      `/api/activities/${a.id}/registrations`,
      { sessionId, quantity },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const scan = async (a: Activity, body: unknown) => {
    const r = await museumMember.post<Out>(`/api/activities/${a.id}/check-ins`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.results;
  };
  const attendance = async (a: Activity) =>
    (await museumMember.get<Attendance>(`/api/activities/${a.id}/attendance`)).body;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    const admin = (await buildPlatformAdmin(env)).agent;
    const province = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    museum = await buildOrganisation(admin, province.id, {
      type: 'BASE_HOST',
      name: '湖南省地质博物馆',
    });
    museumEditor = (await buildUserWithRole(env, admin, 'EDITOR', museum.id)).agent;
    museumMember = (await buildUserWithRole(env, admin, 'MEMBER', museum.id)).agent;
  }, 60_000);
  afterAll(() => env.close());

  it('the organiser sets the mode; once is the default and is kept on the activity', async () => {
    const a = await published({});
    expect(a.checkInMode).toBe('ONCE');
    const patched = await museumEditor.patch<Activity>(`/api/activities/${a.id}`, {
      checkInMode: 'DAILY',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.checkInMode).toBe('DAILY');
    const bad = await museumEditor.patch(`/api/activities/${a.id}`, { checkInMode: 'HOURLY' });
    expect(bad.status).toBe(400);
    const list = await museumMember.get<{ activity: { checkInMode: string } }>(
      `/api/activities/${a.id}/check-in-list`,
    );
    expect(list.body.activity.checkInMode).toBe('DAILY');
  });

  it('once per day: a second scan the same Beijing day is a repeat, the next day a new check-in', async () => {
    const a = await published({ checkInMode: 'DAILY' });
    const [p1, p2] = await people(2);
    const t1 = await ticket(p1!, a);
    await ticket(p2!, a, a.sessions[0]!.id, 2);
    const yesterday = at(-1, 10);
    // Early today, and never later than now (between 00:00 and 00:30 in Beijing, 00:30 is ahead).
    const todayEarly = new Date(
      Math.min(Date.parse(at(0, 0, 30)), Date.now() - 1_000),
    ).toISOString();
    const sid = a.sessions[0]!.id;
    // Yesterday's scan synced from an offline phone, then today's two scans.
    expect(
      (await scan(a, { scans: [{ code: t1.ticketCode, scannedAt: yesterday, deviceId: 'A' }] }))[0]!
        .outcome,
    ).toBe('CHECKED_IN');
    expect(
      (
        await scan(a, { scans: [{ code: t1.ticketCode, scannedAt: todayEarly, deviceId: 'A' }] })
      )[0]!.outcome,
    ).toBe('CHECKED_IN');
    const again = await scan(a, { code: t1.ticketCode, sessionId: sid });
    expect(again[0]).toMatchObject({ outcome: 'ALREADY', checkedInAt: yesterday });
    // A device re-sending its queue changes nothing.
    expect(
      (
        await scan(a, { scans: [{ code: t1.ticketCode, scannedAt: todayEarly, deviceId: 'A' }] })
      )[0]!.outcome,
    ).toBe('ALREADY');
    const att = await attendance(a);
    expect(att.checkInMode).toBe('DAILY');
    expect(att.total).toEqual({ registered: 3, checkedIn: 1, checkedInToday: 1, entries: 2 });
    const days = await env.handle.db
      .selectFrom('checkInDays')
      .select('day')
      .where('registrationId', '=', t1.id)
      .orderBy('day')
      .execute();
    const bj = (iso: string) => new Date(Date.parse(iso) + 8 * HOUR).toISOString().slice(0, 10);
    expect(days.map((d) => d.day)).toEqual([bj(yesterday), bj(todayEarly)]);
    const scans = await env.handle.db
      .selectFrom('checkInScans')
      .select('outcome')
      .where('activityId', '=', a.id)
      .execute();
    expect(scans.map((s) => s.outcome).sort()).toEqual(['ALREADY', 'CHECKED_IN', 'CHECKED_IN']);
  });

  it('every entry: each scan is an entry, the same scan re-sent is not another', async () => {
    const a = await published({ checkInMode: 'EVERY' });
    const [p1] = await people(1);
    const t1 = await ticket(p1!, a);
    const first = await scan(a, { code: t1.ticketCode });
    const second = await scan(a, { code: t1.ticketCode });
    expect([first[0]!.outcome, second[0]!.outcome]).toEqual(['CHECKED_IN', 'CHECKED_IN']);
    const batch = { scans: [{ code: t1.ticketCode, scannedAt: at(0, 0, 5), deviceId: 'B' }] };
    expect((await scan(a, batch))[0]!.outcome).toBe('CHECKED_IN');
    expect((await scan(a, batch))[0]!.outcome).toBe('ALREADY');
    const att = await attendance(a);
    expect(att.total).toMatchObject({ registered: 1, checkedIn: 1, entries: 3 });
  });

  it('refuses a wrong session and a cancelled ticket by name; attendance by session and audience', async () => {
    const a = await published({});
    const [p1, p2, p3] = await people(3);
    const t1 = await ticket(p1!, a);
    const t2 = await ticket(p2!, a, a.sessions[1]!.id, 2);
    const t3 = await ticket(p3!, a);
    expect((await p3!.post(`/api/registrations/${t3.id}/cancel`)).status).toBe(200);
    const s0 = a.sessions[0]!.id;
    const outcomes = await scan(a, {
      scans: [
        { code: t1.ticketCode, scannedAt: at(0, 0, 1), deviceId: 'C' },
        { code: t3.ticketCode, scannedAt: at(0, 0, 2), deviceId: 'C' },
      ],
    });
    expect(outcomes.map((o) => o.outcome)).toEqual(['CHECKED_IN', 'CANCELLED']);
    expect((await scan(a, { code: t2.ticketCode, sessionId: s0 }))[0]!.outcome).toBe(
      'WRONG_SESSION',
    );
    expect((await scan(a, { code: t1.ticketCode, sessionId: s0 }))[0]!.outcome).toBe('ALREADY');
    const att = await attendance(a);
    expect(att.checkInMode).toBe('ONCE');
    const bySession = Object.fromEntries(att.sessions.map((s) => [s.sessionId, s]));
    expect(bySession[s0]).toMatchObject({ registered: 1, checkedIn: 1, entries: 1 });
    expect(bySession[a.sessions[1]!.id]).toMatchObject({ registered: 2, checkedIn: 0 });
    expect(att.total).toEqual({ registered: 3, checkedIn: 1, checkedInToday: 1, entries: 1 });
    expect(att.byAudience).toEqual([
      { audience: 'YOUTH', ...att.total },
      { audience: 'GENERAL_PUBLIC', ...att.total },
    ]);
    // The door list names the cancelled ticket, so an offline phone refuses it too.
    const list = await museumMember.get<{
      items: { registrationId: string; lastCheckInAt: string | null }[];
      cancelled: { registrationId: string }[];
    }>(`/api/activities/${a.id}/check-in-list`);
    expect(list.body.cancelled.map((c) => c.registrationId)).toEqual([t3.id]);
    expect(list.body.items.find((i) => i.registrationId === t1.id)!.lastCheckInAt).toBe(
      at(0, 0, 1),
    );
  });

  it('two devices syncing overlapping batches at once: no error, one check-in per ticket, every scan kept', async () => {
    const a = await published({
      sessions: [{ startsAt: at(1, 9), endsAt: at(1, 17), capacity: 100, perPersonLimit: 1 }],
    });
    const crowd = await people(40);
    const tickets: { id: string; ticketCode: string }[] = [];
    for (const p of crowd) tickets.push(await ticket(p, a));
    const sessionId = a.sessions[0]!.id;
    // Door A scanned tickets 0–29 in order, door B 10–39 the other way round: the 20 both
    // scanned are written by two transactions at once, which must not lock them in opposite
    // orders. Each round's scans are earlier than the last's, so every round moves every
    // ticket's check-in back (each registration row is written again).
    const ROUNDS = 5;
    const earliest = new Map<string, string>();
    let scans = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const base = Date.parse(at(0, 8)) - round * HOUR;
      const queue = (from: number, to: number, deviceId: string, offset: number) => {
        const out = [];
        for (let i = from; i < to; i++) {
          const scannedAt = new Date(base + i * 1000 + offset).toISOString();
          out.push({ code: tickets[i]!.ticketCode, scannedAt, deviceId });
          const prev = earliest.get(tickets[i]!.id);
          if (!prev || scannedAt < prev) earliest.set(tickets[i]!.id, scannedAt);
        }
        return out;
      };
      const doorA = queue(0, 30, 'door-a', 0);
      const doorB = queue(10, 40, 'door-b', 500).reverse();
      scans += doorA.length + doorB.length;
      const [ra, rb] = await Promise.all(
        [doorA, doorB].map((q) =>
          museumMember.post<Out>(`/api/activities/${a.id}/check-ins`, { sessionId, scans: q }),
        ),
      );
      expect(ra!.status, JSON.stringify(ra!.body)).toBe(200);
      expect(rb!.status, JSON.stringify(rb!.body)).toBe(200);
      // Door A's scans are the earliest: each checks its ticket in. Door B's on the 20 both
      // scanned check in too when B's batch was written first (A's then moves it back), else
      // they are repeats; its other 10 check in.
      expect(ra!.body.results.map((r) => r.outcome)).toEqual(doorA.map(() => 'CHECKED_IN'));
      const b = rb!.body.results.map((r) => r.outcome);
      expect(b.slice(0, 10)).toEqual(Array(10).fill('CHECKED_IN'));
      for (const o of b.slice(10)) expect(['CHECKED_IN', 'ALREADY']).toContain(o);
    }
    const regs = await env.handle.db
      .selectFrom('registrations')
      .select(['id', 'checkedInAt'])
      .where('activityId', '=', a.id)
      .execute();
    expect(regs).toHaveLength(40);
    for (const r of regs) expect(r.checkedInAt, r.id).toBe(earliest.get(r.id));
    const kept = await env.handle.db
      .selectFrom('checkInScans')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activityId', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(Number(kept.n)).toBe(scans);
    const att = await attendance(a);
    expect(att.total).toMatchObject({ registered: 40, checkedIn: 40, entries: 40 });
  }, 60_000);
});
