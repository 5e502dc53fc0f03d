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

interface Org {
  id: string;
  name: string;
  parentId: string | null;
  depth: number;
  active: boolean;
  tree: string;
  childCount?: number;
}
type Page = { items: Org[]; total: number };
type ErrorBody = { error: { code: string; message: string } };

describe.each(DIALECTS)('organisations on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
  });
  afterAll(() => env.close());

  it('builds the administrative tree with division codes checked against their level and parent', async () => {
    const province = await admin.post<Org>('/api/organisations', {
      parentId: env.rootId,
      type: 'PROVINCIAL_DEPT',
      name: '河南省自然资源厅',
      divisionCode: '410000',
    });
    expect(province.status).toBe(201);
    expect(province.body).toMatchObject({
      tree: 'ADMIN',
      depth: 1,
      parentId: env.rootId,
      active: true,
    });
    const city = await admin.post<Org>('/api/organisations', {
      parentId: province.body.id,
      type: 'CITY_DEPT',
      name: '郑州市自然资源和规划局',
      divisionCode: '410100',
    });
    expect(city.status).toBe(201);
    expect(city.body.depth).toBe(2);
    const wrongCity = await admin.post('/api/organisations', {
      parentId: province.body.id,
      type: 'CITY_DEPT',
      name: '长沙市',
      divisionCode: '430100',
    });
    expect(wrongCity.status).toBe(422);
    expect((wrongCity.body as ErrorBody).error.message).toBe(
      '行政区划 长沙市 不属于上级部门的辖区',
    );
    const wrongLevel = await admin.post('/api/organisations', {
      parentId: env.rootId,
      type: 'PROVINCIAL_DEPT',
      name: '错层级',
      divisionCode: '410100',
    });
    expect((wrongLevel.body as ErrorBody).error.message).toBe('行政区划代码 410100 与部门层级不符');
    const unknown = await admin.post('/api/organisations', {
      parentId: env.rootId,
      type: 'PROVINCIAL_DEPT',
      name: '不存在',
      divisionCode: '999900',
    });
    expect((unknown.body as ErrorBody).error.message).toBe('行政区划代码 999900 不存在');
    const missing = await admin.post('/api/organisations', {
      parentId: env.rootId,
      type: 'PROVINCIAL_DEPT',
      name: '缺代码',
    });
    expect(missing.status).toBe(422);
  });

  it('puts 部属单位 in the departmental tree and keeps children in their parent’s tree', async () => {
    const cgs = await admin.post<Org>('/api/organisations', {
      parentId: env.rootId,
      tree: 'DEPT',
      type: 'AFFILIATED_UNIT',
      name: '中国地质调查局',
    });
    expect(cgs.body.tree).toBe('DEPT');
    const child = await admin.post<Org>('/api/organisations', {
      parentId: cgs.body.id,
      type: 'RESEARCH_UNIT',
      name: '地质研究所',
    });
    expect(child.body.tree).toBe('DEPT');
    const crossed = await admin.post('/api/organisations', {
      parentId: cgs.body.id,
      tree: 'ADMIN',
      type: 'RESEARCH_UNIT',
      name: '跨树',
    });
    expect(crossed.status).toBe(422);
    const deptList = await admin.get<Page>('/api/organisations?tree=DEPT&pageSize=100');
    expect(deptList.body.items.map((o) => o.name)).toEqual(
      expect.arrayContaining(['自然资源部', '中国地质调查局', '地质研究所']),
    );
    expect(deptList.body.items.every((o) => o.tree === 'DEPT' || o.parentId === null)).toBe(true);
  });

  it('lists in tree order with child counts, filters and paging', async () => {
    const parent = await buildOrganisation(admin, env.rootId, { name: '排序测试中心' });
    const a = await buildOrganisation(admin, parent.id, { name: '排序测试甲' });
    await buildOrganisation(admin, a.id, { name: '排序测试甲一' });
    await buildOrganisation(admin, parent.id, { name: '排序测试乙' });
    const list = await admin.get<Page>(`/api/organisations?rootId=${parent.id}`);
    expect(list.body.items.map((o) => o.name)).toEqual([
      '排序测试中心',
      '排序测试甲',
      '排序测试甲一',
      '排序测试乙',
    ]);
    expect(list.body.items.map((o) => o.childCount)).toEqual([2, 1, 0, 0]);
    const page2 = await admin.get<Page>(`/api/organisations?rootId=${parent.id}&page=2&pageSize=3`);
    expect(page2.body).toMatchObject({ total: 4, items: [{ name: '排序测试乙' }] });
    const byName = await admin.get<Page>(`/api/organisations?q=${encodeURIComponent('测试甲')}`);
    expect(byName.body.items.map((o) => o.name).sort()).toEqual(['排序测试甲', '排序测试甲一']);
    const literal = await admin.get<Page>(`/api/organisations?q=${encodeURIComponent('%')}`);
    expect(literal.body.total).toBe(0);
    const children = await admin.get<Page>(`/api/organisations?parentId=${parent.id}`);
    expect(children.body.items.map((o) => o.name)).toEqual(['排序测试甲', '排序测试乙']);
  });

  it('moves a subtree and refuses a move below itself', async () => {
    const from = await buildOrganisation(admin, env.rootId, { name: '迁出单位' });
    const to = await buildOrganisation(admin, env.rootId, { name: '迁入单位' });
    const mover = await buildOrganisation(admin, from.id, { name: '迁移单位' });
    const grandchild = await buildOrganisation(admin, mover.id, { name: '迁移单位下级' });
    const moved = await admin.post<Org>(`/api/organisations/${mover.id}/move`, { parentId: to.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: to.id, depth: 2 });
    const sub = await admin.get<Page>(`/api/organisations?rootId=${to.id}`);
    expect(sub.body.items.map((o) => [o.name, o.depth])).toEqual([
      ['迁入单位', 1],
      ['迁移单位', 2],
      ['迁移单位下级', 3],
    ]);
    expect((await admin.get<Page>(`/api/organisations?rootId=${from.id}`)).body.total).toBe(1);
    const loop = await admin.post(`/api/organisations/${mover.id}/move`, {
      parentId: grandchild.id,
    });
    expect(loop.status).toBe(422);
    expect((loop.body as ErrorBody).error.message).toBe('不能移动到自身或其下级组织之下');
  });

  it('deactivates a subtree, refuses children under it, and reactivates', async () => {
    const unit = await buildOrganisation(admin, env.rootId, { name: '停用单位' });
    const child = await buildOrganisation(admin, unit.id, { name: '停用单位下级' });
    const off = await admin.post<Org>(`/api/organisations/${unit.id}/deactivate`);
    expect(off.body.active).toBe(false);
    expect((await admin.get<Org>(`/api/organisations/${child.id}`)).body.active).toBe(false);
    expect(
      (await admin.post('/api/organisations', { parentId: unit.id, type: 'OTHER', name: '新下级' }))
        .status,
    ).toBe(422);
    expect((await admin.post(`/api/organisations/${child.id}/activate`)).status).toBe(409);
    expect((await admin.post<Org>(`/api/organisations/${unit.id}/activate`)).body.active).toBe(
      true,
    );
    const inactive = await admin.get<Page>(`/api/organisations?rootId=${unit.id}&active=false`);
    expect(inactive.body.total).toBe(0);
  });

  it('edits an organisation and audits it', async () => {
    const unit = await buildOrganisation(admin, env.rootId, { name: '旧名称' });
    const res = await admin.patch<Org>(`/api/organisations/${unit.id}`, {
      name: '新名称',
      shortName: '新',
    });
    expect(res.body.name).toBe('新名称');
    const audit = await admin.get<{
      items: { action: string; detail: { patch?: { name?: string } } }[];
    }>(`/api/audit?entityId=${unit.id}`);
    expect(audit.body.items.map((e) => e.action)).toEqual([
      'organisation.update',
      'organisation.create',
    ]);
    expect(audit.body.items[0]!.detail.patch?.name).toBe('新名称');
  });

  it('shows an organisation admin only their subtree, and 404 outside it', async () => {
    const mine = await buildOrganisation(admin, env.rootId, { name: '我的省厅' });
    const myChild = await buildOrganisation(admin, mine.id, { name: '我的市局' });
    const other = await buildOrganisation(admin, env.rootId, { name: '别人的省厅' });
    const { agent } = await buildUserWithRole(env, admin, 'ORG_ADMIN', mine.id);
    const list = await agent.get<Page>('/api/organisations?pageSize=1000');
    expect(list.body.items.map((o) => o.name)).toEqual(['我的省厅', '我的市局']);
    expect((await agent.get(`/api/organisations/${other.id}`)).status).toBe(404);
    expect((await agent.get(`/api/organisations/${myChild.id}`)).status).toBe(200);
    expect(
      (
        await agent.post('/api/organisations', {
          parentId: myChild.id,
          type: 'SCHOOL',
          name: '下属学校',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await agent.post('/api/organisations', {
          parentId: other.id,
          type: 'SCHOOL',
          name: '越权学校',
        })
      ).status,
    ).toBe(403);
    expect((await agent.post(`/api/organisations/${mine.id}/deactivate`)).status).toBe(403);
    expect(
      (await agent.post(`/api/organisations/${myChild.id}/move`, { parentId: other.id })).status,
    ).toBe(403);
  });

  it('keeps child and descendant counts equal to a recount after inserts and moves', async () => {
    const a = await buildOrganisation(admin, env.rootId, { name: '计数甲' });
    const b = await buildOrganisation(admin, env.rootId, { name: '计数乙' });
    const a1 = await buildOrganisation(admin, a.id);
    await buildOrganisation(admin, a1.id);
    await buildOrganisation(admin, a1.id);
    await admin.post(`/api/organisations/${a1.id}/move`, { parentId: b.id });
    const all = await admin.get<Page>('/api/organisations?pageSize=1000');
    const direct = await admin.get<Page>('/api/organisations?pageSize=1000&active=true');
    expect(all.body.total).toBe(all.body.items.length);
    expect(direct.body.total).toBe(direct.body.items.filter((o) => o.active).length);
    const childrenOf = (id: string) => all.body.items.filter((o) => o.parentId === id).length;
    for (const o of all.body.items)
      expect({ id: o.name, childCount: o.childCount }).toEqual({
        id: o.name,
        childCount: childrenOf(o.id),
      });
    const bTree = await admin.get<Page>(`/api/organisations?rootId=${b.id}`);
    expect(bTree.body.total).toBe(4);
    const aTree = await admin.get<Page>(`/api/organisations?rootId=${a.id}`);
    expect(aTree.body.total).toBe(1);
    const { recountOrganisations } = await import('../src/modules/organisations/repo.ts');
    const before = await env.handle.db
      .selectFrom('organisations')
      .select(['id', 'childCount', 'descendantCount'])
      .orderBy('id')
      .execute();
    await recountOrganisations(env.handle.db);
    const after = await env.handle.db
      .selectFrom('organisations')
      .select(['id', 'childCount', 'descendantCount'])
      .orderBy('id')
      .execute();
    expect(before).toEqual(after);
  });

  it("names a unit's people, with its subtree, to its own people only", async () => {
    const unit = await buildOrganisation(admin, env.rootId, { name: '成员测试单位' });
    const child = await buildOrganisation(admin, unit.id, { name: '成员测试科室' });
    const other = await buildOrganisation(admin, env.rootId, { name: '成员测试外单位' });
    const person = async (displayName: string, role: string, organisationId: string) => {
      const username = `m${Math.random().toString(36).slice(2, 10)}`;
      const res = await admin.post<{ id: string }>('/api/users', {
        username,
        password: PASSWORD,
        displayName,
        role,
        organisationId,
      });
      expect(res.status).toBe(201);
      const agent = new Agent(env.app);
      await agent.login(username, PASSWORD);
      return { id: res.body.id, agent };
    };
    const zhang = await person('张三', 'MEMBER', unit.id);
    const li = await person('李四', 'EDITOR', child.id);
    const wang = await person('王五', 'MEMBER', other.id);
    const members = async (agent: Agent, q = '') =>
      agent.get<{ id: string; displayName: string }[]>(
        `/api/organisations/${unit.id}/members${q ? `?q=${encodeURIComponent(q)}` : ''}`,
      );
    const all = await members(zhang.agent);
    expect(all.status).toBe(200);
    expect(all.body.map((m) => m.displayName).sort()).toEqual(['张三', '李四'].sort());
    expect(Object.keys(all.body[0]!).sort()).toEqual(['displayName', 'id']);
    expect((await members(zhang.agent, '李')).body).toEqual([{ id: li.id, displayName: '李四' }]);
    // The section's editor sees the section's people, not the whole unit's.
    const section = await li.agent.get<{ displayName: string }[]>(
      `/api/organisations/${child.id}/members`,
    );
    expect(section.body.map((m) => m.displayName)).toEqual(['李四']);
    expect((await members(li.agent)).status).toBe(404);
    // Someone of another unit does not see who works here.
    expect((await members(wang.agent)).status).toBe(404);
  });

  it('refuses the public and anonymous callers', async () => {
    const { agent } = await buildPublicUser(env);
    expect((await agent.get<Page>('/api/organisations')).body.total).toBe(0);
    expect(
      (
        await agent.post('/api/organisations', {
          parentId: env.rootId,
          type: 'OTHER',
          name: '公众',
        })
      ).status,
    ).toBe(403);
    expect((await new Agent(env.app).get('/api/organisations')).status).toBe(401);
  });
});
