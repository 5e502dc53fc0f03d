import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type {
  Database,
  ScienceCheckTable,
  WorkTable,
  WorkVersionTable,
} from '#platform/db/schema.ts';
import { inSubtrees, pathEnd } from '#platform/db/subtree.ts';
import { newId } from '#platform/ids.ts';
import type { ListWorksQuery } from './schema.ts';

export type WorkRow = WorkTable;
export type WorkWithOrg = WorkRow & { organisationName: string; orgPath: string };

export async function findWork(db: Executor, id: string): Promise<WorkWithOrg | undefined> {
  return db
    .selectFrom('works')
    .innerJoin('organisations', 'organisations.id', 'works.organisationId')
    .selectAll('works')
    .select(['organisations.name as organisationName', 'organisations.path as orgPath'])
    .where('works.id', '=', id)
    .executeTakeFirst();
}

/**
 * A new work's row (version 1, unchecked, unpublished): the fields given over empty ones, for
 * imports, demo data and benchmarks that write rows directly.
 */
export function newWorkRow(
  fields: Pick<
    WorkRow,
    'type' | 'status' | 'title' | 'organisationId' | 'createdBy' | 'createdAt'
  > &
    Partial<WorkRow>,
): WorkRow {
  return {
    id: newId(),
    summary: '',
    body: '',
    authors: '[]',
    sectors: '[]',
    topics: '[]',
    audiences: '[]',
    themeDays: '[]',
    regions: '[]',
    language: 'zh-CN',
    licence: null,
    source: null,
    isbn: null,
    issn: null,
    publicationDate: null,
    coverId: null,
    mediaIds: '[]',
    version: 1,
    checkedVersion: null,
    publishedVersion: null,
    publishedAt: null,
    updatedAt: fields.createdAt,
    ...fields,
  };
}

export async function insertWork(db: Executor, row: WorkRow): Promise<void> {
  await db.insertInto('works').values(row).execute();
}

/** Bulk insert for imports (batches of a few hundred). */
export async function insertWorks(db: Executor, rows: WorkRow[]): Promise<void> {
  if (rows.length) await db.insertInto('works').values(rows).execute();
}

export async function insertVersions(db: Executor, rows: WorkVersionTable[]): Promise<void> {
  if (rows.length) await db.insertInto('workVersions').values(rows).execute();
}

export async function updateWork(db: Executor, id: string, patch: Partial<WorkRow>): Promise<void> {
  await db.updateTable('works').set(patch).where('id', '=', id).execute();
}

/**
 * Moves a work from one status to another only if it is still in the expected one: two people
 * acting at once cannot both succeed. Returns whether this call made the change.
 */
