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

interface Work {
  id: string;
  status: string;
  version: number;
  title: string;
  body: string;
  checkedVersion: number | null;
  checks: { reviewerName: string; decision: string; version: number }[];
  abilities: Record<string, boolean>;
}
type ErrorBody = {
  error: {
    code: string;
    message: string;
    details?: { fields?: { field: string; message: string }[] };
  };
};
const msg = (r: { body: unknown }) => (r.body as ErrorBody).error?.message;

const BODY =
  '<p>滑坡是斜坡上的岩土体沿着滑动面整体下滑的现象。</p><p>发现前兆要立即撤离。</p><script>alert(1)</script><p onclick="x()">雨季要特别注意。</p>';

describe.each(DIALECTS)('works on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let unit: { id: string };
  let otherUnit: { id: string };
  let creator: Agent;
  let creatorId: string;
  let colleague: Agent;
  let editor: Agent;
  let reviewer: Agent;
  let reviewer2: Agent;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(admin, env.rootId, {
      type: 'BASE_HOST',
      name: '作品测试博物馆',
    });
    otherUnit = await buildOrganisation(admin, env.rootId, { name: '其他单位' });
    const c = await buildUserWithRole(env, admin, 'MEMBER', unit.id);
    creator = c.agent;
    creatorId = c.userId;
    colleague = (await buildUserWithRole(env, admin, 'MEMBER', unit.id)).agent;
    editor = (await buildUserWithRole(env, admin, 'EDITOR', unit.id)).agent;
    reviewer = (await buildUserWithRole(env, admin, 'REVIEWER', otherUnit.id)).agent;
    reviewer2 = (await buildUserWithRole(env, admin, 'REVIEWER', otherUnit.id)).agent;
  });
  afterAll(() => env.close());

  const newWork = async (title = '滑坡来了怎么办') => {
    const res = await creator.post<Work>('/api/works', {
      organisationId: unit.id,
      type: 'GRAPHIC',
      title,
      summary: '遇到滑坡时如何判断前兆并安全撤离。',
      body: BODY,
      sectors: ['GEOLOGY'],
      topics: ['GEOHAZARD_PREVENTION'],
      audiences: ['YOUTH'],
      regions: ['510000'],
      authors: [{ name: '周立波', role: 'AUTHOR' }],
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('creates a sanitized draft as version 1, and validates tags against reference data', async () => {
    const w = await newWork();
    expect(w).toMatchObject({ status: 'DRAFT', version: 1, checkedVersion: null });
    expect(w.body).not.toContain('<script');
    expect(w.body).not.toContain('onclick');
    expect(w.body).toContain('<p>雨季要特别注意。</p>');
    expect(w.abilities).toMatchObject({ edit: true, submit: true, check: false, publish: false });
    const bad = await creator.post('/api/works', {
      organisationId: unit.id,
      type: 'SPACESHIP',
      title: '错误类型',
      sectors: ['MARS'],
    });
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).error.details?.fields?.[0]).toMatchObject({
      field: 'type',
      message: 'type：未知或已停用的代码 SPACESHIP',
    });
    // Regions are real divisions, not just six digits.
    const nowhere = await creator.post('/api/works', {
      organisationId: unit.id,
      type: 'GRAPHIC',
      title: '不存在的地区',
      regions: ['510000', '990000'],
    });
    expect(nowhere.status).toBe(400);
    expect((nowhere.body as ErrorBody).error.details?.fields?.[0]).toMatchObject({
      field: 'regions',
      message: 'regions：未知的行政区划代码 990000',
    });
    const outsider = await reviewer.post('/api/works', {
      organisationId: unit.id,
      type: 'GRAPHIC',
      title: '越权',
    });
    expect(outsider.status).toBe(403);
  });

  it('links registered authors to active accounts of any unit, kept through edits by others', async () => {
    const w = await newWork('注册作者的作品');
    const member = await buildUserWithRole(env, admin, 'MEMBER', unit.id);
    const elsewhere = await buildUserWithRole(env, admin, 'MEMBER', otherUnit.id);
    const fields = (r: { body: unknown }) =>
      (r.body as ErrorBody).error.details?.fields?.map((f) => f.field);
    const set = (agent: Agent, authors: unknown[]) =>
      agent.patch<Work & { authors: { userId?: string | null; name: string }[] }>(
        `/api/works/${w.id}`,
        { authors },
      );
    const linked = await set(creator, [
      { userId: creatorId, name: '周立波', role: 'AUTHOR' },
      { userId: member.userId, name: '同事', role: 'ILLUSTRATOR' },
      { userId: elsewhere.userId, name: '合作者', role: 'ADVISOR' },
      { name: '外部摄影师', role: 'PHOTOGRAPHER' },
    ]);
    expect(linked.status).toBe(200);
    expect(linked.body.authors.map((a) => a.userId ?? null)).toEqual([
      creatorId,
      member.userId,
      elsewhere.userId,
      null,
    ]);
    // An account that does not exist: refused, naming the row.
    const ghost = await set(creator, [
      { name: '周立波', role: 'AUTHOR' },
      { userId: '00000000-0000-4000-8000-000000000000', name: '无此人', role: 'AUTHOR' },
    ]);
    expect(ghost.status).toBe(400);
    expect(fields(ghost)).toEqual(['authors.1.userId']);
    expect((ghost.body as unknown as ErrorBody).error.details?.fields?.[0]?.message).toBe(
      'authors.1.userId：作者 2 关联的账号不存在或已停用',
    );
    // An editor of the unit re-saving the list keeps the links.
    const kept = await set(editor, [
      { userId: creatorId, name: '周立波', role: 'AUTHOR' },
      { userId: member.userId, name: '同事', role: 'ILLUSTRATOR' },
    ]);
    expect(kept.status).toBe(200);
  });

  it('runs the lifecycle: edit → submit → check → publish → withdraw, with versions and a diff', async () => {
    const w = await newWork('地质灾害防治手册');
    expect((await colleague.patch(`/api/works/${w.id}`, { title: '别人改的' })).status).toBe(403);
    const edited = await creator.patch<Work>(`/api/works/${w.id}`, {
      body: '<p>滑坡是斜坡上的岩土体沿着滑动面整体下滑的现象。</p><p>发现前兆要马上向两侧撤离。</p>',
      note: '改写撤离建议',
    });
    expect(edited.body.version).toBe(2);
    // A partial edit keeps every field it does not name.
    expect(edited.body).toMatchObject({
      title: '地质灾害防治手册',
      sectors: ['GEOLOGY'],
      authors: [{ name: '周立波', role: 'AUTHOR' }],
    });
    const diff = await creator.get<{
      fields: { field: string; parts?: { op: string; text: string }[] }[];
    }>(`/api/works/${w.id}/diff?from=1&to=2`);
    const body = diff.body.fields.find((f) => f.field === 'body')!;
    expect(
      body
        .parts!.filter((p) => p.op === 'insert')
        .map((p) => p.text)
        .join(''),
    ).toContain('马上向两侧');
    expect(
      body
        .parts!.filter((p) => p.op === 'delete')
        .map((p) => p.text)
        .join(''),
    ).toContain('立即');
    const versions = await creator.get<{ version: number; note: string | null }[]>(
      `/api/works/${w.id}/versions`,
    );
    expect(versions.body.map((v) => [v.version, v.note])).toEqual([
      [2, '改写撤离建议'],
      [1, null],
    ]);
    expect((await creator.get<{ title: string }>(`/api/works/${w.id}/versions/1`)).body.title).toBe(
      '地质灾害防治手册',
    );

    expect((await creator.post<Work>(`/api/works/${w.id}/submit`)).body.status).toBe('SUBMITTED');
    const locked = await creator.patch(`/api/works/${w.id}`, { title: '提交后修改' });
    expect(locked.status).toBe(409);
    expect(msg(locked)).toBe('只有草稿、审核通过或已撤回的作品可以修改（当前状态：待审核）');
    expect((await editor.post(`/api/works/${w.id}/publish`)).status).toBe(409);

    const awaiting = await reviewer.get<{ items: { id: string }[] }>(
      '/api/works?awaitingCheck=true',
    );
    expect(awaiting.body.items.map((i) => i.id)).toContain(w.id);
    const returnedWithout = await reviewer.post(`/api/works/${w.id}/check`, {
      decision: 'RETURNED',
    });
    expect(returnedWithout.status).toBe(400);
    const checked = await reviewer.post<Work>(`/api/works/${w.id}/check`, {
      decision: 'PASSED',
      comments: '科学表述准确',
    });
    expect(checked.body).toMatchObject({ status: 'CHECKED', checkedVersion: 2 });
    expect(checked.body.checks[0]).toMatchObject({ decision: 'PASSED', version: 2 });

    expect((await creator.post(`/api/works/${w.id}/publish`)).status).toBe(403);
    const published = await editor.post<Work>(`/api/works/${w.id}/publish`);
    expect(published.body.status).toBe('PUBLISHED');
    const pub = await new Agent(env.app).get<{
      title: string;
      check: { reviewerName: string; version: number } | null;
    }>(`/api/public/works/${w.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.check).toMatchObject({ reviewerName: '测试用户', version: 2 });

    const found = await new Agent(env.app).get<{ items: { id: string }[] }>(
      `/api/search?q=${encodeURIComponent('滑坡')}&type=work`,
    );
    expect(found.body.items.map((i) => i.id)).toContain(w.id);
    const traditional = await new Agent(env.app).get<{ items: { id: string }[] }>(
      `/api/search?q=${encodeURIComponent('地質災害')}&type=work`,
    );
    expect(traditional.body.items.map((i) => i.id)).toContain(w.id);
    const byAuthor = await new Agent(env.app).get<{ items: { id: string }[] }>(
      '/api/search?q=zhoulibo&type=work',
    );
    expect(byAuthor.body.items.map((i) => i.id)).toContain(w.id);
    // The work's own type is a facet and a filter (GRAPHIC here, not VIDEO).
    const typed = await new Agent(env.app).get<{
      items: { id: string }[];
      facets: { workType: { value: string; count: number }[] };
    }>(`/api/search?q=${encodeURIComponent('滑坡')}&type=work&workType=GRAPHIC`);
    expect(typed.body.items.map((i) => i.id)).toContain(w.id);
    expect(typed.body.facets.workType).toEqual([
      { value: 'GRAPHIC', count: typed.body.items.length },
    ]);
    const videos = await new Agent(env.app).get<{ items: { id: string }[] }>(
      `/api/search?q=${encodeURIComponent('滑坡')}&workType=VIDEO`,
    );
    expect(videos.body.items.map((i) => i.id)).not.toContain(w.id);

    expect((await editor.post<Work>(`/api/works/${w.id}/withdraw`)).body.status).toBe('WITHDRAWN');
    expect((await new Agent(env.app).get(`/api/public/works/${w.id}`)).status).toBe(404);
    const gone = await new Agent(env.app).get<{ items: { id: string }[] }>(
      `/api/search?q=${encodeURIComponent('滑坡')}&type=work`,
    );
    expect(gone.body.items.map((i) => i.id)).not.toContain(w.id);
  });

  it('refuses illegal transitions with 409 and a clear message', async () => {
    const w = await newWork('非法流转测试');
    const cases: [Agent, string, string][] = [
      [editor, 'publish', '只有通过科学性审核的作品可以发布（当前状态：草稿）'],
      [editor, 'withdraw', '只有已发布的作品可以撤回（当前状态：草稿）'],
      [creator, 'recall', '只有待审核的作品可以撤回修改（当前状态：草稿）'],
      [editor, 'archive', '只有已发布或已撤回的作品可以归档（当前状态：草稿）'],
    ];
    for (const [agent, step, text] of cases) {
      const r = await agent.post(`/api/works/${w.id}/${step}`);
      expect(r.status, step).toBe(409);
      expect(msg(r)).toBe(text);
    }
    const notSubmitted = await reviewer.post(`/api/works/${w.id}/check`, { decision: 'PASSED' });
    expect(notSubmitted.status).toBe(409);
    expect(msg(notSubmitted)).toBe('只有待审核的作品可以审核（当前状态：草稿）');
  });

  it('lets two reviewers race: exactly one check is recorded', async () => {
    const w = await newWork('并发审核测试');
    await creator.post(`/api/works/${w.id}/submit`);
    const [a, b] = await Promise.all([
      reviewer.post(`/api/works/${w.id}/check`, { decision: 'PASSED', comments: '甲' }),
      reviewer2.post(`/api/works/${w.id}/check`, { decision: 'RETURNED', comments: '乙' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const detail = await admin.get<Work>(`/api/works/${w.id}`);
    expect(detail.body.checks).toHaveLength(1);
    const [p1, p2] = await Promise.all([
      editor.post(`/api/works/${w.id}/publish`),
      editor.post(`/api/works/${w.id}/publish`),
    ]);
    const statuses = [p1.status, p2.status].sort();
    if (detail.body.status === 'CHECKED') expect(statuses).toEqual([200, 409]);
    else expect(statuses).toEqual([409, 409]);
  });

  it('never lets a reviewer check their own work, and editing a checked work needs a new check', async () => {
    const reviewerInUnit = await buildUserWithRole(env, admin, 'REVIEWER', unit.id);
    await admin.post(`/api/users/${reviewerInUnit.userId}/grants`, {
      role: 'MEMBER',
      organisationId: unit.id,
    });
    await reviewerInUnit.agent.login(reviewerInUnit.username, 'Kepu-Test-Passw0rd!');
    const own = await reviewerInUnit.agent.post<Work>('/api/works', {
      organisationId: unit.id,
      type: 'VIDEO',
      title: '自己的作品',
    });
    await reviewerInUnit.agent.post(`/api/works/${own.body.id}/submit`);
    expect(
      (await reviewerInUnit.agent.post(`/api/works/${own.body.id}/check`, { decision: 'PASSED' }))
        .status,
    ).toBe(403);
    await reviewer.post(`/api/works/${own.body.id}/check`, { decision: 'PASSED' });
    const edited = await editor.patch<Work>(`/api/works/${own.body.id}`, { summary: '改了摘要' });
    expect(edited.body).toMatchObject({ status: 'DRAFT', version: 2, checkedVersion: 1 });
    const publish = await editor.post(`/api/works/${own.body.id}/publish`);
    expect(publish.status).toBe(409);
  });

  it('keeps drafts private: lists are scoped and strangers get 404', async () => {
    const w = await newWork('私密草稿');
    const { agent: stranger } = await buildPublicUser(env);
    expect((await stranger.get(`/api/works/${w.id}`)).status).toBe(404);
    expect((await stranger.get('/api/works')).status).toBe(403);
    expect((await new Agent(env.app).get(`/api/public/works/${w.id}`)).status).toBe(404);
    expect((await reviewer.get(`/api/works/${w.id}`)).status).toBe(404);
    const mine = await creator.get<{ items: { id: string }[] }>(
      '/api/works?mine=true&pageSize=100',
    );
    expect(mine.body.items.map((i) => i.id)).toContain(w.id);
    const colleagueView = await colleague.get<{ items: { id: string }[] }>(
      `/api/works?q=${encodeURIComponent('私密')}`,
    );
    expect(colleagueView.body.items.map((i) => i.id)).toEqual([w.id]);
    expect(creatorId).toBeTruthy();
  });
});
