import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byDeadline, type TodoGroup } from '../src/platform/todos.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

interface Todos {
  groups: TodoGroup[];
}

const group = (t: Todos, kind: string) => t.groups.find((g) => g.kind === kind);

describe('to-do groups', () => {
  const g = (kind: string, ...due: (string | null)[]): TodoGroup => ({
    kind,
    label: kind,
    link: '/',
    count: due.length,
    entries: due.map((d, i) => ({ id: String(i), title: 't', link: '/', dueAt: d })),
  });
  it('sort by their earliest deadline; those without one keep their order after the rest', () => {
    const sorted = [
      g('none-1', null),
      g('late', '2027-03-01T00:00:00Z'),
      g('none-2'),
      g('early', null, '2027-01-05T00:00:00Z', '2027-02-01T00:00:00Z'),
    ].sort(byDeadline);
    expect(sorted.map((x) => x.kind)).toEqual(['early', 'late', 'none-1', 'none-2']);
  });
});

describe.each(DIALECTS)('to-do lists on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let unit: { id: string };
  let creator: Agent;
  let reviewer: Agent;
  let member: Agent;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(admin, env.rootId, { type: 'BASE_HOST', name: '待办测试馆' });
    const other = await buildOrganisation(admin, env.rootId, { name: '待办审核单位' });
    creator = (await buildUserWithRole(env, admin, 'MEMBER', unit.id)).agent;
    reviewer = (await buildUserWithRole(env, admin, 'REVIEWER', other.id)).agent;
    member = (await buildUserWithRole(env, admin, 'MEMBER', unit.id)).agent;
  });
  afterAll(() => env.close());

  const submitWork = async (title: string, author = creator) => {
    const w = await author.post<{ id: string }>('/api/works', {
      organisationId: unit.id,
      type: 'GRAPHIC',
      title,
      summary: '摘要',
      body: '<p>正文</p>',
    });
    expect(w.status).toBe(201);
    expect((await author.post(`/api/works/${w.body.id}/submit`)).status).toBe(200);
    return w.body.id;
  };

  it('needs a sign-in', async () => {
    expect((await new Agent(env.app).get('/api/me/todos')).status).toBe(401);
  });

  it('a submitted work waits on every checker but its own author, and leaves when checked', async () => {
    expect(group((await reviewer.get<Todos>('/api/me/todos')).body, 'work.check')).toBeUndefined();
    const first = await submitWork('待审作品一');
    const second = await submitWork('待审作品二');

    const mine = (await reviewer.get<Todos>('/api/me/todos')).body;
    const checks = group(mine, 'work.check')!;
    expect(checks).toMatchObject({ label: '待科学性审核的作品', link: '/admin/works/awaiting' });
    expect(checks.count).toBe(2);
    // The longest waiting first, with the unit and the page where it is checked.
    expect(checks.entries.map((e) => e.title)).toEqual(['待审作品一', '待审作品二']);
    expect(checks.entries[0]).toMatchObject({
      detail: '待办测试馆',
      link: `/admin/works/${first}`,
    });
    // The platform administrator may check too, but not a work of their own.
    expect(group((await admin.get<Todos>('/api/me/todos')).body, 'work.check')?.count).toBe(2);
    const own = await submitWork('管理员自己的作品', admin);
    expect(group((await admin.get<Todos>('/api/me/todos')).body, 'work.check')?.count).toBe(2);
    expect(group((await reviewer.get<Todos>('/api/me/todos')).body, 'work.check')?.count).toBe(3);
    expect(
      (
        await reviewer.post(`/api/works/${own}/check`, {
          decision: 'RETURNED',
          comments: '请补充来源',
        })
      ).status,
    ).toBe(200);
    // Someone who cannot check (the author too) has nothing of this kind.
    expect((await member.get<Todos>('/api/me/todos')).body.groups).toEqual([]);
    expect((await creator.get<Todos>('/api/me/todos')).body.groups).toEqual([]);

    const en = await reviewer.get<Todos>('/api/me/todos', { 'accept-language': 'en-US' });
    expect(group(en.body, 'work.check')?.label).toBe('Works awaiting a science check');

    expect(
      (await reviewer.post(`/api/works/${first}/check`, { decision: 'PASSED', comments: '' }))
        .status,
    ).toBe(200);
    const after = group((await reviewer.get<Todos>('/api/me/todos')).body, 'work.check')!;
    expect(after.count).toBe(1);
    expect(after.entries.map((e) => e.id)).toEqual([second]);
  });

  it('shows the first five of many, with the count of all', async () => {
    for (let i = 0; i < 6; i++) await submitWork(`批量待审作品${i}`);
    const checks = group((await reviewer.get<Todos>('/api/me/todos')).body, 'work.check')!;
    expect(checks.count).toBe(7);
    expect(checks.entries).toHaveLength(5);
  });
});
