import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTicketCode } from '../src/modules/activities/tickets.ts';
import { passwordlessUserRow } from '../src/modules/users/repo.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { newId, nowIso } from '../src/platform/ids.ts';
import { runDueJobs } from '../src/platform/jobs/runner.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
const code = (r: { body: unknown }) => (r.body as ErrorBody).error.code;
const fields = (r: { body: unknown }) =>
  ((r.body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);

interface Session {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  placesLeft: number | null;
  waitlist: number;
  status: string;
}
interface Activity {
  id: string;
  status: string;
  title: string;
  sessions: Session[];
}
interface RegResult {
  id: string;
  status: string;
  ticketCode?: string;
}
interface MyReg {
  id: string;
  status: string;
  ticketCode: string | null;
  offerExpiresAt: string | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A time `days` from now at 09:30 China time, as an ISO instant. */
const at = (days: number, hh = 9, mm = 30) => {
  const d = new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
  return new Date(
    `${d}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`,
  ).toISOString();
};

describe.each(DIALECTS)('activities on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let office: { id: string };
  let province: { id: string };
  let museum: { id: string };
  let otherProvince: { id: string };
  let officeEditor: Agent;
  let museumEditor: Agent;
  let provAdmin: Agent;
  let otherProvAdmin: Agent;
  let museumMember: Agent;
  const anonymous = () => new Agent(env.app);

  /** `n` signed-in members of the public, made straight in the database (no password hashing). */
  async function people(n: number): Promise<{ agent: Agent; userId: string }[]> {
    const now = nowIso();
    const rows = Array.from({ length: n }, (_, i) =>
      passwordlessUserRow({
        id: newId(),
        username: `act${Date.now().toString(36)}${i}${Math.random().toString(36).slice(2, 6)}`,
        displayName: `报名者${i}`,
        at: now,
        birthYear: 1990,
      }),
    );
    for (let i = 0; i < rows.length; i += 50)
      await env.handle.db
        .insertInto('users')
        .values(rows.slice(i, i + 50))
        .execute();
    const out: { agent: Agent; userId: string }[] = [];
    for (const r of rows) {
      const s = await createSession(env.handle.db, env.config, {
        userId: r.id,
        mfaPassed: true,
        ip: null,
        userAgent: null,
      });
      const agent = new Agent(env.app);
      agent.cookie = `kepu_sid=${s.token}`;
      agent.csrf = s.csrfToken;
      out.push({ agent, userId: r.id });
    }
    return out;
  }

  async function activity(by: Agent, orgId: string, extra: Record<string, unknown> = {}) {
    const res = await by.post<Activity>('/api/activities', {
      organisationId: orgId,
      typeCode: 'LECTURE',
      title: '地球的故事：岩石里的亿万年',
      summary: '面向中小学生的地质科普讲座',
      body: '<p>带你认识<strong>岩石</strong></p><script>alert(1)</script>',
      audiences: ['GENERAL_PUBLIC'],
      divisionCode: '430100',
      address: '长沙市岳麓区 湖南省地质博物馆',
      lat: 28.2,
      lng: 112.9,
      sessions: [{ startsAt: at(10), endsAt: at(10, 11, 30), capacity: 100 }],
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    office = await buildOrganisation(admin, env.rootId, {
      type: 'MINISTRY_OFFICE',
      name: '科普工作办公室',
      tree: 'DEPT',
    });
    province = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    otherProvince = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '四川省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '510000',
    });
    museum = await buildOrganisation(admin, province.id, {
      type: 'BASE_HOST',
      name: '湖南省地质博物馆',
    });
    officeEditor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    museumEditor = (await buildUserWithRole(env, admin, 'EDITOR', museum.id)).agent;
    museumMember = (await buildUserWithRole(env, admin, 'MEMBER', museum.id)).agent;
    provAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', province.id)).agent;
    otherProvAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', otherProvince.id)).agent;
  }, 60_000);
  afterAll(() => env.close());

  it('the host creates, edits, publishes and cancels; others cannot; drafts are hidden', async () => {
    const a = await activity(museumEditor, museum.id);
    expect(a.status).toBe('DRAFT');
    expect(a.sessions).toHaveLength(1);
    const full = await museumEditor.get<Activity & { body: string }>(`/api/activities/${a.id}`);
    expect(full.body.body).toContain('<strong>');
    expect(full.body.body).not.toContain('script');
    expect((await anonymous().get(`/api/public/activities/${a.id}`)).status).toBe(404);
    // Not the host's editor: a member 403; another province's admin 404 (not in their reach).
    expect((await museumMember.post(`/api/activities/${a.id}/publish`)).status).toBe(403);
    expect((await otherProvAdmin.post(`/api/activities/${a.id}/publish`)).status).toBe(404);
    expect((await otherProvAdmin.patch(`/api/activities/${a.id}`, { title: '改' })).status).toBe(
      404,
    );
    expect(
      (
        await otherProvAdmin.post('/api/activities', {
          ...{ organisationId: museum.id, typeCode: 'LECTURE', title: 'x' },
          sessions: [{ startsAt: at(3), endsAt: at(3, 11) }],
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await anonymous().post('/api/activities', {
          organisationId: museum.id,
          typeCode: 'LECTURE',
          title: 'x',
          sessions: [{ startsAt: at(3), endsAt: at(3, 11) }],
        })
      ).status,
    ).toBe(401);
    // The province above the museum may edit it.
    const edited = await provAdmin.patch<Activity>(`/api/activities/${a.id}`, {
      title: '岩石里的亿万年',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('岩石里的亿万年');
    expect((await museumEditor.post(`/api/activities/${a.id}/publish`)).status).toBe(200);
    expect((await museumEditor.post(`/api/activities/${a.id}/publish`)).status).toBe(409);
    const pub = await anonymous().get<Activity>(`/api/public/activities/${a.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.sessions[0]!.placesLeft).toBe(100);
    const list = await anonymous().get<{
      items: { id: string; host: string; placesLeft: number }[];
      total: number;
    }>('/api/public/activities?q=亿万年&division=43&audience=GENERAL_PUBLIC&type=LECTURE');
    expect(list.body.items.map((i) => i.id)).toContain(a.id);
    expect(list.body.items.find((i) => i.id === a.id)).toMatchObject({
      host: '湖南省地质博物馆',
      capacity: 100,
      placesLeft: 100,
      waitlist: 0,
      place: '长沙市岳麓区 湖南省地质博物馆',
    });
    expect(
      (
        await anonymous().get<{ items: { id: string }[] }>('/api/public/activities?division=51')
      ).body.items.map((i) => i.id),
    ).not.toContain(a.id);
    // A base's page lists its host unit's activities.
    const byHost = async (id: string) =>
      (
        await anonymous().get<{ items: { id: string }[] }>(`/api/public/activities?host=${id}`)
      ).body.items.map((i) => i.id);
    expect(await byHost(museum.id)).toContain(a.id);
    expect(await byHost(office.id)).not.toContain(a.id);
    expect((await anonymous().get('/api/public/activities?host=42')).status).toBe(400);
    expect(
      (await otherProvAdmin.post(`/api/activities/${a.id}/cancel`, { reason: '天气原因' })).status,
    ).toBe(404);
    const search = (q: string) =>
      anonymous().get<{ items: { id: string; url: string }[] }>(
        `/api/search?q=${encodeURIComponent(q)}&type=activity`,
      );
    const found = await search('亿万年');
    expect(found.body.items.map((i) => i.id)).toContain(a.id);
    expect(found.body.items.find((i) => i.id === a.id)?.url).toBe(`/activities/${a.id}`);
    const cancelled = await museumEditor.post<Activity>(`/api/activities/${a.id}/cancel`, {
      reason: '天气原因',
    });
    expect(cancelled.body.status).toBe('CANCELLED');
    expect((await search('亿万年')).body.items.map((i) => i.id)).not.toContain(a.id);
    expect(
      (await anonymous().get<{ items: { id: string }[] }>('/api/public/activities')).body.items.map(
        (i) => i.id,
      ),
    ).not.toContain(a.id);
  });

  it('validation errors name the field; a recurring schedule becomes sessions (at most 200)', async () => {
    const bad = await museumEditor.post('/api/activities', {
      organisationId: museum.id,
      typeCode: 'NO_SUCH_TYPE',
      title: '讲座',
      audiences: ['NOPE'],
      sessions: [{ startsAt: at(5, 10), endsAt: at(5, 9) }],
    });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(expect.arrayContaining(['typeCode', 'audiences.0']));
    const badTimes = await museumEditor.post('/api/activities', {
      organisationId: museum.id,
      typeCode: 'LECTURE',
      title: '讲座',
      sessions: [{ startsAt: at(5, 10), endsAt: at(5, 9) }],
    });
    expect(fields(badTimes)).toEqual(['sessions.0.endsAt']);
    const noSessions = await museumEditor.post('/api/activities', {
      organisationId: museum.id,
      typeCode: 'LECTURE',
      title: '讲座',
      sessions: [],
    });
    expect(noSessions.status).toBe(400);
    expect(fields(noSessions)).toContain('sessions');
    const unbounded = await museumEditor.post('/api/activities', {
      organisationId: museum.id,
      typeCode: 'LECTURE',
      title: '讲座',
      sessions: [{ startsAt: at(5, 10), endsAt: at(5, 11) }],
      recurrence: { rrule: 'FREQ=DAILY' },
    });
    expect(unbounded.status).toBe(400);
    expect(fields(unbounded)).toEqual(['recurrence.rrule']);
    // Every Saturday 07:30 China time (Friday in UTC), ten times, the third left out.
    const first = new Date(`2030-01-05T07:30:00+08:00`).toISOString();
    const weekly = await activity(museumEditor, museum.id, {
      title: '周末研学',
      sessions: [
        {
          startsAt: first,
          endsAt: new Date(Date.parse(first) + 2 * HOUR).toISOString(),
          capacity: 20,
        },
      ],
      recurrence: {
        rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=10',
        exdates: [new Date(`2030-01-19T07:30:00+08:00`).toISOString()],
      },
    });
    expect(weekly.sessions).toHaveLength(9);
    for (const s of weekly.sessions) {
      const china = new Date(Date.parse(s.startsAt) + 8 * HOUR);
      expect(china.getUTCDay()).toBe(6);
      expect(china.toISOString().slice(11, 16)).toBe('07:30');
      expect(Date.parse(s.endsAt) - Date.parse(s.startsAt)).toBe(2 * HOUR);
    }
    expect(weekly.sessions.map((s) => s.startsAt)).not.toContain(
      new Date(`2030-01-19T07:30:00+08:00`).toISOString(),
    );
  });

  it('300 people at once for 100 places: exactly 100 confirmed, 200 waiting, distinct tickets', async () => {
    const a = await activity(museumEditor, museum.id, { title: '地球日主场活动' });
    await museumEditor.post(`/api/activities/${a.id}/publish`);
    const crowd = await people(300);
    const started = performance.now();
    const results = await Promise.all(
      crowd.map((p) => p.agent.post<RegResult>(`/api/activities/${a.id}/registrations`, {})),
    );
    const ms = Math.round(performance.now() - started);
    console.log(`[${dialect}] 300 registrations for 100 places: ${ms} ms`);
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const confirmed = results.filter((r) => r.body.status === 'CONFIRMED');
    expect(confirmed).toHaveLength(100);
    expect(results.filter((r) => r.body.status === 'WAITLISTED')).toHaveLength(200);
    const tickets = confirmed.map((r) => r.body.ticketCode!);
    expect(new Set(tickets).size).toBe(100);
    for (const t of tickets) expect(verifyTicketCode(t)).not.toBeNull();
    expect(verifyTicketCode(`${tickets[0]!.slice(0, -2)}xx`)).toBeNull();
    const s = await env.handle.db
      .selectFrom('activitySessions')
      .select(['taken', 'capacity'])
      .where('activityId', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(Number(s.taken)).toBe(100);
    const n = await env.handle.db
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activityId', '=', a.id)
      .where('status', '=', 'CONFIRMED')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(100);
    const pub = await anonymous().get<Activity>(`/api/public/activities/${a.id}`);
    expect(pub.body.sessions[0]).toMatchObject({ placesLeft: 0, waitlist: 200 });
  }, 120_000);

  it('one person registering twice at once keeps one live registration', async () => {
    const a = await activity(museumEditor, museum.id, { title: '矿物标本展' });
    await museumEditor.post(`/api/activities/${a.id}/publish`);
    const [p] = await people(1);
    const both = await Promise.all([
      p!.agent.post<RegResult>(`/api/activities/${a.id}/registrations`, {}),
      p!.agent.post<RegResult>(`/api/activities/${a.id}/registrations`, {}),
      p!.agent.post<RegResult>(`/api/activities/${a.id}/registrations`, {}),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const mine = await p!.agent.get<{ items: MyReg[] }>('/api/me/registrations');
    expect(mine.body.items).toHaveLength(1);
    const s = await env.handle.db
      .selectFrom('activitySessions')
      .select('taken')
      .where('activityId', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(Number(s.taken)).toBe(1);
    // Too many places for one person: the field is named.
    const [q] = await people(1);
    const many = await q!.agent.post(`/api/activities/${a.id}/registrations`, { quantity: 5 });
    expect(many.status).toBe(400);
    expect(fields(many)).toEqual(['quantity']);
  });

  it('ten cancellations at once offer ten different waiting people; the counter stays exact', async () => {
    const a = await activity(museumEditor, museum.id, {
      title: '岩石标本鉴定',
      sessions: [{ startsAt: at(9), endsAt: at(9, 11), capacity: 10 }],
    });
    await museumEditor.post(`/api/activities/${a.id}/publish`);
    const crowd = await people(25);
    const regs: RegResult[] = [];
    for (const p of crowd)
      regs.push((await p.agent.post<RegResult>(`/api/activities/${a.id}/registrations`, {})).body);
    expect(regs.filter((r) => r.status === 'CONFIRMED')).toHaveLength(10);
    const cancels = await Promise.all(
      crowd.slice(0, 10).map((p, i) => p.agent.post(`/api/registrations/${regs[i]!.id}/cancel`)),
    );
    for (const c of cancels) expect(c.status).toBe(200);
    const rows = await env.handle.db
      .selectFrom('registrations')
      .select(['id', 'status'])
      .where('activityId', '=', a.id)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r.status]));
    // The first ten waiting are offered, in order; the other five still wait.
    expect(regs.slice(10, 20).map((r) => byId.get(r.id))).toEqual(Array(10).fill('OFFERED'));
    expect(regs.slice(20).map((r) => byId.get(r.id))).toEqual(Array(5).fill('WAITLISTED'));
    const s = await env.handle.db
      .selectFrom('activitySessions')
      .select('taken')
      .where('activityId', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(Number(s.taken)).toBe(10);
  });

  it('a promotion chain: cancel → offered → hold expires (jobs) → next offered → confirms', async () => {
    const a = await activity(museumEditor, museum.id, {
      title: '野外地质考察',
      sessions: [
        { startsAt: at(10), endsAt: at(10, 17), capacity: 2, holdHours: 24, cancelCutoffHours: 48 },
      ],
    });
    await museumEditor.post(`/api/activities/${a.id}/publish`);
    const [p1, p2, w1, w2, w3] = await people(5);
    const reg = async (p: { agent: Agent }) =>
      (await p.agent.post<RegResult>(`/api/activities/${a.id}/registrations`, {})).body;
    const r1 = await reg(p1!);
    await reg(p2!);
    const rw1 = await reg(w1!);
    const rw2 = await reg(w2!);
    await reg(w3!);
    expect(r1.status).toBe('CONFIRMED');
    expect([rw1.status, rw2.status]).toEqual(['WAITLISTED', 'WAITLISTED']);
    // Someone else cannot cancel it (404); the person can, before the cut-off.
    expect((await w1!.agent.post(`/api/registrations/${r1.id}/cancel`)).status).toBe(404);
    expect((await p1!.agent.post(`/api/registrations/${r1.id}/cancel`)).status).toBe(200);
    const after = await w1!.agent.get<{ items: MyReg[] }>('/api/me/registrations');
    expect(after.body.items[0]).toMatchObject({ status: 'OFFERED', ticketCode: null });
    const inbox = await w1!.agent.get<{ items: { title: string }[] }>('/api/me/notifications');
    expect(inbox.body.items[0]!.title).toContain('已为您保留');
    // The held place counts as taken: a newcomer waits.
    const [late] = await people(1);
    expect((await reg(late!)).status).toBe('WAITLISTED');
    // Nothing happens before the hold ends; after it, the offer expires and passes on.
    await runDueJobs(
      { db: env.handle.db, dialect: env.handle.dialect, config: env.config },
      {
        now: Date.now() + 23 * HOUR,
        names: ['activities.expireOffer'],
      },
    );
    expect(
      (await w1!.agent.get<{ items: MyReg[] }>('/api/me/registrations')).body.items[0]!.status,
    ).toBe('OFFERED');
    await runDueJobs(
      { db: env.handle.db, dialect: env.handle.dialect, config: env.config },
      {
        now: Date.now() + 25 * HOUR,
        names: ['activities.expireOffer'],
      },
    );
    expect(
      (await w1!.agent.get<{ items: MyReg[] }>('/api/me/registrations')).body.items[0]!.status,
    ).toBe('EXPIRED');
    expect((await w1!.agent.post(`/api/registrations/${rw1.id}/confirm`)).status).toBe(409);
    const offered = (await w2!.agent.get<{ items: MyReg[] }>('/api/me/registrations')).body
      .items[0]!;
    expect(offered.status).toBe('OFFERED');
    const ok = await w2!.agent.post<RegResult>(`/api/registrations/${rw2.id}/confirm`);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('CONFIRMED');
    expect(verifyTicketCode(ok.body.ticketCode!)).toBe(rw2.id);
    const pub = await anonymous().get<Activity>(`/api/public/activities/${a.id}`);
    expect(pub.body.sessions[0]).toMatchObject({ placesLeft: 0, waitlist: 2 });
    // The organiser cancels the activity: every registrant is told.
    await museumEditor.post(`/api/activities/${a.id}/cancel`, { reason: '暴雨预警' });
    const told = await w3!.agent.get<{ items: { title: string }[] }>('/api/me/notifications');
    expect(told.body.items[0]!.title).toContain('已取消');
    expect(
      (await w2!.agent.get<{ items: MyReg[] }>('/api/me/registrations')).body.items[0]!.status,
    ).toBe('CANCELLED');
  });

  it('approval: pending holds the place; the host approves (ticket) or declines (next offered); a session is cancelled', async () => {
    const a = await activity(museumEditor, museum.id, {
      title: '实验室开放日',
      sessions: [
        { startsAt: at(12), endsAt: at(12, 11), capacity: 2, approvalRequired: true },
        { startsAt: at(13), endsAt: at(13, 11), capacity: 5 },
      ],
    });
    await museumEditor.post(`/api/activities/${a.id}/publish`);
    const [s1, s2] = a.sessions;
    const [p1, p2, p3] = await people(3);
    // Several sessions: which one must be said.
    const which = await p1!.agent.post(`/api/activities/${a.id}/registrations`, {});
    expect(fields(which)).toEqual(['sessionId']);
    const reg = async (p: { agent: Agent }, sessionId: string) =>
      (
        await p.agent.post<RegResult>(`/api/activities/${a.id}/registrations`, {
          sessionId,
          answers: { school: '长沙市一中' },
        })
      ).body;
    const r1 = await reg(p1!, s1!.id);
    const r2 = await reg(p2!, s1!.id);
    const r3 = await reg(p3!, s1!.id);
    expect([r1.status, r2.status, r3.status]).toEqual([
      'PENDING_APPROVAL',
      'PENDING_APPROVAL',
      'WAITLISTED',
    ]);
    expect(r1.ticketCode).toBeUndefined();
    const list = await museumEditor.get<{
      items: { id: string; status: string; answers: Record<string, string> }[];
    }>(`/api/activities/${a.id}/registrations?sessionId=${s1!.id}`);
    expect(list.body.items.map((i) => i.id)).toEqual([r1.id, r2.id, r3.id]);
    expect(list.body.items[0]!.answers.school).toBe('长沙市一中');
    expect((await museumMember.get(`/api/activities/${a.id}/registrations`)).status).toBe(403);
    expect((await otherProvAdmin.get(`/api/activities/${a.id}/registrations`)).status).toBe(404);
    expect((await otherProvAdmin.post(`/api/registrations/${r1.id}/approve`, {})).status).toBe(404);
    expect((await museumEditor.post(`/api/registrations/${r1.id}/approve`, {})).status).toBe(200);
    expect((await museumEditor.post(`/api/registrations/${r1.id}/approve`, {})).status).toBe(409);
    const mine = await p1!.agent.get<{ items: MyReg[] }>('/api/me/registrations');
    expect(mine.body.items[0]!.status).toBe('CONFIRMED');
    expect(verifyTicketCode(mine.body.items[0]!.ticketCode!)).toBe(r1.id);
    expect(
      (await museumEditor.post(`/api/registrations/${r2.id}/decline`, { note: '名额已满' })).status,
    ).toBe(200);
    expect(
      (await p2!.agent.get<{ items: MyReg[] }>('/api/me/registrations')).body.items[0]!.status,
    ).toBe('DECLINED');
    expect(
      (await p3!.agent.get<{ items: MyReg[] }>('/api/me/registrations')).body.items[0]!.status,
    ).toBe('OFFERED');
    // The host cancels the first session: its registrants are told, the other session stays.
    expect(
      (
        await otherProvAdmin.post(`/api/activities/${a.id}/sessions/${s1!.id}/cancel`, {
          reason: '设备检修',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await museumEditor.post(`/api/activities/${a.id}/sessions/${s1!.id}/cancel`, {
          reason: '设备检修',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await museumEditor.post(`/api/activities/${a.id}/sessions/${s1!.id}/cancel`, {
          reason: '设备检修',
        })
      ).status,
    ).toBe(409);
    const told = await p1!.agent.get<{ items: { title: string; body: string }[] }>(
      '/api/me/notifications',
    );
    expect(told.body.items[0]!.body).toContain('设备检修');
    expect(
      (await p1!.agent.get<{ items: MyReg[] }>('/api/me/registrations')).body.items[0]!.status,
    ).toBe('CANCELLED');
    const pub = await anonymous().get<Activity & { sessions: { status: string }[] }>(
      `/api/public/activities/${a.id}`,
    );
    expect(pub.body.sessions.map((s) => s.status)).toEqual(['CANCELLED', 'ACTIVE']);
    expect(
      (await p2!.agent.post(`/api/activities/${a.id}/registrations`, { sessionId: s1!.id })).status,
    ).toBe(409);
    expect((await reg(p2!, s2!.id)).status).toBe('CONFIRMED');
  });
  it('check-in: once per ticket, refusals with a reason, offline batches from two devices resolve to one', async () => {
    const a = await activity(museumEditor, museum.id, { title: '地质实验室开放日' });
    await museumEditor.post(`/api/activities/${a.id}/publish`);
    const other = await activity(museumEditor, museum.id, { title: '另一场讲座' });
    await museumEditor.post(`/api/activities/${other.id}/publish`);
    const [p1, p2, p3] = await people(3);
    const reg = async (p: { agent: Agent }, id: string) =>
      (await p.agent.post<RegResult>(`/api/activities/${id}/registrations`, {})).body;
    const t1 = await reg(p1!, a.id);
    const t2 = await reg(p2!, a.id);
    const t3 = await reg(p3!, a.id);
    const elsewhere = await reg(p1!, other.id);
    await p3!.agent.post(`/api/registrations/${t3.id}/cancel`);
    type Out = {
      results: { outcome: string; registrationId: string | null; checkedInAt: string | null }[];
    };
    const scan = (body: unknown, by: Agent = museumMember) =>
      by.post<Out>(`/api/activities/${a.id}/check-ins`, body);
    const first = await scan({ code: t1.ticketCode, sessionId: a.sessions[0]!.id });
    expect(first.status).toBe(200);
    expect(first.body.results[0]).toMatchObject({ outcome: 'CHECKED_IN', registrationId: t1.id });
    expect((await scan({ code: t1.ticketCode })).body.results[0]!.outcome).toBe('ALREADY');
    expect(
      (await scan({ code: `${t2.ticketCode!.slice(0, -3)}abc` })).body.results[0]!.outcome,
    ).toBe('INVALID');
    expect((await scan({ code: elsewhere.ticketCode })).body.results[0]!.outcome).toBe(
      'WRONG_ACTIVITY',
    );
    expect(
      (await scan({ code: t2.ticketCode, sessionId: other.sessions[0]!.id })).body.results[0]!
        .outcome,
    ).toBe('WRONG_SESSION');
    const t3Code = (
      await env.handle.db
        .selectFrom('registrations')
        .select('ticketCode')
        .where('id', '=', t3.id)
        .executeTakeFirstOrThrow()
    ).ticketCode;
    expect((await scan({ code: t3Code })).body.results[0]!.outcome).toBe('CANCELLED');
    expect((await scan({ code: t1.ticketCode }, otherProvAdmin)).status).toBe(404);
    expect((await scan({ code: t1.ticketCode }, p1!.agent)).status).toBe(404);
    expect(fields(await scan({}))).toEqual(['code']);
    // Two offline devices scanned ticket 2; the later scan syncs first. One check-in, the earliest.
    const early = new Date(Date.now() - 10 * 60_000).toISOString();
    const late = new Date(Date.now() - 5 * 60_000).toISOString();
    const batchB = { scans: [{ code: t2.ticketCode, scannedAt: late, deviceId: 'phone-B' }] };
    const batchA = { scans: [{ code: t2.ticketCode, scannedAt: early, deviceId: 'phone-A' }] };
    expect((await scan(batchB)).body.results[0]!.checkedInAt).toBe(late);
    expect((await scan(batchA)).body.results[0]!.checkedInAt).toBe(early);
    // A device re-sending its queue adds nothing.
    expect((await scan(batchA)).body.results[0]).toMatchObject({
      outcome: 'ALREADY',
      checkedInAt: early,
    });
    const scans = await env.handle.db
      .selectFrom('checkInScans')
      .select(['deviceId'])
      .where('registrationId', '=', t2.id)
      .execute();
    expect(scans.map((x) => x.deviceId).sort()).toEqual(['online', 'phone-A', 'phone-B']);
    const att = await museumMember.get<{ sessions: { registered: number; checkedIn: number }[] }>(
      `/api/activities/${a.id}/attendance`,
    );
    expect(att.body.sessions).toMatchObject([
      { sessionId: a.sessions[0]!.id, registered: 2, checkedIn: 2 },
    ]);
    // The door's list, kept by a device that will be offline: confirmed registrations by name.
    type DoorList = {
      sessions: { id: string }[];
      items: { registrationId: string; userName: string; checkedInAt: string | null }[];
    };
    const list = await museumMember.get<DoorList>(
      `/api/activities/${a.id}/check-in-list?sessionId=${a.sessions[0]!.id}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.sessions.map((x) => x.id)).toEqual([a.sessions[0]!.id]);
    expect(list.body.items.map((i) => i.registrationId).sort()).toEqual([t1.id, t2.id].sort());
    expect(list.body.items.every((i) => i.checkedInAt && i.userName.startsWith('报名者'))).toBe(
      true,
    );
    expect((await otherProvAdmin.get(`/api/activities/${a.id}/check-in-list`)).status).toBe(404);
    expect((await p1!.agent.get(`/api/activities/${a.id}/check-in-list`)).status).toBe(404);
    expect((await anonymous().get(`/api/activities/${a.id}/check-in-list`)).status).toBe(401);
    expect(
      fields(
        await museumMember.get(
          `/api/activities/${a.id}/check-in-list?sessionId=${other.sessions[0]!.id}`,
        ),
      ),
    ).toEqual(['sessionId']);
  });

  it('iCalendar feeds: one VEVENT per session, Asia/Shanghai times, filters', async () => {
    const a = await activity(museumEditor, museum.id, {
      title: '测绘法宣传日开放活动',
      sessions: [
        { startsAt: at(20, 9, 0), endsAt: at(20, 11, 0), capacity: 30 },
        { startsAt: at(21, 14, 0), endsAt: at(21, 16, 0), capacity: 30 },
      ],
    });
    await museumEditor.post(`/api/activities/${a.id}/publish`);
    const one = await anonymous().get<Buffer>(`/api/public/activities/${a.id}.ics`);
    expect(one.status).toBe(200);
    expect(String(one.headers['content-type'])).toMatch(/^text\/calendar/);
    const text = one.body.toString('utf8');
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:');
    const parsed = Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT');
    expect(parsed).toHaveLength(2);
    const starts = parsed.map((e) => (e as { start: Date }).start.toISOString()).sort();
    expect(starts).toEqual([at(20, 9, 0), at(21, 14, 0)]);
    const wall = text.match(/DTSTART;TZID=Asia\/Shanghai:\d{8}T(\d{4})/g);
    expect(wall?.map((w) => w.slice(-4)).sort()).toEqual(['0900', '1400']);
    const all = await anonymous().get<Buffer>(
      '/api/public/activities.ics?province=43&type=LECTURE',
    );
    expect(String(all.headers['content-type'])).toMatch(/^text\/calendar/);
    const events = Object.values(ical.sync.parseICS(all.body.toString('utf8'))).filter(
      (c) => c?.type === 'VEVENT',
    );
    expect(events.map((e) => (e as { uid: string }).uid)).toEqual(
      expect.arrayContaining(a.sessions.map((s) => `${s.id}@kepu`)),
    );
    const none = await anonymous().get<Buffer>('/api/public/activities.ics?province=51');
    expect(
      Object.values(ical.sync.parseICS(none.body.toString('utf8'))).filter(
        (c) => c?.type === 'VEVENT',
      ),
    ).toHaveLength(0);
    expect((await anonymous().get(`/api/public/activities/${newId()}.ics`)).status).toBe(404);
  });

  it('campaigns: the office enters them (one per theme day and year); others may not', async () => {
    const body = {
      themeDayCode: 'EARTH_DAY',
      year: 2024,
      startDate: '2024-04-22',
      endDate: '2024-04-28',
      theme: '珍爱地球 人与自然和谐共生',
      noticeDocNo: '自然资办函〔2024〕500号',
      hostDivision: '371300',
    };
    expect((await museumEditor.post('/api/campaigns', body)).status).toBe(403);
    expect((await provAdmin.post('/api/campaigns', body)).status).toBe(403);
    const c = await officeEditor.post<{ id: string; ordinal: number; themeDayName: string }>(
      '/api/campaigns',
      body,
    );
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.ordinal).toBe(55);
    expect((await officeEditor.post('/api/campaigns', body)).status).toBe(409);
    const bad = await officeEditor.post('/api/campaigns', {
      ...body,
      year: 2025,
      startDate: '2025-04-28',
      endDate: '2025-04-20',
    });
    expect(fields(bad)).toEqual(['endDate']);
    const fixed = await officeEditor.patch<{ ordinal: number }>(`/api/campaigns/${c.body.id}`, {
      ordinalOverride: 54,
    });
    expect(fixed.body.ordinal).toBe(54);
    const list = await anonymous().get<{ items: { id: string }[] }>(
      '/api/public/campaigns?year=2024',
    );
    expect(list.body.items.map((i) => i.id)).toEqual([c.body.id]);
    // An activity tagged to the campaign, in the campaign's feed.
    const a = await activity(museumEditor, museum.id, {
      title: '地球日科普讲座',
      campaignId: c.body.id,
      themeDayCode: 'EARTH_DAY',
    });
    await museumEditor.post(`/api/activities/${a.id}/publish`);
    const feed = await anonymous().get<Buffer>(`/api/public/activities.ics?campaign=${c.body.id}`);
    const events = Object.values(ical.sync.parseICS(feed.body.toString('utf8'))).filter(
      (x) => x?.type === 'VEVENT',
    );
    expect(events).toHaveLength(1);
    expect(
      code(
        await officeEditor.post('/api/activities', {
          organisationId: museum.id,
          typeCode: 'LECTURE',
          title: 'x',
          campaignId: newId(),
          sessions: [{ startsAt: at(3), endsAt: at(3, 11) }],
        }),
      ),
    ).toBe('FORBIDDEN');
  });
});
