import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildCallOrganisations,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
} from './helpers.ts';
import { pdf } from './media-fixtures.ts';

type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
const code = (r: { body: unknown }) => (r.body as ErrorBody).error.code;
const fields = (r: { body: unknown }) =>
  ((r.body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);

interface PublicCall {
  id: string;
  title: string;
  docNo: string | null;
  phase: 'OPEN' | 'UPCOMING' | 'CLOSED';
  subjectLabel: string;
  organisationName: string;
  eligibility: string;
  body?: string;
  templates?: { id: string; name: string; url: string }[];
}
interface JoinRequest {
  id: string;
  status: string;
  role: string | null;
  organisationName: string;
  decisionNote: string | null;
}

const day = (offset: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

describe.each(DIALECTS)('public calls and join requests on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let office: { id: string; name: string };
  let province: { id: string; name: string };
  let museum: { id: string; name: string };
  let otherProvince: { id: string; name: string };
  let editor: Agent;
  let provAdmin: { agent: Agent; userId: string };
  let museumAdmin: { agent: Agent; userId: string };
  let otherProvAdmin: Agent;
  const anonymous = () => new Agent(env.app);
  const ids: Record<string, string> = {};

  async function call(title: string, opensAt: string, closesAt: string, extra = {}) {
    const res = await editor.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title,
      docNo: `自然资办函〔2026〕${title.length}号`,
      opensAt,
      closesAt,
      form: { fields: [], attachments: [] },
      stages: [{ kind: 'DECISION' }],
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    ({
      office,
      hunan: province,
      sichuan: otherProvince,
      museum,
    } = await buildCallOrganisations(env, admin));
    editor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    provAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', province.id);
    museumAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', museum.id);
    otherProvAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', otherProvince.id)).agent;
  });
  afterAll(() => env.close());

  it('a call carries its sanitised text, who may apply and templates; a draft stays hidden', async () => {
    const tpl = await editor.upload<{ id: string }>(
      `/api/media?organisationId=${office.id}&name=${encodeURIComponent('申报书模板.pdf')}`,
      pdf(),
    );
    expect(tpl.status).toBe(201);
    ids.open = await call('2026 年度科普基地推荐', day(-1), day(30), {
      description:
        '<p>请各单位<strong>认真组织</strong>申报。</p><script>alert(1)</script><img src="x" onerror="alert(1)">',
      eligibility: '各省级自然资源主管部门及部属单位',
      templateIds: [tpl.body.id],
    });
    const draft = await editor.get<{ description: string; templates: { id: string }[] }>(
      `/api/review-calls/${ids.open}`,
    );
    expect(draft.body.description).not.toContain('script');
    expect(draft.body.description).not.toContain('onerror');
    expect(draft.body.templates.map((t) => t.id)).toEqual([tpl.body.id]);
    // A draft: not on the portal, its template not public.
    expect((await anonymous().get(`/api/public/review-calls/${ids.open}`)).status).toBe(404);
    expect(
      (await anonymous().get<{ items: PublicCall[] }>('/api/public/review-calls')).body.items.map(
        (c) => c.id,
      ),
    ).not.toContain(ids.open);
    expect((await anonymous().get(`/api/media/${tpl.body.id}/original`)).status).toBe(401);

    expect((await editor.post(`/api/review-calls/${ids.open}/open`)).status).toBe(200);
    const pub = await anonymous().get<PublicCall>(`/api/public/review-calls/${ids.open}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      title: '2026 年度科普基地推荐',
      phase: 'OPEN',
      organisationName: '科普工作办公室',
      eligibility: '各省级自然资源主管部门及部属单位',
    });
    expect(pub.body.docNo).toMatch(/自然资办函/);
    expect(pub.body.body).toContain('<strong>认真组织</strong>');
    expect(pub.body.body).not.toMatch(/script|onerror/);
    expect(pub.body.templates?.[0]?.name).toBe('申报书模板.pdf');
    const file = await anonymous().get(pub.body.templates![0]!.url);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('application/pdf');
    // The subject's label in the request's language.
    const en = await anonymous().get<PublicCall>(`/api/public/review-calls/${ids.open}`, {
      'accept-language': 'en-US',
    });
    expect(en.body.subjectLabel).not.toBe(pub.body.subjectLabel);
    // Bounded: an over-long eligibility names the field; a template that is not a file too.
    const long = await editor.post('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '超长',
      opensAt: day(0),
      closesAt: day(1),
      form: { fields: [], attachments: [] },
      stages: [{ kind: 'DECISION' }],
      eligibility: '字'.repeat(2001),
    });
    expect(long.status).toBe(400);
    expect(fields(long)).toContain('eligibility');
    const ghost = await editor.post('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '幽灵模板',
      opensAt: day(0),
      closesAt: day(1),
      form: { fields: [], attachments: [] },
      stages: [{ kind: 'DECISION' }],
      templateIds: ['01900000-0000-7000-8000-000000000000'],
    });
    expect(ghost.status).toBe(400);
  });

  it('lists open calls first (nearest deadline first), then upcoming, then ended; filters by phase', async () => {
    ids.soon = await call('即将截止的征集', day(-5), day(2));
    ids.upcoming = await call('下月开始的征集', day(10), day(40));
    ids.ended = await call('已过期的征集', day(-30), day(-1));
    ids.closed = await call('已结束的征集', day(-3), day(20));
    ids.hidden = await call('仍是草稿的征集', day(-3), day(20));
    for (const k of ['soon', 'upcoming', 'ended', 'closed'])
      expect((await editor.post(`/api/review-calls/${ids[k]}/open`)).status).toBe(200);
    expect((await editor.post(`/api/review-calls/${ids.closed}/close`)).status).toBe(200);

    const all = await anonymous().get<{ items: PublicCall[]; total: number }>(
      '/api/public/review-calls?pageSize=50',
    );
    expect(all.status).toBe(200);
    const order = all.body.items.map((c) => c.id);
    expect(order).not.toContain(ids.hidden);
    expect(order.slice(0, 3)).toEqual([ids.soon, ids.open, ids.upcoming]);
    expect(new Set(order.slice(3))).toEqual(new Set([ids.ended, ids.closed]));
    expect(all.body.items.map((c) => c.phase)).toEqual([
      'OPEN',
      'OPEN',
      'UPCOMING',
      'CLOSED',
      'CLOSED',
    ]);
    expect(all.body.total).toBe(5);
    const closed = await anonymous().get<{ items: PublicCall[]; total: number }>(
      '/api/public/review-calls?phase=CLOSED',
    );
    expect(closed.body.total).toBe(2);
    const page2 = await anonymous().get<{ items: PublicCall[] }>(
      '/api/public/review-calls?pageSize=2&page=2',
    );
    expect(page2.body.items.map((c) => c.id)).toEqual([ids.upcoming, order[3]]);
    expect((await anonymous().get('/api/public/review-calls?phase=DRAFT')).status).toBe(400);
    expect((await anonymous().get('/api/public/review-calls?pageSize=51')).status).toBe(400);
  });

  it('a registered person without a unit asks to join one; an admin above approves; then they may apply', async () => {
    const p = await buildPublicUser(env);
    // Cannot apply yet: no unit.
    const before = await p.agent.post(`/api/review-calls/${ids.open}/items`, {
      organisationId: museum.id,
      title: '申报',
      data: {},
    });
    expect(before.status).toBe(403);
    const units = await p.agent.get<{ items: { id: string; name: string; parentName: string }[] }>(
      `/api/join-requests/units?q=${encodeURIComponent('地质博物')}`,
    );
    expect(units.body.items).toContainEqual({
      id: museum.id,
      name: '湖南省地质博物馆',
      parentName: '湖南省自然资源厅',
    });
    expect((await anonymous().get('/api/join-requests/units?q=x')).status).toBe(401);
    const missing = await p.agent.post('/api/me/join-requests', {
      organisationId: museum.id,
      position: '',
    });
    expect(missing.status).toBe(400);
    expect(fields(missing)).toContain('position');
    const req = await p.agent.post<JoinRequest>('/api/me/join-requests', {
      organisationId: museum.id,
      position: '科普讲解员',
      reason: '负责本馆科普基地申报',
    });
    expect(req.status).toBe(201);
    expect(req.body.status).toBe('PENDING');
    // One pending request at a time.
    const second = await p.agent.post('/api/me/join-requests', {
      organisationId: province.id,
      position: '科员',
    });
    expect(second.status).toBe(409);

    // The museum's admin is told; the province's admin sees it too (above it in the tree).
    const inbox = await museumAdmin.agent.get<{ items: { title: string; link: string }[] }>(
      '/api/me/notifications',
    );
    expect(inbox.body.items.some((n) => n.link === '/admin/join-requests')).toBe(true);
    const todos = await provAdmin.agent.get<{ groups: { kind: string; count: number }[] }>(
      '/api/me/todos',
    );
    expect(todos.body.groups.find((g) => g.kind === 'join.decide')?.count).toBeGreaterThanOrEqual(
      1,
    );
    const seen = await provAdmin.agent.get<{ items: JoinRequest[] }>(
      '/api/join-requests?status=PENDING',
    );
    expect(seen.body.items.map((r) => r.id)).toContain(req.body.id);
    // Another province's admin neither sees nor decides it; the person cannot approve it.
    const foreign = await otherProvAdmin.get<{ items: JoinRequest[] }>('/api/join-requests');
    expect(foreign.body.items.map((r) => r.id)).not.toContain(req.body.id);
    expect(
      (await otherProvAdmin.post(`/api/join-requests/${req.body.id}/approve`, { role: 'MEMBER' }))
        .status,
    ).toBe(404);
    expect((await p.agent.post(`/api/join-requests/${req.body.id}/approve`, {})).status).toBe(403);
    expect((await p.agent.get('/api/join-requests')).status).toBe(403);

    // Two admins approve at once: one wins, the other is told it was settled.
    const [a, b] = await Promise.all([
      provAdmin.agent.post<JoinRequest>(`/api/join-requests/${req.body.id}/approve`, {
        role: 'EDITOR',
      }),
      museumAdmin.agent.post<JoinRequest>(`/api/join-requests/${req.body.id}/approve`, {
        role: 'EDITOR',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const mine = await p.agent.get<{ items: JoinRequest[] }>('/api/me/join-requests');
    expect(mine.body.items[0]).toMatchObject({ status: 'APPROVED', role: 'EDITOR' });
    const me = await p.agent.get<{ user: { grants: { role: string; organisationId: string }[] } }>(
      '/api/auth/me',
    );
    expect(JSON.stringify(me.body)).toContain(museum.id);
    const told = await p.agent.get<{ items: { title: string }[] }>('/api/me/notifications');
    expect(told.body.items[0]?.title).toContain('湖南省地质博物馆');
    // Now the person applies for the museum.
    const item = await p.agent.post(`/api/review-calls/${ids.open}/items`, {
      organisationId: museum.id,
      title: '湖南省地质博物馆科普基地申报',
      data: {},
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const audit = await admin.get<{ items: { action: string }[] }>(
      '/api/audit?action=join.approve',
    );
    expect(audit.status).toBe(200);
  });

  it('declines with a reason the person reads; the person may withdraw and ask again', async () => {
    const p = await buildPublicUser(env);
    const first = await p.agent.post<JoinRequest>('/api/me/join-requests', {
      organisationId: museum.id,
      position: '志愿者',
    });
    expect(
      (await museumAdmin.agent.post(`/api/join-requests/${first.body.id}/decline`, {})).status,
    ).toBe(400);
    const no = await museumAdmin.agent.post<JoinRequest>(
      `/api/join-requests/${first.body.id}/decline`,
      { reason: '本馆暂不接收志愿者账号' },
    );
    expect(no.status).toBe(200);
    expect(no.body).toMatchObject({ status: 'DECLINED', decisionNote: '本馆暂不接收志愿者账号' });
    const told = await p.agent.get<{ items: { body: string }[] }>('/api/me/notifications');
    expect(told.body.items[0]?.body).toContain('本馆暂不接收志愿者账号');
    const again = await p.agent.post<JoinRequest>('/api/me/join-requests', {
      organisationId: province.id,
      position: '科员',
    });
    expect(again.status).toBe(201);
    const w = await p.agent.post<JoinRequest>(`/api/me/join-requests/${again.body.id}/withdraw`);
    expect(w.body.status).toBe('WITHDRAWN');
    expect((await p.agent.post(`/api/me/join-requests/${again.body.id}/withdraw`)).status).toBe(
      409,
    );
    // Someone else's request is not there for them.
    const other = await buildPublicUser(env);
    expect((await other.agent.post(`/api/me/join-requests/${first.body.id}/withdraw`)).status).toBe(
      404,
    );
    expect(code(await p.agent.post('/api/me/join-requests', { organisationId: 'x' }))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('my requests are in my data export; deleting my account withdraws a pending one', async () => {
    const p = await buildPublicUser(env);
    const req = await p.agent.post<JoinRequest>('/api/me/join-requests', {
      organisationId: museum.id,
      position: '研学导师',
      reason: '带学生参观',
    });
    expect(req.status).toBe(201);
    const mine = await p.agent.get<{
      joinRequests: { id: string; organisationName: string; position: string; status: string }[];
    }>('/api/me/export');
    expect(mine.body.joinRequests).toEqual([
      expect.objectContaining({
        id: req.body.id,
        organisationName: '湖南省地质博物馆',
        position: '研学导师',
        reason: '带学生参观',
        status: 'PENDING',
      }),
    ]);
    type Todos = { groups: { kind: string; entries: { id: string }[] }[] };
    const todoIds = async () =>
      (await museumAdmin.agent.get<Todos>('/api/me/todos')).body.groups
        .find((g) => g.kind === 'join.decide')
        ?.entries.map((e) => e.id) ?? [];
    expect(await todoIds()).toContain(req.body.id);

    expect((await p.agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
    // Gone from the administrators' pending list and to-dos; listed as withdrawn.
    expect(await todoIds()).not.toContain(req.body.id);
    const pending = await museumAdmin.agent.get<{ items: JoinRequest[] }>(
      '/api/join-requests?status=PENDING',
    );
    expect(pending.body.items.map((r) => r.id)).not.toContain(req.body.id);
    const all = await museumAdmin.agent.get<{ items: JoinRequest[] }>('/api/join-requests');
    expect(all.body.items.find((r) => r.id === req.body.id)?.status).toBe('WITHDRAWN');
    const late = await museumAdmin.agent.post(`/api/join-requests/${req.body.id}/approve`, {});
    expect(late.status).toBe(409);
    expect(code(late)).toBe('STATE_CONFLICT');
  });

  it('an administrator asking to join a unit below cannot approve their own request', async () => {
    // The province's admin asks to join the museum (below the province): someone else decides.
    const req = await provAdmin.agent.post<JoinRequest>('/api/me/join-requests', {
      organisationId: museum.id,
      position: '联络员',
    });
    expect(req.status).toBe(201);
    expect(
      (await provAdmin.agent.post(`/api/join-requests/${req.body.id}/approve`, {})).status,
    ).toBe(403);
    const todos = await provAdmin.agent.get<{ groups: { kind: string }[] }>('/api/me/todos');
    expect(todos.body.groups.some((g) => g.kind === 'join.decide')).toBe(false);
    expect(
      (await museumAdmin.agent.post(`/api/join-requests/${req.body.id}/approve`, {})).status,
    ).toBe(200);
  });
});
