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
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
