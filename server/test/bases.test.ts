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
  xlsxRows,
} from './helpers.ts';

type ErrorBody = {
  error: { code: string; message: string; details?: { fields?: { field: string }[] } };
};
const err = (r: { body: unknown }) => (r.body as ErrorBody).error;

interface Base {
  id: string;
  name: string;
  status: string;
  tier: string;
  namingDocNo: string;
  validUntil: string | null;
  province: string | null;
  longitude: number | null;
  events: { action: string; toStatus: string; docNo: string | null; note: string }[];
  abilities: { edit: boolean; govern: boolean };
}

describe.each(DIALECTS)('science bases on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let office: { id: string };
  let museum: { id: string };
  let officeEditor: Agent;
  let host: Agent;
  let outsider: Agent;
  let callId: string;
  let itemId: string;
  let baseId: string;
  const anonymous = () => new Agent(env.app);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

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
    museum = await buildOrganisation(admin, province.id, {
      type: 'BASE_HOST',
      name: '湖南省地质博物馆',
    });
    const institute = await buildOrganisation(admin, env.rootId, {
      type: 'RESEARCH_UNIT',
      name: '研究所',
      tree: 'DEPT',
    });
    officeEditor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    host = (await buildUserWithRole(env, admin, 'ORG_ADMIN', museum.id)).agent;
    outsider = (await buildUserWithRole(env, admin, 'ORG_ADMIN', institute.id)).agent;

    // A base-naming call without recommendation (the host is a provincial unit, so the office
    // would recommend; here the stages are formal check → decision → 公示).
    const call = await officeEditor.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'BASE',
      organisationId: office.id,
      title: '国家自然资源科普基地推荐',
      docNo: '自然资办函〔2026〕816号',
      opensAt: today,
      closesAt: '2099-12-31',
      form: {
        fields: [
          {
            key: 'category',
            label: '类别',
            type: 'select',
            required: true,
            options: [{ value: 'VENUE', label: '科普场馆类' }],
          },
          { key: 'address', label: '地址', type: 'text', required: true },
          { key: 'divisionCode', label: '行政区划代码', type: 'text' },
          { key: 'longitude', label: '经度', type: 'number' },
          { key: 'latitude', label: '纬度', type: 'number' },
          { key: 'openingHours', label: '开放时间', type: 'text' },
          { key: 'intro', label: '简介', type: 'textarea' },
        ],
        attachments: [],
      },
      stages: [{ kind: 'FORMAL_CHECK' }, { kind: 'DECISION' }, { kind: 'PUBLIC_NOTICE' }],
    });
    expect(call.status).toBe(201);
    callId = call.body.id;
    await officeEditor.post(`/api/review-calls/${callId}/open`);
    const item = await host.post<{ id: string }>(`/api/review-calls/${callId}/items`, {
      organisationId: museum.id,
      title: '湖南省地质博物馆',
      sectors: ['GEOLOGY'],
      data: {
        category: 'VENUE',
        address: '长沙市雨花区洞井街道',
        divisionCode: '430111',
        longitude: 113.03,
        latitude: 28.09,
        openingHours: '周二至周日 9:00–17:00',
        intro: '<p>以地球演化和湖南地质资源为主题的省级综合性地学博物馆。</p>',
      },
    });
    itemId = item.body.id;
    await host.post(`/api/review-items/${itemId}/submit`);
    await officeEditor.post(`/api/review-items/${itemId}/formal-check`, { passed: true });
  });
  afterAll(() => env.close());

  it('names only applications through 公示, by batch with 文号 and term', async () => {
    const naming = {
      callId,
      itemIds: [itemId],
      tier: 'NATIONAL',
      docNo: '自然资发〔2026〕265号',
      namedAt: '2026-12-26',
      validityYears: 5,
    };
    const early = await officeEditor.post('/api/bases/naming', naming);
    expect(early.status).toBe(409);
    expect(err(early).message).toContain('公示');
    await officeEditor.post(`/api/review-items/${itemId}/decide`, {
      decision: 'ACCEPT',
      reason: '符合条件',
    });
    const notice = await officeEditor.post<{ id: string }>(`/api/review-calls/${callId}/notices`, {
      title: '拟命名名单公示',
      startsAt: today,
      endsAt: today,
      itemIds: [itemId],
    });
    await officeEditor.post(`/api/review-notices/${notice.body.id}/close`);
    expect((await host.post('/api/bases/naming', naming)).status).toBe(403);
    const named = await officeEditor.post<{ named: string[] }>('/api/bases/naming', naming);
    expect(named.status).toBe(200);
    baseId = named.body.named[0]!;
    expect((await officeEditor.post('/api/bases/naming', naming)).status).toBe(409);

    const base = await anonymous().get<Base>(`/api/public/bases/${baseId}`);
    expect(base.status).toBe(200);
    expect(base.body).toMatchObject({
      name: '湖南省地质博物馆',
      tier: 'NATIONAL',
      status: 'ACTIVE',
      namingDocNo: '自然资发〔2026〕265号',
      validUntil: '2031-12-25',
      province: '湖南省',
      longitude: 113.03,
    });
    expect(base.body.events.map((e) => e.action)).toEqual(['name']);
    const list = await anonymous().get<{ items: { id: string }[] }>(
      '/api/public/bases?tier=NATIONAL&province=430000',
    );
    expect(list.body.items.map((b) => b.id)).toEqual([baseId]);
    // In English the province is Hunan, on the list, the base's page and the figures.
    const english = { 'accept-language': 'en-US' };
    const enList = await anonymous().get<{ items: { province: string }[] }>(
      '/api/public/bases?tier=NATIONAL&province=430000',
      english,
    );
    expect(enList.body.items.map((b) => b.province)).toEqual(['Hunan']);
    expect(
      (await anonymous().get<Base>(`/api/public/bases/${baseId}`, english)).body.province,
    ).toBe('Hunan');
    const enStats = await anonymous().get<{ byProvince: { name: string }[] }>(
      '/api/public/bases/stats',
      english,
    );
    expect(enStats.body.byProvince.map((p) => p.name)).toContain('Hunan');
    const found = await anonymous().get<{ items: { type: string; id: string }[] }>(
      `/api/search?q=${encodeURIComponent('地质博物馆')}&type=base`,
    );
    expect(found.body.items.map((i) => i.id)).toContain(baseId);
    const pinyin = await anonymous().get<{ items: { id: string }[] }>(
      '/api/search?q=hunansheng&type=base',
    );
    expect(pinyin.body.items.map((i) => i.id)).toContain(baseId);
    const stats = await anonymous().get<{
      national: number;
      target: { count: number };
      points: { id: string }[];
      byProvince: { name: string; count: number }[];
    }>('/api/public/bases/stats');
    expect(stats.body.national).toBe(1);
    expect(stats.body.target.count).toBe(100);
    expect(stats.body.points.map((p) => p.id)).toEqual([baseId]);
    expect(stats.body.byProvince).toEqual([{ code: '430000', name: '湖南省', count: 1 }]);
  });

  it('the host keeps the profile; others cannot', async () => {
    const edited = await host.patch<Base>(`/api/bases/${baseId}`, {
      openingHours: '周二至周日 9:00–17:00（16:30 停止入馆）',
      contacts: [{ name: '宣教部', phone: '0731-00000000' }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.abilities).toEqual({ edit: true, govern: false });
    expect((await outsider.patch(`/api/bases/${baseId}`, { openingHours: 'x' })).status).toBe(403);
    const mine = await host.get<{ items: { id: string }[] }>('/api/bases');
    expect(mine.body.items.map((b) => b.id)).toEqual([baseId]);
    expect((await outsider.get<{ items: unknown[] }>('/api/bases')).body.items).toEqual([]);
  });

  it('annual report, then an evaluation whose failing grade puts the base under rectification', async () => {
    const call = (body: Record<string, unknown>) =>
      officeEditor.post<{ id: string }>('/api/review-calls', {
        organisationId: office.id,
        opensAt: today,
        closesAt: '2099-12-31',
        form: {
          fields: [{ key: 'visitors', label: '年接待人次', type: 'number', required: true }],
          attachments: [],
        },
        ...body,
      });
    const report = await call({
      subjectKind: 'BASE_ANNUAL_REPORT',
      title: '2026 年度报告',
      stages: [{ kind: 'DECISION' }],
    });
    await officeEditor.post(`/api/review-calls/${report.body.id}/open`);
    const noSubject = await host.post(`/api/review-calls/${report.body.id}/items`, {
      organisationId: museum.id,
      title: '年报',
      data: { visitors: 1 },
    });
    expect(err(noSubject).details?.fields?.[0]?.field).toBe('subjectId');
    const r = await host.post<{ id: string }>(`/api/review-calls/${report.body.id}/items`, {
      organisationId: museum.id,
      subjectId: baseId,
      title: '湖南省地质博物馆 2026 年度报告',
      data: { visitors: 330000 },
    });
    expect(r.status).toBe(201);
    const dup = await host.post(`/api/review-calls/${report.body.id}/items`, {
      organisationId: museum.id,
      subjectId: baseId,
      title: '重复',
      data: { visitors: 1 },
    });
    expect(dup.status).toBe(409);
    await host.post(`/api/review-items/${r.body.id}/submit`);
    await officeEditor.post(`/api/review-items/${r.body.id}/decide`, {
      decision: 'ACCEPT',
      reason: '数据完整',
    });

    const evaluation = await call({
      subjectKind: 'BASE_EVALUATION',
      title: '2026 年基地评估',
      docNo: '自然资办函〔2026〕900号',
      stages: [{ kind: 'EXPERT_REVIEW' }, { kind: 'DECISION' }],
      rubric: [{ key: 'overall', label: '综合', weight: 1, min: 0, max: 100 }],
      reviewersPerItem: 1,
      settings: {
        grades: [
          { code: 'GOOD', label: '优秀', min: 85 },
          { code: 'PASS', label: '合格', min: 60 },
          { code: 'FAIL', label: '不合格', min: 0 },
        ],
        rectifyMonths: 6,
      },
    });
    expect(evaluation.status).toBe(201);
    // The grades can be adjusted while the campaign is a draft.
    const regraded = await officeEditor.patch<{ settings: { grades: { label: string }[] } }>(
      `/api/review-calls/${evaluation.body.id}`,
      {
        settings: {
          grades: [
            { code: 'GOOD', label: '优秀', min: 85 },
            { code: 'FINE', label: '良好', min: 75 },
            { code: 'PASS', label: '合格', min: 60 },
            { code: 'FAIL', label: '不合格', min: 0 },
          ],
          rectifyMonths: 6,
        },
      },
    );
    expect(regraded.body.settings.grades.map((g) => g.label)).toEqual([
      '优秀',
      '良好',
      '合格',
      '不合格',
    ]);
    await officeEditor.post(`/api/review-calls/${evaluation.body.id}/open`);
    const e = await host.post<{ id: string }>(`/api/review-calls/${evaluation.body.id}/items`, {
      organisationId: museum.id,
      subjectId: baseId,
      title: '湖南省地质博物馆 自评',
      data: { visitors: 330000 },
    });
    await host.post(`/api/review-items/${e.body.id}/submit`);
    const expertOrg = await buildOrganisation(admin, env.rootId, { name: '评估专家所' });
    const expert = await buildUserWithRole(env, admin, 'REVIEWER', expertOrg.id);
    await officeEditor.post(`/api/review-calls/${evaluation.body.id}/auto-assign`);
    const mine = await expert.agent.get<{ id: string; itemId: string }[]>(
      '/api/my/review-assignments',
    );
    const a = mine.body.find((x) => x.itemId === e.body.id)!;
    await expert.agent.post(`/api/review-assignments/${a.id}/score`, { scores: { overall: 52 } });
    await officeEditor.post(`/api/review-calls/${evaluation.body.id}/rounds/close`);
    const graded = await officeEditor.get<{ grade: string | null }>(
      `/api/review-items/${e.body.id}`,
    );
    expect(graded.body.grade).toBe('不合格');
    await officeEditor.post(`/api/review-items/${e.body.id}/decide`, {
      decision: 'REJECT',
      reason: '科普活动明显减少',
    });
    const b = await host.get<Base & { rectifyBy: string }>(`/api/bases/${baseId}`);
    expect(b.body.status).toBe('RECTIFICATION');
    expect(b.body.rectifyBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(b.body.events.map((x) => x.action)).toEqual([
      'name',
      'annualReport',
      'evaluate',
      'rectify',
    ]);
    expect(b.body.events[2]!.note).toContain('评估等级：不合格（52 分）');
    // Rectified: back to normal (the next test starts from an active base).
    const back = await officeEditor.post<Base>(`/api/bases/${baseId}/status`, {
      to: 'ACTIVE',
      note: '整改完成，复核合格',
    });
    expect(back.body.status).toBe('ACTIVE');
  });

  it('imports legacy bases from xlsx, all or nothing, and migrates one after evaluation', async () => {
    const workbook = async (rows: (string | number)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('基地');
      ws.addRow([
        '名称',
        '依托单位',
        '原体系',
        '类别',
        '地址',
        '行政区划代码',
        '经度',
        '纬度',
        '命名文号',
        '命名年份',
      ]);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const good = [
      '川西国土资源科普基地',
      '湖南省地质博物馆',
      '国土资源',
      '科技场馆类',
      '成都市',
      '510104',
      104.07,
      30.67,
      '国土资发〔2012〕1号',
      2012,
    ];
    const bad = await officeEditor.upload<{
      imported: number;
      errors: { row: number; column: string }[];
    }>(
      `/api/bases/import-legacy?organisationId=${office.id}`,
      await workbook([
        good,
        ['某海洋馆', '不存在的单位', '海洋', '', '', '999999', 200, 28, '', 1980],
      ]),
    );
    expect(bad.status).toBe(200);
    expect(bad.body.imported).toBe(0);
    expect(bad.body.errors.map((e) => `${e.row}:${e.column}`).sort()).toEqual([
      '3:依托单位',
      '3:命名年份',
      '3:经度',
      '3:行政区划代码',
    ]);
    expect(
      (
        await host.upload(
          `/api/bases/import-legacy?organisationId=${office.id}`,
          await workbook([good]),
        )
      ).status,
    ).toBe(403);
    const ok = await officeEditor.upload<{ imported: number }>(
      `/api/bases/import-legacy?organisationId=${office.id}`,
      await workbook([good]),
    );
    expect(ok.body.imported).toBe(1);
    const list = await anonymous().get<{
      items: { id: string; name: string; status: string; tier: string }[];
    }>('/api/public/bases?tier=LEGACY_LAND');
    const legacy = list.body.items.find((b) => b.name === '川西国土资源科普基地')!;
    expect(legacy).toMatchObject({ status: 'LEGACY_PENDING', tier: 'LEGACY_LAND' });
    const migrated = await officeEditor.post<Base>(`/api/bases/${legacy.id}/status`, {
      to: 'MIGRATED',
      note: '评估合格，纳入新体系',
      docNo: '自然资办函〔2026〕5号',
    });
    expect(migrated.body.events.map((e) => e.action)).toEqual(['import', 'migrate']);
    // Cooperation across regions: the museum (Hunan) and the legacy base (Sichuan).
    const coop = await host.post<{ crossRegion: boolean; partner: { name: string } }>(
      `/api/bases/${baseId}/cooperations`,
      {
        partnerBaseId: legacy.id,
        kind: 'SHARED_EXHIBIT',
        title: '“恐龙与古生物”巡展',
        startedOn: '2026-05-01',
      },
    );
    expect(coop.status).toBe(201);
    expect(coop.body).toMatchObject({
      crossRegion: true,
      partner: { name: '川西国土资源科普基地' },
    });
    expect(
      (
        await outsider.post(`/api/bases/${baseId}/cooperations`, {
          partnerBaseId: legacy.id,
          kind: 'OTHER',
          title: 'x',
          startedOn: '2026-01-01',
        })
      ).status,
    ).toBe(403);
    const self = await host.post(`/api/bases/${baseId}/cooperations`, {
      partnerBaseId: baseId,
      kind: 'OTHER',
      title: 'x',
      startedOn: '2026-01-01',
    });
    expect(err(self).details?.fields?.[0]?.field).toBe('partnerBaseId');
    const seen = await anonymous().get<{ title: string }[]>(
      `/api/public/bases/${legacy.id}/cooperations`,
    );
    expect(seen.body.map((c) => c.title)).toEqual(['“恐龙与古生物”巡展']);
    const notXlsx = await officeEditor.upload(
      `/api/bases/import-legacy?organisationId=${office.id}`,
      Buffer.from('名称,依托单位'),
    );
    expect(notXlsx.status).toBe(415);
  });

  it('rectification needs a deadline; revocation hides the base; illegal steps are 409', async () => {
    const noDeadline = await officeEditor.post(`/api/bases/${baseId}/status`, {
      to: 'RECTIFICATION',
      note: '年报未按时提交',
    });
    expect(noDeadline.status).toBe(400);
    expect(err(noDeadline).details?.fields?.[0]?.field).toBe('rectifyBy');
    expect(
      (await host.post(`/api/bases/${baseId}/status`, { to: 'ACTIVE', note: '自行恢复' })).status,
    ).toBe(403);
    const rect = await officeEditor.post<Base>(`/api/bases/${baseId}/status`, {
      to: 'RECTIFICATION',
      note: '年报未按时提交',
      rectifyBy: '2027-06-30',
      docNo: '自然资办函〔2027〕1号',
    });
    expect(rect.body.status).toBe('RECTIFICATION');
    expect((await anonymous().get(`/api/public/bases/${baseId}`)).status).toBe(200);
    const revoked = await officeEditor.post<Base>(`/api/bases/${baseId}/status`, {
      to: 'REVOKED',
      note: '整改不合格',
      docNo: '自然资发〔2027〕9号',
    });
    expect(revoked.body.events.map((e) => e.action)).toEqual([
      'name',
      'annualReport',
      'evaluate',
      'rectify',
      'renew',
      'rectify',
      'revoke',
    ]);
    expect((await anonymous().get(`/api/public/bases/${baseId}`)).status).toBe(404);
    const gone = await anonymous().get<{ items: { id: string }[] }>(
      `/api/search?q=${encodeURIComponent('地质博物馆')}&type=base`,
    );
    expect(gone.body.items.map((i) => i.id)).not.toContain(baseId);
    const illegal = await officeEditor.post(`/api/bases/${baseId}/status`, {
      to: 'RECTIFICATION',
      note: 'x',
      rectifyBy: '2028-01-01',
    });
    expect(illegal.status).toBe(409);
    expect(err(illegal).message).toContain('已撤销');
    // The host still sees its whole history.
    const history = await host.get<Base>(`/api/bases/${baseId}`);
    expect(history.body.events.map((e) => e.toStatus)).toEqual([
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'RECTIFICATION',
      'ACTIVE',
      'RECTIFICATION',
      'REVOKED',
    ]);
  });

  it('exports the console list as xlsx with its filters and scope; others are refused', async () => {
    const exported = await officeEditor.get('/api/bases/export');
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect(exported.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('科普基地.xlsx')}`,
    );
    const all = await xlsxRows(exported);
    expect(all[0]).toEqual([
      '基地名称',
      '依托单位',
      '级别',
      '类别',
      '省份',
      '批次年份',
      '命名日期',
      '状态',
      'ID',
    ]);
    const list = await officeEditor.get<{ items: { id: string }[] }>('/api/bases');
    expect(all.slice(1).map((r) => r[8])).toEqual(list.body.items.map((b) => b.id));
    expect(all.slice(1).map((r) => r[0])).toEqual(['湖南省地质博物馆', '川西国土资源科普基地']);

    const revoked = await xlsxRows(await officeEditor.get('/api/bases/export?status=REVOKED'));
    expect(revoked.slice(1)).toEqual([
      [
        '湖南省地质博物馆',
        '湖南省地质博物馆',
        '国家自然资源科普基地',
        '科普场馆类',
        '湖南省',
        '2026',
        '2026-12-26',
        '已撤销',
        baseId,
      ],
    ]);
    const legacy = await xlsxRows(
      await officeEditor.get(`/api/bases/export?tier=LEGACY_LAND&q=${encodeURIComponent('川西')}`),
    );
    expect(legacy.slice(1).map((r) => [r[0], r[2], r[3], r[4], r[7]])).toEqual([
      ['川西国土资源科普基地', '国土资源科普基地', '科技场馆类（国土资源）', '四川省', '已迁移'],
    ]);
    const sichuan = await xlsxRows(await officeEditor.get('/api/bases/export?province=510000'));
    expect(sichuan.slice(1).map((r) => r[0])).toEqual(['川西国土资源科普基地']);

    // Scoped as the list: an organisation that neither hosts nor named a base gets the header only.
    expect(await xlsxRows(await outsider.get('/api/bases/export'))).toEqual([all[0]]);
    const { agent: visitor } = await buildPublicUser(env);
    expect((await visitor.get('/api/bases/export')).status).toBe(403);
    expect((await anonymous().get('/api/bases/export')).status).toBe(401);
    expect((await officeEditor.get('/api/bases/export?tier=NOPE')).status).toBe(400);
  });

  it('a naming call from the declared template: the base’s capacity and facilities are the answers', async () => {
    type Subject = {
      kind: string;
      label: string;
      applicants: string;
      aboutExisting: boolean;
      template: { form: { fields: { key: string }[] }; stages: string[] };
      grades: { label: string }[];
    };
    const subjects = await host.get<Subject[]>('/api/review-subjects');
    expect(subjects.status).toBe(200);
    const naming = subjects.body.find((s) => s.kind === 'BASE')!;
    expect(naming).toMatchObject({ label: '科普基地命名', applicants: 'ORGANISATION' });
    const evaluation = subjects.body.find((s) => s.kind === 'BASE_EVALUATION')!;
    expect(evaluation.aboutExisting).toBe(true);
    expect(evaluation.grades.map((g) => g.label)).toEqual(['优秀', '合格', '不合格']);
    const en = await host.get<Subject[]>('/api/review-subjects', { 'accept-language': 'en-US' });
    expect(en.body.find((s) => s.kind === 'BASE')?.label).toBe('Science base naming');
    const keys = naming.template.form.fields.map((f) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['capacity', 'facilities']));

    // The template's form as it is (the photos aside: no upload here), decided without 公示.
    const call = await officeEditor.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'BASE',
      organisationId: office.id,
      title: '第二批科普基地推荐',
      opensAt: today,
      closesAt: '2099-12-31',
      form: { ...naming.template.form, attachments: [] },
      stages: [{ kind: 'DECISION' }],
    });
    expect(call.status).toBe(201);
    await officeEditor.post(`/api/review-calls/${call.body.id}/open`);
    const answers = {
      category: 'SITE',
      address: '张家界市武陵源区',
      openingHours: '全年 8:00–18:00',
      capacity: 30000,
      facilities: '地质博物馆、科普步道 12 公里、解说牌 300 块',
      visitors: 5_000_000,
      staff: 60,
      intro: '<p>砂岩峰林地貌。</p>',
    };
    expect(Object.keys(answers).every((k) => keys.includes(k))).toBe(true);
    const item = await host.post<{ id: string }>(`/api/review-calls/${call.body.id}/items`, {
      organisationId: museum.id,
      title: '张家界世界地质公园',
      sectors: ['GEOLOGY'],
      data: answers,
    });
    expect(item.status).toBe(201);
    expect((await host.post(`/api/review-items/${item.body.id}/submit`)).status).toBe(200);
    const decided = await officeEditor.post<{ status: string }>(
      `/api/review-items/${item.body.id}/decide`,
      { decision: 'ACCEPT', reason: '符合条件' },
    );
    expect(decided.body.status).toBe('CONFIRMED');
    const named = await officeEditor.post<{ named: string[] }>('/api/bases/naming', {
      callId: call.body.id,
      itemIds: [item.body.id],
      tier: 'NATIONAL',
      docNo: '自然资发〔2027〕1号',
      namedAt: '2027-01-10',
    });
    expect(named.status).toBe(200);
    const base = await officeEditor.get<Base & { capacity: number | null; facilities: string }>(
      `/api/bases/${named.body.named[0]}`,
    );
    expect(base.body).toMatchObject({
      capacity: 30000,
      facilities: '地质博物馆、科普步道 12 公里、解说牌 300 块',
      openingHours: '全年 8:00–18:00',
      category: 'SITE',
    });
  });

  it('offers a legacy import template that imports as it is, and reads names in either language', async () => {
    const upload = (bytes: Buffer, lang = 'zh-CN') =>
      officeEditor.upload<{
        imported: number;
        errors: { row: number; column: string; message: string }[];
      }>(`/api/bases/import-legacy?organisationId=${office.id}`, bytes, {
        'accept-language': lang,
      });
    for (const lang of ['zh-CN', 'en-US']) {
      const res = await officeEditor.get('/api/bases/import-legacy/template', {
        'accept-language': lang,
      });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(
        lang === 'zh-CN' ? ['基地', '可选值'] : ['Bases', 'Allowed values'],
      );
      const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 4);
      expect(header).toEqual(
        lang === 'zh-CN'
          ? ['名称', '依托单位', '原体系']
          : ['Name', 'Host organisation', 'Former scheme'],
      );
      const name = String(wb.worksheets[0]!.getCell('A2').value);
      const ok = await upload(res.body as unknown as Buffer, lang);
      expect(ok.body).toEqual({ imported: 1, errors: [] });
      const stored = await env.handle.db
        .selectFrom('bases')
        .select(['tier', 'category', 'status', 'hostOrgId'])
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        tier: 'LEGACY_LAND',
        category: 'LAND_VENUE',
        status: 'LEGACY_PENDING',
        hostOrgId: office.id,
      });
    }
    // Names in English, lower case and full width; an unknown one names the allowed values.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Bases');
    ws.addRow(['Name', 'Host organisation', 'Former scheme', 'Category']);
    ws.addRow(['东海海洋科普基地', '科普工作办公室', 'ｏｃｅａｎ', 'venue']);
    ws.addRow(['某测绘基地', '科普工作办公室', '航天', 'SITE']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const refused = await upload(bytes, 'en-US');
    expect(refused.body.imported).toBe(0);
    expect(refused.body.errors).toEqual([
      {
        row: 3,
        column: 'Former scheme',
        message: expect.stringContaining(
          'unknown value "航天". Allowed values: Land resources (LEGACY_LAND), Ocean (LEGACY_OCEAN), Surveying (LEGACY_SURVEYING)',
        ),
      },
    ]);
    ws.spliceRows(3, 1);
    const ok = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(ok.body).toEqual({ imported: 1, errors: [] });
    expect(
      await env.handle.db
        .selectFrom('bases')
        .select(['tier', 'category'])
        .where('name', '=', '东海海洋科普基地')
        .executeTakeFirstOrThrow(),
    ).toEqual({ tier: 'LEGACY_OCEAN', category: 'VENUE' });
  });
});
