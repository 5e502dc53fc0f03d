import ExcelJS from 'exceljs';
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
  xlsxRows,
} from './helpers.ts';

type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
const code = (r: { body: unknown }) => (r.body as ErrorBody).error.code;
const fields = (r: { body: unknown }) =>
  ((r.body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);

interface Activity {
  id: string;
  sessions: { id: string; placesLeft: number | null }[];
  registrationForm: { key: string; label: string; type: string }[] | null;
}
interface Group {
  id: string;
  status: string;
  requested: number;
  approved: number;
  ticketCode: string | null;
  members: { id: string; seq: number; name: string; ticketCode: string | null }[];
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

describe.each(DIALECTS)('activity forms and group bookings on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let museum: { id: string };
  let otherUnit: { id: string };
  let museumEditor: Agent;
  let otherEditor: Agent;
  let school: { id: string; name: string };

  async function people(n: number): Promise<{ agent: Agent; userId: string }[]> {
    const now = nowIso();
    const rows = Array.from({ length: n }, (_, i) =>
      passwordlessUserRow({
        id: newId(),
        username: `grp${Date.now().toString(36)}${i}${Math.random().toString(36).slice(2, 6)}`,
        displayName: `报名者${i}`,
        at: now,
        birthYear: 1985,
      }),
    );
    await env.handle.db.insertInto('users').values(rows).execute();
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

  async function published(extra: Record<string, unknown>, capacity = 100) {
    const res = await museumEditor.post<Activity>('/api/activities', {
      organisationId: museum.id,
      typeCode: 'LECTURE',
      title: '走进地质博物馆',
      address: '长沙市岳麓区',
      sessions: [{ startsAt: at(10), endsAt: at(10, 11, 30), capacity }],
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await museumEditor.post(`/api/activities/${res.body.id}/publish`)).status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
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
    otherUnit = await buildOrganisation(admin, province.id, {
      type: 'BASE_HOST',
      name: '湖南省自然资源科普馆',
    });
    school = await buildOrganisation(admin, province.id, { name: '长沙市第一中学' });
    museumEditor = (await buildUserWithRole(env, admin, 'EDITOR', museum.id)).agent;
    otherEditor = (await buildUserWithRole(env, admin, 'EDITOR', otherUnit.id)).agent;
  }, 60_000);
  afterAll(() => env.close());

  it('the registration form validates answers, naming the field; answers read with labels', async () => {
    const a = await published({
      registrationForm: [
        { label: '姓名', type: 'text', required: true },
        { label: '手机号', type: 'phone', required: true },
        {
          label: '年级',
          type: 'choice',
          required: true,
          options: [
            { value: 'g7', label: '初一' },
            { value: 'g8', label: '初二' },
          ],
        },
      ],
    });
    const keys = a.registrationForm!.map((f) => f.key);
    expect(keys).toEqual(['xingMing', 'shouJiHao', 'nianJi']);
    // A file field is not a registration form's kind.
    const bad = await museumEditor.post('/api/activities', {
      organisationId: museum.id,
      typeCode: 'LECTURE',
      title: 'x',
      sessions: [{ startsAt: at(3), endsAt: at(3, 11) }],
      registrationForm: [{ label: '坐标', type: 'coordinates' }],
    });
    expect(fields(bad)).toContain('registrationForm.0.type');
    const [p1] = await people(1);
    const wrong = await p1!.agent.post(
      `/api/activities/${a.id}/registrations`,
      { answers: { xingMing: '张三', shouJiHao: '12345', nianJi: 'g9' } },
      { 'accept-language': 'zh-CN' },
    );
    expect(wrong.status).toBe(400);
    expect(fields(wrong).sort()).toEqual(['answers.nianJi', 'answers.shouJiHao']);
    expect(JSON.stringify(wrong.body)).toContain('手机号');
    const missing = await p1!.agent.post(`/api/activities/${a.id}/registrations`, { answers: {} });
    expect(fields(missing).sort()).toEqual([
      'answers.nianJi',
      'answers.shouJiHao',
      'answers.xingMing',
    ]);
    const ok = await p1!.agent.post<{ status: string }>(`/api/activities/${a.id}/registrations`, {
      answers: { xingMing: '张三', shouJiHao: '13800138000', nianJi: 'g8' },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const list = await museumEditor.get<{
      items: { answerLines: { label: string; value: string }[] }[];
    }>(`/api/activities/${a.id}/registrations`);
    expect(list.body.items[0]!.answerLines).toEqual([
      { key: 'xingMing', label: '姓名', value: '张三' },
      { key: 'shouJiHao', label: '手机号', value: '13800138000' },
      { key: 'nianJi', label: '年级', value: '初二' },
    ]);
    const rows = await xlsxRows(
      await museumEditor.get(`/api/activities/${a.id}/registrations/export`),
    );
    expect(rows[0]).toEqual(expect.arrayContaining(['姓名', '手机号', '年级']));
    // No guardian columns where minors may not register.
    expect(rows[0]).not.toContain('监护人');
    expect(rows[1]).toContain('初二');
    expect(rows[1]).not.toContain('g8');
  });

  it('a minor needs a guardian’s consent; an activity for adults refuses minors', async () => {
    const forAll = await published({
      admitsMinors: true,
      registrationForm: [
        { label: '姓名', type: 'text', required: true },
        { label: '出生日期', type: 'date', required: true },
      ],
    });
    const [kid, kid2, adult] = await people(3);
    const tenYearsAgo = `${new Date().getUTCFullYear() - 10}-03-01`;
    const noConsent = await kid!.agent.post(`/api/activities/${forAll.id}/registrations`, {
      answers: { xingMing: '小明', chuShengRiQi: tenYearsAgo },
      guardian: { name: '王芳', contact: '13900139000' },
    });
    expect(noConsent.status).toBe(400);
    expect(fields(noConsent)).toEqual(['guardian.consent']);
    // Saying so is enough to be a minor, too.
    const said = await kid2!.agent.post(`/api/activities/${forAll.id}/registrations`, {
      answers: { xingMing: '小红', chuShengRiQi: '1990-01-01' },
      minor: true,
    });
    expect(fields(said).sort()).toEqual(['guardian.consent', 'guardian.contact', 'guardian.name']);
    const consented = await kid!.agent.post<{ id: string; status: string }>(
      `/api/activities/${forAll.id}/registrations`,
      {
        answers: { xingMing: '小明', chuShengRiQi: tenYearsAgo },
        guardian: { name: '王芳', contact: '13900139000', consent: true },
      },
    );
    expect(consented.status).toBe(201);
    const grown = await adult!.agent.post(`/api/activities/${forAll.id}/registrations`, {
      answers: { xingMing: '李雷', chuShengRiQi: '1990-01-01' },
    });
    expect(grown.status).toBe(201);
    const list = await museumEditor.get<{
      items: { id: string; guardianName: string | null; guardianConsentAt: string | null }[];
    }>(`/api/activities/${forAll.id}/registrations`);
    const row = list.body.items.find((r) => r.id === consented.body.id)!;
    expect(row.guardianName).toBe('王芳');
    expect(row.guardianConsentAt).not.toBeNull();
    const audit = await env.handle.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'registration.guardianConsent')
      .where('entityId', '=', forAll.id)
      .execute();
    expect(audit).toHaveLength(1);

    const adultsOnly = await published({ registrationForm: [{ label: '姓名', type: 'text' }] });
    const refused = await kid2!.agent.post(
      `/api/activities/${adultsOnly.id}/registrations`,
      {
        answers: { xingMing: '小红' },
        minor: true,
        guardian: { name: '王', contact: '1', consent: true },
      },
      { 'accept-language': 'zh-CN' },
    );
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('不接受未满');
  });

  it('a group is approved in part while 25 people register at once for the 20 other places; capacity holds', async () => {
    const a = await published({ groupsAllowed: true }, 50);
    const [teacher] = await people(1);
    const asked = await teacher!.agent.post<Group>(`/api/activities/${a.id}/groups`, {
      schoolOrganisationId: school.id,
      gradeClass: '初二（3）班',
      contactName: '陈老师',
      contactPhone: '13700137000',
      requested: 40,
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.status).toBe('PENDING');
    expect(asked.body.members).toHaveLength(40);
    // Nothing is held before the host decides.
    const before = await new Agent(env.app).get<Activity>(`/api/public/activities/${a.id}`);
    expect(before.body.sessions[0]!.placesLeft).toBe(50);
    // Another unit's staff cannot see or decide it; the teacher cannot decide.
    expect(
      (await otherEditor.post(`/api/groups/${asked.body.id}/decide`, { approve: 30 })).status,
    ).toBe(404);
    expect((await otherEditor.get(`/api/activities/${a.id}/groups`)).status).toBe(404);
    expect(
      (await teacher!.agent.post(`/api/groups/${asked.body.id}/decide`, { approve: 30 })).status,
    ).toBe(404);

    const crowd = await people(25);
    const [decision, ...regs] = await Promise.all([
      museumEditor.post<Group>(`/api/groups/${asked.body.id}/decide`, {
        approve: 30,
        ticketMode: 'PERSON',
        rest: 'WAIT',
      }),
      ...crowd.map((p) =>
        p.agent.post<{ status: string }>(`/api/activities/${a.id}/registrations`, {}),
      ),
    ]);
    const confirmed = regs.filter((r) => r.body.status === 'CONFIRMED').length;
    const waiting = regs.filter((r) => r.body.status === 'WAITLISTED').length;
    expect(confirmed + waiting).toBe(25);
    const session = await env.handle.db
      .selectFrom('activitySessions')
      .select(['taken', 'capacity'])
      .where('activityId', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(session.taken).toBeLessThanOrEqual(50);
    if (decision.status === 200) {
      expect(decision.body.status).toBe('PARTIAL');
      expect(decision.body.approved).toBe(30);
      expect(session.taken).toBe(30 + confirmed);
    } else {
      // The crowd came first: too few places, refused with the figure, nothing taken.
      expect(decision.status).toBe(400);
      expect(fields(decision)).toEqual(['approve']);
      expect(session.taken).toBe(confirmed);
    }
    // The rest cannot overbook: approving 10 more than are left is refused.
    const left = 50 - session.taken;
    const over = await museumEditor.post(`/api/groups/${asked.body.id}/decide`, {
      approve: Math.min(left + 1, 10),
      rest: 'RELEASE',
    });
    if (left + 1 <= 10) expect(fields(over)).toEqual(['approve']);
    const taken = await env.handle.db
      .selectFrom('activitySessions')
      .select('taken')
      .where('activityId', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(taken.taken).toBeLessThanOrEqual(50);
  });

  it('partial approval, per-person tickets, roster by content, check-in of both kinds', async () => {
    const a = await published({ groupsAllowed: true }, 100);
    const [teacher, teacher2] = await people(2);
    const g = await teacher!.agent.post<Group>(`/api/activities/${a.id}/groups`, {
      schoolName: '长沙市雅礼中学',
      gradeClass: '初一（2）班',
      contactName: '刘老师',
      contactPhone: '0731-84567890',
      requested: 40,
      names: ['赵一', '钱二'],
    });
    expect(g.status).toBe(201);
    const badPhone = await teacher!.agent.post(`/api/activities/${a.id}/groups`, {
      schoolName: '雅礼',
      gradeClass: '初一',
      contactName: '刘',
      contactPhone: '123',
      requested: 5,
    });
    expect(fields(badPhone)).toEqual(['contactPhone']);

    const decided = await museumEditor.post<Group>(`/api/groups/${g.body.id}/decide`, {
      approve: 30,
      ticketMode: 'PERSON',
      rest: 'RELEASE',
      note: '场地有限',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.status).toBe('APPROVED');
    expect(decided.body.approved).toBe(30);
    expect(decided.body.members).toHaveLength(30);
    expect(decided.body.members.every((m) => m.ticketCode)).toBe(true);
    const pub = await new Agent(env.app).get<Activity>(`/api/public/activities/${a.id}`);
    expect(pub.body.sessions[0]!.placesLeft).toBe(70);
    // The teacher is told, and sees the tickets.
    const inbox = await env.handle.db
      .selectFrom('notifications')
      .selectAll()
      .where('userId', '=', teacher!.userId)
      .execute();
    expect(inbox.map((n) => n.kind)).toContain('activity.groupDecided');
    const mine = await teacher!.agent.get<{ items: Group[] }>('/api/me/groups');
    expect(mine.body.items[0]!.approved).toBe(30);
    expect(mine.body.items[0]!.members[0]!.name).toBe('赵一');
    // Settled: no second decision.
    expect(
      (await museumEditor.post(`/api/groups/${g.body.id}/decide`, { approve: 1 })).status,
    ).toBe(409);

    // Roster: a csv by content; a picture renamed .csv refused; too many names refused.
    const csv = Buffer.from(
      `姓名\n${Array.from({ length: 30 }, (_, i) => `学生${i + 1}`).join('\n')}\n`,
    );
    const up = await teacher!.agent.upload<Group>(`/api/groups/${g.body.id}/roster`, csv);
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body.members[29]!.name).toBe('学生30');
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      Buffer.alloc(64),
    ]);
    const renamed = await teacher!.agent.upload(`/api/groups/${g.body.id}/roster`, png, {
      'content-type': 'text/csv',
    });
    expect(renamed.status).toBe(400);
    expect(fields(renamed)).toEqual(['file']);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名']);
    for (let i = 0; i < 31; i++) ws.addRow([`同学${i}`]);
    const tooMany = await teacher!.agent.upload(
      `/api/groups/${g.body.id}/roster`,
      Buffer.from(await wb.xlsx.writeBuffer()),
    );
    expect(fields(tooMany)).toEqual(['file']);
    ws.spliceRows(2, 5);
    const xl = await teacher!.agent.upload<Group>(
      `/api/groups/${g.body.id}/roster`,
      Buffer.from(await wb.xlsx.writeBuffer()),
    );
    expect(xl.status).toBe(200);
    expect(xl.body.members[0]!.name).toBe('同学5');
    // Someone else's group: not there.
    expect((await teacher2!.agent.upload(`/api/groups/${g.body.id}/roster`, csv)).status).toBe(404);

    // Per-person tickets check in one by one.
    const t1 = xl.body.members[0]!.ticketCode!;
    const c1 = await museumEditor.post<{
      results: { outcome: string; userName: string; quantity: number; checkedInAt: string }[];
    }>(`/api/activities/${a.id}/check-ins`, { code: t1 });
    expect(c1.body.results[0]).toMatchObject({
      outcome: 'CHECKED_IN',
      userName: '同学5',
      quantity: 1,
    });
    const again = await museumEditor.post<{ results: { outcome: string }[] }>(
      `/api/activities/${a.id}/check-ins`,
      { code: t1 },
    );
    expect(again.body.results[0]!.outcome).toBe('ALREADY');
    await museumEditor.post(`/api/activities/${a.id}/check-ins`, {
      code: xl.body.members[1]!.ticketCode!,
    });
    const att = await museumEditor.get<{ sessions: { registered: number; checkedIn: number }[] }>(
      `/api/activities/${a.id}/attendance`,
    );
    expect(att.body.sessions[0]).toMatchObject({ registered: 30, checkedIn: 2 });
    // The door list names each member of the roster, so the door finds a child by name.
    type DoorMember = {
      memberId: string;
      name: string;
      seq: number;
      groupLabel: string;
      ownTicket: boolean;
      ticketCode: string | null;
      checkedInAt: string | null;
    };
    const door = await museumEditor.get<{ members: DoorMember[] }>(
      `/api/activities/${a.id}/check-in-list`,
    );
    expect(door.status).toBe(200);
    // Every member with a ticket is listed (their code is known offline), named or not.
    expect(door.body.members).toHaveLength(30);
    expect(door.body.members.find((m) => m.name === '同学5')).toMatchObject({
      seq: 1,
      groupLabel: '长沙市雅礼中学 初一（2）班',
      ownTicket: true,
      ticketCode: t1,
      checkedInAt: c1.body.results[0]!.checkedInAt,
    });
    expect(door.body.members.find((m) => m.name === '同学7')!.checkedInAt).toBeNull();
    // Only what the door needs: no contact or phone.
    expect(Object.keys(door.body.members[0]!).sort()).toEqual(
      [
        'checkedInAt',
        'groupLabel',
        'memberId',
        'name',
        'ownTicket',
        'registrationId',
        'seq',
        'sessionId',
        'ticketCode',
      ].sort(),
    );
    expect(JSON.stringify(door.body)).not.toContain('0731-84567890');

    // One QR for a group checks in the group's places.
    const g2 = await teacher2!.agent.post<Group>(`/api/activities/${a.id}/groups`, {
      schoolOrganisationId: school.id,
      gradeClass: '高一（1）班',
      contactName: '周老师',
      contactPhone: '13600136000',
      requested: 12,
    });
    const d2 = await museumEditor.post<Group>(`/api/groups/${g2.body.id}/decide`, {
      approve: 12,
      ticketMode: 'GROUP',
    });
    expect(d2.body.ticketCode).toBeTruthy();
    expect(d2.body.members.every((m) => m.ticketCode === null)).toBe(true);
    const c2 = await museumEditor.post<{ results: { outcome: string; quantity: number }[] }>(
      `/api/activities/${a.id}/check-ins`,
      { code: d2.body.ticketCode },
    );
    expect(c2.body.results[0]).toMatchObject({ outcome: 'CHECKED_IN', quantity: 12 });
    const att2 = await museumEditor.get<{ sessions: { registered: number; checkedIn: number }[] }>(
      `/api/activities/${a.id}/attendance`,
    );
    expect(att2.body.sessions[0]).toMatchObject({ registered: 42, checkedIn: 14 });

    // The teacher cancels the second group: its places come back.
    expect((await teacher2!.agent.post(`/api/groups/${g2.body.id}/cancel`)).status).toBe(200);
    const after = await new Agent(env.app).get<Activity>(`/api/public/activities/${a.id}`);
    expect(after.body.sessions[0]!.placesLeft).toBe(70);
    // An activity without group bookings refuses them.
    const plain = await published({});
    const no = await teacher!.agent.post(`/api/activities/${plain.id}/groups`, {
      schoolName: '雅礼',
      gradeClass: '初一',
      contactName: '刘',
      contactPhone: '13800138000',
      requested: 5,
    });
    expect(no.status).toBe(422);
    expect(code(no)).toBe('RULE_BROKEN');
  });
});
