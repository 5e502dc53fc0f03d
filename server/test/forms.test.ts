import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormDefinitionSchema } from '../src/modules/reviews/form.ts';
import { keyFromLabel, withFieldKeys } from '../src/platform/forms/keys.ts';
import { listFormValues, sumFormNumbers, sumFormNumbersBy } from '../src/platform/forms/repo.ts';
import { type FormField, FormFieldsSchema } from '../src/platform/forms/schema.ts';
import { validateAnswers } from '../src/platform/forms/validate.ts';
import { saveAnswers } from '../src/platform/forms/values.ts';
import {
  type Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';
import { png } from './media-fixtures.ts';

describe('field keys from labels (pure)', () => {
  it('writes pinyin in lowerCamel, keeps other words, never starts with a digit', () => {
    expect(keyFromLabel('年接待人次')).toBe('nianJieDaiRenCi');
    expect(keyFromLabel('Area (m²)')).toBe('areaM');
    expect(keyFromLabel('2024年收入')).toBe('f2024NianShouRu');
    expect(keyFromLabel('？')).toBe('f');
    expect(keyFromLabel('重庆 银行').length).toBeLessThanOrEqual(40);
  });
  it('de-duplicates against keys already taken and keeps existing keys', () => {
    expect(keyFromLabel('年接待人次', ['nianJieDaiRenCi'])).toBe('nianJieDaiRenCi2');
    expect(keyFromLabel('年接待人次', ['nianJieDaiRenCi', 'nianJieDaiRenCi2'])).toBe(
      'nianJieDaiRenCi3',
    );
    const fields = withFieldKeys([
      { label: '面积', type: 'number', required: false },
      { key: 'mianJi', label: '旧的面积', type: 'number', required: false },
      {
        label: '展厅',
        type: 'table',
        required: false,
        columns: [
          { label: '名称', type: 'text', required: false },
          { label: '名称', type: 'text', required: false },
        ],
      },
    ]);
    expect(fields.map((f) => f.key)).toEqual(['mianJi2', 'mianJi', 'zhanTing']);
    expect(fields[2]?.columns?.map((c) => c.key)).toEqual(['mingCheng', 'mingCheng2']);
  });
  it('parses a stored call form with the old type names', () => {
    const old = {
      fields: [
        { key: 'intro', label: '简介', type: 'textarea', required: true },
        { key: 'cat', label: '类别', type: 'select', options: [{ value: 'A', label: '甲' }] },
        { key: 'tags', label: '标签', type: 'multiselect', options: [{ value: 'x', label: 'X' }] },
        { key: 'open', label: '开放', type: 'boolean' },
        { key: 'visitors', label: '人次', type: 'number', min: 0 },
      ],
      attachments: [{ key: 'photos', label: '照片', kinds: ['IMAGE'], maxFiles: 3 }],
    };
    expect(FormDefinitionSchema.safeParse(old).success).toBe(true);
    expect(FormFieldsSchema.safeParse([{ key: 't', label: '表', type: 'table' }]).success).toBe(
      false,
    );
  });
});

describe.each(DIALECTS)('forms engine on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let orgId: string;
  let personId: string;
  let county: string;
  let province: string;
  let mediaId: string;

  const FIELDS: FormField[] = [
    { key: 'name', label: '名称', type: 'text', required: true, max: 10 },
    { key: 'intro', label: '简介', type: 'longText', required: false },
    {
      key: 'visitors',
      label: '年接待人次',
      type: 'number',
      required: true,
      min: 0,
      unit: '人次',
      integer: true,
    },
    { key: 'openedOn', label: '开放日期', type: 'date', required: false },
    {
      key: 'category',
      label: '类别',
      type: 'choice',
      required: false,
      options: [
        { value: 'VENUE', label: '场馆' },
        { value: 'SITE', label: '场景' },
      ],
    },
    {
      key: 'themes',
      label: '主题',
      type: 'multiChoice',
      required: false,
      max: 2,
      options: [
        { value: 'a', label: '地质' },
        { value: 'b', label: '海洋' },
        { value: 'c', label: '测绘' },
      ],
    },
    { key: 'free', label: '免费开放', type: 'yesNo', required: false },
    { key: 'photos', label: '照片', type: 'file', required: false, accept: ['IMAGE'] },
    { key: 'region', label: '所在地区', type: 'division', required: true, minLevel: 3 },
    { key: 'host', label: '依托单位', type: 'organisation', required: false },
    { key: 'contact', label: '联系人', type: 'person', required: false },
    { key: 'location', label: '位置', type: 'coordinates', required: false },
    { key: 'phone', label: '电话', type: 'phone', required: false },
    { key: 'email', label: '邮箱', type: 'email', required: false },
    {
      key: 'halls',
      label: '展厅',
      type: 'table',
      required: false,
      max: 3,
      columns: [
        { key: 'hallName', label: '展厅名称', type: 'text', required: true },
        { key: 'area', label: '面积', type: 'number', required: true, min: 0, unit: '㎡' },
      ],
    },
  ];
  const FORM = { fields: FIELDS };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    const a = await buildPlatformAdmin(env);
    admin = a.agent;
    const org = await buildOrganisation(admin, env.rootId, { type: 'BASE_HOST', tree: 'DEPT' });
    orgId = org.id;
    personId = (await buildUserWithRole(env, admin, 'MEMBER', orgId)).userId;
    const db = env.handle.db;
    const c = await db
      .selectFrom('divisions')
      .select('code')
      .where('level', '=', 3)
      .where('validTo', 'is', null)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    county = c.code;
    province = `${county.slice(0, 2)}0000`;
    const up = await admin.upload<{ id: string }>(
      `/api/media?organisationId=${orgId}&name=hall.png`,
      await png(),
    );
    mediaId = up.body.id;
  });
  afterAll(() => env.close());

  const good = () => ({
    name: '地质馆',
    intro: '介绍',
    visitors: 120000,
    openedOn: '2009-05-18',
    category: 'VENUE',
    themes: ['a', 'b'],
    free: true,
    photos: [mediaId],
    region: county,
    host: orgId,
    contact: personId,
    location: { lng: 112.98, lat: 28.19 },
    phone: '0731-84567890',
    email: 'museum@example.cn',
    halls: [
      { hallName: '一号厅', area: 1200.5 },
      { hallName: '二号厅', area: 800 },
    ],
  });

  it('accepts good answers of every kind', async () => {
    expect(await validateAnswers(env.handle.db, FORM, good())).toEqual([]);
    expect(
      await validateAnswers(env.handle.db, FORM, { phone: '13800138000' }, { complete: false }),
    ).toEqual([]);
  });

  it('names every bad field, in Chinese and in English', async () => {
    const bad = {
      name: '一个很长很长很长的名称啊啊',
      visitors: 12.5,
      openedOn: '2023-02-30',
      category: 'ZOO',
      themes: ['a', 'b', 'c'],
      free: 'yes',
      photos: ['0190f5a8-0000-7000-8000-000000000000'],
      region: province,
      host: '0190f5a8-0000-7000-8000-000000000001',
      contact: '0190f5a8-0000-7000-8000-000000000002',
      location: { lng: 2.35, lat: 48.85 },
      phone: '12345',
      email: 'not-an-email',
      halls: [{ hallName: '一号厅', area: -1 }, { area: 5 }, { hallName: 'x', area: 1, extra: 1 }],
      unknown: 1,
    };
    const problems = await validateAnswers(env.handle.db, FORM, bad, { path: 'data' });
    const by = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(Object.keys(by).sort()).toEqual(
      [
        'data.unknown',
        'data.name',
        'data.visitors',
        'data.openedOn',
        'data.category',
        'data.themes',
        'data.free',
        'data.photos',
        'data.region',
        'data.host',
        'data.contact',
        'data.location',
        'data.phone',
        'data.email',
        'data.halls.0.area',
        'data.halls.1.hallName',
        'data.halls.2.extra',
      ].sort(),
    );
    expect(by['data.name']).toMatchObject({
      zh: '“名称”不能超过 10 字',
      en: '名称 must be at most 10 characters',
    });
    expect(by['data.visitors']?.zh).toBe('“年接待人次”应为整数');
    expect(by['data.openedOn']?.en).toContain('must be a date');
    expect(by['data.category']?.zh).toBe('“类别”不是可选的值');
    expect(by['data.themes']?.zh).toBe('“主题”最多选 2 项');
    expect(by['data.free']?.en).toBe('免费开放 must be yes or no');
    expect(by['data.photos']?.zh).toBe('“照片”含有不存在的文件');
    expect(by['data.region']).toMatchObject({
      zh: '“所在地区”应选到县级',
      en: '所在地区 must be chosen down to a county',
    });
    expect(by['data.host']?.zh).toBe('“依托单位”不是现有的单位');
    expect(by['data.contact']?.en).toBe('联系人 is not an existing person');
    expect(by['data.location']).toMatchObject({
      zh: '“位置”不在我国境内',
      en: '位置 is not within China',
    });
    expect(by['data.phone']?.zh).toContain('不是有效的电话号码');
    expect(by['data.email']?.en).toBe('邮箱 is not a valid e-mail address');
    expect(by['data.halls.0.area']).toMatchObject({
      zh: '“展厅”第 1 行的“面积”应在 0 到 ∞ ㎡ 之间',
      en: '展厅, row 1: 面积 must be between 0 and ∞ ㎡',
    });
    expect(by['data.halls.1.hallName']).toMatchObject({
      zh: '请填写“展厅”第 2 行的“展厅名称”',
      en: '展厅, row 2: 展厅名称 is required',
    });
    // Required fields: only when complete.
    const missing = await validateAnswers(env.handle.db, FORM, {}, { path: 'data' });
    expect(missing.map((p) => p.field).sort()).toEqual([
      'data.name',
      'data.region',
      'data.visitors',
    ]);
    expect(missing.find((p) => p.field === 'data.region')).toMatchObject({
      zh: '请填写“所在地区”',
      en: '所在地区 is required',
    });
    expect(await validateAnswers(env.handle.db, FORM, {}, { complete: false })).toEqual([]);
    // Too many rows; a file of the wrong kind; a retired or unknown division.
    const more = await validateAnswers(
      env.handle.db,
      FORM,
      {
        ...good(),
        halls: [1, 2, 3, 4].map((n) => ({ hallName: `${n}`, area: n })),
        region: '999999',
        photos: [mediaId],
      },
      { path: 'data' },
    );
    expect(more.map((p) => p.zh)).toEqual(['“展厅”最多 3 行', '“所在地区”不是现行的行政区划']);
    const pdfOnly = FIELDS.map((f) => (f.key === 'photos' ? { ...f, accept: ['PDF'] } : f));
    const wrongKind = await validateAnswers(env.handle.db, { fields: pdfOnly }, good());
    expect(wrongKind.map((p) => p.zh)).toEqual(['“照片”的文件类型不符']);
  });

  it('stores typed values and sums a number field over 1,000 answers in SQL', async () => {
    const db = env.handle.db;
    let expected = 0;
    let hallArea = 0;
    const byRegion = new Map<string, number>();
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 1000; i++) {
        const visitors = (i * 7919) % 100_003;
        expected += visitors;
        const region = i % 3 === 0 ? county : province;
        byRegion.set(region, (byRegion.get(region) ?? 0) + visitors);
        const halls = [
          { hallName: 'a', area: i + 0.25 },
          { hallName: 'b', area: 10 },
        ];
        hallArea += i + 0.25 + 10;
        await saveAnswers(tx, 'statTest', `owner-${i}`, FORM, {
          name: `单位 ${i}`,
          visitors,
          region,
          openedOn: '2020-01-01',
          free: i % 2 === 0,
          themes: ['a', 'c'],
          halls,
        });
      }
    });
    const total = await sumFormNumbers(db, { ownerType: 'statTest', fieldKey: 'visitors' });
    expect(total).toMatchObject({ sum: expected, count: 1000, min: 0 });
    const area = await sumFormNumbers(db, {
      ownerType: 'statTest',
      fieldKey: 'halls',
      columnKey: 'area',
    });
    expect(area.count).toBe(2000);
    expect(area.sum).toBeCloseTo(hallArea, 6);
    const free = await sumFormNumbers(db, { ownerType: 'statTest', fieldKey: 'free' });
    expect(free).toMatchObject({ sum: 500, count: 1000 });
    const some = await sumFormNumbers(db, {
      ownerType: 'statTest',
      fieldKey: 'visitors',
      ownerIds: ['owner-1', 'owner-2'],
    });
    expect(some.sum).toBe(7919 + ((2 * 7919) % 100_003));
    const grouped = await sumFormNumbersBy(db, {
      ownerType: 'statTest',
      fieldKey: 'visitors',
      byFieldKey: 'region',
    });
    expect(grouped).toEqual(
      [...byRegion].sort(([a], [b]) => a.localeCompare(b)).map(([key, sum]) => ({ key, sum })),
    );
    // Saving again replaces an owner's rows.
    await db
      .transaction()
      .execute((tx) =>
        saveAnswers(tx, 'statTest', 'owner-1', FORM, { name: 'x', visitors: 5, region: county }),
      );
    const rows = await listFormValues(db, 'statTest', 'owner-1');
    expect(rows.map((r) => [r.fieldKey, r.rowIndex, r.columnKey, r.num, r.text])).toEqual([
      ['name', 0, '', null, 'x'],
      ['region', 0, '', null, county],
      ['visitors', 0, '', 5, null],
    ]);
  });

  it('keeps table rows, choices and coordinates as typed rows', async () => {
    const db = env.handle.db;
    await db.transaction().execute((tx) => saveAnswers(tx, 'one', 'x', FORM, good()));
    const rows = await listFormValues(db, 'one', 'x');
    const at = (k: string, i = 0, c = '') =>
      rows.find((r) => r.fieldKey === k && r.rowIndex === i && r.columnKey === c);
    expect(at('halls', 0, 'area')?.num).toBe(1200.5);
    expect(at('halls', 1, 'hallName')?.text).toBe('二号厅');
    expect(at('themes', 1)?.text).toBe('b');
    expect(at('location', 0, 'lng')?.num).toBeCloseTo(112.98);
    expect(at('location', 0, 'lat')?.num).toBeCloseTo(28.19);
    expect(at('openedOn')?.date).toBe('2009-05-18');
    expect(at('free')?.num).toBe(1);
    expect(at('host')?.text).toBe(orgId);
  });

  it('makes rubric keys from the criteria’s labels: an organiser never types a code', async () => {
    const office = await buildOrganisation(admin, env.rootId, {
      type: 'MINISTRY_OFFICE',
      tree: 'DEPT',
    });
    const editor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await editor.post<{ id: string; rubric: { key: string; label: string }[] }>(
      '/api/review-calls',
      {
        subjectKind: 'GENERAL',
        organisationId: office.id,
        title: '评分项无需代码',
        opensAt: today,
        closesAt: '2099-12-31',
        form: { fields: [], attachments: [] },
        rubric: [
          { label: '科普内容', weight: 60, max: 100 },
          { key: 'kept', label: '设施条件', weight: 40, max: 100 },
        ],
        stages: [{ kind: 'EXPERT_REVIEW' }, { kind: 'DECISION' }],
      },
    );
    expect(res.status).toBe(201);
    expect(res.body.rubric.map((c) => c.key)).toEqual(['kePuNeiRong', 'kept']);
    const more = await editor.patch<{ rubric: { key: string }[] }>(
      `/api/review-calls/${res.body.id}`,
      { rubric: [...res.body.rubric, { label: '运行管理', weight: 10, max: 100 }] },
    );
    expect(more.status).toBe(200);
    expect(more.body.rubric.map((c) => c.key)).toEqual(['kePuNeiRong', 'kept', 'yunXingGuanLi']);
  });

  it('a review item’s answers land in the typed table; new fields get keys from labels', async () => {
    const office = await buildOrganisation(admin, env.rootId, {
      type: 'MINISTRY_OFFICE',
      tree: 'DEPT',
    });
    const editor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    const applicant = (await buildUserWithRole(env, admin, 'MEMBER', orgId)).agent;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const created = await editor.post<{
      id: string;
      form: { fields: { key: string; type: string }[] };
    }>('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '表单测试征集',
      opensAt: today,
      closesAt: '2099-12-31',
      form: {
        fields: [
          { label: '年接待人次', type: 'number', unit: '人次', min: 0, required: true },
          { label: '所在地区', type: 'division' },
          {
            label: '展厅',
            type: 'table',
            columns: [
              { label: '名称', type: 'text' },
              { label: '面积', type: 'number' },
            ],
          },
          { key: 'intro', label: '简介', type: 'textarea' },
        ],
        attachments: [],
      },
      stages: [{ kind: 'RECOMMENDATION' }, { kind: 'DECISION' }],
    });
    expect(created.status).toBe(201);
    // Files are the call's attachments, not fields.
    const withFile = await editor.post('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '带文件字段',
      opensAt: today,
      closesAt: '2099-12-31',
      form: { fields: [{ label: '照片', type: 'file' }] },
      stages: [{ kind: 'DECISION' }],
    });
    expect(withFile.status).toBe(400);
    expect(created.body.form.fields.map((f) => f.key)).toEqual([
      'nianJieDaiRenCi',
      'suoZaiDiQu',
      'zhanTing',
      'intro',
    ]);
    const callId = created.body.id;
    expect((await editor.post(`/api/review-calls/${callId}/open`)).status).toBe(200);
    const bad = await applicant.post<{ error: { details: { fields: { field: string }[] } } }>(
      `/api/review-calls/${callId}/items`,
      {
        organisationId: orgId,
        title: '申报',
        data: { nianJieDaiRenCi: -3, suoZaiDiQu: '000001' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f) => f.field).sort()).toEqual([
      'data.nianJieDaiRenCi',
      'data.suoZaiDiQu',
    ]);
    const item = await applicant.post<{ id: string }>(`/api/review-calls/${callId}/items`, {
      organisationId: orgId,
      title: '申报',
      data: {
        nianJieDaiRenCi: 3000,
        suoZaiDiQu: county,
        zhanTing: [{ mingCheng: '一号厅', mianJi: 50 }],
        intro: '旧类型的长文字',
      },
    });
    expect(item.status).toBe(201);
    const db = env.handle.db;
    expect(
      (await sumFormNumbers(db, { ownerType: 'reviewItem', fieldKey: 'nianJieDaiRenCi' })).sum,
    ).toBe(3000);
    const patched = await applicant.patch(`/api/review-items/${item.body.id}`, {
      data: { nianJieDaiRenCi: 4500, suoZaiDiQu: county },
    });
    expect(patched.status).toBe(200);
    // The page is sent the division's full name, never left to show the code.
    const shown = await applicant.get<{ answerNames: Record<string, string> }>(
      `/api/review-items/${item.body.id}`,
    );
    const names = await db
      .selectFrom('divisions')
      .select('name')
      .where('code', 'in', [province, `${county.slice(0, 4)}00`, county])
      .orderBy('code')
      .execute();
    const full = names.map((n) => n.name).filter((n) => n !== '市辖区' && n !== '县');
    expect(shown.body.answerNames[county]).toBe(full.join(''));
    expect(full.length).toBeGreaterThanOrEqual(2);
    // In English, the names run from the smallest up, each in its English form.
    const english = await applicant.get<{ answerNames: Record<string, string> }>(
      `/api/review-items/${item.body.id}`,
      { 'accept-language': 'en-US' },
    );
    const parts = english.body.answerNames[county]!.split(', ');
    expect(parts).toHaveLength(full.length);
    expect(parts.at(-1)).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+)?$/);
    expect(english.body.answerNames[county]).not.toMatch(/[\u4e00-\u9fff]/);
    const rows = await listFormValues(db, 'reviewItem', item.body.id);
    expect(rows.map((r) => [r.fieldKey, r.num ?? r.text])).toEqual([
      ['nianJieDaiRenCi', 4500],
      ['suoZaiDiQu', county],
    ]);
  });
});
