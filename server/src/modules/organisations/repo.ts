import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { OrganisationTable } from '#platform/db/schema.ts';
import { inSubtrees, pathEnd } from '#platform/db/subtree.ts';
import type { ListOrganisationsQuery } from './schema.ts';

export type OrganisationRow = OrganisationTable;

export async function findOrganisation(
  db: Executor,
  id: string,
): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRoot(db: Executor): Promise<OrganisationRow | undefined> {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('parentId', 'is', null)
    .orderBy('createdAt')
    .executeTakeFirst();
}

export async function insertOrganisation(db: Executor, row: OrganisationRow): Promise<void> {
  await db.insertInto('organisations').values(row).execute();
}

export async function updateOrganisation(
  db: Executor,
  id: string,
  patch: Partial<OrganisationRow>,
): Promise<void> {
  await db.updateTable('organisations').set(patch).where('id', '=', id).execute();
}

/** Rewrites the paths and depths of a whole subtree after a move, in one statement. */
export async function moveSubtree(
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

export async function setSubtreeActive(db: Executor, prefix: string, active: boolean, at: string) {
  await db
    .updateTable('organisations')
    .set({ active: active ? 1 : 0, updatedAt: at })
    .where('path', '>=', prefix)
    .where('path', '<', pathEnd(prefix))
    .execute();
}

export async function countActiveGrantsInSubtree(db: Executor, prefix: string): Promise<number> {
  const r = await db
    .selectFrom('roleGrants')
    .innerJoin('organisations', 'organisations.id', 'roleGrants.organisationId')
    .select(sql<number>`count(*)`.as('n'))
    .where('organisations.path', '>=', prefix)
    .where('organisations.path', '<', pathEnd(prefix))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One filtered, scoped page in tree order (path), with the total. */
export async function listOrganisations(
  db: Executor,
  q: ListOrganisationsQuery & { rootPath?: string },
  scope: 'ALL' | string[],
): Promise<{ rows: (OrganisationRow & { childCount: number })[]; total: number }> {
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
  const [rows, count] = await Promise.all([
    base
      .selectAll('organisations')
      .select((eb) =>
        eb
          .selectFrom('organisations as c')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('c.parentId', '=', 'organisations.id')
          .as('childCount'),
      )
      .orderBy('organisations.path')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, childCount: Number(r.childCount ?? 0) })),
    total: Number(count.n),
  };
}

export async function findDivision(db: Executor, code: string) {
  return db.selectFrom('divisions').selectAll().where('code', '=', code).executeTakeFirst();
}
