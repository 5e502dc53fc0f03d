import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type ErrorBody = {
  error: { code: string; message: string; details?: { fields?: { field: string }[] } };
};
const code = (r: { body: unknown }) => (r.body as ErrorBody).error.code;
const fields = (r: { body: unknown }) =>
  ((r.body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);

interface Facility {
  id: string;
  name: string;
  published: boolean;
  partners: { organisationId: string; name: string; note: string }[];
  openDays: { activityId: string; slots: number; groupsPending: number }[];
}
interface Activity {
  id: string;
  facility: { id: string; safetyNotes: string; groupMax: number | null } | null;
  sessions: { id: string; partnersUntil: string | null }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A time `days` from now at hh:mm Beijing time (UTC+8), as an ISO instant. */
const at = (days: number, hh = 9, mm = 30) => {
  const d = new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
  return new Date(
    `${d}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`,
  ).toISOString();
};

describe.each(DIALECTS)('open-day facilities on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let lab: { id: string };
  let otherLab: { id: string };
  let school: { id: string; name: string };
  let otherSchool: { id: string; name: string };
  let museum: { id: string };
  let labEditor: Agent;
  let labMember: Agent;
  let otherEditor: Agent;
  let teacher: Awaited<ReturnType<typeof buildUserWithRole>>;
  let otherTeacher: Awaited<ReturnType<typeof buildUserWithRole>>;
  let facility: Facility;
  let openDay: Activity;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    const hunan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    const sichuan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '四川省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '510000',
    });
    lab = await buildOrganisation(admin, hunan.id, { name: '湖南省地质灾害监测预警中心' });
    otherLab = await buildOrganisation(admin, sichuan.id, { name: '四川省地质调查研究院' });
    museum = await buildOrganisation(admin, hunan.id, {
      type: 'BASE_HOST',
      name: '湖南省地质博物馆',
    });
    school = await buildOrganisation(admin, hunan.id, { type: 'SCHOOL', name: '长沙市实验小学' });
    otherSchool = await buildOrganisation(admin, hunan.id, {
      type: 'SCHOOL',
      name: '长沙市第一中学',
    });
    labEditor = (await buildUserWithRole(env, admin, 'EDITOR', lab.id)).agent;
    labMember = (await buildUserWithRole(env, admin, 'MEMBER', lab.id)).agent;
    otherEditor = (await buildUserWithRole(env, admin, 'EDITOR', otherLab.id)).agent;
    teacher = await buildUserWithRole(env, admin, 'MEMBER', school.id);
    otherTeacher = await buildUserWithRole(env, admin, 'MEMBER', otherSchool.id);
  }, 60_000);
  afterAll(() => env.close());

  it('the unit’s editors add and keep a facility; others cannot see or change it', async () => {
    const bad = await labEditor.post('/api/facilities', {
      organisationId: lab.id,
      kind: 'KEY_LAB',
      name: '',
      divisionCode: '999999',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toContain('name');
    const wrongDivision = await labEditor.post('/api/facilities', {
      organisationId: lab.id,
      kind: 'KEY_LAB',
      name: '监测预警展示厅',
      divisionCode: '999999',
    });
    expect(wrongDivision.status).toBe(400);
    expect(fields(wrongDivision)).toEqual(['divisionCode']);
    // Another unit's editor cannot add one for the lab.
    expect(
      (
        await otherEditor.post('/api/facilities', {
          organisationId: lab.id,
          kind: 'KEY_LAB',
          name: '冒名设施',
        })
      ).status,
    ).toBe(403);
    const made = await labEditor.post<Facility>('/api/facilities', {
      organisationId: lab.id,
      kind: 'ENGINEERING_CENTER',
      name: '湖南省地质灾害监测预警工程技术研究中心',
      summary: '北斗监测站和预警大屏',
      safetyNotes: '学生须由教师全程陪同；请勿触摸仪器。',
      divisionCode: '430104',
      address: '长沙市岳麓区',
      groupMax: 45,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    facility = made.body;
    expect(facility.published).toBe(false);
    expect((await otherEditor.get(`/api/facilities/${facility.id}`)).status).toBe(404);
    expect((await labMember.get(`/api/facilities/${facility.id}`)).status).toBe(404);
    expect(
      (await otherEditor.patch(`/api/facilities/${facility.id}`, { published: true })).status,
    ).toBe(404);
    const mine = await labEditor.get<{ items: { id: string }[] }>('/api/facilities');
    expect(mine.body.items.map((i) => i.id)).toEqual([facility.id]);
    const theirs = await otherEditor.get<{ items: unknown[] }>('/api/facilities');
    expect(theirs.body.items).toEqual([]);
    // Not on the portal until published.
    expect((await new Agent(env.app).get(`/api/public/facilities/${facility.id}`)).status).toBe(
      404,
    );
    const pub = await labEditor.patch<Facility>(`/api/facilities/${facility.id}`, {
      published: true,
    });
    expect(pub.body.published).toBe(true);
  });

  it('keeps partner schools: schools and communities only, changed or ended', async () => {
    const choices = await labEditor.get<{ items: { id: string }[] }>(
      `/api/facilities/partner-choices?q=${encodeURIComponent('长沙')}`,
    );
    expect(choices.body.items.map((i) => i.id).sort()).toEqual([school.id, otherSchool.id].sort());
    const museumAsPartner = await labEditor.put(
      `/api/facilities/${facility.id}/partners/${museum.id}`,
      { note: '' },
    );
    expect(museumAsPartner.status).toBe(400);
    expect(fields(museumAsPartner)).toEqual(['organisationId']);
    const added = await labEditor.put<Facility>(
      `/api/facilities/${facility.id}/partners/${school.id}`,
      { note: '共建科普教育实践基地' },
    );
    expect(added.status).toBe(200);
    expect(added.body.partners.map((p) => [p.name, p.note])).toEqual([
      ['长沙市实验小学', '共建科普教育实践基地'],
    ]);
    await labEditor.put(`/api/facilities/${facility.id}/partners/${otherSchool.id}`, {});
    const removed = await labEditor.del<Facility>(
      `/api/facilities/${facility.id}/partners/${otherSchool.id}`,
    );
    expect(removed.body.partners.map((p) => p.organisationId)).toEqual([school.id]);
    expect(
      (await labEditor.del(`/api/facilities/${facility.id}/partners/${otherSchool.id}`)).status,
    ).toBe(404);
    expect(
      (await otherEditor.put(`/api/facilities/${facility.id}/partners/${otherSchool.id}`, {}))
        .status,
    ).toBe(404);
  });

  it('an open day belongs to the host’s facility; a partners-first period needs one and ends before the start', async () => {
    const base = {
      organisationId: lab.id,
      typeCode: 'OPEN_DAY',
      title: '监测预警中心科普开放日',
      groupsAllowed: true,
    };
    const noFacility = await labEditor.post('/api/activities', {
      ...base,
      sessions: [{ startsAt: at(10), endsAt: at(10, 11), partnersUntil: at(3) }],
    });
    expect(fields(noFacility)).toEqual(['sessions.0.partnersUntil']);
    const late = await labEditor.post('/api/activities', {
      ...base,
      facilityId: facility.id,
      sessions: [{ startsAt: at(10), endsAt: at(10, 11), partnersUntil: at(11) }],
    });
    expect(fields(late)).toEqual(['sessions.0.partnersUntil']);
    const foreign = await admin.post('/api/activities', {
      ...base,
      organisationId: museum.id,
      facilityId: facility.id,
      sessions: [{ startsAt: at(10), endsAt: at(10, 11) }],
    });
    expect(fields(foreign)).toEqual(['facilityId']);
    const made = await labEditor.post<Activity>('/api/activities', {
      ...base,
      facilityId: facility.id,
      sessions: [
        { startsAt: at(10), endsAt: at(10, 11), capacity: 60, partnersUntil: at(3) },
        { startsAt: at(12), endsAt: at(12, 11), capacity: 60 },
      ],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.facility?.groupMax).toBe(45);
    expect(made.body.sessions.map((s) => s.partnersUntil !== null)).toEqual([true, false]);
    expect((await labEditor.post(`/api/activities/${made.body.id}/publish`)).status).toBe(200);
    openDay = made.body;
    // The partner school's staff are told of the slots they book first.
    const told = await teacher.agent.get<{ items: { title: string; link: string }[] }>(
      '/api/me/notifications',
    );
    expect(told.body.items.some((n) => n.link === `/activities/${openDay.id}`)).toBe(true);
    const notTold = await otherTeacher.agent.get<{ items: { link: string }[] }>(
      '/api/me/notifications',
    );
    expect(notTold.body.items.some((n) => n.link === `/activities/${openDay.id}`)).toBe(false);
  });

  it('partners book first; a teacher acknowledges the safety notes; the largest group holds', async () => {
    const slot = openDay.sessions[0]!.id;
    const group = {
      sessionId: slot,
      schoolOrganisationId: school.id,
      gradeClass: '四年级（2）班',
      contactName: '何兰',
      contactPhone: '13807311234',
      requested: 40,
    };
    // Individuals wait for the partners-first period to end.
    const person = await otherTeacher.agent.post(`/api/activities/${openDay.id}/registrations`, {
      sessionId: slot,
    });
    expect(person.status).toBe(409);
    expect((person.body as ErrorBody).error.message).toContain('合作学校');
    // Another school's staff, or a partner named by someone not on its staff: refused.
    const outsider = await otherTeacher.agent.post(`/api/activities/${openDay.id}/groups`, {
      ...group,
      schoolOrganisationId: otherSchool.id,
      safetyAcknowledged: true,
    });
    expect(fields(outsider)).toEqual(['schoolOrganisationId']);
    const impostor = await otherTeacher.agent.post(`/api/activities/${openDay.id}/groups`, {
      ...group,
      safetyAcknowledged: true,
    });
    expect(fields(impostor)).toEqual(['schoolOrganisationId']);
    const noAck = await teacher.agent.post(`/api/activities/${openDay.id}/groups`, group);
    expect(fields(noAck)).toEqual(['safetyAcknowledged']);
    const tooMany = await teacher.agent.post(`/api/activities/${openDay.id}/groups`, {
      ...group,
      requested: 50,
      safetyAcknowledged: true,
    });
    expect(fields(tooMany)).toEqual(['requested']);
    const ok = await teacher.agent.post<{ id: string; safetyAckAt: string | null }>(
      `/api/activities/${openDay.id}/groups`,
      { ...group, safetyAcknowledged: true },
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.safetyAckAt).not.toBeNull();
    // The second slot is open to everyone at once.
    const open = await otherTeacher.agent.post(`/api/activities/${openDay.id}/groups`, {
      ...group,
      sessionId: openDay.sessions[1]!.id,
      schoolOrganisationId: otherSchool.id,
      safetyAcknowledged: true,
    });
    expect(open.status).toBe(201);
    const mine = await labEditor.get<Facility>(`/api/facilities/${facility.id}`);
    expect(mine.body.openDays).toEqual([
      expect.objectContaining({ activityId: openDay.id, slots: 2, groupsPending: 2 }),
    ]);
    // The host approves the partner's class.
    const decided = await labEditor.post(`/api/groups/${ok.body.id}/decide`, { approve: 40 });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  });

  it('the portal lists published facilities with their next slot and a page each', async () => {
    const anon = new Agent(env.app);
    const list = await anon.get<{
      total: number;
      items: {
        id: string;
        nextSlot: { sessionId: string; partnersUntil: string | null } | null;
        partners: number;
      }[];
    }>('/api/public/facilities?province=43&kind=ENGINEERING_CENTER');
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ id: facility.id, partners: 1 });
    expect(list.body.items[0]!.nextSlot?.sessionId).toBe(openDay.sessions[0]!.id);
    expect(list.body.items[0]!.nextSlot?.partnersUntil).not.toBeNull();
    expect(
      (await anon.get<{ total: number }>('/api/public/facilities?province=51')).body.total,
    ).toBe(0);
    expect(
      (
        await anon.get<{ total: number }>(
          `/api/public/facilities?q=${encodeURIComponent('监测预警')}`,
        )
      ).body.total,
    ).toBe(1);
    const page = await anon.get<{
      safetyNotes: string;
      partners: { name: string }[];
      slots: { placesLeft: number | null }[];
      provinceName: string | null;
    }>(`/api/public/facilities/${facility.id}`);
    expect(page.status).toBe(200);
    expect(page.body.safetyNotes).toContain('教师');
    expect(page.body.partners.map((p) => p.name)).toEqual(['长沙市实验小学']);
    expect(page.body.slots.map((s) => s.placesLeft)).toEqual([20, 60]);
    expect(page.body.provinceName).toBe('湖南省');
    const act = await anon.get<Activity>(`/api/public/activities/${openDay.id}`);
    expect(act.body.facility?.safetyNotes).toContain('教师');
  });

  it('the portal list counts each facility’s coming open days and places; the activities list and its feed take facility=', async () => {
    const anon = new Agent(env.app);
    // A published station without open days, and a draft one.
    const station = await otherEditor.post<Facility>('/api/facilities', {
      organisationId: otherLab.id,
      kind: 'FIELD_STATION',
      name: '四川龙门山地质灾害野外科学观测研究站',
      divisionCode: '510100',
      published: true,
    });
    expect(station.status, JSON.stringify(station.body)).toBe(201);
    const draft = await otherEditor.post<Facility>('/api/facilities', {
      organisationId: otherLab.id,
      kind: 'KEY_LAB',
      name: '未发布的实验室',
    });
    type Item = {
      id: string;
      upcomingSlots: number;
      upcomingOpenDays: number;
      placesLeft: number | null;
      nextSlot: { sessionId: string } | null;
    };
    const list = await anon.get<{ total: number; items: Item[] }>('/api/public/facilities');
    expect(list.body.total).toBe(2);
    const byId = new Map(list.body.items.map((i) => [i.id, i]));
    expect(byId.get(facility.id)).toMatchObject({
      upcomingSlots: 2,
      upcomingOpenDays: 1,
      // 60 − 40 approved, and 60 (a pending class holds nothing).
      placesLeft: 80,
    });
    expect(byId.get(station.body.id)).toMatchObject({
      upcomingSlots: 0,
      upcomingOpenDays: 0,
      placesLeft: 0,
      nextSlot: null,
    });
    expect(byId.has(draft.body.id)).toBe(false);
    // Paging: one a page, in name order.
    const first = await anon.get<{ total: number; items: Item[] }>(
      '/api/public/facilities?pageSize=1&page=2',
    );
    expect(first.body.total).toBe(2);
    expect(first.body.items).toHaveLength(1);

    const ids = async (url: string) =>
      (await anon.get<{ items: { id: string }[] }>(url)).body.items.map((i) => i.id);
    expect(await ids(`/api/public/activities?facility=${facility.id}`)).toEqual([openDay.id]);
    expect(await ids(`/api/public/activities?facility=${station.body.id}`)).toEqual([]);
    expect(await ids(`/api/public/activities?facility=${facility.id}&host=${lab.id}`)).toEqual([
      openDay.id,
    ]);
    expect(await ids(`/api/public/activities?facility=${facility.id}&host=${otherLab.id}`)).toEqual(
      [],
    );
    const bad = await anon.get('/api/public/activities?facility=42');
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['facility']);
    const events = async (id: string) => {
      const r = await anon.get<Buffer>(`/api/public/activities.ics?facility=${id}`);
      expect(String(r.headers['content-type'])).toMatch(/^text\/calendar/);
      return r.body.toString('utf8').match(/^UID:.*$/gm) ?? [];
    };
    expect((await events(facility.id)).sort()).toEqual(
      openDay.sessions.map((x) => `UID:${x.id}@kepu`).sort(),
    );
    expect(await events(station.body.id)).toEqual([]);
    expect((await anon.get('/api/public/activities.ics?facility=x')).status).toBe(400);

    // The sitemap lists the published facilities and their list.
    const xml = String((await anon.get('/sitemap.xml')).body);
    expect(xml).toContain(`/facilities/${facility.id}</loc>`);
    expect(xml).toContain(`/facilities/${station.body.id}</loc>`);
    expect(xml).not.toContain(draft.body.id);
    expect(xml).toMatch(/\/facilities<\/loc>/);
  });

  it("a shared facility page carries the facility's own title and description", async () => {
    const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-web-'));
    fs.writeFileSync(
      path.join(webDist, 'index.html'),
      '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8" />' +
        '<meta name="description" content="平台简介" /><title>自然资源科普服务平台</title></head>' +
        '<body><div id="root"></div></body></html>',
    );
    const app = await buildApp({ ...env.config, webDist }, env.handle, { logger: false });
    try {
      const page = await app.inject({ method: 'GET', url: `/facilities/${facility.id}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(
        '<meta property="og:title" content="湖南省地质灾害监测预警工程技术研究中心" />',
      );
      expect(page.body).toContain('<meta name="description" content="北斗监测站和预警大屏" />');
      for (const url of ['/facilities/nope', `/facilities/${lab.id}`]) {
        const other = await app.inject({ method: 'GET', url });
        expect(other.statusCode).toBe(200);
        expect(other.body).not.toContain('og:title');
      }
    } finally {
      await app.close();
      fs.rmSync(webDist, { recursive: true, force: true });
    }
  });

  it('counts open days held: facilities, slots, places and people checked in, by province', async () => {
    const groups = await labEditor.get<{ items: { ticketCode: string | null; status: string }[] }>(
      `/api/activities/${openDay.id}/groups`,
    );
    const approved = groups.body.items.find((g) => g.status === 'APPROVED')!;
    const scan = await labEditor.post<{ results: { outcome: string }[] }>(
      `/api/activities/${openDay.id}/check-ins`,
      { code: approved.ticketCode },
    );
    expect(scan.body.results[0]!.outcome).toBe('CHECKED_IN');
    // The slot took place an hour ago.
    const started = new Date(Date.now() - HOUR).toISOString();
    await env.handle.db
      .updateTable('activitySessions')
      .set({ startsAt: started, endsAt: new Date(Date.now() + HOUR).toISOString() })
      .where('id', '=', openDay.sessions[0]!.id)
      .execute();
    const year = Number(new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 4));
    const stats = await labEditor.get<{
      total: Record<string, number>;
      byProvince: { provinceName: string; visitors: number }[];
    }>(`/api/open-days/statistics?year=${year}`);
    expect(stats.status).toBe(200);
    expect(stats.body.total).toEqual({ facilities: 1, slots: 1, registered: 40, visitors: 40 });
    expect(stats.body.byProvince).toEqual([
      expect.objectContaining({ provinceName: '湖南省', visitors: 40 }),
    ]);
    // Another province's staff see none of it.
    const theirs = await otherEditor.get<{ total: Record<string, number> }>(
      `/api/open-days/statistics?year=${year}`,
    );
    expect(theirs.body.total).toEqual({ facilities: 0, slots: 0, registered: 0, visitors: 0 });
    const page = await new Agent(env.app).get<{ held: { slots: number; visitors: number } }>(
      `/api/public/facilities/${facility.id}`,
    );
    expect(page.body.held).toMatchObject({ slots: 1, visitors: 40 });
    // The slot held is among the past open days; the one still to come is not.
    const detail = await new Agent(env.app).get<{
      pastOpenDays: { activityId: string; slots: number; firstStartsAt: string }[];
      slots: { sessionId: string }[];
    }>(`/api/public/facilities/${facility.id}`);
    expect(detail.body.pastOpenDays).toEqual([
      expect.objectContaining({ activityId: openDay.id, slots: 1, firstStartsAt: started }),
    ]);
    expect(detail.body.slots.map((x) => x.sessionId)).toEqual([openDay.sessions[1]!.id]);
    // A slot more than a year ago is not.
    await env.handle.db
      .updateTable('activitySessions')
      .set({ startsAt: at(-400), endsAt: at(-400, 11) })
      .where('id', '=', openDay.sessions[0]!.id)
      .execute();
    const later = await new Agent(env.app).get<{ pastOpenDays: unknown[] }>(
      `/api/public/facilities/${facility.id}`,
    );
    expect(later.body.pastOpenDays).toEqual([]);
  });
});
