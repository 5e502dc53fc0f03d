import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { CollectionItemTable, CollectionTable } from '#platform/db/schema.ts';
import { inSubtrees } from '#platform/db/subtree.ts';
import type { ListCollectionsQuery } from './schema.ts';

export type CollectionRow = CollectionTable;
export type CollectionWithOrg = CollectionRow & { organisationName: string; orgPath: string };

export async function findCollection(
  db: Executor,
  id: string,
): Promise<CollectionWithOrg | undefined> {
  return db
    .selectFrom('collections')
    .innerJoin('organisations', 'organisations.id', 'collections.organisationId')
    .selectAll('collections')
    .select(['organisations.name as organisationName', 'organisations.path as orgPath'])
    .where('collections.id', '=', id)
    .executeTakeFirst();
}

export async function insertCollection(db: Executor, row: CollectionRow): Promise<void> {
  await db.insertInto('collections').values(row).execute();
}

export async function updateCollection(db: Executor, id: string, patch: Partial<CollectionRow>) {
  await db.updateTable('collections').set(patch).where('id', '=', id).execute();
}

/** Status change only from an expected status (two editors at once cannot both succeed). */
export async function transition(
  db: Executor,
  id: string,
  from: CollectionRow['status'][],
  patch: Partial<CollectionRow>,
): Promise<boolean> {
  const res = await db
    .updateTable('collections')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function replaceItems(
  db: Executor,
  collectionId: string,
  items: CollectionItemTable[],
) {
  await db.deleteFrom('collectionItems').where('collectionId', '=', collectionId).execute();
  if (items.length) await db.insertInto('collectionItems').values(items).execute();
}

/** The works of collections (all statuses, or published only), with their covers' ids, in order. */
export async function itemsOf(db: Executor, collectionIds: string[], publishedOnly: boolean) {
  if (collectionIds.length === 0) return [];
  return db
    .selectFrom('collectionItems')
    .innerJoin('works', 'works.id', 'collectionItems.workId')
    .innerJoin('organisations', 'organisations.id', 'works.organisationId')
    .select([
      'collectionItems.collectionId',
      'collectionItems.note',
      'works.id',
      'works.type',
      'works.status',
      'works.title',
      'works.summary',
      'works.publishedAt',
      'works.coverId',
      'organisations.name as organisationName',
    ])
    .where('collectionItems.collectionId', 'in', collectionIds)
    .$if(publishedOnly, (q) => q.where('works.status', '=', 'PUBLISHED'))
    .orderBy('collectionItems.position')
    .execute();
}

export async function publishedWorkIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('works')
    .select('id')
    .where('id', 'in', ids)
    .where('status', '=', 'PUBLISHED')
    .execute();
  return new Set(rows.map((r) => r.id));
}

const itemCount = (publishedOnly: boolean) =>
  sql<number>`(select count(*) from collection_items ti join works w on w.id = ti.work_id where ti.collection_id = collections.id${publishedOnly ? sql` and w.status = 'PUBLISHED'` : sql``})`;

export async function listCollections(
  db: Executor,
  q: ListCollectionsQuery,
  scope: { all: boolean; orgPaths: string[] },
) {
  const base = db
    .selectFrom('collections')
    .innerJoin('organisations', 'organisations.id', 'collections.organisationId')
    .$if(!scope.all, (qb) => qb.where((eb) => inSubtrees(eb, scope.orgPaths)))
    .$if(!!q.kind, (qb) => qb.where('collections.kind', '=', q.kind!))
    .$if(!!q.status, (qb) => qb.where('collections.status', '=', q.status!))
    .$if(!!q.q, (qb) => qb.where(containsText('collections.title', q.q!)));
  const [rows, count] = await Promise.all([
    base
      .select([
        'collections.id',
        'collections.kind',
        'collections.status',
        'collections.title',
        'collections.featured',
        'collections.publishedAt',
        'collections.updatedAt',
        'organisations.name as organisationName',
        itemCount(false).as('items'),
      ])
      .orderBy('collections.updatedAt', 'desc')
      .orderBy('collections.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Published collections for the portal: featured first, then newest. */
export async function listPublished(
  db: Executor,
  q: { kind?: CollectionRow['kind']; featured?: boolean; limit: number; offset: number },
) {
  const base = db
    .selectFrom('collections')
    .where('collections.status', '=', 'PUBLISHED')
    .$if(!!q.kind, (qb) => qb.where('collections.kind', '=', q.kind!))
    .$if(q.featured !== undefined, (qb) =>
      qb.where('collections.featured', '=', q.featured ? 1 : 0),
    );
  const [rows, count] = await Promise.all([
    base
      .selectAll('collections')
      .select(itemCount(true).as('works'))
      .orderBy('collections.featured', 'desc')
      .orderBy('collections.publishedAt', 'desc')
      .orderBy('collections.id', 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function latestWorks(db: Executor, limit: number) {
  return db
    .selectFrom('works')
    .innerJoin('organisations', 'organisations.id', 'works.organisationId')
    .select([
      'works.id',
      'works.type',
      'works.title',
      'works.summary',
      'works.publishedAt',
      'works.coverId',
      'organisations.name as organisationName',
    ])
    .where('works.status', '=', 'PUBLISHED')
    .orderBy('works.publishedAt', 'desc')
    .orderBy('works.id', 'desc')
    .limit(limit)
    .execute();
}

// ── Search documents ────────────────────────────────────────────────────────────────────────

/** The indexed fields of these collections, if published. */
export async function listCollectionsToIndex(db: Executor, ids: string[]) {
  return db
    .selectFrom('collections')
    .select(['id', 'kind', 'title', 'intro', 'publishedAt'])
    .where('id', 'in', ids)
    .where('status', '=', 'PUBLISHED')
    .execute();
}

/** Published collections' ids after `after`, in id order (a reindex walks them). */
export async function listPublishedCollectionIds(
  db: Executor,
  after: string | null,
  limit: number,
) {
  const rows = await db
    .selectFrom('collections')
    .select('id')
    .where('status', '=', 'PUBLISHED')
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
