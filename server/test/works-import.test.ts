import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWorks } from '../src/modules/works/import.ts';
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-import-'));
const write = (name: string, lines: unknown[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'),
  );
  return file;
};

describe.each(DIALECTS)('importing works on %s', (dialect) => {
  let env: TestEnv;
  let adminId: string;
  let admin: Agent;
  const count = async () =>
    Number(
      (
        await env.handle.db
          .selectFrom('works')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const run = (file: string) =>
    importWorks(env.handle.db, { actorId: adminId, ip: null, dialect }, file, {
      organisationId: env.rootId,
      userId: adminId,
    });

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    const a = await buildPlatformAdmin(env);
    adminId = a.userId;
    admin = a.agent;
  });
  afterAll(async () => {
    await env.close();
  });

  it('imports JSONL: published rows enter the portal and search, drafts do not', async () => {
    const file = write(`ok-${dialect}.jsonl`, [
      {
        title: '认识泥石流',
        summary: '泥石流的成因与避险',
        body: '泥石流是山区常见的地质灾害。\n暴雨后要远离沟谷。',
        type: 'GRAPHIC',
        sectors: ['GEOLOGY'],
        topics: ['GEOHAZARD_PREVENTION'],
        status: 'PUBLISHED',
        publishedAt: '2024-05-12',
      },
      {
        title: '极地科考日记',
        body: '<p>南极中山站的冬天。</p>',
        type: 'BOOK',
        sectors: ['OCEAN'],
        topics: ['POLAR_EXPEDITION'],
        authors: ['王晓梅'],
        status: 'PUBLISHED',
        publishedAt: '2023-11-01T08:00:00Z',
      },
      '',
      { title: '草稿：耕地保护', body: '耕地是粮食安全的根基。', type: 'VIDEO', sectors: ['LAND'] },
    ]);
    const before = await count();
    const report = await run(file);
    expect(report).toMatchObject({ rows: 3, imported: 3, errors: [] });
    expect(await count()).toBe(before + 3);
    const anon = new Agent(env.app);
    const found = await anon.get<{ items: { title: string }[] }>(
      `/api/search?q=${encodeURIComponent('泥石流')}&type=work`,
    );
    expect(found.body.items.map((i) => i.title)).toEqual(['认识泥石流']);
    const byAuthor = await anon.get<{ items: { title: string }[] }>(
      '/api/search?q=wangxiaomei&type=work',
    );
    expect(byAuthor.body.items.map((i) => i.title)).toEqual(['极地科考日记']);
    const draft = await anon.get<{ total: number }>(
      `/api/search?q=${encodeURIComponent('耕地')}&type=work`,
    );
    expect(draft.body.total).toBe(0);
  });

  it('lets only an administrator bring published works; a member imports drafts; others none', async () => {
    const unit = await buildOrganisation(admin, env.rootId, { name: '导入权限测试单位' });
    const member = await buildUserWithRole(env, admin, 'MEMBER', unit.id);
    const orgAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', unit.id);
    const as = (userId: string, file: string) =>
      importWorks(env.handle.db, { actorId: userId, ip: null, dialect }, file, {
        organisationId: unit.id,
        userId,
      });
    const row = (status: string) => ({
      title: `权限测试${status}`,
      type: 'GRAPHIC',
      sectors: ['GEOLOGY'],
      status,
    });
    const before = await count();
    const published = write(`pub-${dialect}.jsonl`, [row('DRAFT'), row('PUBLISHED')]);
    const refused = await as(member.userId, published);
    expect(refused.imported).toBe(0);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        row: 2,
        field: 'status',
        message: expect.stringContaining('管理员'),
      }),
    ]);
    expect(await count()).toBe(before);
    expect(
      (await as(member.userId, write(`draft-${dialect}.jsonl`, [row('DRAFT')]))).imported,
    ).toBe(1);
    expect((await as(orgAdmin.userId, published)).imported).toBe(2);
    // No role in the unit at all: refused before the file is read.
    const outsider = await buildPublicUser(env);
    await expect(as(outsider.userId, published)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await count()).toBe(before + 3);
  });

  it('rejects a file with bad rows as a whole, with a row-level report', async () => {
    const file = write(`bad-${dialect}.jsonl`, [
      { title: '好的一行', type: 'GRAPHIC' },
      { title: '', type: 'GRAPHIC' },
      '{"title": "坏 JSON",',
      { title: '未知类型', type: 'SPACESHIP', sectors: ['MARS'] },
      { title: '错误状态', type: 'VIDEO', status: 'SUBMITTED' },
    ]);
    const before = await count();
    const report = await run(file);
    expect(report.imported).toBe(0);
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'title'],
      [3, '(line)'],
      [4, 'type'],
      [4, 'sectors'],
      [5, 'status'],
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses control characters and titles of invisible characters, naming the row and field', async () => {
    const file = write(`control-${dialect}.jsonl`, [
      { title: '好的一行', type: 'GRAPHIC' },
      { title: '海洋\u0000科普', type: 'GRAPHIC' },
      { title: '正常标题', type: 'GRAPHIC', summary: '摘\u0001要', authors: ['张\u007F三'] },
      { title: '\u200B\u3000\u2060', type: 'GRAPHIC' },
      { title: '多行\n标题', type: 'GRAPHIC', summary: '摘要可以\n有多行' },
    ]);
    const before = await count();
    const report = await run(file);
    expect(report.imported).toBe(0);
    expect(report.errors).toEqual([
      { row: 2, field: 'title', column: 'title', message: expect.stringContaining('U+0000') },
      { row: 3, field: 'summary', column: 'summary', message: expect.stringContaining('U+0001') },
      {
        row: 3,
        field: 'authors.0',
        column: 'authors.0',
        message: expect.stringContaining('U+007F'),
      },
      {
        row: 4,
        field: 'title',
        column: 'title',
        message: '不能只含空格或不可见字符 / must contain visible characters',
      },
      {
        row: 5,
        field: 'title',
        column: 'title',
        message: '不能包含换行符或制表符 / must be one line',
      },
    ]);
    expect(await count()).toBe(before);
  });

  it('imports a large file with analysis on worker threads: every published row is found', async () => {
    const rows = Array.from({ length: 2_400 }, (_, i) => ({
      title: `第${i}期 ${i % 3 === 0 ? '冰川' : '湖泊'}观察笔记`,
      summary: `编号${i}`,
      body: `${i % 3 === 0 ? '冰川退缩' : '湖泊水位'}的长期监测。`,
      type: 'GRAPHIC',
      sectors: ['WATER'],
      status: i % 10 === 9 ? 'DRAFT' : 'PUBLISHED',
      publishedAt: '2024-03-01',
    }));
    const before = await count();
    const report = await run(write(`large-${dialect}.jsonl`, rows));
    expect(report).toMatchObject({ rows: 2_400, imported: 2_400, errors: [] });
    expect(await count()).toBe(before + 2_400);
    // Published: 720 of the 800 冰川 rows, 1,440 of the 1,600 湖泊 rows (every tenth is a draft).
    const indexed = async (word: string) =>
      Number(
        (
          await env.handle.db
            .selectFrom('searchDocuments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('type', '=', 'work')
            .where('title', 'like', `%${word}%`)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await indexed('冰川')).toBe(720);
    expect(await indexed('湖泊')).toBe(1_440);
    // And the search finds them: exactly, or (a match this large on PostgreSQL may be sampled)
    // within the estimate's bound, flagged.
    const anon = new Agent(env.app);
    for (const [q, n] of [
      ['冰川', 720],
      ['湖泊', 1_440],
    ] as const) {
      const r = (
        await anon.get<{ total: number; totalApproximate: boolean }>(
          `/api/search?q=${encodeURIComponent(q)}&type=work`,
        )
      ).body;
      if (r.totalApproximate) expect(Math.abs(r.total - n) / n).toBeLessThan(0.25);
      else expect(r.total).toBe(n);
    }
  });

  it('imports xlsx with lists in cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('作品');
    ws.addRow(['title', 'summary', 'body', 'type', 'sectors', 'topics', 'status', 'publishedAt']);
    ws.addRow([
      '湿地：地球之肾',
      '湿地的生态功能',
      '湿地能净化水质、调蓄洪水。',
      'GRAPHIC',
      'WETLAND、WATER',
      'BIODIVERSITY',
      'PUBLISHED',
      '2024-02-02',
    ]);
    ws.addRow(['海岸带保护', '', '红树林是海岸卫士。', 'VIDEO', 'OCEAN, WETLAND', '', 'DRAFT', '']);
    const file = path.join(dir, `ok-${dialect}.xlsx`);
    await wb.xlsx.writeFile(file);
    const report = await run(file);
    expect(report).toMatchObject({ imported: 2, errors: [] });
    const hit = await new Agent(env.app).get<{
      items: { title: string }[];
      facets: { sector: { value: string }[] };
    }>(`/api/search?q=${encodeURIComponent('湿地')}&type=work`);
    expect(hit.body.items.map((i) => i.title)).toEqual(['湿地：地球之肾']);
    expect(hit.body.facets.sector.map((f) => f.value).sort()).toEqual(['WATER', 'WETLAND']);
  });

  describe('the spreadsheet people write, uploaded in the console', () => {
    type Report = {
      rows: number;
      imported: number;
      errors: { row: number; field: string; column: string; message: string }[];
    };
    const workbook = async (rows: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Sheet1');
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const upload = (bytes: Buffer, lang = 'zh-CN', agent = admin, org = env.rootId) =>
      agent.upload<Report>(`/api/works/import?organisationId=${org}`, bytes, {
        'accept-language': lang,
      });
    const stored = (title: string) =>
      env.handle.db
        .selectFrom('works')
        .select(['type', 'status', 'sectors', 'topics', 'audiences', 'authors', 'publishedAt'])
        .where('title', '=', title)
        .executeTakeFirstOrThrow();

    it('reads Chinese names, statuses in lower case and full-width separators', async () => {
      const res = await upload(
        await workbook([
          ['标题', '作品类型', '领域', '主题', '受众', '作者', '状态', '发布日期'],
          [
            '海洋里的地质灾害',
            '图文/图解/挂图',
            ' 海洋，地质 ',
            '地质灾害防治；极地科考',
            '青少年、进社区',
            '王晓梅，李明',
            'published',
            '2024年5月12日',
          ],
          ['海岸带草稿', '视频', 'ｏｃｅａｎ', '', '', '', 'draft', ''],
        ]),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 2, imported: 2, errors: [] });
      expect(await stored('海洋里的地质灾害')).toMatchObject({
        type: 'GRAPHIC',
        status: 'PUBLISHED',
        sectors: '["OCEAN","GEOLOGY"]',
        topics: '["GEOHAZARD_PREVENTION","POLAR_EXPEDITION"]',
        audiences: '["YOUTH","COMMUNITY"]',
        authors: JSON.stringify([
          { name: '王晓梅', role: 'AUTHOR' },
          { name: '李明', role: 'AUTHOR' },
        ]),
        publishedAt: expect.stringMatching(/^2024-05-12/),
      });
      expect(await stored('海岸带草稿')).toMatchObject({
        type: 'VIDEO',
        status: 'DRAFT',
        sectors: '["OCEAN"]',
      });
    });

    it('reads English headers and names, a name with a comma whole, codes in any case', async () => {
      const res = await upload(
        await workbook([
          ['Title', 'Type', 'Sectors', 'Topics', 'Status'],
          [
            'Mapping the coast',
            'graphic or poster',
            'Surveying, mapping and geoinformation, OCEAN',
            'geohazard_prevention',
            'DRAFT',
          ],
          ['Spaced codes', 'BOOK', 'GEOLOGY OCEAN', 'Polar research expeditions', 'Draft'],
        ]),
        'en-US',
      );
      expect(res.body).toMatchObject({ imported: 2, errors: [] });
      expect(await stored('Mapping the coast')).toMatchObject({
        type: 'GRAPHIC',
        sectors: '["SURVEYING","OCEAN"]',
        topics: '["GEOHAZARD_PREVENTION"]',
      });
      expect(await stored('Spaced codes')).toMatchObject({
        sectors: '["GEOLOGY","OCEAN"]',
        topics: '["POLAR_EXPEDITION"]',
      });
    });

    it('names the row, the column and the allowed values of an unknown value, in the reader’s language', async () => {
      const before = await count();
      const bytes = await workbook([
        ['标题', '作品类型', '领域', '状态'],
        ['好的一行', '视频', '海洋', '草稿'],
        ['坏的一行', '宇宙飞船', '海洋、火星', 'submitted'],
      ]);
      const zh = (await upload(bytes)).body;
      expect(zh.imported).toBe(0);
      expect(zh.errors.map((e) => [e.row, e.field, e.column])).toEqual([
        [3, 'type', '作品类型'],
        [3, 'status', '状态'],
        [3, 'sectors', '领域'],
      ]);
      const [type, status, sectors] = zh.errors.map((e) => e.message);
      expect(type).toContain('未知的值“宇宙飞船”');
      expect(type).toContain('视频 (VIDEO)');
      expect(status).toBe('未知的值“submitted”。可选值：草稿 (DRAFT)、已发布 (PUBLISHED)');
      expect(sectors).toContain('未知的值“火星”');
      expect(sectors).toContain('海洋 (OCEAN)、测绘地理信息 (SURVEYING)、地质 (GEOLOGY)');
      expect(sectors).not.toMatch(/[A-Za-z]{3,} [a-z]/);
      const en = (await upload(bytes, 'en-US')).body;
      expect(en.errors[2]!.message).toBe(
        'unknown value "火星". Allowed values: Land (LAND), Mineral resources (MINERAL), Forests (FOREST), Grasslands (GRASSLAND), Wetlands (WETLAND), Water (WATER), Ocean (OCEAN), Surveying, mapping and geoinformation (SURVEYING), Geology (GEOLOGY)',
      );
      expect(await count()).toBe(before);
    });

    it('offers a template that imports as it is, in either language', async () => {
      for (const lang of ['zh-CN', 'en-US']) {
        const res = await admin.get(`/api/works/import/template`, { 'accept-language': lang });
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toContain('spreadsheetml');
        expect(String(res.headers['content-disposition'])).toContain(
          lang === 'zh-CN' ? encodeURIComponent('作品导入模板.xlsx') : 'works-import-template.xlsx',
        );
        const bytes = res.body as unknown as Buffer;
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(bytes as unknown as ArrayBuffer);
        const [works, allowed] = wb.worksheets;
        const header = (works!.getRow(1).values as unknown[]).slice(1);
        expect(header).toEqual(
          lang === 'zh-CN'
            ? [
                '标题',
                '摘要',
                '正文',
                '作品类型',
                '领域',
                '主题',
                '受众',
                '作者',
                '状态',
                '发布日期',
              ]
            : [
                'Title',
                'Summary',
                'Body',
                'Type',
                'Sectors',
                'Topics',
                'Audiences',
                'Authors',
                'Status',
                'Published on',
              ],
        );
        expect(works!.actualRowCount).toBe(2);
        expect(allowed!.name).toBe(lang === 'zh-CN' ? '可选值' : 'Allowed values');
        const listed = allowed!
          .getSheetValues()
          .slice(2)
          .map((r) => (r as unknown[]).slice(1, 4));
        expect(listed).toContainEqual(
          lang === 'zh-CN' ? ['领域', '海洋', 'OCEAN'] : ['Sectors', 'Ocean', 'OCEAN'],
        );
        expect(listed).toContainEqual(
          lang === 'zh-CN' ? ['状态', '已发布', 'PUBLISHED'] : ['Status', 'Published', 'PUBLISHED'],
        );
        // A member of a unit may download it and import it unchanged (the example is a draft).
        const unit = await buildOrganisation(admin, env.rootId, { name: `模板单位${lang}` });
        const member = await buildUserWithRole(env, admin, 'MEMBER', unit.id);
        const own = await member.agent.get('/api/works/import/template', {
          'accept-language': lang,
        });
        expect(own.status).toBe(200);
        const before = await count();
        const imported = await upload(own.body as unknown as Buffer, lang, member.agent, unit.id);
        expect(imported.body).toMatchObject({ rows: 1, imported: 1, errors: [] });
        expect(await count()).toBe(before + 1);
        const work = await env.handle.db
          .selectFrom('works')
          .select(['type', 'status', 'sectors', 'topics', 'audiences', 'organisationId'])
          .orderBy('createdAt', 'desc')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        expect(work).toEqual({
          type: 'GRAPHIC',
          status: 'DRAFT',
          sectors: '["GEOLOGY"]',
          topics: '["GEOHAZARD_PREVENTION"]',
          audiences: '["COMMUNITY","YOUTH"]',
          organisationId: unit.id,
        });
      }
    });

    it('refuses the template and the upload to people who may not create works', async () => {
      const outsider = await buildPublicUser(env);
      expect((await outsider.agent.get('/api/works/import/template')).status).toBe(403);
      expect((await new Agent(env.app).get('/api/works/import/template')).status).toBe(401);
      const res = await upload(await workbook([['标题'], ['x']]), 'zh-CN', outsider.agent);
      expect(res.status).toBe(403);
    });
  });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
