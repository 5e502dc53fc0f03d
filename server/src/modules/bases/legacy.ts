import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db } from '#platform/db/connect.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { XLSX_LIMITS } from '#platform/import/limits.ts';
import { importSlots } from '#platform/import/slots.ts';
import { headerKey, Vocabulary } from '#platform/import/vocabulary.ts';
import { type CellValue, readXlsxRows, type SheetRow } from '#platform/import/xlsx.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import * as repo from './repo.ts';
import type { LegacyImportQuerySchema } from './schema.ts';

/** The former schemes' bases, named before the ministry was formed (国土资源 / 海洋 / 测绘). */
export const SCHEMES = new Vocabulary([
  {
    code: 'LEGACY_LAND',
    label: { 'zh-CN': '国土资源', 'en-US': 'Land resources' },
    aliases: ['国土资源科普基地', 'land'],
  },
  {
    code: 'LEGACY_OCEAN',
    label: { 'zh-CN': '海洋', 'en-US': 'Ocean' },
    aliases: ['海洋科普教育基地', '海洋科普基地'],
  },
  {
    code: 'LEGACY_SURVEYING',
    label: { 'zh-CN': '测绘', 'en-US': 'Surveying' },
    aliases: ['测绘科普基地', '测绘地理信息'],
  },
]);
export const CATEGORIES = new Vocabulary([
  {
    code: 'LAND_VENUE',
    label: { 'zh-CN': '科技场馆类', 'en-US': 'Science venue (land resources)' },
  },
  {
    code: 'LAND_PROTECTION',
    label: { 'zh-CN': '资源保护类', 'en-US': 'Resource protection (land resources)' },
  },
  {
    code: 'LAND_RESEARCH',
    label: { 'zh-CN': '科研实验类', 'en-US': 'Research and experiment (land resources)' },
  },
  { code: 'VENUE', label: { 'zh-CN': '科普场馆类', 'en-US': 'Venue' } },
  { code: 'SITE', label: { 'zh-CN': '自然资源场景类', 'en-US': 'Natural-resource site' } },
  { code: 'RESEARCH', label: { 'zh-CN': '科学研究类', 'en-US': 'Research' } },
  { code: 'OTHER', label: { 'zh-CN': '其他', 'en-US': 'Other' } },
]);
/** The workbook's columns (first row), as the office's lists have them, and in English. */
export const LEGACY_HEADERS: { name: string; en: string }[] = [
  { name: '名称', en: 'Name' },
  { name: '依托单位', en: 'Host organisation' },
  { name: '原体系', en: 'Former scheme' },
  { name: '类别', en: 'Category' },
  { name: '地址', en: 'Address' },
  { name: '行政区划代码', en: 'Division code' },
  { name: '经度', en: 'Longitude' },
  { name: '纬度', en: 'Latitude' },
  { name: '命名文号', en: 'Naming document no.' },
  { name: '命名年份', en: 'Year named' },
];
const COLUMN_OF = new Map(
  LEGACY_HEADERS.flatMap((h) => [
    [headerKey(h.name), h.name],
    [headerKey(h.en), h.name],
  ]),
);

export interface LegacyRowError {
  row: number;
  column: string;
  message: string;
}

const cellText = (v: CellValue | undefined) =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);

/**
 * Imports legacy bases from an xlsx workbook, all or nothing: every row is checked (a known host
 * organisation by its exact name, the former scheme, codes and coordinates); any error rejects
 * the file with a report by row and column. Imported bases await evaluation for migration
 * (`LEGACY_PENDING`); the importer's organisation is their authority.
 */
export async function importLegacyBases(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  q: z.infer<typeof LegacyImportQuerySchema>,
  bytes: Buffer,
) {
  const authority = await requireOrganisationRef(db, q.organisationId);
  authorize(actor, 'base.govern', { orgPath: authority.path });
  return importSlots.run(ctx.actorId, () => importRows(db, ctx, authority.id, bytes));
}

