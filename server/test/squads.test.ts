import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildCallOrganisations,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type Squad = {
  id: string;
  name: string;
  status: string;
  approverName: string;
  provinceName: string | null;
  members: number;
  activitiesThisYear: number;
  canManage: boolean;
  canSeeMembers: boolean;
  canDecide: boolean;
  decisionNote: string | null;
};
type Err = { error: { code: string; message: string; fields?: { field: string }[] } };
const beijingToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe.each(DIALECTS)('李四光中队 on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let orgs: Awaited<ReturnType<typeof buildCallOrganisations>>;
  let school: { id: string; name: string };
  let otherSchool: { id: string; name: string };
  let teacher: Awaited<ReturnType<typeof buildUserWithRole>>;
  let schoolAdmin: Awaited<ReturnType<typeof buildUserWithRole>>;
  let colleague: Awaited<ReturnType<typeof buildUserWithRole>>;
  let hunanEditor: Awaited<ReturnType<typeof buildUserWithRole>>;
  let sichuanEditor: Awaited<ReturnType<typeof buildUserWithRole>>;
  let otherTeacher: Awaited<ReturnType<typeof buildUserWithRole>>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    orgs = await buildCallOrganisations(env, admin);
    school = await buildOrganisation(admin, orgs.hunan.id, {
      type: 'SCHOOL',
      name: '长沙市实验小学',
      divisionCode: '430102',
    });
    otherSchool = await buildOrganisation(admin, orgs.sichuan.id, {
      type: 'SCHOOL',
      name: '成都市实验小学',
    });
    teacher = await buildUserWithRole(env, admin, 'MEMBER', school.id);
    colleague = await buildUserWithRole(env, admin, 'MEMBER', school.id);
    schoolAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', school.id);
    hunanEditor = await buildUserWithRole(env, admin, 'EDITOR', orgs.hunan.id);
    sichuanEditor = await buildUserWithRole(env, admin, 'EDITOR', orgs.sichuan.id);
    otherTeacher = await buildUserWithRole(env, admin, 'MEMBER', otherSchool.id);
  });
  afterAll(() => env.close());

  it('offers the schools a teacher may apply at, and the school’s staff as counsellors', async () => {
    const schools = await teacher.agent.get<{ items: { id: string; name: string }[] }>(
      '/api/squads/schools',
    );
    expect(schools.body.items).toEqual([{ id: school.id, name: '长沙市实验小学' }]);
    // The province's staff see the schools below it; another province's do not.
    const byHunan = await hunanEditor.agent.get<{ items: { id: string }[] }>(
      `/api/squads/schools?q=${encodeURIComponent('实验')}`,
    );
    expect(byHunan.body.items.map((i) => i.id)).toEqual([school.id]);
    const counsellors = await teacher.agent.get<{ items: { id: string }[] }>(
      `/api/squads/counsellors?organisationId=${school.id}`,
    );
    expect(counsellors.body.items.map((i) => i.id).sort()).toEqual(
      [teacher.userId, colleague.userId, schoolAdmin.userId].sort(),
    );
  });

  async function apply(name = '长沙市实验小学李四光中队') {
    const r = await teacher.agent.post<Squad>('/api/squads', {
      organisationId: school.id,
      name,
      description: '以地质科普为特色',
      counsellorPhone: '13800000000',
    });
    expect(r.status).toBe(201);
    return r.body;
  }

  it('a teacher applies; the school’s provincial department approves; others cannot', async () => {
    const s = await apply();
    expect(s).toMatchObject({
      status: 'PENDING',
      approverName: '湖南省自然资源厅',
      canManage: true,
    });
    expect(s.canDecide).toBe(false);

    // The province's editor has it in the to-do list and a notification.
    const todos = await hunanEditor.agent.get<{ groups: { kind: string; count: number }[] }>(
      '/api/me/todos',
    );
    expect(todos.body.groups.find((g) => g.kind === 'squad.decide')?.count).toBe(1);
    const sichuanTodos = await sichuanEditor.agent.get<{ groups: { kind: string }[] }>(
      '/api/me/todos',
    );
    expect(sichuanTodos.body.groups.some((g) => g.kind === 'squad.decide')).toBe(false);
    const notes = await hunanEditor.agent.get<{ items: { title: string }[] }>(
      '/api/me/notifications',
    );
    expect(notes.body.items.some((n) => n.title.includes('长沙市实验小学李四光中队'))).toBe(true);

    // Another province's department, the school's own admin and a teacher of another school: no.
    for (const who of [sichuanEditor, otherTeacher]) {
      const r = await who.agent.post(`/api/squads/${s.id}/decision`, { approve: true });
      expect(r.status).toBe(404);
    }
    const own = await schoolAdmin.agent.post<Err>(`/api/squads/${s.id}/decision`, {
      approve: true,
    });
    expect(own.status).toBe(403);

    // Rejecting needs a reason, named as the field.
    const noReason = await hunanEditor.agent.post<Err>(`/api/squads/${s.id}/decision`, {
      approve: false,
    });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('note');
    const rejected = await hunanEditor.agent.post<Squad>(`/api/squads/${s.id}/decision`, {
      approve: false,
      note: '请补充辅导员的科普工作经历',
    });
    expect(rejected.body).toMatchObject({ status: 'REJECTED' });
    const again = await teacher.agent.post<Squad>(`/api/squads/${s.id}/resubmit`);
    expect(again.body.status).toBe('PENDING');
    const approved = await hunanEditor.agent.post<Squad>(`/api/squads/${s.id}/decision`, {
      approve: true,
    });
    expect(approved.body.status).toBe('APPROVED');
    const twice = await hunanEditor.agent.post(`/api/squads/${s.id}/decision`, { approve: true });
    expect(twice.status).toBe(409);

    // The public list shows it, without any member data.
    const pub = await new (teacher.agent.constructor as typeof Agent)(env.app).get<{
      items: Record<string, unknown>[];
    }>('/api/public/squads');
    const item = pub.body.items.find((i) => i.id === s.id)!;
    expect(item).toMatchObject({ schoolName: '长沙市实验小学', provinceName: '湖南省' });
    // Found by part of its name; a % is a character, not a wildcard.
    const anon = new (teacher.agent.constructor as typeof Agent)(env.app);
    const found = await anon.get<{ items: { id: string }[] }>(
      `/api/public/squads?q=${encodeURIComponent('实验小学')}`,
    );
    expect(found.body.items.map((i) => i.id)).toContain(s.id);
    const literal = await anon.get<{ total: number }>(
      `/api/public/squads?q=${encodeURIComponent('%')}`,
    );
    expect(literal.body.total).toBe(0);
    expect(Object.keys(item).sort()).toEqual(
      ['activitiesThisYear', 'id', 'members', 'name', 'provinceName', 'schoolName', 'since'].sort(),
    );
  });

  it('records minors only with a guardian’s consent, shown to the counsellor and the school’s admins only', async () => {
    const s = await apply('第二李四光中队');
    await hunanEditor.agent.post(`/api/squads/${s.id}/decision`, { approve: true });
    const noConsent = await teacher.agent.post<Err>(`/api/squads/${s.id}/members`, {
      name: '小明',
      grade: 'P4',
      guardianName: '王芳',
      guardianContact: '13900000000',
    });
    expect(noConsent.status).toBe(400);
    expect(JSON.stringify(noConsent.body)).toContain('guardianConsent');
    const m = await teacher.agent.post<{ id: string; guardianContact: string }>(
      `/api/squads/${s.id}/members`,
      {
        name: '小明',
        grade: 'P4',
        guardianName: '王芳',
        guardianContact: '13900000000',
        guardianConsent: true,
      },
    );
    expect(m.status).toBe(201);
    await teacher.agent.post(`/api/squads/${s.id}/members`, {
      name: '小红',
      grade: 'P5',
      guardianName: '李强',
      guardianContact: '13700000000',
      guardianConsent: true,
    });

    const byCounsellor = await teacher.agent.get<{ items: unknown[] }>(
      `/api/squads/${s.id}/members`,
    );
    expect(byCounsellor.body.items).toHaveLength(2);
    const bySchoolAdmin = await schoolAdmin.agent.get<{ items: unknown[] }>(
      `/api/squads/${s.id}/members`,
    );
    expect(bySchoolAdmin.body.items).toHaveLength(2);
    // The approving department, a colleague, a platform admin, the public: no names of children.
    for (const who of [hunanEditor.agent, colleague.agent, admin]) {
      const r = await who.get(`/api/squads/${s.id}/members`);
      expect([403, 404]).toContain(r.status);
    }
    const pub = await buildPublicUser(env);
    expect((await pub.agent.get(`/api/squads/${s.id}/members`)).status).toBe(404);
    // …but the department sees the counts.
    const seen = await hunanEditor.agent.get<Squad>(`/api/squads/${s.id}`);
    expect(seen.body).toMatchObject({ members: 2, canSeeMembers: false });

    // Leaving erases the guardian's contact; erasing removes the record.
    const left = await teacher.agent.post<{ leftOn: string; guardianContact: string | null }>(
      `/api/squad-members/${m.body.id}/leave`,
    );
    expect(left.body).toMatchObject({ leftOn: beijingToday(), guardianContact: null });
    const erased = await teacher.agent.del(`/api/squad-members/${m.body.id}`);
    expect(erased.status).toBe(200);
    const after = await teacher.agent.get<{ items: { name: string }[] }>(
      `/api/squads/${s.id}/members`,
    );
    expect(after.body.items.map((i) => i.name)).toEqual(['小红']);
    const audit = await admin.get<{ items: { action: string }[] }>(
      `/api/audit?entityType=squadMember`,
    );
    expect(audit.status).toBe(200);
  });

  it('keeps a yearly record of members and the activities the squad attended', async () => {
    const s = await apply('第三李四光中队');
    const early = await teacher.agent.post(`/api/squads/${s.id}/activities`, {
      title: '走进地质博物馆',
      heldOn: beijingToday(),
      participants: 20,
    });
    expect(early.status).toBe(409); // not approved yet
    await hunanEditor.agent.post(`/api/squads/${s.id}/decision`, { approve: true });
    const year = Number(beijingToday().slice(0, 4));
    const a = await teacher.agent.post(`/api/squads/${s.id}/activities`, {
      title: '走进地质博物馆',
      heldOn: beijingToday(),
      participants: 20,
    });
    expect(a.status).toBe(201);
    const future = await teacher.agent.post<Err>(`/api/squads/${s.id}/activities`, {
      title: '明年的活动',
      heldOn: `${year + 1}-06-01`,
      participants: 5,
    });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('heldOn');
    const noTitle = await teacher.agent.post<Err>(`/api/squads/${s.id}/activities`, {
      heldOn: beijingToday(),
      participants: 5,
    });
    expect(JSON.stringify(noTitle.body)).toContain('title');
    await teacher.agent.post(`/api/squads/${s.id}/members`, {
      name: '小刚',
      grade: 'J1',
      guardianName: '张伟',
      guardianContact: '13600000000',
      guardianConsent: true,
    });
    const saved = await teacher.agent.put<{ summary: string }>(
      `/api/squads/${s.id}/years/${year}`,
      { summary: '全年开展地质科普活动' },
    );
    expect(saved.status).toBe(200);
    const rec = await hunanEditor.agent.get<Record<string, unknown>>(
      `/api/squads/${s.id}/years/${year}`,
    );
    expect(rec.body).toMatchObject({
      year,
      membersAtEnd: 1,
      joined: 1,
      activities: 1,
      participantTimes: 20,
      byGrade: [{ grade: 'J1', members: 1 }],
      summary: '全年开展地质科普活动',
    });
    // The department reads the record but does not write it.
    const notTheirs = await hunanEditor.agent.put(`/api/squads/${s.id}/years/${year}`, {
      summary: 'x',
    });
    expect(notTheirs.status).toBe(403);
    // Dissolving erases guardian contacts and keeps the record.
    const dissolved = await teacher.agent.post<Squad>(`/api/squads/${s.id}/dissolve`);
    expect(dissolved.body.status).toBe('DISSOLVED');
    const members = await teacher.agent.get<{ items: { guardianContact: string | null }[] }>(
      `/api/squads/${s.id}/members`,
    );
    expect(members.body.items.every((m) => m.guardianContact === null)).toBe(true);
  });

  it('refuses a squad outside a school, and a counsellor who is not the school’s staff', async () => {
    const museum = await teacher.agent.post<Err>('/api/squads', {
      organisationId: orgs.museum.id,
      name: '博物馆中队',
      counsellorPhone: '13800000000',
    });
    expect(museum.status).toBe(403); // the teacher is not staff of the museum
    const wrongCounsellor = await teacher.agent.post<Err>('/api/squads', {
      organisationId: school.id,
      name: '又一个中队',
      counsellorId: otherTeacher.userId,
      counsellorPhone: '13800000000',
    });
    expect(wrongCounsellor.status).toBe(400);
    expect(JSON.stringify(wrongCounsellor.body)).toContain('counsellorId');
    const staffOfMuseum = await buildUserWithRole(env, admin, 'EDITOR', orgs.museum.id);
    const notSchool = await staffOfMuseum.agent.post<Err>('/api/squads', {
      organisationId: orgs.museum.id,
      name: '博物馆中队',
      counsellorPhone: '13800000000',
    });
    expect(notSchool.status).toBe(400);
    expect(JSON.stringify(notSchool.body)).toContain('organisationId');
    const en = await staffOfMuseum.agent.request<Err>(
      'POST',
      '/api/squads',
      { organisationId: orgs.museum.id, name: '博物馆中队', counsellorPhone: '13800000000' },
      { 'accept-language': 'en-US' },
    );
    expect(JSON.stringify(en.body)).toMatch(/must be a school/);
  });
});