export async function transition(
  db: Executor,
  id: string,
  from: WorkRow['status'][],
  patch: Partial<WorkRow>,
): Promise<boolean> {
  const res = await db
    .updateTable('works')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertVersion(db: Executor, row: WorkVersionTable): Promise<void> {
  await db.insertInto('workVersions').values(row).execute();
}

export async function findVersion(db: Executor, workId: string, version: number) {
  return db
    .selectFrom('workVersions')
    .selectAll()
    .where('workId', '=', workId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function listVersions(db: Executor, workId: string) {
  return db
    .selectFrom('workVersions')
    .innerJoin('users', 'users.id', 'workVersions.createdBy')
    .select([
      'workVersions.version',
      'workVersions.createdBy',
      'users.displayName as createdByName',
      'workVersions.note',
      'workVersions.createdAt',
    ])
    .where('workVersions.workId', '=', workId)
    .orderBy('workVersions.version', 'desc')
    .execute();
}

export async function insertCheck(db: Executor, row: ScienceCheckTable): Promise<void> {
  await db.insertInto('scienceChecks').values(row).execute();
}

export async function hasChecked(
  db: Executor,
  workId: string,
  reviewerId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('scienceChecks')
    .select('id')
    .where('workId', '=', workId)
    .where('reviewerId', '=', reviewerId)
    .executeTakeFirst();
  return !!row;
}

export async function listChecks(db: Executor, workId: string) {
  return db
    .selectFrom('scienceChecks')
    .innerJoin('users', 'users.id', 'scienceChecks.reviewerId')
    .select([
      'scienceChecks.version',
      'scienceChecks.reviewerId',
      'users.displayName as reviewerName',
      'scienceChecks.decision',
      'scienceChecks.comments',
      'scienceChecks.createdAt',
    ])
    .where('scienceChecks.workId', '=', workId)
    .orderBy('scienceChecks.createdAt', 'desc')
    .execute();
}

export interface WorkScope {
  all: boolean;
  orgPaths: string[];
  userId: string;
  reviewer: boolean;
}

/** A page of works the caller may see: their units' works, their own, and (reviewers) those awaiting a check. */
export async function listWorks(
  db: Executor,
  q: ListWorksQuery & { rootPath?: string },
  scope: WorkScope,
) {
  const base = db
    .selectFrom('works')
    .innerJoin('organisations', 'organisations.id', 'works.organisationId')
    .$if(!scope.all, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('works.createdBy', '=', scope.userId),
          ...(scope.orgPaths.length ? [inSubtrees(eb, scope.orgPaths)] : []),
          ...(scope.reviewer ? [eb('works.status', '=', 'SUBMITTED')] : []),
        ]),
      ),
    )
    .$if(!!q.rootPath, (qb) =>
      qb
        .where('organisations.path', '>=', q.rootPath!)
        .where('organisations.path', '<', pathEnd(q.rootPath!)),
    )
    .$if(!!q.status, (qb) => qb.where('works.status', '=', q.status!))
    .$if(q.awaitingCheck === 'true', (qb) =>
      qb.where('works.status', '=', 'SUBMITTED').where('works.createdBy', '!=', scope.userId),
    )
    .$if(!!q.type, (qb) => qb.where('works.type', '=', q.type!))
    .$if(q.mine === 'true', (qb) => qb.where('works.createdBy', '=', scope.userId))
    .$if(!!q.q, (qb) => qb.where(containsText('works.title', q.q!)));
  const [rows, count] = await Promise.all([
    base
      .select([
        'works.id',
        'works.type',
        'works.status',
        'works.title',
        'works.organisationId',
        'organisations.name as organisationName',
        'works.createdBy',
        'works.version',
        'works.publishedAt',
        'works.updatedAt',
      ])
      .orderBy('works.updatedAt', 'desc')
      .orderBy('works.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function latestPublished(db: Executor, limit: number) {
  return db
    .selectFrom('works')
    .select(['id', 'title', 'summary', 'publishedAt', 'updatedAt'])
    .where('status', '=', 'PUBLISHED')
    .orderBy('publishedAt', 'desc')
    .limit(limit)
    .execute();
}

/** Works waiting for a science check that `userId` did not write: the longest waiting first. */
export async function awaitingCheck(db: Executor, userId: string, limit: number) {
  const base = db
    .selectFrom('works')
    .where('works.status', '=', 'SUBMITTED')
    .where('works.createdBy', '!=', userId);
  const [rows, count] = await Promise.all([
    base
      .innerJoin('organisations', 'organisations.id', 'works.organisationId')
      .select(['works.id', 'works.title', 'organisations.name as organisationName'])
      .orderBy('works.updatedAt', 'asc')
      .orderBy('works.id', 'asc')
      .limit(limit)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

// ── Search documents ────────────────────────────────────────────────────────────────────────

/** The indexed fields of these works, if published. */
export async function listWorksToIndex(db: Executor, ids: string[]) {
  return db
    .selectFrom('works')
    .select([
      'id',
      'type',
      'title',
      'summary',
      'body',
      'authors',
      'sectors',
      'topics',
      'audiences',
      'regions',
      'publishedAt',
    ])
    .where('id', 'in', ids)
    .where('status', '=', 'PUBLISHED')
    .where(notADebunk)
    .execute();
}

/**
 * A published debunk's work is found as the debunk (type `debunk`, its own page), not twice: the
 * `work` search type leaves it out.
 */
const notADebunk = (eb: ExpressionBuilder<Database, 'works'>) =>
  eb.not(
    eb.exists(
      eb.selectFrom('debunks').select('debunks.id').whereRef('debunks.workId', '=', 'works.id'),
    ),
  );

/** Published works' ids after `after`, in id order (a reindex walks them). */
export async function listPublishedWorkIds(db: Executor, after: string | null, limit: number) {
  const rows = await db
    .selectFrom('works')
    .select('id')
    .where('status', '=', 'PUBLISHED')
    .where(notADebunk)
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
