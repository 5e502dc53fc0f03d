import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { MediaLinkTable, MediaTable } from '#platform/db/schema.ts';
import { inSubtrees, pathEnd } from '#platform/db/subtree.ts';
import type { ListMediaQuery } from './schema.ts';

export type MediaRow = MediaTable;
export type MediaWithOrg = MediaRow & { orgPath: string };

export async function insertMedia(db: Executor, row: MediaRow): Promise<void> {
  await db.insertInto('media').values(row).execute();
}

export async function findMedia(db: Executor, id: string): Promise<MediaWithOrg | undefined> {
  return db
    .selectFrom('media')
    .innerJoin('organisations', 'organisations.id', 'media.organisationId')
    .selectAll('media')
    .select('organisations.path as orgPath')
    .where('media.id', '=', id)
    .executeTakeFirst();
}

export async function findMany(db: Executor, ids: string[]): Promise<MediaWithOrg[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('media')
    .innerJoin('organisations', 'organisations.id', 'media.organisationId')
    .selectAll('media')
    .select('organisations.path as orgPath')
    .where('media.id', 'in', ids)
    .execute();
}

export async function updateMedia(db: Executor, id: string, patch: Partial<MediaRow>) {
  await db.updateTable('media').set(patch).where('id', '=', id).execute();
}

export async function deleteMedia(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('media').where('id', '=', id).execute();
}

/** Whether anything on the portal uses the file. */
export async function isPublic(db: Executor, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('mediaLinks')
    .select('mediaId')
    .where('mediaId', '=', id)
    .where('public', '=', 1)
    .executeTakeFirst();
  return !!row;
}

/** What uses the file: (owner type, owner id) of each link. */
export async function linksOf(db: Executor, id: string) {
  return db
    .selectFrom('mediaLinks')
    .select(['ownerType', 'ownerId'])
    .where('mediaId', '=', id)
    .execute();
}

/** Which of these files something on the portal already uses. */
export async function publicAmong(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('mediaLinks')
    .select('mediaId')
    .distinct()
    .where('mediaId', 'in', ids)
    .where('public', '=', 1)
    .execute();
  return rows.map((r) => r.mediaId);
}

export async function countUses(db: Executor, id: string): Promise<number> {
  const row = await db
    .selectFrom('mediaLinks')
    .select(sql<number>`count(*)`.as('n'))
    .where('mediaId', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces an owner's links (a work's cover and attachments, a collection's cover). */
export async function replaceLinks(
  db: Executor,
  ownerType: string,
  ownerId: string,
  links: Omit<MediaLinkTable, 'ownerType' | 'ownerId'>[],
): Promise<void> {
  await db
    .deleteFrom('mediaLinks')
    .where('ownerType', '=', ownerType)
    .where('ownerId', '=', ownerId)
    .execute();
  if (links.length)
    await db
      .insertInto('mediaLinks')
      .values(links.map((l) => ({ ...l, ownerType, ownerId })))
      .execute();
}

export async function setLinksPublic(
  db: Executor,
  ownerType: string,
  ownerId: string,
  isPublic: boolean,
): Promise<void> {
  await db
    .updateTable('mediaLinks')
    .set({ public: isPublic ? 1 : 0 })
    .where('ownerType', '=', ownerType)
    .where('ownerId', '=', ownerId)
    .execute();
}

export interface MediaScope {
  all: boolean;
  orgPaths: string[];
  userId: string;
}

export async function listMedia(
  db: Executor,
  q: ListMediaQuery & { rootPath?: string },
  scope: MediaScope,
) {
  const base = db
    .selectFrom('media')
    .innerJoin('organisations', 'organisations.id', 'media.organisationId')
    .innerJoin('users', 'users.id', 'media.uploadedBy')
    .$if(!scope.all, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('media.uploadedBy', '=', scope.userId),
          ...(scope.orgPaths.length ? [inSubtrees(eb, scope.orgPaths)] : []),
        ]),
      ),
    )
    .$if(!!q.rootPath, (qb) =>
      qb
        .where('organisations.path', '>=', q.rootPath!)
        .where('organisations.path', '<', pathEnd(q.rootPath!)),
    )
    .$if(!!q.kind, (qb) => qb.where('media.kind', '=', q.kind!))
    .$if(q.mine === 'true', (qb) => qb.where('media.uploadedBy', '=', scope.userId))
    .$if(!!q.q, (qb) => qb.where(containsText('media.name', q.q!)));
  const [rows, count] = await Promise.all([
    base
      .selectAll('media')
      .select([
        'organisations.name as organisationName',
        'users.displayName as uploadedByName',
        (eb) =>
          eb
            .selectFrom('mediaLinks')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('mediaLinks.mediaId', '=', 'media.id')
            .as('uses'),
      ])
      .orderBy('media.createdAt', 'desc')
      .orderBy('media.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
