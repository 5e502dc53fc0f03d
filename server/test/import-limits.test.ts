import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWorks } from '../src/modules/works/import.ts';
import { AppError, errorMessage } from '../src/platform/errors.ts';
import { readXlsxRows } from '../src/platform/import/xlsx.ts';
import { WorkSlots } from '../src/platform/work-slots.ts';
import {
  type Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';
import {
  buildZip,
  deflated,
  SHEET_HEAD,
  SHEET_TAIL,
  sheetOf,
  xlsxBomb,
  xlsxShell,
} from './zip-fixtures.ts';

type ErrorBody = { error: { code: string; message: string } };
const err = (r: { body: unknown }) => (r.body as ErrorBody).error;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-limits-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = ['名称', '依托单位', '原体系', '类别', '地址', '行政区划代码', '经度', '纬度'];

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('基地');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** What a thrown AppError says, in Chinese. */
async function refusal(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError)
      return { status: e.status, message: errorMessage(e.code, 'zh-CN', e.params) };
    throw e;
  }
  throw new Error('not refused');
}

describe('the xlsx reader', () => {
  it('reads what exceljs wrote, cell by cell: strings, numbers, dates, booleans, rich text, formulas', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.addRow(['名称', '数量', '日期', '是否', '链接', '公式']);
    ws.addRow([
      '地质 & <博物馆>',
      104.07,
      new Date('2024-05-12T00:00:00Z'),
      true,
      { text: '官网', hyperlink: 'https://example.org' },
      { formula: 'B2*2', result: 208.14 },
    ]);
    ws.addRow([{ richText: [{ text: '粗体' }, { font: { bold: true }, text: '与常规' }] }]);
    ws.getCell('H4').value = '第八列';
    ws.getCell('A5').value = '  前后空格  ';
    const rows = [];
    for await (const r of readXlsxRows(Buffer.from(await wb.xlsx.writeBuffer())))
      rows.push({ row: r.row, cells: Array.from(r.cells, (v) => v ?? null) });
    expect(rows).toEqual([
      { row: 1, cells: ['名称', '数量', '日期', '是否', '链接', '公式'] },
      {
        row: 2,
        cells: ['地质 & <博物馆>', 104.07, new Date('2024-05-12T00:00:00Z'), true, '官网', 208.14],
      },
      { row: 3, cells: ['粗体与常规'] },
      { row: 4, cells: [null, null, null, null, null, null, null, '第八列'] },
      { row: 5, cells: ['  前后空格  '] },
    ]);
  });

  it('refuses bombs, unsafe names, encryption and a file that is not a zip before inflating', async () => {
    const bomb = await xlsxBomb(256 * 1024 * 1024);
    expect(await refusal(readXlsxRows(bomb).next())).toEqual({
      status: 422,
      message: expect.stringMatching(
        /^无法导入：“xl\/worksheets\/sheet1\.xml”的压缩比为 [\d,]+:1，超过上限 100:1（疑似压缩炸弹）$/,
      ),
    });
    // A bomb that claims a small size is stopped at the size it claimed.
    const liar = await xlsxBomb(256 * 1024 * 1024, 100_000);
    expect((await refusal(readXlsxRows(liar).next())).message).toMatch(
      /解压后与压缩包目录记载的大小（98 KiB）不符（疑似压缩炸弹）/,
    );
    const traversal = xlsxShell(deflated('xl/worksheets/sheet1.xml', sheetOf([['a']])), [
      deflated('../../etc/cron.d/x', 'x'),
    ]);
    expect((await refusal(readXlsxRows(traversal).next())).message).toContain(
      '压缩包内的文件名“../../etc/cron.d/x”不安全',
    );
    const encrypted = xlsxShell({
      ...deflated('xl/worksheets/sheet1.xml', sheetOf([['a']])),
      flags: 1,
    });
    expect((await refusal(readXlsxRows(encrypted).next())).message).toContain('已加密');
    expect(await refusal(readXlsxRows(Buffer.from('名称,依托单位\n某基地,某单位')).next())).toEqual(
      {
        status: 415,
        message: expect.stringContaining('不是 xlsx 工作簿：文件内容不是 zip 压缩包'),
      },
    );
    const noWorkbook = buildZip([deflated('word/document.xml', '<w:document/>')]);
    expect(await refusal(readXlsxRows(noWorkbook).next())).toEqual({
      status: 422,
      message: '无法导入：不是有效的 xlsx 工作簿：压缩包中没有工作簿',
    });
    const manyFiles = buildZip(
      Array.from({ length: 1_001 }, (_, i) => deflated(`xl/media/${i}.txt`, 'x')),
    );
    expect(await refusal(readXlsxRows(manyFiles).next())).toEqual({
      status: 422,
      message: '导入文件超出限制：压缩包内的文件数不能超过 1,000',
    });
  });

  it('refuses an archive that claims more than the limits once inflated (413), before inflating', async () => {
    // Incompressible bytes that claim to inflate 90 times: no bomb by the ratio, too large by size.
    const claiming = (name: string, mib: number) => ({
      ...deflated(name, crypto.randomBytes(Math.ceil((mib * 1024 * 1024) / 90))),
      size: mib * 1024 * 1024,
    });
    const oneBig = xlsxShell(claiming('xl/worksheets/sheet1.xml', 70));
    expect(await refusal(readXlsxRows(oneBig).next())).toEqual({
      status: 413,
      message: '导入文件过大：解压后的大小不能超过 64 MiB',
    });
    const manyBig = xlsxShell(claiming('xl/worksheets/sheet1.xml', 50), [
      claiming('xl/media/a.bin', 50),
      claiming('xl/media/b.bin', 50),
    ]);
    expect(await refusal(readXlsxRows(manyBig).next())).toEqual({
      status: 413,
      message: '导入文件过大：解压后的大小不能超过 128 MiB',
    });
  });

  it('refuses a row too long to hold, without holding it', async () => {
    const longRow = xlsxShell(
      deflated(
        'xl/worksheets/sheet1.xml',
        `${SHEET_HEAD}${Array.from({ length: 1_100_000 }, () => String.fromCharCode(0x4e00 + crypto.randomInt(20_000))).join('')}${SHEET_TAIL}`,
      ),
    );
    expect(await refusal(readXlsxRows(longRow).next())).toEqual({
      status: 422,
      message: '导入文件超出限制：一行的字符数不能超过 1,000,000',
    });
  });
});

