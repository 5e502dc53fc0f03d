import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
} from './helpers.ts';

interface Activity {
  id: string;
  sessions: { id: string }[];
}
interface Field {
  label: string;
  value: string | number | null | { label: string; value: string | number | null }[];
}
interface Section {
  module: string;
  key: string;
  title: string;
  items: Field[][];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (days: number, hh = 9) => {
  const d = new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
  return new Date(`${d}T${String(hh).padStart(2, '0')}:00:00+08:00`).toISOString();
};
const CODES = [
  'CONFIRMED',
  'WAITLISTED',
  'PENDING_APPROVAL',
  'APPROVED',
  'PENDING',
  'REJECTED',
  'CANCELLED',
  'NONE',
];
const value = (item: Field[], label: string) => item.find((f) => f.label === label)?.value;

describe.each(DIALECTS)('personal data of activities and squads on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let museum: { id: string };
  let province: { id: string };
  let editor: { agent: Agent; userId: string };

  async function published(title: string, capacity: number, extra: Record<string, unknown> = {}) {
    const res = await editor.agent.post<Activity>('/api/activities', {
      organisationId: museum.id,
      typeCode: 'LECTURE',
      title,
      address: '长沙市岳麓区',
      sessions: [{ startsAt: at(10), endsAt: at(10, 11), capacity }],
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await editor.agent.post(`/api/activities/${res.body.id}/publish`)).status).toBe(200);
    return res.body;
  }
  const register = (who: Agent, a: Activity, answers: Record<string, unknown> = {}) =>
    who.post<{ id: string; status: string; ticketCode?: string }>(
      `/api/activities/${a.id}/registrations`,
      { answers },
    );
  const inbox = async (userId: string, kind: string) =>
    env.handle.db
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('userId', '=', userId)
      .where('kind', '=', kind)
      .execute();

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    province = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    museum = await buildOrganisation(admin, province.id, {
      type: 'BASE_HOST',
      name: '湖南省地质博物馆',
    });
    editor = await buildUserWithRole(env, admin, 'EDITOR', museum.id);
  }, 60_000);
  afterAll(() => env.close());

  it('exports registrations, group bookings and feedback with labels, and erases them with the account', async () => {
    const person = await buildPublicUser(env);
    const other = await buildPublicUser(env);
    const waiting = await buildPublicUser(env);
    // 1. Confirmed, with answers; someone waits behind the person.
    const lecture = await published('岩石的故事', 1, {
      registrationForm: [
        { label: '姓名', type: 'text', required: true },
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
    const confirmed = await register(person.agent, lecture, {
      [await key(lecture, '姓名')]: '王小明',
      [await key(lecture, '年级')]: 'g8',
    });
    expect(confirmed.body.status).toBe('CONFIRMED');
    const behind = await register(waiting.agent, lecture, {
      [await key(lecture, '姓名')]: '李四',
      [await key(lecture, '年级')]: 'g7',
    });
    expect(behind.body.status).toBe('WAITLISTED');
    // 2. Waitlisted behind someone else.
    const full = await published('矿物晶体', 1);
    expect((await register(other.agent, full)).body.status).toBe('CONFIRMED');
    const waitlisted = await register(person.agent, full);
    expect(waitlisted.body.status).toBe('WAITLISTED');
    // 3. A group booking, approved.
    const open = await published('研学开放日', 50, { groupsAllowed: true });
    const group = await person.agent.post<{ id: string }>(`/api/activities/${open.id}/groups`, {
      schoolName: '长沙市雅礼中学',
      gradeClass: '初一（2）班',
      contactName: '刘老师',
      contactPhone: '0731-84567890',
      requested: 20,
      names: ['赵一', '钱二'],
    });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    expect(
      (await editor.agent.post(`/api/groups/${group.body.id}/decide`, { approve: 20 })).status,
    ).toBe(200);
    // 4. Feedback on an attended activity (its session now past), the comment refused.
    const past = await published('地球的年龄', 10);
    const attended = await register(person.agent, past);
    const checked = await editor.agent.post<{ results: { outcome: string }[] }>(
      `/api/activities/${past.id}/check-ins`,
      { code: attended.body.ticketCode },
    );
    expect(checked.body.results[0]!.outcome).toBe('CHECKED_IN');
    await env.handle.db
      .updateTable('activitySessions')
      .set({ startsAt: at(-2), endsAt: at(-2, 11) })
      .where('activityId', '=', past.id)
      .execute();
    const given = await person.agent.put<{ id: string }>(
      `/api/registrations/${attended.body.id}/feedback`,
      { rating: 4, comment: '讲解员王老师讲得很好，电话 13800000000' },
    );
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    const refused = await editor.agent.post(`/api/activity-feedback/${given.body.id}/moderate`, {
      approve: false,
      reason: '留言含个人联系方式',
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    const told = await inbox(person.userId, 'activity.feedbackRefused');
    expect(told).toEqual([
      {
        title: '您对「地球的年龄」的评价留言未予展示',
        body: expect.stringContaining('留言含个人联系方式'),
      },
    ]);

    // The export: labelled, in the reader's language, no codes.
    const zh = await person.agent.get<{ sections: Section[] }>('/api/me/export');
    expect(zh.status).toBe(200);
    const sections = zh.body.sections.filter((s) => s.module === 'activities');
    expect(sections.map((s) => s.title)).toEqual([
      '活动报名',
      '团体预约',
      '活动评价',
      '主讲或负责的活动',
    ]);
    const [regs, groups, feedback] = sections as [Section, Section, Section];
    const lectureItem = regs.items.find((i) => value(i, '活动') === '岩石的故事')!;
    expect(value(lectureItem, '状态')).toBe('已确认');
    expect(value(lectureItem, '报名信息')).toEqual([
      { label: '姓名', value: '王小明' },
      { label: '年级', value: '初二' },
    ]);
    expect(value(lectureItem, '场次时间（北京时间）')).toMatch(/^\d{4}-\d\d-\d\d 09:00$/);
    expect(value(regs.items.find((i) => value(i, '活动') === '矿物晶体')!, '状态')).toBe('候补中');
    expect(groups.items).toHaveLength(1);
    expect(value(groups.items[0]!, '状态')).toBe('已通过');
    expect(value(groups.items[0]!, '联系电话')).toBe('0731-84567890');
    expect(value(groups.items[0]!, '名单')).toEqual([
      { label: '第 1 人', value: '赵一' },
      { label: '第 2 人', value: '钱二' },
    ]);
    expect(feedback.items).toHaveLength(1);
    expect(value(feedback.items[0]!, '评分（1–5 星）')).toBe(4);
    expect(value(feedback.items[0]!, '留言审核')).toBe('留言未予展示');
    expect(value(feedback.items[0]!, '不予展示的理由')).toBe('留言含个人联系方式');
    const text = JSON.stringify(sections);
    for (const c of CODES) expect(text).not.toContain(`"${c}"`);
    const en = await person.agent.get<{ sections: Section[] }>('/api/me/export', {
      'accept-language': 'en-US,en;q=0.9',
    });
    const enRegs = en.body.sections.find((s) => s.key === 'registrations')!;
    expect(enRegs.title).toBe('Activity registrations');
    expect(value(enRegs.items.find((i) => value(i, 'Activity') === '矿物晶体')!, 'Status')).toBe(
      'On the waiting list',
    );

    // Deletion.
    expect((await person.agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
    const rows = await env.handle.db
      .selectFrom('registrations')
      .select(['id', 'status', 'answers', 'activityId'])
      .where('userId', 'in', [person.userId, waiting.userId])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    // The coming registrations are cancelled; the person waiting behind is offered the place and told.
    expect(byId.get(confirmed.body.id)).toMatchObject({ status: 'CANCELLED', answers: '{}' });
    expect(byId.get(waitlisted.body.id)).toMatchObject({ status: 'CANCELLED', answers: '{}' });
    expect(byId.get(behind.body.id)!.status).toBe('OFFERED');
    expect(await inbox(waiting.userId, 'activity.placeOffered')).toEqual([
      expect.objectContaining({ title: '「岩石的故事」有空余名额，已为您保留' }),
    ]);
    // The attended one stays, its answers blank.
    expect(byId.get(attended.body.id)).toMatchObject({ status: 'CONFIRMED', answers: '{}' });
    // The group booking is cancelled, its contact blanked; the organiser is told.
    const g = await env.handle.db
      .selectFrom('activityGroups')
      .select(['status', 'contactName', 'contactPhone'])
      .where('id', '=', group.body.id)
      .executeTakeFirstOrThrow();
    expect(g).toEqual({ status: 'CANCELLED', contactName: '', contactPhone: '' });
    const names = await env.handle.db
      .selectFrom('groupMembers')
      .select('name')
      .where('groupId', '=', group.body.id)
      .execute();
    expect(names.every((n) => n.name === '')).toBe(true);
    const hostTold = await inbox(editor.userId, 'activity.groupCancelled');
    expect(hostTold).toEqual([
      {
        title: '「研学开放日」长沙市雅礼中学初一（2）班的团体预约已取消',
        body: expect.stringContaining('已通过的 20 个名额已释放'),
      },
    ]);
    expect(JSON.stringify(hostTold)).not.toContain('刘老师');
    // The comment is gone, the rating stays without the person, the figures unchanged.
    const fb = await env.handle.db
      .selectFrom('activityFeedback')
      .select(['userId', 'rating', 'comment', 'commentStatus', 'moderationReason'])
      .where('id', '=', given.body.id)
      .executeTakeFirstOrThrow();
    expect(fb).toEqual({
      userId: '',
      rating: 4,
      comment: '',
      commentStatus: 'NONE',
      moderationReason: null,
    });
    const figures = await new Agent(env.app).get<{ summary: { count: number; mean: number } }>(
      `/api/public/activities/${past.id}/feedback`,
    );
    expect(figures.body.summary).toMatchObject({ count: 1, mean: 4 });
    const stillThere = await env.handle.db
      .selectFrom('activityFeedback')
      .select('id')
      .where('userId', '=', person.userId)
      .execute();
    expect(stillThere).toEqual([]);
  });

  it('a teacher cancelling a group booking tells the activity’s organiser', async () => {
    const teacher = await buildPublicUser(env);
    const a = await published('湿地研学', 40, { groupsAllowed: true });
    const g = await teacher.agent.post<{ id: string }>(`/api/activities/${a.id}/groups`, {
      schoolName: '长沙市第一中学',
      gradeClass: '初二（1）班',
      contactName: '周老师',
      contactPhone: '0731-84567891',
      requested: 12,
    });
    expect(g.status).toBe(201);
    expect((await teacher.agent.post(`/api/groups/${g.body.id}/cancel`)).status).toBe(200);
    const told = await inbox(editor.userId, 'activity.groupCancelled');
    expect(told).toContainEqual({
      title: '「湿地研学」长沙市第一中学初二（1）班的团体预约已取消',
      body: expect.stringContaining('申请 12 人'),
    });
    // The audit page reads the request's detail in words: no keys, no ids.
    const audit = await admin.get<{
      items: { detailLines: { label: string; value: string }[] }[];
    }>('/api/audit?action=group.request&pageSize=1');
    expect(audit.body.items[0]!.detailLines).toEqual([
      { label: '申请人数', value: '12' },
      { label: '年级班级', value: '初二（1）班' },
    ]);
    const en = await admin.get<{ items: { detailLines: { label: string; value: string }[] }[] }>(
      '/api/audit?action=group.request&pageSize=1',
      { 'accept-language': 'en-US' },
    );
    expect(en.body.items[0]!.detailLines[0]).toEqual({ label: 'Places asked for', value: '12' });
    // Codes read as words (the unit's type), ids are left out.
    const created = await admin.get<{
      items: { entityLabel: string; detailLines: { label: string; value: string }[] }[];
    }>('/api/audit?action=organisation.create&pageSize=50');
    expect(
      created.body.items.find((e) => e.entityLabel === '湖南省地质博物馆')!.detailLines,
    ).toEqual([
      { label: '名称', value: '湖南省地质博物馆' },
      { label: '类型', value: '基地依托单位' },
    ]);
  });

  it('a counsellor’s export names their squads and the members they recorded; deleting the account takes their phone off the squad and asks the school for a new counsellor', async () => {
    const school = await buildOrganisation(admin, province.id, {
      type: 'SCHOOL',
      name: '长沙市实验小学',
      divisionCode: '430102',
    });
    const counsellor = await buildUserWithRole(env, admin, 'MEMBER', school.id);
    const colleague = await buildUserWithRole(env, admin, 'MEMBER', school.id);
    const schoolAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', school.id);
    const deptEditor = await buildUserWithRole(env, admin, 'EDITOR', province.id);
    const squad = await counsellor.agent.post<{ id: string }>('/api/squads', {
      organisationId: school.id,
      name: '实验小学李四光中队',
      description: '以地质科普为特色',
      counsellorPhone: '13800000000',
    });
    expect(squad.status, JSON.stringify(squad.body)).toBe(201);
    expect(
      (await deptEditor.agent.post(`/api/squads/${squad.body.id}/decision`, { approve: true }))
        .status,
    ).toBe(200);
    const member = await counsellor.agent.post(`/api/squads/${squad.body.id}/members`, {
      name: '小明',
      grade: 'P4',
      guardianName: '王芳',
      guardianContact: '13900000000',
      guardianConsent: true,
    });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    expect(
      (
        await schoolAdmin.agent.post(`/api/squads/${squad.body.id}/members`, {
          name: '小红',
          grade: 'P5',
          guardianName: '李强',
          guardianContact: '13700000000',
          guardianConsent: true,
        })
      ).status,
    ).toBe(201);

    const exported = await counsellor.agent.get<{ sections: Section[] }>('/api/me/export');
    const mine = exported.body.sections.find((s) => s.module === 'squads')!;
    expect(mine.title).toBe('我担任辅导员的李四光中队');
    expect(mine.items).toHaveLength(1);
    const item = mine.items[0]!;
    expect(value(item, '中队')).toBe('实验小学李四光中队');
    expect(value(item, '状态')).toBe('已批准');
    expect(value(item, '辅导员联系电话')).toBe('13800000000');
    const members = value(item, '我登记的队员') as { label: string; value: string }[];
    expect(members).toEqual([
      { label: '小明', value: expect.stringMatching(/^小学四年级，入队 /) },
    ]);
    // Only what they recorded, and never the guardians.
    const text = JSON.stringify(mine);
    for (const x of ['小红', '王芳', '13900000000', 'APPROVED', '"P4"'])
      expect(text).not.toContain(x);

    expect((await counsellor.agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
    const row = await env.handle.db
      .selectFrom('squads')
      .select(['counsellorPhone', 'status'])
      .where('id', '=', squad.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ counsellorPhone: '', status: 'APPROVED' });
    // The school keeps the squad and its members, and is asked to name a new counsellor.
    expect(await inbox(schoolAdmin.userId, 'squad.counsellorGone')).toEqual([
      {
        title: '“实验小学李四光中队”的辅导员已注销账号',
        body: expect.stringContaining('请为该中队指定新的辅导员'),
      },
    ]);
    expect(await inbox(colleague.userId, 'squad.counsellorGone')).toEqual([]);
    const seen = await schoolAdmin.agent.get<{ items: { name: string }[] }>(
      `/api/squads/${squad.body.id}/members`,
    );
    expect(seen.body.items.map((m) => m.name).sort()).toEqual(['小明', '小红']);
    const handed = await schoolAdmin.agent.patch<{ counsellorId: string; counsellorPhone: string }>(
      `/api/squads/${squad.body.id}`,
      { counsellorId: colleague.userId, counsellorPhone: '13600000000' },
    );
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    expect(handed.body).toMatchObject({
      counsellorId: colleague.userId,
      counsellorPhone: '13600000000',
    });
  });

  async function key(a: Activity, label: string): Promise<string> {
    const r = await editor.agent.get<{ registrationForm: { key: string; label: string }[] }>(
      `/api/activities/${a.id}`,
    );
    return r.body.registrationForm.find((f) => f.label === label)!.key;
  }
});
