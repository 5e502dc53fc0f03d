import type { Db } from '#platform/db/connect.ts';
import type { Locale } from '#platform/i18n.ts';
import { loadExcel } from '#platform/on-demand.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import type { ReferenceItem } from '../reference/schema.ts';
import { listReference } from '../reference/service.ts';
import { type Both, IMPORT_COLUMNS, IMPORT_STATUSES, type ImportField } from './import-columns.ts';

const SHEETS = {
  works: { 'zh-CN': '作品', 'en-US': 'Works' },
  allowed: { 'zh-CN': '可选值', 'en-US': 'Allowed values' },
  column: { 'zh-CN': '列', 'en-US': 'Column' },
  value: { 'zh-CN': '可填写的名称', 'en-US': 'Name' },
  code: { 'zh-CN': '代码', 'en-US': 'Code' },
  note: { 'zh-CN': '说明', 'en-US': 'Notes' },
} satisfies Record<string, Both>;

/** The example row's text: a draft any member of a unit may import as it is. */
const EXAMPLE: Partial<Record<ImportField, Both>> = {
  title: {
    'zh-CN': '认识滑坡：山体滑动前的征兆',
    'en-US': 'Landslides: the signs before a slope moves',
  },
  summary: {
    'zh-CN': '滑坡发生前常见的征兆与避险要点',
    'en-US': 'Common warning signs of a landslide and how to get to safety',
  },
  body: {
    'zh-CN':
      '山坡出现裂缝、树木歪斜、泉水突然变浑，都可能是滑坡的前兆。\n发现征兆时，应向滑坡两侧撤离。',
    'en-US':
      'Cracks on a slope, leaning trees and springs turning muddy may all warn of a landslide.\nWhen you see them, move away to either side of the slope.',
  },
  authors: { 'zh-CN': '王晓梅、李明', 'en-US': 'Wang Xiaomei, Li Ming' },
};
/** Items the example row names, when the installation still has them (else its first item). */
const EXAMPLE_CODES: Partial<Record<ImportField, string[]>> = {
  type: ['GRAPHIC'],
  sectors: ['GEOLOGY'],
  topics: ['GEOHAZARD_PREVENTION'],
  audiences: ['COMMUNITY', 'YOUTH'],
};

const nameOf = (i: ReferenceItem, locale: Locale) => (locale === 'zh-CN' ? i.nameZh : i.nameEn);

/**
 * The works import template, in the reader's language: a header row of the labels the import
 * reads, one example row that imports as it is (a draft, with names from the reference data),
 * and a sheet of the values each column takes, by name and code. Whoever may create works in
 * some unit may download it.
 */
export async function worksImportTemplate(
  db: Db,
  actor: Actor | null,
  locale: Locale,
): Promise<Buffer> {
  authorize(actor, 'work.importTemplate');
  const items: Partial<Record<ImportField, ReferenceItem[]>> = {};
  for (const c of IMPORT_COLUMNS) if (c.ref) items[c.field] = await listReference(db, c.ref, false);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kepu';
  const ws = wb.addWorksheet(SHEETS.works[locale], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.label[locale],
    width: c.field === 'body' ? 50 : c.field === 'title' ? 32 : 18,
  }));
  ws.getRow(1).font = { bold: true };
  const separator = locale === 'zh-CN' ? '、' : '; ';
  ws.addRow(
    IMPORT_COLUMNS.map((c) => {
      if (c.field === 'status') return IMPORT_STATUSES[0]!.label[locale];
      const text = EXAMPLE[c.field];
      if (text) return text[locale];
      const list = items[c.field];
      if (!list?.length) return null;
      const wanted = EXAMPLE_CODES[c.field] ?? [];
      const chosen = list.filter((i) => wanted.includes(i.code));
      const shown = chosen.length ? chosen : list.slice(0, 1);
      return (c.multi ? shown : shown.slice(0, 1)).map((i) => nameOf(i, locale)).join(separator);
    }),
  );
  ws.getRow(2).alignment = { wrapText: true, vertical: 'top' };

  const allowed = wb.addWorksheet(SHEETS.allowed[locale], {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  allowed.columns = [
    { header: SHEETS.column[locale], width: 14 },
    { header: SHEETS.value[locale], width: 36 },
    { header: SHEETS.code[locale], width: 26 },
    { header: SHEETS.note[locale], width: 60 },
  ];
  allowed.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) {
    const values: { name: string; code: string }[] =
      c.field === 'status'
        ? IMPORT_STATUSES.map((s) => ({ name: s.label[locale], code: s.code }))
        : (items[c.field] ?? []).map((i) => ({ name: nameOf(i, locale), code: i.code }));
    allowed.addRow([
      c.label[locale],
      values[0]?.name ?? null,
      values[0]?.code ?? null,
      c.note[locale],
    ]);
    for (const v of values.slice(1)) allowed.addRow([c.label[locale], v.name, v.code, null]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
