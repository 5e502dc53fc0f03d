import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
const code = (r: { body: unknown }) => (r.body as ErrorBody).error.code;

interface Activity {
  id: string;
  status: string;
  title: string;
  reviewNote: string | null;
  sessions: { id: string; startsAt: string; endsAt: string }[];
}
interface HostReg {
  id: string;
  sessionId: string;
  userName: string;
  status: string;
  checkedInAt: string | null;
  noShowAt: string | null;
}
interface ListItem {
  id: string;
  title: string;
  status: string;
  host: string;
  sessions: number;
  registered: number;
  startsAt: string | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A time `days` from now at hh:mm China time, as an ISO instant. */
const at = (days: number, hh = 9, mm = 30) => {
  const d = new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
  return new Date(
    `${d}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`,
  ).toISOString();
};

async function xlsxRows(res: { status: number; body: unknown }) {
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))),
  );
  return rows;
}

describe.each(DIALECTS)('activities, the organiser’s side, on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let office: { id: string };
  let museum: { id: string };
  let otherUnit: { id: string };
  let officeEditor: Agent;
  let museumEditor: Agent;
  let museumMember: Agent;
  let otherUnitEditor: Agent;
  let otherProvAdmin: Agent;

  async function activity(by: Agent, orgId: string, extra: Record<string, unknown> = {}) {
    const res = await by.post<Activity>('/api/activities', {
      organisationId: orgId,
      typeCode: 'LECTURE',
      title: '岩石里的亿万年',
      address: '长沙市岳麓区 湖南省地质博物馆',
      sessions: [
        { startsAt: at(10), endsAt: at(10, 11, 30), capacity: 3 },
        { startsAt: at(17), endsAt: at(17, 11, 30), capacity: 3 },
      ],
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
    const province = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    const otherProvince = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '四川省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '510000',
    });
    museum = await buildOrganisation(admin, province.id, {
      type: 'BASE_HOST',
      name: '湖南省地质博物馆',
    });
    otherUnit = await buildOrganisation(admin, province.id, {
      type: 'BASE_HOST',
      name: '湖南省测绘科技博物馆',
    });
    officeEditor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    museumEditor = (await buildUserWithRole(env, admin, 'EDITOR', museum.id)).agent;
    museumMember = (await buildUserWithRole(env, admin, 'MEMBER', museum.id)).agent;
    otherUnitEditor = (await buildUserWithRole(env, admin, 'EDITOR', otherUnit.id)).agent;
    otherProvAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', otherProvince.id)).agent;
  }, 60_000);
  afterAll(() => env.close());

  it('lists my units’ activities with filters; another unit and another province see none of them', async () => {
    const a = await activity(museumEditor, museum.id, { title: '博物馆奇妙夜' });
    const b = await activity(museumEditor, museum.id, { title: '岩石标本鉴定' });
    await museumEditor.post(`/api/activities/${b.id}/publish`);
    const mine = await museumMember.get<{ items: ListItem[]; total: number }>('/api/activities');
    expect(mine.status).toBe(200);
    const ids = mine.body.items.map((i) => i.id);
    expect(ids).toContain(a.id);
    expect(ids).toContain(b.id);
    const first = mine.body.items.find((i) => i.id === a.id)!;
    expect(first).toMatchObject({ host: '湖南省地质博物馆', sessions: 2, registered: 0 });
    expect(first.startsAt).toBe(a.sessions[0]!.startsAt);
    const drafts = await museumEditor.get<{ items: ListItem[] }>('/api/activities?status=DRAFT');
    expect(drafts.body.items.map((i) => i.id)).toContain(a.id);
    expect(drafts.body.items.map((i) => i.id)).not.toContain(b.id);
    const q = await museumEditor.get<{ items: ListItem[] }>(
      `/api/activities?q=${encodeURIComponent('奇妙')}`,
    );
    expect(q.body.items.map((i) => i.id)).toEqual([a.id]);
    for (const outsider of [otherUnitEditor, otherProvAdmin]) {
      const theirs = await outsider.get<{ items: ListItem[]; total: number }>('/api/activities');
      expect(theirs.status).toBe(200);
      expect(theirs.body.items.map((i) => i.id)).not.toContain(a.id);
      expect(theirs.body.items.map((i) => i.id)).not.toContain(b.id);
    }
    expect((await (await buildPublicUser(env)).agent.get('/api/activities')).status).toBe(403);
    expect((await new Agent(env.app).get('/api/activities')).status).toBe(401);
  });

  it('registrations: export as xlsx, message everyone, mark no-shows after the session; outsiders cannot', async () => {
    const a = await activity(museumEditor, museum.id);
    await museumEditor.post(`/api/activities/${a.id}/publish`);
    const s1 = a.sessions[0]!.id;
    const people = await Promise.all([1, 2, 3, 4].map(() => buildPublicUser(env)));
    const regs: { id: string; status: string; ticketCode?: string }[] = [];
    for (const p of people) {
      const r = await p.agent.post<{ id: string; status: string; ticketCode?: string }>(
        `/api/activities/${a.id}/registrations`,
        { sessionId: s1 },
      );
      expect(r.status).toBe(201);
      regs.push(r.body);
    }
    expect(regs.map((r) => r.status)).toEqual([
      'CONFIRMED',
      'CONFIRMED',
      'CONFIRMED',
      'WAITLISTED',
    ]);

    // Export: the list as filtered, in Chinese, Beijing times; audited.
    const all = await xlsxRows(
      await museumEditor.get(`/api/activities/${a.id}/registrations/export`),
    );
    expect(all[0]).toEqual(['姓名', '场次开始', '人数', '状态', '报名时间', '签到时间', '缺席']);
    expect(all).toHaveLength(5);
    expect(all.slice(1).map((r) => r[3])).toEqual(['已确认', '已确认', '已确认', '候补中']);
    expect(all[1]![1]).toBe(
      new Date(Date.parse(a.sessions[0]!.startsAt) + 8 * HOUR)
        .toISOString()
        .slice(0, 19)
        .replace('T', ' '),
    );
    const waiting = await xlsxRows(
      await museumEditor.get(`/api/activities/${a.id}/registrations/export?status=WAITLISTED`),
    );
    expect(waiting).toHaveLength(2);
    for (const outsider of [otherUnitEditor, otherProvAdmin])
      expect((await outsider.get(`/api/activities/${a.id}/registrations/export`)).status).toBe(404);
    expect((await museumMember.get(`/api/activities/${a.id}/registrations/export`)).status).toBe(
      403,
    );

    // A message reaches all four (the waiting one too), through the notifications; audited.
    const msg = await museumEditor.post<{ sent: number }>(`/api/activities/${a.id}/messages`, {
      subject: '集合地点变更',
      body: '请到博物馆东门集合。',
    });
    expect(msg.status).toBe(200);
    expect(msg.body.sent).toBe(4);
    for (const p of people) {
      const inbox = await p.agent.get<{ items: { title: string; body: string }[] }>(
        '/api/me/notifications',
      );
      expect(inbox.body.items.map((n) => n.title)).toContain('「岩石里的亿万年」：集合地点变更');
    }
    const otherSession = await museumEditor.post(`/api/activities/${a.id}/messages`, {
      sessionId: a.sessions[1]!.id,
      subject: '提醒',
      body: '第二场',
    });
    expect(otherSession.status).toBe(409);
    expect(
      (await museumEditor.post(`/api/activities/${a.id}/messages`, { subject: '', body: 'x' }))
        .status,
    ).toBe(400);
    for (const outsider of [otherUnitEditor, otherProvAdmin])
      expect(
        (await outsider.post(`/api/activities/${a.id}/messages`, { subject: '骗', body: '骗' }))
          .status,
      ).toBe(404);
    const audit = await admin.get<{ items: { action: string; detail: unknown }[] }>(
      `/api/audit?entityType=activity&entityId=${a.id}`,
    );
    const actions = audit.body.items.map((i) => i.action);
    expect(actions).toContain('activity.message');
    expect(actions).toContain('registration.export');

    // No-shows: only after the session has ended, only confirmed and not checked in.
    const early = await museumEditor.post(`/api/registrations/${regs[0]!.id}/no-show`);
    expect(early.status).toBe(409);
    expect(
      (
        await museumEditor.post(`/api/activities/${a.id}/check-ins`, {
          code: regs[1]!.ticketCode,
        })
      ).status,
    ).toBe(200);
    await env.handle.db
      .updateTable('activitySessions')
      .set({ startsAt: at(-1), endsAt: at(-1, 11) })
      .where('id', '=', s1)
      .execute();
    for (const outsider of [otherUnitEditor, otherProvAdmin])
      expect((await outsider.post(`/api/registrations/${regs[0]!.id}/no-show`)).status).toBe(404);
    expect((await museumMember.post(`/api/registrations/${regs[0]!.id}/no-show`)).status).toBe(403);
    expect((await museumEditor.post(`/api/registrations/${regs[0]!.id}/no-show`)).status).toBe(200);
    expect((await museumEditor.post(`/api/registrations/${regs[0]!.id}/no-show`)).status).toBe(409);
    const checkedIn = await museumEditor.post(`/api/registrations/${regs[1]!.id}/no-show`);
    expect(checkedIn.status).toBe(409);
    expect(code(checkedIn)).toBe('STATE_CONFLICT');
    expect((await museumEditor.post(`/api/registrations/${regs[3]!.id}/no-show`)).status).toBe(409);
    const list = await museumEditor.get<{ items: HostReg[] }>(
      `/api/activities/${a.id}/registrations`,
    );
    const byId = new Map(list.body.items.map((r) => [r.id, r]));
    expect(byId.get(regs[0]!.id)!.noShowAt).not.toBeNull();
    expect(byId.get(regs[1]!.id)!.checkedInAt).not.toBeNull();
    expect(byId.get(regs[1]!.id)!.noShowAt).toBeNull();
    const marked = await xlsxRows(
      await museumEditor.get(`/api/activities/${a.id}/registrations/export?status=CONFIRMED`),
    );
    expect(marked.slice(1).map((r) => r[6] ?? '')).toEqual(['是', '', '']);
    // A late offline scan outweighs the mark.
    expect(
      (
        await museumEditor.post(`/api/activities/${a.id}/check-ins`, {
          code: regs[0]!.ticketCode,
        })
      ).status,
    ).toBe(200);
    const after = await museumEditor.get<{ items: HostReg[] }>(
      `/api/activities/${a.id}/registrations?status=CONFIRMED`,
    );
    expect(after.body.items.find((r) => r.id === regs[0]!.id)!.noShowAt).toBeNull();
  });

  it('an activity of a campaign that requires approval waits for the office, which approves it from a to-do', async () => {
    const campaign = await officeEditor.post<{ id: string; requiresApproval: boolean }>(
      '/api/campaigns',
      {
        themeDayCode: 'EARTH_DAY',
        year: 2031,
        startDate: '2031-04-20',
        endDate: '2031-04-26',
        theme: '珍爱地球 人与自然和谐共生',
        noticeDocNo: '自然资办函〔2031〕1号',
        requiresApproval: true,
      },
    );
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(campaign.body.requiresApproval).toBe(true);
    const a = await activity(museumEditor, museum.id, {
      title: '世界地球日主题科普展',
      typeCode: 'CAMPAIGN_EVENT',
      campaignId: campaign.body.id,
    });
    const pub = await museumEditor.post<Activity>(`/api/activities/${a.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body.status).toBe('PENDING_REVIEW');
    // Not public yet; nobody can register.
    expect((await new Agent(env.app).get(`/api/public/activities/${a.id}`)).status).toBe(404);
    const p = await buildPublicUser(env);
    expect((await p.agent.post(`/api/activities/${a.id}/registrations`, {})).status).toBe(404);

    // The office's to-do names it, and the office reads it though it hosts nothing there.
    const todos = await officeEditor.get<{
      groups: { kind: string; count: number; entries: { id: string }[] }[];
    }>('/api/me/todos');
    const group = todos.body.groups.find((g) => g.kind === 'activity.review');
    expect(group?.entries.map((e) => e.id)).toContain(a.id);
    expect((await officeEditor.get(`/api/activities/${a.id}`)).status).toBe(200);
    const pending = await officeEditor.get<{ items: { id: string }[] }>(
      '/api/activities/pending-review',
    );
    expect(pending.body.items.map((i) => i.id)).toContain(a.id);
    // The host's staff sees no such to-do, and neither the host nor another province approves.
    const hostTodos = await museumEditor.get<{ groups: { kind: string }[] }>('/api/me/todos');
    expect(hostTodos.body.groups.map((g) => g.kind)).not.toContain('activity.review');
    for (const other of [museumEditor, otherProvAdmin]) {
      expect((await other.post(`/api/activities/${a.id}/review`, { approve: true })).status).toBe(
        403,
      );
      expect((await other.get('/api/activities/pending-review')).status).toBe(403);
    }

    // Sent back with a note: a draft again; the host edits and publishes once more.
    const back = await officeEditor.post<Activity>(`/api/activities/${a.id}/review`, {
      approve: false,
      note: '请补充安全预案',
    });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'DRAFT', reviewNote: '请补充安全预案' });
    expect(
      (await officeEditor.post(`/api/activities/${a.id}/review`, { approve: true })).status,
    ).toBe(409);
    const told = await museumEditor.get<{ items: { title: string }[] }>('/api/me/notifications');
    expect(told.body.items.map((n) => n.title)).toContain(
      '活动「世界地球日主题科普展」未通过审核，已退回修改',
    );
    // The office cannot read the draft any more: it is the host's again.
    expect((await officeEditor.get(`/api/activities/${a.id}`)).status).toBe(404);
    expect((await museumEditor.post(`/api/activities/${a.id}/publish`)).body).toMatchObject({
      status: 'PENDING_REVIEW',
      reviewNote: null,
    });
    const ok = await officeEditor.post<Activity>(`/api/activities/${a.id}/review`, {
      approve: true,
    });
    expect(ok.body.status).toBe('PUBLISHED');
    expect((await new Agent(env.app).get(`/api/public/activities/${a.id}`)).status).toBe(200);
    expect(
      (
        await p.agent.post(`/api/activities/${a.id}/registrations`, {
          sessionId: a.sessions[0]!.id,
        })
      ).status,
    ).toBe(201);
    const after = await officeEditor.get<{
      groups: { kind: string; entries: { id: string }[] }[];
    }>('/api/me/todos');
    expect(
      after.body.groups.find((g) => g.kind === 'activity.review')?.entries.map((e) => e.id) ?? [],
    ).not.toContain(a.id);
    const audit = await admin.get<{ items: { action: string }[] }>(
      `/api/audit?entityType=activity&entityId=${a.id}`,
    );
    expect(audit.body.items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['activity.approve', 'activity.reject']),
    );

    // A campaign that does not require it: publishing is immediate.
    const open = await officeEditor.post<{ id: string }>('/api/campaigns', {
      themeDayCode: 'LAND_DAY',
      year: 2031,
      startDate: '2031-06-25',
      endDate: '2031-06-25',
    });
    const b = await activity(museumEditor, museum.id, { campaignId: open.body.id });
    expect((await museumEditor.post<Activity>(`/api/activities/${b.id}/publish`)).body.status).toBe(
      'PUBLISHED',
    );
  });
});
