import type { Db } from '#platform/db/connect.ts';
import type { Locale } from '#platform/i18n.ts';
import { loadExcel } from '#platform/on-demand.ts';
import { type Actor, authorize, isPlatformAdmin } from '#platform/policy.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { CATEGORIES, LEGACY_HEADERS, SCHEMES } from './legacy.ts';
import * as repo from './repo.ts';

const T = {
  sheet: { 'zh-CN': '基地', 'en-US': 'Bases' },
  allowed: { 'zh-CN': '可选值', 'en-US': 'Allowed values' },
  column: { 'zh-CN': '列', 'en-US': 'Column' },
  value: { 'zh-CN': '可填写的名称', 'en-US': 'Name' },
  code: { 'zh-CN': '代码', 'en-US': 'Code' },
  note: { 'zh-CN': '说明', 'en-US': 'Notes' },
};
const NOTES: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  名称: {
    'zh-CN': '必填，不能与已有基地同名',
    'en-US': 'Required; no other base may have the name',
  },
  依托单位: {
    'zh-CN': '必填，与平台中机构的全称一致',
    'en-US': 'Required; the full name of an organisation on the platform',
  },
  原体系: { 'zh-CN': '必填，名称或代码', 'en-US': 'Required; a name or a code' },
  类别: { 'zh-CN': '名称或代码，不填为“其他”', 'en-US': 'A name or a code; Other when blank' },
  行政区划代码: { 'zh-CN': '6 位代码，如 110000', 'en-US': 'Six digits, such as 110000' },
  经度: { 'zh-CN': '73 到 136 之间', 'en-US': 'Between 73 and 136' },
  纬度: { 'zh-CN': '3 到 54 之间', 'en-US': 'Between 3 and 54' },
  命名年份: { 'zh-CN': '1990 到 2030 之间的年份', 'en-US': 'A year from 1990 to 2030' },
};

/**
 * The legacy bases import template, in the reader's language: the header row the import reads,
 * one example row that imports as it is (hosted by the reader's own unit), and a sheet of the
 * values the scheme and category columns take. Whoever may import legacy bases may download it.
 */
export async function legacyBasesTemplate(
  db: Db,
  actor: Actor | null,
  locale: Locale,
): Promise<Buffer> {
  authorize(actor, 'base.importTemplate');
  const unitId = isPlatformAdmin(actor)
    ? undefined
    : actor?.grants.find((g) => ['EDITOR', 'ORG_ADMIN'].includes(g.role))?.organisationId;
  const host = unitId
    ? (await requireOrganisationRef(db, unitId)).name
    : ((
        await db
          .selectFrom('organisations')
          .select('name')
          .where('parentId', 'is', null)
          .executeTakeFirst()
      )?.name ?? '');
  const existing = await repo.baseNames(db);
  let name = locale === 'zh-CN' ? '示例国土资源科普基地' : 'Example land-resources science base';
  for (let i = 2; existing.has(name); i++)
    name =
      locale === 'zh-CN' ? `示例国土资源科普基地${i}` : `Example land-resources science base ${i}`;
  const division = (await repo.divisionCodes(db)).has('110000') ? '110000' : null;

  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kepu';
  const ws = wb.addWorksheet(T.sheet[locale], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = LEGACY_HEADERS.map((h) => ({
    header: locale === 'zh-CN' ? h.name : h.en,
    width: h.name === '名称' || h.name === '依托单位' ? 32 : 16,
  }));
  ws.getRow(1).font = { bold: true };
  const scheme = SCHEMES.items[0]!;
  const category = CATEGORIES.items[0]!;
  ws.addRow([
    name,
    host,
    scheme.label[locale],
    category.label[locale],
    locale === 'zh-CN' ? '北京市西城区' : 'Xicheng District, Beijing',
    division,
    116.37,
    39.91,
    locale === 'zh-CN' ? '国土资发〔2012〕1号' : 'MLR Science [2012] No. 1',
    2012,
  ]);

  const allowed = wb.addWorksheet(T.allowed[locale], { views: [{ state: 'frozen', ySplit: 1 }] });
  allowed.columns = [
    { header: T.column[locale], width: 16 },
    { header: T.value[locale], width: 40 },
    { header: T.code[locale], width: 20 },
    { header: T.note[locale], width: 50 },
  ];
  allowed.getRow(1).font = { bold: true };
  for (const h of LEGACY_HEADERS) {
    const label = locale === 'zh-CN' ? h.name : h.en;
    const vocabulary = h.name === '原体系' ? SCHEMES : h.name === '类别' ? CATEGORIES : null;
    const values = vocabulary?.items ?? [];
    const note = NOTES[h.name]?.[locale] ?? null;
    if (!values.length) {
      if (note) allowed.addRow([label, null, null, note]);
      continue;
    }
    values.forEach((v, i) => {
      allowed.addRow([label, v.label[locale], v.code, i ? null : note]);
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