describe('heavy-work slots', () => {
  it('lets one job a person and two in all run; the next is refused at once (429), then freed', async () => {
    const slots = new WorkSlots(1, 2, { 'zh-CN': '导入', 'en-US': 'imports' });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const a = slots.run('a', () => gate);
    expect(await refusal(slots.run('a', async () => 1))).toEqual({
      status: 429,
      message: '您已有 1 项导入正在进行（每人同时最多 1 项），请等它完成后再试',
    });
    const b = slots.run('b', () => gate);
    expect(await refusal(slots.run('c', async () => 1))).toEqual({
      status: 429,
      message: '服务器正在进行的导入已达上限（同时最多 2 项），请稍后再试',
    });
    expect(slots.size).toBe(2);
    const english = await slots.run('c', async () => 1).catch((e: AppError) => e);
    expect(errorMessage((english as AppError).code, 'en-US', (english as AppError).params)).toBe(
      'The server is running as many imports as it may (2 at a time); try again shortly',
    );
    release();
    await Promise.all([a, b]);
    expect(slots.size).toBe(0);
    expect(await slots.run('c', async () => 'ran')).toBe('ran');
  });
});

describe.each(DIALECTS)('import limits on %s', (dialect) => {
  let env: TestEnv;
  let office: { id: string };
  let editors: Agent[];
  let bomb: Buffer;
  let liar: Buffer;
  const count = async (table: 'bases' | 'auditLog' | 'works') =>
    Number(
      (
        await env.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const importLegacy = (agent: Agent, bytes: Buffer, headers: Record<string, string> = {}) =>
    agent.upload(`/api/bases/import-legacy?organisationId=${office.id}`, bytes, headers);

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    const admin = (await buildPlatformAdmin(env)).agent;
    office = await buildOrganisation(admin, env.rootId, {
      type: 'MINISTRY_OFFICE',
      name: '科普工作办公室',
      tree: 'DEPT',
    });
    await buildOrganisation(admin, env.rootId, {
      type: 'RESEARCH_UNIT',
      name: '中国地质博物馆',
      tree: 'DEPT',
    });
    editors = [];
    for (let i = 0; i < 3; i++)
      editors.push((await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent);
    // About a megabyte each on the wire, a gigabyte inflated.
    bomb = await xlsxBomb();
    liar = await xlsxBomb(1 << 30, 100_000);
  }, 60_000);
  afterAll(async () => {
    await env.close();
  });

  it('refuses three zip bombs at once without the memory to inflate them; nothing is written', async () => {
    expect(bomb.length).toBeLessThan(1_200_000);
    const before = { bases: await count('bases'), audit: await count('auditLog') };
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 2);
    const answers = await Promise.all([
      importLegacy(editors[0]!, bomb),
      importLegacy(editors[1]!, liar),
      importLegacy(editors[2]!, bomb),
    ]);
    clearInterval(sample);
    peak = Math.max(peak, process.memoryUsage().rss);
    for (const a of answers) expect([422, 429]).toContain(a.status);
    const refused = answers.filter((a) => a.status === 422).map((a) => err(a).message);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const m of refused)
      expect(m).toMatch(/压缩比为 [\d,]+:1，超过上限 100:1|不符（疑似压缩炸弹）/);
    expect(peak - rss0).toBeLessThan(200 * 1024 * 1024);
    expect({ bases: await count('bases'), audit: await count('auditLog') }).toEqual(before);
    // One at a time, each bomb is refused for what it is.
    expect(err(await importLegacy(editors[0]!, bomb)).message).toMatch(/压缩比为 [\d,]+:1/);
    expect(err(await importLegacy(editors[0]!, liar)).message).toContain(
      '解压后与压缩包目录记载的大小（98 KiB）不符',
    );
  });

  it('refuses too many rows, too many columns, a file too large and one that is no zip; nothing is written', async () => {
    const before = { bases: await count('bases'), audit: await count('auditLog') };
    const rows = Array.from({ length: 10_001 }, (_, i) => [
      `第${i}号基地`,
      '中国地质博物馆',
      '国土资源',
    ]);
    const tooManyRows = await importLegacy(editors[0]!, await workbook([HEADER, ...rows]));
    expect(tooManyRows.status).toBe(422);
    expect(err(tooManyRows)).toEqual({
      code: 'IMPORT_LIMIT',
      message: '导入文件超出限制：工作表的行数不能超过 10,000',
      details: null,
    });
    const english = await importLegacy(editors[0]!, await workbook([HEADER, ...rows]), {
      'accept-language': 'en-US',
    });
    expect(err(english).message).toBe(
      'The import file breaks a limit: the number of rows may be at most 10,000',
    );
    const wide = await importLegacy(
      editors[0]!,
      await workbook([[...HEADER, ...Array.from({ length: 93 }, (_, i) => `备注${i + 1}`)]]),
    );
    expect(wide.status).toBe(422);
    expect(err(wide).message).toBe('导入文件超出限制：工作表的列数不能超过 100');
    const huge = await importLegacy(editors[0]!, Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    expect(huge.status).toBe(413);
    expect(err(huge).message).toBe('请求内容过大，上限为 10 MiB');
    const csv = await importLegacy(
      editors[0]!,
      Buffer.from('名称,依托单位,原体系\n川西基地,中国地质博物馆,国土资源\n'),
    );
    expect(csv.status).toBe(415);
    expect(err(csv).message).toContain('不是 xlsx 工作簿：文件内容不是 zip 压缩包');
    expect({ bases: await count('bases'), audit: await count('auditLog') }).toEqual(before);
  });

  it('runs one import a person and two in all; the rest are refused with 429 while they run', async () => {
    const rows = (tag: string) =>
      Array.from({ length: 500 }, (_, i) => [`${tag}${i}号基地`, '中国地质博物馆', '国土资源']);
    const mine = await Promise.all(
      ['甲', '乙', '丙'].map(async (t) =>
        importLegacy(editors[0]!, await workbook([HEADER, ...rows(t)])),
      ),
    );
    const busy = mine.filter((r) => r.status === 429);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(err(busy[0]!).message).toBe(
      '您已有 1 项导入正在进行（每人同时最多 1 项），请等它完成后再试',
    );
    expect(mine.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    const files = await Promise.all(['丁', '戊', '己'].map((t) => workbook([HEADER, ...rows(t)])));
    const all = await Promise.all(files.map((f, i) => importLegacy(editors[i]!, f)));
    const overall = all.filter((r) => r.status === 429);
    expect(overall.length).toBeGreaterThanOrEqual(1);
    expect(err(overall[0]!).message).toBe(
      '服务器正在进行的导入已达上限（同时最多 2 项），请稍后再试',
    );
  });

  it('bounds works imports: JSON lines by length and count, workbooks like the legacy route', async () => {
    const admin = await env.handle.db
      .selectFrom('users')
      .select('id')
      .orderBy('createdAt')
      .executeTakeFirstOrThrow();
    const run = (file: string) =>
      importWorks(env.handle.db, { actorId: admin.id, ip: null, dialect }, file, {
        organisationId: env.rootId,
        userId: admin.id,
      });
    const works = await count('works');
    const longLine = path.join(dir, `long-${dialect}.jsonl`);
    fs.writeFileSync(
      longLine,
      `${JSON.stringify({ title: '短', type: 'GRAPHIC' })}\n${JSON.stringify({
        title: '长',
        type: 'GRAPHIC',
        body: '岩'.repeat(400_000),
      })}\n`,
    );
    expect(await refusal(run(longLine))).toEqual({
      status: 422,
      message: '导入文件超出限制：一行的长度不能超过 1 MiB',
    });
    const manyLines = path.join(dir, `many-${dialect}.jsonl`);
    fs.writeFileSync(manyLines, '{}\n'.repeat(200_001));
    expect(await refusal(run(manyLines))).toEqual({
      status: 422,
      message: '导入文件超出限制：文件的行数不能超过 200,000',
    });
    const bombFile = path.join(dir, `bomb-${dialect}.xlsx`);
    fs.writeFileSync(bombFile, bomb);
    expect((await refusal(run(bombFile))).message).toMatch(/压缩比为 [\d,]+:1，超过上限 100:1/);
    const notZip = path.join(dir, `renamed-${dialect}.xlsx`);
    fs.writeFileSync(notZip, '{"title":"改了扩展名"}\n');
    expect((await refusal(run(notZip))).status).toBe(415);
    // The console's upload is held to the same guard, and to the platform's body limit.
    const upload = (bytes: Buffer) =>
      editors[0]!.upload(`/api/works/import?organisationId=${office.id}`, bytes);
    const bombed = await upload(bomb);
    expect(bombed.status).toBe(422);
    expect(err(bombed).message).toMatch(/压缩比为 [\d,]+:1，超过上限 100:1/);
    const huge = await upload(Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    expect(huge.status).toBe(413);
    expect((await upload(Buffer.from('标题,作品类型\n某作品,视频\n'))).status).toBe(415);
    expect(await count('works')).toBe(works);
  });
});
