import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildPlatformAdmin,
  buildPublicUser,
  createTestEnv,
  DIALECTS,
  type TestEnv,
  xlsxRows,
} from './helpers.ts';

type Item = {
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
  data: Record<string, unknown>;
};

describe.each(DIALECTS)('reference data on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
  });
  afterAll(() => env.close());

  it('seeds the sectors, topics, audiences, theme days and hazard types from the domain guide', async () => {
    const anon = new Agent(env.app);
    const sectors = await anon.get<Item[]>('/api/reference/SECTOR');
    expect(sectors.body.map((s) => s.code)).toEqual([
      'LAND',
      'MINERAL',
      'FOREST',
      'GRASSLAND',
      'WETLAND',
      'WATER',
      'OCEAN',
      'SURVEYING',
      'GEOLOGY',
    ]);
    const topics = await anon.get<Item[]>('/api/reference/TOPIC');
    expect(topics.body.find((t) => t.code === 'GAS_HYDRATE')).toMatchObject({
      nameZh: '天然气水合物',
      data: { sectors: ['MINERAL', 'OCEAN'] },
    });
    const days = await anon.get<Item[]>('/api/reference/THEME_DAY');
    expect(days.body.find((d) => d.code === 'EARTH_DAY')).toMatchObject({
      nameZh: '世界地球日',
      data: { rule: { type: 'FIXED', month: 4, day: 22 }, ordinalBaseYear: 1969 },
    });
    expect(days.body.find((d) => d.code === 'SCIENCE_POP_MONTH')?.data.rule).toEqual({
      type: 'WHOLE_MONTH',
      month: 9,
    });
    const hazards = await anon.get<Item[]>('/api/reference/HAZARD_TYPE');
    expect(hazards.body.filter((h) => h.data.family === 'GEOLOGICAL').map((h) => h.nameZh)).toEqual(
      ['崩塌', '滑坡', '泥石流', '地面塌陷', '地裂缝', '地面沉降'],
    );
    expect((await anon.get<Item[]>('/api/reference/AUDIENCE')).body).toHaveLength(13);
    expect((await anon.get('/api/reference/NOPE')).status).toBe(400);
  });

  it('lists GB/T 2260 divisions: 34 provinces, then children', async () => {
    const anon = new Agent(env.app);
    const provinces =
      await anon.get<{ code: string; name: string; level: number; nameEn: string | null }[]>(
        '/api/divisions',
      );
    expect(provinces.body).toHaveLength(34);
    expect(provinces.body.find((p) => p.code === '430000')?.name).toBe('湖南省');
    // Every province has its official English name for en-US pages.
    const en = provinces.body;
    expect(en.filter((p) => !p.nameEn)).toEqual([]);
    expect(en.find((p) => p.code === '410000')).toMatchObject({ name: '河南省', nameEn: 'Henan' });
    expect(en.find((p) => p.code === '540000')?.nameEn).toBe('Xizang');
    expect(en.find((p) => p.code === '150000')?.nameEn).toBe('Inner Mongolia');
    expect(en.find((p) => p.code === '820000')?.nameEn).toBe('Macao');
    const hunan = await anon.get<{ code: string; name: string; level: number }[]>(
      '/api/divisions?parentCode=430000',
    );
    expect(hunan.body.find((c) => c.code === '430100')).toMatchObject({ name: '长沙市', level: 2 });
    const changsha = await anon.get<{ code: string; name: string }[]>(
      '/api/divisions?parentCode=430100',
    );
    expect(changsha.body.map((c) => c.name)).toContain('浏阳市');
  });

  it('lets the platform office add and retire division codes as local overrides', async () => {
    const added = await admin.post('/api/divisions', {
      code: '430199',
      name: '长沙新区',
      parentCode: '430100',
      validFrom: '2026-01-01',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ code: '430199', level: 3, parentCode: '430100' });
    expect(
      (await admin.post('/api/divisions', { code: '430199', name: '重复', parentCode: '430100' }))
        .status,
    ).toBe(409);
    const orphan = await admin.post('/api/divisions', {
      code: '990101',
      name: '无上级',
      parentCode: '990100',
    });
    expect(orphan.status).toBe(422);
    const province = await admin.post('/api/divisions', {
      code: '430188',
      name: '错',
      parentCode: null,
    });
    expect((province.body as { error: { message: string } }).error.message).toBe(
      '省级行政区划没有上级，其他行政区划须填写上级代码',
    );
    const org = await admin.post('/api/organisations', {
      parentId: env.rootId,
      type: 'RESEARCH_UNIT',
      name: '新区单位',
      divisionCode: '430199',
    });
    expect(org.status).toBe(201);
    expect((await admin.patch('/api/divisions/430199', { validTo: '2020-12-31' })).status).toBe(
      200,
    );
    const listed = await new Agent(env.app).get<{ code: string }[]>(
      '/api/divisions?parentCode=430100',
    );
    expect(listed.body.some((d) => d.code === '430199')).toBe(false);
    const all = await new Agent(env.app).get<{ code: string }[]>(
      '/api/divisions?parentCode=430100&includeRetired=true',
    );
    expect(all.body.some((d) => d.code === '430199')).toBe(true);
    const retired = await admin.post('/api/organisations', {
      parentId: env.rootId,
      type: 'RESEARCH_UNIT',
      name: '旧区单位',
      divisionCode: '430199',
    });
    expect((retired.body as { error: { message: string } }).error.message).toBe(
      '行政区划 长沙新区（430199）已于 2020-12-31 撤销',
    );
    const { agent } = await buildPublicUser(env);
    expect(
      (await agent.post('/api/divisions', { code: '430198', name: '越权', parentCode: '430100' }))
        .status,
    ).toBe(403);
    expect((await agent.patch('/api/divisions/430100', { name: '越权' })).status).toBe(403);
  });

  it('lets the platform office add, edit and retire items; others may not', async () => {
    const created = await admin.post<Item>('/api/reference/HAZARD_TYPE', {
      code: 'KARST_COLLAPSE',
      nameZh: '岩溶塌陷',
      nameEn: 'Karst collapse',
      data: { family: 'GEOLOGICAL' },
    });
    expect(created.status).toBe(201);
    expect(
      (
        await admin.post('/api/reference/HAZARD_TYPE', {
          code: 'KARST_COLLAPSE',
          nameZh: '重复',
          nameEn: 'dup',
        })
      ).status,
    ).toBe(409);
    const retired = await admin.patch<Item>('/api/reference/HAZARD_TYPE/KARST_COLLAPSE', {
      active: false,
      nameZh: '岩溶塌陷（停用）',
    });
    expect(retired.body).toMatchObject({ active: false, nameZh: '岩溶塌陷（停用）' });
    const publicList = await new Agent(env.app).get<Item[]>('/api/reference/HAZARD_TYPE');
    expect(publicList.body.some((h) => h.code === 'KARST_COLLAPSE')).toBe(false);
    const adminList = await admin.get<Item[]>('/api/reference/HAZARD_TYPE?includeInactive=true');
    expect(adminList.body.some((h) => h.code === 'KARST_COLLAPSE')).toBe(true);
    const { agent } = await buildPublicUser(env);
    expect(
      (
        await agent.post('/api/reference/SECTOR', {
          code: 'SPACE',
          nameZh: '太空',
          nameEn: 'Space',
        })
      ).status,
    ).toBe(403);
    expect((await agent.patch('/api/reference/SECTOR/LAND', { nameZh: '改' })).status).toBe(403);
    expect((await admin.patch('/api/reference/SECTOR/NOPE', { nameZh: '改' })).status).toBe(404);
  });

  it('exports one taxonomy as the console lists it, retired items only when asked', async () => {
    await admin.post('/api/reference/ACTIVITY_TYPE', {
      code: 'EXPORT_RETIRED',
      nameZh: '已停用的活动',
      nameEn: 'Retired activity',
      data: { note: '导出' },
    });
    await admin.patch('/api/reference/ACTIVITY_TYPE/EXPORT_RETIRED', { active: false });
    const exported = await admin.get('/api/reference/ACTIVITY_TYPE/export?includeInactive=true');
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect(exported.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('基础数据-活动类型.xlsx')}`,
    );
    const rows = await xlsxRows(exported);
    expect(rows[0]).toEqual(['代码', '中文名称', '英文名称', '排序', '状态', '属性']);
    const listed = await admin.get<Item[]>('/api/reference/ACTIVITY_TYPE?includeInactive=true');
    expect(rows.slice(1).map((r) => r[0])).toEqual(listed.body.map((i) => i.code));
    expect(rows.find((r) => r[0] === 'EXPORT_RETIRED')).toEqual([
      'EXPORT_RETIRED',
      '已停用的活动',
      'Retired activity',
      '1000',
      '停用',
      '{"note":"导出"}',
    ]);
    // Without includeInactive, as the public list: the retired item is left out.
    const active = await xlsxRows(await admin.get('/api/reference/ACTIVITY_TYPE/export'));
    expect(active.slice(1).map((r) => r[0])).not.toContain('EXPORT_RETIRED');
    expect(active.length).toBe(rows.length - 1);
    // Another kind is another list.
    const sectors = await xlsxRows(await admin.get('/api/reference/SECTOR/export'));
    expect(sectors.slice(1).map((r) => r[0])).not.toContain('EXPORT_RETIRED');
    expect(sectors.slice(1).map((r) => r[0])).toContain('GEOLOGY');
    // Public, as the list is: anyone may read reference data; an unknown kind is a 400.
    expect((await new Agent(env.app).get('/api/reference/SECTOR/export')).status).toBe(200);
    expect((await admin.get('/api/reference/NOPE/export')).status).toBe(400);
  });
});
