import { type Insertable, type Selectable, sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { OrganisationTable } from '#platform/db/schema.ts';
import { inSubtrees, pathEnd } from '#platform/db/subtree.ts';
import type { ListOrganisationsQuery } from './schema.ts';

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;

/** Ids of the strict ancestors of the organisation at `path` ('/a/b/c/' → a, b). */
function ancestorIds(path: string): string[] {
  return path.split('/').filter(Boolean).slice(0, -1);
}

export async function findOrganisation(
  db: Executor,
  id: string,
): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts, and counts the new organisation in its parent's children and ancestors' descendants. */
export async function insertOrganisation(db: Executor, row: NewOrganisation): Promise<void> {
  await db.insertInto('organisations').values(row).execute();
  if (row.parentId) {
    await db
      .updateTable('organisations')
      .set({ childCount: sql`child_count + 1` })
      .where('id', '=', row.parentId)
      .execute();
    await db
      .updateTable('organisations')
      .set({ descendantCount: sql`descendant_count + 1` })
      .where('id', 'in', ancestorIds(row.path))
      .execute();
  }
}

export async function updateOrganisation(
  db: Executor,
  id: string,
  patch: Partial<OrganisationRow>,
): Promise<void> {
  await db.updateTable('organisations').set(patch).where('id', '=', id).execute();
}

/** Rewrites the paths and depths of a whole subtree after a move, in one statement. */
async function moveSubtree(
  db: Executor,
  oldPrefix: string,
  newPrefix: string,
  depthDelta: number,
  at: string,
) {
  await db
    .updateTable('organisations')
    .set({
      path: sql`${newPrefix} || substr(path, ${oldPrefix.length + 1})`,
      depth: sql`depth + ${depthDelta}`,
      updatedAt: at,
    })
    .where('path', '>=', oldPrefix)
    .where('path', '<', pathEnd(oldPrefix))
    .execute();
}

/**
 * Moves `org` under `newParent`: the subtree's paths and depths are rewritten, then the child and
 * descendant counts move from the old ancestors to the new ones.
 */
export async function moveOrganisation(
  db: Executor,
  org: OrganisationRow,
  newParent: OrganisationRow,
  at: string,
) {
  const newPath = `${newParent.path}${org.id}/`;
  const size = org.descendantCount + 1;
  await moveSubtree(db, org.path, newPath, newParent.depth + 1 - org.depth, at);
  await db
    .updateTable('organisations')
    .set({ parentId: newParent.id })
    .where('id', '=', org.id)
    .execute();
  await db
    .updateTable('organisations')
    .set({ childCount: sql`child_count - 1` })
    .where('id', '=', org.parentId!)
    .execute();
  await db
    .updateTable('organisations')
    .set({ childCount: sql`child_count + 1` })
    .where('id', '=', newParent.id)
    .execute();
  await db
    .updateTable('organisations')
    .set({ descendantCount: sql`descendant_count - ${size}` })
    .where('id', 'in', ancestorIds(org.path))
    .execute();
  await db
    .updateTable('organisations')
    .set({ descendantCount: sql`descendant_count + ${size}` })
    .where('id', 'in', ancestorIds(newPath))
    .execute();
}

/** Recomputes every child and descendant count (after a bulk load, or as a repair). */
export async function recountOrganisations(db: Executor): Promise<void> {
  await db
    .updateTable('organisations')
    .set({
      childCount: sql`(select count(*) from organisations c where c.parent_id = organisations.id)`,
      descendantCount: sql`(select count(*) from organisations d where d.path > organisations.path and d.path < organisations.path || '~')`,
    })
    .execute();
}

async function rootPaths(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('path')
    .where('parentId', 'is', null)
    .execute();
  return rows.map((r) => r.path);
}

/** Number of organisations in the given (disjoint) subtrees, from the maintained counts. */
export async function countInSubtrees(db: Executor, paths: string[]): Promise<number> {
  if (paths.length === 0) return 0;
  const r = await db
    .selectFrom('organisations')
    .select(sql<number>`coalesce(sum(descendant_count + 1), 0)`.as('n'))
    .where('path', 'in', paths)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function subtreeIds(db: Executor, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('path', '>=', prefix)
    .where('path', '<', pathEnd(prefix))
    .execute();
  return rows.map((r) => r.id);
}

export async function setSubtreeActive(db: Executor, prefix: string, active: boolean, at: string) {
  await db
    .updateTable('organisations')
    .set({ active: active ? 1 : 0, updatedAt: at })
    .where('path', '>=', prefix)
    .where('path', '<', pathEnd(prefix))
    .execute();
}

/**
 * When a list is limited only by subtrees (scope and/or rootId), its total is a sum of maintained
 * counts: the disjoint subtree roots whose union is the result. Null when other filters apply.
 */
function subtreeOnlyPaths(
  q: ListOrganisationsQuery & { rootPath?: string },
  scope: 'ALL' | string[],
): string[] | 'EVERYTHING' | null {
  if (q.parentId || q.tree || q.type || q.q || q.active !== undefined) return null;
  if (scope === 'ALL') return q.rootPath ? [q.rootPath] : 'EVERYTHING';
  if (!q.rootPath) return scope;
  if (scope.some((s) => q.rootPath!.startsWith(s))) return [q.rootPath];
  return scope.filter((s) => s.startsWith(q.rootPath!));
}

/** One filtered, scoped page in tree order (path), with the total. */
export async function listOrganisations(
  db: Executor,
  q: ListOrganisationsQuery & { rootPath?: string },
  scope: 'ALL' | string[],
): Promise<{ rows: OrganisationRow[]; total: number }> {
  const base = db
    .selectFrom('organisations')
    .$if(scope !== 'ALL', (qb) => qb.where((eb) => inSubtrees(eb, scope as string[])))
    .$if(!!q.rootPath, (qb) =>
      qb
        .where('organisations.path', '>=', q.rootPath!)
        .where('organisations.path', '<', pathEnd(q.rootPath!)),
    )
    .$if(!!q.parentId, (qb) => qb.where('organisations.parentId', '=', q.parentId!))
    .$if(!!q.tree, (qb) =>
      qb.where((eb) =>
        eb.or([eb('organisations.tree', '=', q.tree!), eb('organisations.type', '=', 'MINISTRY')]),
      ),
    )
    .$if(!!q.type, (qb) => qb.where('organisations.type', '=', q.type!))
    .$if(!!q.q, (qb) => qb.where(containsText('organisations.name', q.q!)))
    .$if(q.active !== undefined, (qb) =>
      qb.where('organisations.active', '=', q.active === 'true' ? 1 : 0),
    );
  const rows = await base
    .selectAll('organisations')
    .orderBy('organisations.path')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const paths = subtreeOnlyPaths(q, scope);
  let total: number;
  if (paths === 'EVERYTHING') total = await countInSubtrees(db, await rootPaths(db));
  else if (paths) total = await countInSubtrees(db, paths);
  else
    total = Number((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  return { rows, total };
}

/** Another active department of this kind already holding the division code. */
export async function activeDepartmentWithCode(
  db: Executor,
  type: string,
  code: string,
  exceptId?: string,
) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('type', '=', type)
    .where('divisionCode', '=', code)
    .where('active', '=', 1)
    .$if(!!exceptId, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
}

/** The kinds of an organisation's direct children. */
export async function childTypes(db: Executor, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('type')
    .distinct()
    .where('parentId', '=', id)
    .execute();
  return rows.map((r) => r.type);
}

export async function findDivision(db: Executor, code: string) {
  return db.selectFrom('divisions').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Active people with a role in the subtree at `path`, by name; `q`: the name contains it. */
export async function membersOf(
  db: Executor,
  path: string,
  q: string | undefined,
  limit: number,
): Promise<{ id: string; displayName: string }[]> {
  return db
    .selectFrom('roleGrants')
    .innerJoin('organisations', 'organisations.id', 'roleGrants.organisationId')
    .innerJoin('users', 'users.id', 'roleGrants.userId')
    .select(['users.id', 'users.displayName'])
    .distinct()
    .where('users.status', '=', 'ACTIVE')
    .where('organisations.path', '>=', path)
    .where('organisations.path', '<', pathEnd(path))
    .$if(!!q, (qb) => qb.where(containsText('users.displayName', q!)))
    .orderBy('users.displayName')
    .orderBy('users.id')
    .limit(limit)
    .execute();
}

// ── Search documents ────────────────────────────────────────────────────────────────────────

/** The indexed fields of these organisations, if active, with their division's name. */
export async function listOrganisationsToIndex(db: Executor, ids: string[]) {
  return db
    .selectFrom('organisations')
    .leftJoin('divisions', 'divisions.code', 'organisations.divisionCode')
    .select([
      'organisations.id',
      'organisations.name',
      'organisations.shortName',
      'organisations.nameEn',
      'organisations.type',
      'organisations.divisionCode',
      'divisions.name as divisionName',
    ])
    .where('organisations.id', 'in', ids)
    .where('organisations.active', '=', 1)
    .execute();
}

/** Organisation ids after `after`, in id order (a reindex walks them). */
export async function listOrganisationIds(db: Executor, after: string | null, limit: number) {
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
