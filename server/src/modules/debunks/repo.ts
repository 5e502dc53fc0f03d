import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { DebunkTable, RumourReportTable } from '#platform/db/schema.ts';
import { inSubtrees } from '#platform/db/subtree.ts';

export type DebunkRow = DebunkTable;
export type ReportRow = RumourReportTable;

export async function findDebunk(db: Executor, id: string) {
  return db
    .selectFrom('debunks')
    .innerJoin('organisations', 'organisations.id', 'debunks.organisationId')
    .selectAll('debunks')
    .select(['organisations.name as organisationName', 'organisations.path as orgPath'])
    .where('debunks.id', '=', id)
    .executeTakeFirst();
}
export type DebunkWithOrg = NonNullable<Awaited<ReturnType<typeof findDebunk>>>;

export async function insertDebunk(db: Executor, row: DebunkRow) {
  await db.insertInto('debunks').values(row).execute();
}

export async function updateDebunk(db: Executor, id: string, patch: Partial<DebunkRow>) {
  await db.updateTable('debunks').set(patch).where('id', '=', id).execute();
}

/** Moves the status only if it still is `from`: two people at once cannot both step. */
export async function stepStatus(
  db: Executor,
  id: string,
  from: DebunkRow['status'],
  patch: Partial<DebunkRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('debunks')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function reportCounts(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('rumourReports')
    .select(['debunkId', sql<number>`count(*)`.as('n')])
    .where('debunkId', 'in', ids)
    .groupBy('debunkId')
    .execute();
  return new Map(rows.map((r) => [r.debunkId!, Number(r.n)]));
}

/** A page of the debunks in the caller's subtrees (every one for 'ALL'). */
export async function listDebunks(
  db: Executor,
  scope: 'ALL' | string[],
  q: { page: number; pageSize: number; q?: string; status?: string; published?: string },
) {
  const base = db
    .selectFrom('debunks')
    .innerJoin('organisations', 'organisations.id', 'debunks.organisationId')
    .$if(scope !== 'ALL', (qb) => qb.where((eb) => inSubtrees(eb, scope as string[])))
    .$if(!!q.status, (qb) => qb.where('debunks.status', '=', q.status as DebunkRow['status']))
    .$if(q.published === 'true', (qb) => qb.where('debunks.publishedAt', 'is not', null))
    .$if(q.published === 'false', (qb) => qb.where('debunks.publishedAt', 'is', null))
    .$if(!!q.q, (qb) => qb.where(containsText('debunks.title', q.q!)));
  const [rows, count] = await Promise.all([
    base
      .select([
        'debunks.id',
        'debunks.title',
        'debunks.kind',
        'debunks.status',
        'organisations.name as organisationName',
        'debunks.hazard',
        'debunks.date',
        'debunks.publishedAt',
        'debunks.updatedAt',
      ])
      .orderBy('debunks.updatedAt', 'desc')
      .orderBy('debunks.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Published debunks, newest first, filtered (division: that code's subtree by its prefix). */
export async function listPublic(
  db: Executor,
  q: { page: number; pageSize: number; q?: string; hazard?: string; division?: string },
) {
  const prefix = q.division ? q.division.replace(/(00)+$/, '') : '';
  const base = db
    .selectFrom('debunks')
    .where('publishedAt', 'is not', null)
    .$if(!!q.hazard, (qb) => qb.where('hazard', '=', q.hazard!))
    .$if(!!prefix, (qb) => qb.where('divisionCode', 'like', `${prefix}%`))
    .$if(!!q.q, (qb) =>
      qb.where((eb) => eb.or([containsText('title', q.q!), containsText('claims', q.q!)] as never)),
    );
  const [rows, count] = await Promise.all([
    base
      .select(['id', 'title', 'kind', 'hazard', 'publishedAt', 'summary', 'divisionCode', 'status'])
      .orderBy('publishedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function latestPublished(db: Executor, limit: number) {
  return db
    .selectFrom('debunks')
    .innerJoin('organisations', 'organisations.id', 'debunks.organisationId')
    .selectAll('debunks')
    .select('organisations.name as organisationName')
    .where('debunks.publishedAt', 'is not', null)
    .orderBy('debunks.publishedAt', 'desc')
    .orderBy('debunks.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The month's board: debunks published in [from, to), ranked by rumour reports linked to them,
 * then page views, then the newest.
 */
export async function board(db: Executor, from: string, to: string, limit: number) {
  return db
    .selectFrom('debunks')
    .select([
      'debunks.id',
      'debunks.title',
      'debunks.kind',
      'debunks.hazard',
      'debunks.publishedAt',
      'debunks.views',
      (eb) =>
        eb
          .selectFrom('rumourReports')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('rumourReports.debunkId', '=', 'debunks.id')
          .as('reports'),
    ])
    .where('debunks.publishedAt', '>=', from)
    .where('debunks.publishedAt', '<', to)
    .orderBy('reports', 'desc')
    .orderBy('debunks.views', 'desc')
    .orderBy('debunks.publishedAt', 'desc')
    .limit(limit)
    .execute();
}

export async function countView(db: Executor, id: string) {
  await db.updateTable('debunks').set({ views: sql`views + 1` }).where('id', '=', id).execute();
}

/** Published debunks' ids after `after`, in id order (a reindex walks them). */
export async function publishedIds(db: Executor, after: string | null, limit: number) {
  const rows = await db
    .selectFrom('debunks')
    .select('id')
    .where('publishedAt', 'is not', null)
    .$if(after !== null, (qb) => qb.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

// ── Rumour reports

export async function insertReport(db: Executor, row: ReportRow) {
  await db.insertInto('rumourReports').values(row).execute();
}

export async function findReport(db: Executor, id: string) {
  return db.selectFrom('rumourReports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateReport(db: Executor, id: string, patch: Partial<ReportRow>) {
  await db.updateTable('rumourReports').set(patch).where('id', '=', id).execute();
}

export async function listReports(
  db: Executor,
  q: { page: number; pageSize: number; status?: string; q?: string },
) {
  const base = db
    .selectFrom('rumourReports as r')
    .leftJoin('debunks as d', 'd.id', 'r.debunkId')
    .$if(!!q.status, (qb) => qb.where('r.status', '=', q.status as ReportRow['status']))
    .$if(!!q.q, (qb) => qb.where(containsText('r.text', q.q!)));
  const [rows, count] = await Promise.all([
    base
      .selectAll('r')
      .select([
        'd.title as debunkTitle',
        (eb) =>
          eb
            .selectFrom('rumourReports as x')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('x.duplicateOf', '=', 'r.id')
            .as('duplicates'),
        (eb) =>
          eb
            .selectFrom('rumourReportScreenshots as s')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('s.reportId', '=', 'r.id')
            .as('hasScreenshot'),
      ])
      .orderBy('r.createdAt', 'desc')
      .orderBy('r.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Paths of the ministry and its offices: who triages the public's reports. */
export async function officePaths(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('path')
    .where('type', 'in', ['MINISTRY', 'MINISTRY_OFFICE'])
    .execute();
  return rows.map((r) => r.path);
}
