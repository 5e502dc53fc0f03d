import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordlessUserRow } from '../src/modules/users/repo.ts';
import { volunteerHoursOf } from '../src/modules/volunteers/hours.ts';
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

type Err = { error: { code: string; details?: { fields?: { field: string }[] } } };
type Times = {
  status: string;
  arrivedAt: string | null;
  departedAt: string | null;
  hours: number | null;
};
type Roles = {
  roles: {
    id: string;
    sessionId: string;
    taken: number;
    shifts: { id: string; userId: string; status: string; hours: number | null }[];
  }[];
};
type Totals = {
  items: { key: string | null; label: string | null; hours: number; people: number }[];
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (days: number, hh: number) => {
  const d = new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
  return new Date(`${d}T${String(hh).padStart(2, '0')}:00:00+08:00`).toISOString();
};
const year = Number(new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 4));

describe.each(DIALECTS)('volunteers: shifts, door times and hours, on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let hunan: { id: string };
  let sichuan: { id: string };
  let museum: { id: string };
  let chengdu: { id: string };
  let museumEditor: Agent;
  let museumMember: Agent;
  let hunanEditor: Agent;
  let sichuanEditor: Agent;
  let chengduEditor: Agent;
  let activity: { id: string; sessions: { id: string }[] };

  /** People verified as volunteers of `org` (rows written directly: registration is tested apart). */
  async function volunteers(n: number, org: string, prefix = '志愿者') {
    const out: { agent: Agent; userId: string }[] = [];
    const now = nowIso();
    for (let i = 0; i < n; i++) {
      const row = passwordlessUserRow({
        id: newId(),
        username: `vs${Date.now().toString(36)}${i}${Math.random().toString(36).slice(2, 6)}`,
        displayName: `${prefix}${i}`,
        at: now,
        birthYear: 1990,
      });
      await env.handle.db.insertInto('users').values(row).execute();
      await env.handle.db
        .insertInto('volunteers')
        .values({
          userId: row.id,
          skills: '[]',
          availability: '{}',
          regions: '[]',
          emergencyName: '联系人',
          emergencyPhone: '13800000000',
          guardianName: null,
          guardianContact: null,
          guardianConsentAt: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await env.handle.db
        .insertInto('volunteerHosts')
        .values({
          id: newId(),
          userId: row.id,
          organisationId: org,
          status: 'VERIFIED',
          decisionNote: null,
          decidedBy: null,
          decidedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      const s = await createSession(env.handle.db, env.config, {
        userId: row.id,
        mfaPassed: true,
        ip: null,
        userAgent: null,
      });
      const agent = new Agent(env.app);
      agent.cookie = `kepu_sid=${s.token}`;
      agent.csrf = s.csrfToken;
      out.push({ agent, userId: row.id });
    }
    return out;
  }
  const role = async (sessionId: string, label: string, places: number) => {
    const r = await museumEditor.post<{ id: string }>(
      `/api/activities/${activity.id}/sessions/${sessionId}/volunteer-roles`,
      { label, places },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id;
  };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    hunan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    sichuan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '四川省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '510000',
    });
    museum = await buildOrganisation(admin, hunan.id, {
      type: 'BASE_HOST',
      name: '湖南省地质博物馆',
    });
    chengdu = await buildOrganisation(admin, sichuan.id, {
      type: 'BASE_HOST',
      name: '成都理工大学博物馆',
    });
    museumEditor = (await buildUserWithRole(env, admin, 'EDITOR', museum.id)).agent;
    museumMember = (await buildUserWithRole(env, admin, 'MEMBER', museum.id)).agent;
    hunanEditor = (await buildUserWithRole(env, admin, 'EDITOR', hunan.id)).agent;
    sichuanEditor = (await buildUserWithRole(env, admin, 'EDITOR', sichuan.id)).agent;
    chengduEditor = (await buildUserWithRole(env, admin, 'EDITOR', chengdu.id)).agent;
    const res = await museumEditor.post<{ id: string; sessions: { id: string }[] }>(
      '/api/activities',
      {
        organisationId: museum.id,
        typeCode: 'EXHIBITION',
        title: '矿物晶体展',
        audiences: ['GENERAL_PUBLIC'],
        sessions: [
          { startsAt: at(1, 9), endsAt: at(1, 12), capacity: 100 },
          { startsAt: at(8, 9), endsAt: at(8, 12), capacity: 100 },
        ],
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await museumEditor.post(`/api/activities/${res.body.id}/publish`)).status).toBe(200);
    activity = res.body;
  }, 60_000);
  afterAll(() => env.close());

  it('lets only the host’s editors open roles', async () => {
    const s = activity.sessions[0]!.id;
    const url = `/api/activities/${activity.id}/sessions/${s}/volunteer-roles`;
    const body = { label: '讲解', places: 2 };
    expect((await museumMember.post(url, body)).status).toBe(403);
    expect((await sichuanEditor.post(url, body)).status).toBe(404);
    expect((await chengduEditor.post(url, body)).status).toBe(404);
    expect((await hunanEditor.post(url, body)).status).toBe(201); // the unit above, as for activities
    const bad = await museumEditor.post<Err>(url, { label: '', places: 0 });
    expect(bad.status).toBe(400);
  });

  it('never oversells a role under a burst of parallel sign-ups', async () => {
    const id = await role(activity.sessions[0]!.id, '引导', 5);
    const people = await volunteers(30, museum.id, '引导员');
    const answers = await Promise.all(
      people.map((p) => p.agent.post(`/api/volunteer-roles/${id}/sign-ups`)),
    );
    const codes = answers.map((a) => a.status);
    expect(codes.filter((c) => c === 201)).toHaveLength(5);
    expect(codes.filter((c) => c === 409)).toHaveLength(25);
    const row = await env.handle.db
      .selectFrom('volunteerRoles')
      .select('taken')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.taken).toBe(5);
    const live = await env.handle.db
      .selectFrom('volunteerShifts')
      .select('id')
      .where('roleId', '=', id)
      .where('status', 'in', ['PENDING', 'CONFIRMED'])
      .execute();
    expect(live).toHaveLength(5);
    // One person, two roles of the same session at once: one wins.
    const [p] = await volunteers(1, museum.id);
    const a = await role(activity.sessions[0]!.id, '安全', 3);
    const b = await role(activity.sessions[0]!.id, '摄影', 3);
    const both = await Promise.all([
      p!.agent.post(`/api/volunteer-roles/${a}/sign-ups`),
      p!.agent.post(`/api/volunteer-roles/${b}/sign-ups`),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const taken = await env.handle.db
      .selectFrom('volunteerRoles')
      .select('taken')
      .where('id', 'in', [a, b])
      .execute();
    expect(taken.reduce((n, r) => n + r.taken, 0)).toBe(1);
    // A volunteer of another host is refused.
    const [other] = await volunteers(1, chengdu.id);
    expect((await other!.agent.post(`/api/volunteer-roles/${a}/sign-ups`)).status).toBe(403);
  });

  it('confirms, checks in and out, caps the hours, and lets the host correct a missing check-out', async () => {
    const id = await role(activity.sessions[0]!.id, '展厅讲解', 3);
    const [v, w] = await volunteers(2, museum.id, '讲解员');
    const sv = await v!.agent.post<{ id: string }>(`/api/volunteer-roles/${id}/sign-ups`);
    const sw = await w!.agent.post<{ id: string }>(`/api/volunteer-roles/${id}/sign-ups`);
    // Check-in before confirmation is refused.
    expect((await museumMember.post(`/api/volunteer-shifts/${sv.body.id}/arrive`, {})).status).toBe(
      422,
    );
    // Deciding: the member 403, another province 404, the host's editor 200.
    expect(
      (await museumMember.post(`/api/volunteer-shifts/${sv.body.id}/decide`, { confirm: true }))
        .status,
    ).toBe(403);
    expect(
      (await sichuanEditor.post(`/api/volunteer-shifts/${sv.body.id}/decide`, { confirm: true }))
        .status,
    ).toBe(404);
    for (const s of [sv, sw])
      expect(
        (await museumEditor.post(`/api/volunteer-shifts/${s.body.id}/decide`, { confirm: true }))
          .status,
      ).toBe(200);
    const told = await env.handle.db
      .selectFrom('notifications')
      .select('title')
      .where('userId', '=', v!.userId)
      .where('kind', '=', 'volunteer.shiftDecided')
      .execute();
    expect(told.map((t) => t.title)).toEqual(['您在“矿物晶体展”的展厅讲解岗位已确认']);
    // The door: a member of the host checks in and out; another province cannot.
    const arrived = new Date(Date.now() - 5 * HOUR).toISOString();
    expect(
      (await sichuanEditor.post(`/api/volunteer-shifts/${sv.body.id}/arrive`, { at: arrived }))
        .status,
    ).toBe(404);
    expect((await museumMember.post(`/api/volunteer-shifts/${sv.body.id}/depart`, {})).status).toBe(
      422,
    );
    const arr = await museumMember.post<Times>(`/api/volunteer-shifts/${sv.body.id}/arrive`, {
      at: arrived,
    });
    expect(arr.status, JSON.stringify(arr.body)).toBe(200);
    expect(arr.body.hours).toBeNull();
    const dep = await museumMember.post<Times>(`/api/volunteer-shifts/${sv.body.id}/depart`, {});
    expect(dep.status).toBe(200);
    // Five hours at the door; the session is three hours long, so 3 + 1 h margin = 4 h.
    expect(dep.body.hours).toBe(4);
    // W arrived 90 minutes ago and left without checking out: no hours until the host sets them.
    await museumMember.post(`/api/volunteer-shifts/${sw.body.id}/arrive`, {
      at: new Date(Date.now() - 1.5 * HOUR).toISOString(),
    });
    let list = await museumMember.get<Roles>(`/api/activities/${activity.id}/volunteer-roles`);
    const mine = list.body.roles.find((r) => r.id === id)!;
    expect(mine.shifts.map((s) => s.hours)).toEqual([4, null]);
    expect(
      (
        await museumMember.post(`/api/volunteer-shifts/${sw.body.id}/hours`, {
          hours: 1.5,
          reason: '忘记签退',
        })
      ).status,
    ).toBe(403);
    const tooMuch = await museumEditor.post<Err>(`/api/volunteer-shifts/${sw.body.id}/hours`, {
      hours: 9,
      reason: '忘记签退',
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.details!.fields!.map((f) => f.field)).toEqual(['hours']);
    const fixed = await museumEditor.post<Times>(`/api/volunteer-shifts/${sw.body.id}/hours`, {
      hours: 1.5,
      reason: '忘记签退',
    });
    expect(fixed.body.hours).toBe(1.5);
    list = await museumMember.get<Roles>(`/api/activities/${activity.id}/volunteer-roles`);
    expect(list.body.roles.find((r) => r.id === id)!.shifts.map((s) => s.hours)).toEqual([4, 1.5]);
    // The volunteer sees the shift with its hours.
    const shifts = await v!.agent.get<{ items: { hours: number | null; status: string }[] }>(
      '/api/me/volunteer-shifts',
    );
    expect(shifts.body.items).toMatchObject([{ hours: 4, status: 'CONFIRMED' }]);

    // Manual hours: refused for a host that did not verify the person; approved by the host.
    const refused = await v!.agent.post<Err>('/api/me/volunteer-hours', {
      organisationId: chengdu.id,
      workedOn: `${year}-01-15`,
      hours: 3,
      what: '野外科普',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details!.fields!.map((f) => f.field)).toEqual(['organisationId']);
    const entry = await v!.agent.post<{ id: string }>('/api/me/volunteer-hours', {
      organisationId: museum.id,
      workedOn: `${year}-01-15`,
      hours: 3,
      what: '标本整理',
    });
    expect(entry.status, JSON.stringify(entry.body)).toBe(201);
    let mineHours = await v!.agent.get<{ hours: number; entries: { status: string }[] }>(
      '/api/me/volunteer-hours',
    );
    expect(mineHours.body.hours).toBe(4); // pending hours do not count
    const pending = await museumEditor.get<{ items: { id: string; canDecide: boolean }[] }>(
      '/api/volunteer-hours?status=PENDING',
    );
    expect(pending.body.items.find((i) => i.id === entry.body.id)!.canDecide).toBe(true);
    expect(
      (await chengduEditor.get<{ items: { id: string }[] }>('/api/volunteer-hours')).body.items,
    ).toEqual([]);
    expect(
      (await chengduEditor.post(`/api/volunteer-hours/${entry.body.id}/decide`, { approve: true }))
        .status,
    ).toBe(404);
    expect(
      (await museumMember.post(`/api/volunteer-hours/${entry.body.id}/decide`, { approve: true }))
        .status,
    ).toBe(403);
    expect(
      (await museumEditor.post(`/api/volunteer-hours/${entry.body.id}/decide`, { approve: true }))
        .status,
    ).toBe(200);
    expect(
      (await museumEditor.post(`/api/volunteer-hours/${entry.body.id}/decide`, { approve: true }))
        .status,
    ).toBe(409);

    // Star levels from configurable thresholds (platform admins only).
    expect(
      (await museumEditor.put('/api/volunteer-settings', { thresholds: [1, 5, 10] })).status,
    ).toBe(403);
    expect((await admin.put<Err>('/api/volunteer-settings', { thresholds: [5, 1] })).status).toBe(
      400,
    );
    expect((await admin.put('/api/volunteer-settings', { thresholds: [1, 5, 10] })).status).toBe(
      200,
    );
    mineHours = await v!.agent.get('/api/me/volunteer-hours');
    expect(mineHours.body).toMatchObject({
      hours: 7,
      cumulativeHours: 7,
      star: { level: 2, nextAtHours: 10 },
    });

    // The service function a certificate is issued from: the year, by host.
    const of = await volunteerHoursOf(env.handle.db, v!.userId, year);
    expect(of).toMatchObject({
      hours: 7,
      byHost: [{ organisationId: museum.id, hours: 7, entries: 2 }],
    });
    expect((await volunteerHoursOf(env.handle.db, v!.userId, year, chengdu.id)).hours).toBe(0);
    expect((await volunteerHoursOf(env.handle.db, v!.userId, year - 1)).hours).toBe(0);

    // Yearly totals by person, host and province, within each reader's reach.
    const byPerson = await museumEditor.get<Totals>(`/api/volunteer-totals?year=${year}&by=person`);
    expect(byPerson.body.items).toEqual([
      { key: v!.userId, label: '讲解员0', hours: 7, people: 1 },
      { key: w!.userId, label: '讲解员1', hours: 1.5, people: 1 },
    ]);
    const byHost = await hunanEditor.get<Totals>(`/api/volunteer-totals?year=${year}&by=host`);
    expect(byHost.body.items).toEqual([
      { key: museum.id, label: '湖南省地质博物馆', hours: 8.5, people: 2 },
    ]);
    const byProvince = await admin.get<Totals>(`/api/volunteer-totals?year=${year}&by=province`);
    expect(byProvince.body.items).toEqual([
      { key: hunan.id, label: '湖南省自然资源厅', hours: 8.5, people: 2 },
    ]);
    expect(
      (await sichuanEditor.get<Totals>(`/api/volunteer-totals?year=${year}&by=province`)).body
        .items,
    ).toEqual([]);
    const xlsx = await hunanEditor.get(`/api/volunteer-totals/export?year=${year}&by=host`);
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');

    // Hours certificates: the host's administrators (or those above), never its editor or
    // another province's administrator; at least `minHours`; issuing again is idempotent.
    const museumAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', museum.id)).agent;
    const sichuanAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', sichuan.id)).agent;
    const certify = (a: Agent, minHours: number) =>
      a.post<{ volunteers: number; issued: number; alreadyIssued: number; belowMinimum: number }>(
        '/api/volunteer-hours/certificates',
        { organisationId: museum.id, year, minHours },
      );
    expect((await certify(museumEditor, 1)).status).toBe(403);
    expect((await certify(sichuanAdmin, 1)).status).toBe(403);
    const unknown = await museumAdmin.post<Err>('/api/volunteer-hours/certificates', {
      organisationId: newId(),
      year,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details!.fields!.map((f) => f.field)).toEqual(['organisationId']);
    const first = await certify(museumAdmin, 5);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({
      year,
      volunteers: 2,
      issued: 1,
      alreadyIssued: 0,
      belowMinimum: 1,
    });
    const again = await certify(museumAdmin, 1);
    expect(again.body).toEqual({
      year,
      volunteers: 2,
      issued: 1,
      alreadyIssued: 1,
      belowMinimum: 0,
    });
    const mineCerts = await v!.agent.get<{
      items: {
        kind: string;
        code: string;
        title: string;
        lines: string[];
        organisationName: string;
      }[];
    }>('/api/certificates');
    expect(mineCerts.body.items).toHaveLength(1);
    const cert = mineCerts.body.items[0]!;
    expect(cert).toMatchObject({
      kind: 'VOLUNTEER_HOURS',
      title: `${year}年度科普志愿服务证书`,
      lines: [`${year}年在湖南省地质博物馆参加自然资源科普志愿服务。`, '累计服务时长：7小时'],
      organisationName: '湖南省地质博物馆',
    });
    const checked = await new Agent(env.app).get<{ status: string; holderName: string }>(
      `/api/public/certificates/${cert.code}`,
    );
    expect(checked.body).toMatchObject({ status: 'VALID', holderName: '讲解员0' });
  });

  it('frees a place when the volunteer cancels or the host declines', async () => {
    const id = await role(activity.sessions[1]!.id, '安全员', 1);
    const [a, b] = await volunteers(2, museum.id);
    const sa = await a!.agent.post<{ id: string }>(`/api/volunteer-roles/${id}/sign-ups`);
    expect((await b!.agent.post(`/api/volunteer-roles/${id}/sign-ups`)).status).toBe(409);
    expect((await b!.agent.post(`/api/volunteer-shifts/${sa.body.id}/cancel`)).status).toBe(404);
    expect((await a!.agent.post(`/api/volunteer-shifts/${sa.body.id}/cancel`)).status).toBe(200);
    const sb = await b!.agent.post<{ id: string }>(`/api/volunteer-roles/${id}/sign-ups`);
    expect(sb.status).toBe(201);
    expect(
      (await museumEditor.post(`/api/volunteer-shifts/${sb.body.id}/decide`, { confirm: false }))
        .status,
    ).toBe(200);
    const open = await a!.agent.get<{ items: { id: string; placesLeft: number }[] }>(
      '/api/volunteers/open-roles',
    );
    expect(open.body.items.find((r) => r.id === id)!.placesLeft).toBe(1);
    // A role with sign-ups is not removed; one without is.
    expect((await museumEditor.del(`/api/volunteer-roles/${id}`)).status).toBe(409);
    const empty = await role(activity.sessions[1]!.id, '后勤', 2);
    expect((await museumMember.del(`/api/volunteer-roles/${empty}`)).status).toBe(403);
    expect((await museumEditor.del(`/api/volunteer-roles/${empty}`)).status).toBe(200);
  });
});