async function importRows(db: Db, ctx: RequestContext, authorityId: string, bytes: Buffer) {
  // The workbook is checked and streamed by the platform's guard; a broken limit throws before
  // anything is written.
  const sheet: SheetRow[] = [];
  for await (const row of readXlsxRows(bytes, XLSX_LIMITS)) sheet.push(row);
  const errors: LegacyRowError[] = [];
  const header = (sheet[0]?.cells ?? []).map((v) => cellText(v).trim());
  // A column by its Chinese or English header, in any case and width.
  const canonical = header.map((h) => COLUMN_OF.get(headerKey(h)) ?? '');
  const col = (name: string) => canonical.indexOf(name);
  for (const name of ['名称', '依托单位', '原体系'])
    if (col(name) < 0)
      errors.push({
        row: sheet[0]?.row ?? 1,
        column: name,
        message: `缺少“${name}”列 / missing column`,
      });
  if (errors.length) return { imported: 0, errors };

  const orgs = await repo.activeOrganisationIdsByName(db);
  const divisions = await repo.divisionCodes(db);
  const existing = await repo.baseNames(db);
  const rows: Record<string, unknown>[] = [];
  const at = nowIso();
  for (const { row: r, cells } of sheet.slice(1)) {
    const get = (name: string) => (col(name) < 0 ? '' : cellText(cells[col(name)]).trim());
    if (!get('名称') && !get('依托单位')) continue;
    // The column as the file heads it (a Chinese or English header).
    const bad = (column: string, message: string) =>
      errors.push({ row: r, column: col(column) < 0 ? column : header[col(column)]!, message });
    const name = get('名称');
    if (!name) bad('名称', '不能为空 / required');
    else if (existing.has(name)) bad('名称', '已有同名基地 / a base with this name exists');
    const hostId = orgs.get(get('依托单位'));
    if (!hostId) bad('依托单位', `找不到机构“${get('依托单位')}” / no such organisation`);
    const tier = SCHEMES.code(get('原体系'));
    if (!tier)
      bad(
        '原体系',
        `${get('原体系') ? `未知的值“${get('原体系')}”。` : ''}可选值：${SCHEMES.describe('zh-CN')} / ${get('原体系') ? `unknown value "${get('原体系')}". ` : ''}Allowed values: ${SCHEMES.describe('en-US')}`,
      );
    const category = get('类别') ? CATEGORIES.code(get('类别')) : 'OTHER';
    if (!category)
      bad(
        '类别',
        `未知的值“${get('类别')}”。可选值：${CATEGORIES.describe('zh-CN')} / unknown value "${get('类别')}". Allowed values: ${CATEGORIES.describe('en-US')}`,
      );
    const code = get('行政区划代码');
    if (code && !divisions.has(code))
      bad('行政区划代码', `不是有效的行政区划代码 / not a division code`);
    const lng = get('经度') ? Number(get('经度')) : null;
    const lat = get('纬度') ? Number(get('纬度')) : null;
    if (lng !== null && !(lng >= 73 && lng <= 136))
      bad('经度', '应在 73 到 136 之间 / must be 73–136');
    if (lat !== null && !(lat >= 3 && lat <= 54)) bad('纬度', '应在 3 到 54 之间 / must be 3–54');
    const year = get('命名年份') ? Number(get('命名年份')) : null;
    if (year !== null && !(Number.isInteger(year) && year >= 1990 && year <= 2030))
      bad('命名年份', '应为年份 / must be a year');
    if (errors.length >= 500) break;
    rows.push({
      id: newId(),
      hostOrgId: hostId,
      name,
      tier,
      category: category ?? 'OTHER',
      sectors: '[]',
      intro: '',
      address: get('地址'),
      divisionCode: code || null,
      longitude: lng,
      latitude: lat,
      openingHours: '',
      capacity: null,
      facilities: '',
      contacts: '[]',
      coverId: null,
      gallery: '[]',
      status: 'LEGACY_PENDING',
      namingDocNo: get('命名文号') || null,
      namedAt: year ? `${year}-01-01` : null,
      batchYear: year,
      validUntil: null,
      rectifyBy: null,
      applicationId: null,
      authorityOrgId: authorityId,
      createdAt: at,
      updatedAt: at,
    });
    existing.add(name);
  }
  if (errors.length) return { imported: 0, errors };
  const engine = searchEngineFor(db, ctx.dialect);
  await db.transaction().execute(async (tx) => {
    await repo.insertBases(tx, rows as never);
    for (const b of rows)
      await repo.insertBaseEvent(tx, {
        id: newId(),
        baseId: String(b.id),
        action: 'import',
        fromStatus: null,
        toStatus: 'LEGACY_PENDING',
        docNo: (b.namingDocNo as string | null) ?? null,
        note: '原体系基地导入，待评估迁移',
        actorId: ctx.actorId,
        at,
      });
    await engine.index(
      tx,
      'base',
      rows.map((b) => String(b.id)),
    );
    await recordAudit(tx, ctx, {
      action: 'base.importLegacy',
      entityType: 'base',
      organisationId: authorityId,
      detail: { rows: rows.length },
    });
  });
  return { imported: rows.length, errors: [] };
}
