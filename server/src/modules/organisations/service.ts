import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor, Tx } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { divisionNames } from '#platform/forms/repo.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, ROLES, scopeOf } from '#platform/policy.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type {
  CreateOrganisationSchema,
  ListOrganisationsQuery,
  MoveOrganisationSchema,
  Organisation,
  UpdateOrganisationSchema,
} from './schema.ts';
import { ORGANISATION_TYPE_ZH } from './search.ts';

export function presentOrganisation(
  row: repo.OrganisationRow & { childCount?: number },
): Organisation {
  return {
    id: row.id,
    tree: row.tree,
    type: row.type as Organisation['type'],
    name: row.name,
    nameEn: row.nameEn,
    shortName: row.shortName,
    parentId: row.parentId,
    depth: row.depth,
    divisionCode: row.divisionCode,
    active: row.active === 1,
    childCount: row.childCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Keeps the search index in step, inside the write's transaction. */
function indexOrganisations(db: Db, ctx: RequestContext, tx: Executor, ids: string[]) {
  return searchEngineFor(db, ctx.dialect).index(tx, 'organisation', ids);
}

export async function mustFind(db: Executor, id: string): Promise<repo.OrganisationRow> {
  const org = await repo.findOrganisation(db, id);
  if (!org) throw new AppError('NOT_FOUND');
  return org;
}

/** Loads an organisation the actor may read; 404 (not 403) when it is outside their scope. */
export async function getOrganisation(
  db: Db,
  actor: Actor | null,
  id: string,
): Promise<Organisation> {
  const org = await mustFind(db, id);
  try {
    authorize(actor, 'organisation.read', { orgPath: org.path });
  } catch (e) {
    if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('NOT_FOUND');
    throw e;
  }
  return (await withDivisionNames(db, [presentOrganisation(org)]))[0]!;
}

/** Organisations with their division's name: people read 长沙市, not 430100. */
async function withDivisionNames(db: Executor, orgs: Organisation[]): Promise<Organisation[]> {
  const codes = [...new Set(orgs.flatMap((o) => (o.divisionCode ? [o.divisionCode] : [])))];
  const names = await divisionNames(db, codes);
  return orgs.map((o) => ({
    ...o,
    divisionName: o.divisionCode ? (names.get(o.divisionCode) ?? null) : null,
  }));
}

export async function listOrganisations(db: Db, actor: Actor | null, q: ListOrganisationsQuery) {
  let rootPath: string | undefined;
  if (q.rootId) {
    const root = await repo.findOrganisation(db, q.rootId);
    if (!root) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    rootPath = root.path;
  }
  const { rows, total } = await repo.listOrganisations(
    db,
    { ...q, rootPath },
    scopeOf(actor, ROLES),
  );
  const items = await withDivisionNames(db, rows.map(presentOrganisation));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

const LEVEL_BY_TYPE: Partial<Record<string, number>> = {
  PROVINCIAL_DEPT: 1,
  CITY_DEPT: 2,
  COUNTY_DEPT: 3,
};

/**
 * Where each kind of unit with powers may sit: a provincial department directly under the
 * ministry, a city department under a provincial one, a county department under a city (or, in a
 * municipality, a provincial) department; the office and affiliated units under the ministry.
 */
const PARENT_TYPES: Partial<Record<string, readonly string[]>> = {
  MINISTRY_OFFICE: ['MINISTRY'],
  AFFILIATED_UNIT: ['MINISTRY'],
  PROVINCIAL_DEPT: ['MINISTRY'],
  CITY_DEPT: ['PROVINCIAL_DEPT'],
  COUNTY_DEPT: ['CITY_DEPT', 'PROVINCIAL_DEPT'],
};

/** The digits of a division code that every division inside it shares (44 for 440000). */
function divisionPrefix(code: string, level: number): string {
  return code.slice(0, level === 1 ? 2 : level === 2 ? 4 : 6);
}

/**
 * A unit's kind and division code must fit where it sits: the parent's kind (PARENT_TYPES), a
 * division code of the department's level, inside the parent's division, and not already held
 * by another active department of that kind. Powers come from kind and code, so they are
 * checked wherever either is set or the unit moves.
 */
async function checkPlacement(
  db: Executor,
  input: { type: string; code: string | null | undefined; selfId?: string },
  parent: repo.OrganisationRow,
) {
  const { type, code } = input;
  const parents = PARENT_TYPES[type];
  if (parents && !parents.includes(parent.type))
    throw ruleError(
      'RULE_BROKEN',
      `${ORGANISATION_TYPE_ZH[type] ?? type}只能设在${parents.map((t) => (t === 'MINISTRY' ? '自然资源部' : (ORGANISATION_TYPE_ZH[t] ?? t))).join('或')}之下`,
      `A ${type} can only sit under ${parents.join(' or ')}`,
    );
  const level = LEVEL_BY_TYPE[type];
  if (!code) {
    if (level)
      throw ruleError(
        'RULE_BROKEN',
        '自然资源主管部门须填写行政区划代码',
        'A natural resources department needs a division code',
      );
    return;
  }
  const division = await repo.findDivision(db, code);
  if (!division)
    throw ruleError(
      'RULE_BROKEN',
      `行政区划代码 ${code} 不存在`,
      `Division code ${code} does not exist`,
    );
  if (division.validTo && division.validTo < new Date().toISOString().slice(0, 10))
    throw ruleError(
      'RULE_BROKEN',
      `行政区划 ${division.name}（${code}）已于 ${division.validTo} 撤销`,
      `Division ${code} was retired on ${division.validTo}`,
    );
  if (!level) return;
  if (division.level !== level)
    throw ruleError(
      'RULE_BROKEN',
      `行政区划代码 ${code} 与部门层级不符`,
      `Division code ${code} does not match the department's level`,
    );
  if (level > 1) {
    const parentLevel = parent.divisionCode
      ? (await repo.findDivision(db, parent.divisionCode))?.level
      : undefined;
    if (
      !parent.divisionCode ||
      !parentLevel ||
      !code.startsWith(divisionPrefix(parent.divisionCode, parentLevel))
    )
      throw ruleError(
        'RULE_BROKEN',
        `行政区划 ${division.name} 不属于上级部门的辖区`,
        `${division.name} is not inside the parent's division`,
      );
  }
  const holder = await repo.activeDepartmentWithCode(db, type, code, input.selfId);
  if (holder)
    throw ruleError(
      'STATE_CONFLICT',
      `行政区划 ${division.name}（${code}）已有主管部门：${holder.name}`,
      `${division.name} (${code}) already has a department: ${holder.name}`,
    );
}

export async function createOrganisation(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateOrganisationSchema>,
): Promise<Organisation> {
  return db.transaction().execute(async (tx) => {
    const parent = await mustFind(tx, input.parentId);
    authorize(actor, 'organisation.create', { orgPath: parent.path });
    return createOrganisationIn(db, tx, ctx, parent, input);
  });
}

/**
 * Creates a child organisation in the caller's transaction, the caller having checked who may
 * (a 科学传播专家工作室 is set up by its unit's administrators, with its appointee in the same
 * transaction).
 */
export async function createOrganisationIn(
  db: Db,
  tx: Tx,
  ctx: RequestContext,
  parent: repo.OrganisationRow,
  input: z.infer<typeof CreateOrganisationSchema>,
): Promise<Organisation> {
  {
    if (!parent.active)
      throw ruleError('RULE_BROKEN', '上级组织已停用', 'The parent organisation is deactivated');
    if (input.type === 'MINISTRY')
      throw ruleError('RULE_BROKEN', '部级组织只能有一个', 'There is only one ministry');
    const tree = parent.type === 'MINISTRY' ? (input.tree ?? 'ADMIN') : parent.tree;
    if (parent.type !== 'MINISTRY' && input.tree && input.tree !== parent.tree)
      throw ruleError(
        'RULE_BROKEN',
        '下级组织须与上级在同一组织树中',
        'A child stays in its parent’s tree',
      );
    await checkPlacement(tx, { type: input.type, code: input.divisionCode }, parent);
    const id = newId();
    const at = nowIso();
    const row: repo.NewOrganisation = {
      id,
      tree,
      type: input.type,
      name: input.name,
      nameEn: input.nameEn ?? null,
      shortName: input.shortName ?? null,
      parentId: parent.id,
      path: `${parent.path}${id}/`,
      depth: parent.depth + 1,
      divisionCode: input.divisionCode ?? null,
      active: 1,
      createdAt: at,
      updatedAt: at,
    };
    await repo.insertOrganisation(tx, row);
    await recordAudit(tx, ctx, {
      action: 'organisation.create',
      entityType: 'organisation',
      entityId: id,
      organisationId: id,
      detail: { name: row.name, type: row.type, parentId: parent.id },
    });
    await indexOrganisations(db, ctx, tx, [id]);
    return presentOrganisation((await repo.findOrganisation(tx, id))!);
  }
}

export async function updateOrganisation(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateOrganisationSchema>,
): Promise<Organisation> {
  return db.transaction().execute(async (tx) => {
    const org = await mustFind(tx, id);
    authorize(actor, 'organisation.update', { orgPath: org.path });
    const relabel =
      (patch.type !== undefined && patch.type !== org.type) ||
      (patch.divisionCode !== undefined && patch.divisionCode !== org.divisionCode);
    if (relabel) {
      // Kind and division code carry powers: they are the parent's to set (the same action on
      // the parent's subtree), never the unit's own administrator's.
      if (!org.parentId)
        throw ruleError(
          'RULE_BROKEN',
          '部级组织的类型和行政区划代码不能修改',
          'The ministry’s kind and division code are fixed',
        );
      const parent = await mustFind(tx, org.parentId);
      authorize(actor, 'organisation.update', { orgPath: parent.path });
      if (patch.type === 'MINISTRY')
        throw ruleError('RULE_BROKEN', '部级组织只能有一个', 'There is only one ministry');
      await checkPlacement(
        tx,
        {
          type: patch.type ?? org.type,
          code: patch.divisionCode === undefined ? org.divisionCode : patch.divisionCode,
          selfId: org.id,
        },
        parent,
      );
      const children = await repo.childTypes(tx, org.id);
      const newType = patch.type ?? org.type;
      const misfit = children.find((t) => {
        const allowed = PARENT_TYPES[t];
        return allowed && !allowed.includes(newType);
      });
      if (misfit)
        throw ruleError(
          'RULE_BROKEN',
          `下级有${ORGANISATION_TYPE_ZH[misfit] ?? misfit}，不能改为${ORGANISATION_TYPE_ZH[newType] ?? newType}`,
          `A child ${misfit} cannot sit under a ${newType}`,
        );
    }
    const at = nowIso();
    await repo.updateOrganisation(tx, id, { ...patch, updatedAt: at });
    await recordAudit(tx, ctx, {
      action: 'organisation.update',
      entityType: 'organisation',
      entityId: id,
      organisationId: id,
      detail: { patch },
    });
    await indexOrganisations(db, ctx, tx, [id]);
    return presentOrganisation((await repo.findOrganisation(tx, id))!);
  });
}

export async function moveOrganisation(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof MoveOrganisationSchema>,
): Promise<Organisation> {
  return db.transaction().execute(async (tx) => {
    const org = await mustFind(tx, id);
    if (!org.parentId) throw ruleError('RULE_BROKEN', '根组织不能移动', 'The root cannot be moved');
    const oldParent = await mustFind(tx, org.parentId);
    const newParent = await mustFind(tx, input.parentId);
    authorize(actor, 'organisation.move', { orgPath: oldParent.path });
    authorize(actor, 'organisation.move', { orgPath: newParent.path });
    if (newParent.path.startsWith(org.path))
      throw ruleError(
        'RULE_BROKEN',
        '不能移动到自身或其下级组织之下',
        'An organisation cannot move below itself',
      );
    if (newParent.type !== 'MINISTRY' && newParent.tree !== org.tree)
      throw ruleError(
        'RULE_BROKEN',
        '不能跨组织树移动',
        'An organisation cannot move to the other tree',
      );
    await checkPlacement(tx, { type: org.type, code: org.divisionCode, selfId: org.id }, newParent);
    await repo.moveOrganisation(tx, org, newParent, nowIso());
    await recordAudit(tx, ctx, {
      action: 'organisation.move',
      entityType: 'organisation',
      entityId: id,
      organisationId: id,
      detail: { from: oldParent.id, to: newParent.id },
    });
    return presentOrganisation((await repo.findOrganisation(tx, id))!);
  });
}

/** Deactivates (or reactivates) an organisation with everything below it. */
export async function setOrganisationActive(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  active: boolean,
): Promise<Organisation> {
  return db.transaction().execute(async (tx) => {
    const org = await mustFind(tx, id);
    if (!org.parentId)
      throw ruleError('RULE_BROKEN', '根组织不能停用', 'The root cannot be deactivated');
    const parent = await mustFind(tx, org.parentId);
    authorize(actor, 'organisation.deactivate', { orgPath: parent.path });
    if (active && !parent.active)
      throw ruleError(
        'STATE_CONFLICT',
        '请先启用上级组织',
        'Reactivate the parent organisation first',
      );
    await repo.setSubtreeActive(tx, org.path, active, nowIso());
    await indexOrganisations(db, ctx, tx, await repo.subtreeIds(tx, org.path));
    await recordAudit(tx, ctx, {
      action: active ? 'organisation.activate' : 'organisation.deactivate',
      entityType: 'organisation',
      entityId: id,
      organisationId: id,
    });
    return presentOrganisation((await repo.findOrganisation(tx, id))!);
  });
}

/** For other modules: the organisation's id, name and path (for policies), or 404. */
export async function requireOrganisationRef(db: Executor, id: string) {
  const org = await mustFind(db, id);
  return { id: org.id, name: org.name, path: org.path, active: org.active === 1 };
}

/** The filtered organisation list (tree order) as xlsx, at most 50,000 rows. */
export async function exportOrganisations(
  db: Db,
  actor: Actor | null,
  q: Omit<ListOrganisationsQuery, 'page' | 'pageSize'>,
) {
  const { items } = await listOrganisations(db, actor, { ...q, page: 1, pageSize: 50_000 });
  return buildXlsx(
    '组织机构',
    [
      { header: '名称', width: 40, value: (o) => `${'　'.repeat(o.depth)}${o.name}` },
      { header: '类型', width: 22, value: (o) => ORGANISATION_TYPE_ZH[o.type] ?? o.type },
      { header: '体系', width: 8, value: (o) => (o.tree === 'ADMIN' ? '行政' : '部门') },
      { header: '行政区划代码', width: 14, value: (o) => o.divisionCode },
      { header: '下级数', width: 8, value: (o) => o.childCount ?? 0 },
      { header: '状态', width: 8, value: (o) => (o.active ? '启用' : '停用') },
      { header: 'ID', width: 38, value: (o) => o.id },
    ],
    items,
  );
}

/** The unit's people (active, with a role in it or below), by name: at most 20. */
export async function listMembers(db: Db, actor: Actor | null, id: string, q?: string) {
  const org = await mustFind(db, id);
  try {
    authorize(actor, 'organisation.members', { orgPath: org.path });
  } catch (e) {
    if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('NOT_FOUND');
    throw e;
  }
  return repo.membersOf(db, org.path, q, 20);
}
