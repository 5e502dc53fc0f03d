import { type Insertable, type JoinBuilder, sql, type Updateable } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type {
  BaseCooperationTable,
  BaseEventTable,
  BaseStatus,
  BaseTable,
} from '#platform/db/schema.ts';
import { inSubtrees, pathEnd } from '#platform/db/subtree.ts';
import type { ListBasesQuery } from './schema.ts';

/**
 * Bases' reads and writes: the base and its history, naming from review items, the lists and
 * figures, cooperation records, the legacy import's look-ups and the search documents.
 */

/** Joins the province of a base (`divisions`): the division PP0000 of its division code. */
export function onProvince<DB, TB extends keyof DB>(join: JoinBuilder<DB, TB>) {
  return join.on(sql`divisions.code`, '=', sql`substr(bases.division_code, 1, 2) || '0000'`);
}

// ── A base and its history ──────────────────────────────────────────────────────────────────

const baseQuery = (db: Executor) =>
  db
    .selectFrom('bases')
    .innerJoin('organisations as host', 'host.id', 'bases.hostOrgId')
    .innerJoin('organisations as authority', 'authority.id', 'bases.authorityOrgId')
    .leftJoin('divisions', onProvince)
    .selectAll('bases')
    .select([
      'host.name as hostName',
      'host.path as hostPath',
      'authority.path as authorityPath',
      'divisions.name as province',
    ]);

export type BaseRow = NonNullable<Awaited<ReturnType<typeof findBase>>>;

/** A base with its host's name and path, its authority's path and its province's name. */
export async function findBase(db: Executor, id: string) {
  return baseQuery(db).where('bases.id', '=', id).executeTakeFirst();
}

const summaryQuery = (db: Executor, id: string) =>
  db
    .selectFrom('bases')
    .select(['id', 'name', 'hostOrgId', 'status', 'sectors'])
    .where('id', '=', id);

/** The few fields a review of a base or an event on it needs. */
export async function findBaseSummary(db: Executor, id: string) {
  return summaryQuery(db, id).executeTakeFirst();
}

/** As `findBaseSummary`, for a base known to exist. */
export async function getBaseSummary(db: Executor, id: string) {
  return summaryQuery(db, id).executeTakeFirstOrThrow();
}

export async function listBaseEvents(db: Executor, baseId: string) {
  return db
    .selectFrom('baseEvents')
    .select(['action', 'fromStatus', 'toStatus', 'docNo', 'note', 'at'])
    .where('baseId', '=', baseId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** One row of a base's history (every status change and review outcome). */
export async function insertBaseEvent(db: Executor, row: Insertable<BaseEventTable>) {
  await db.insertInto('baseEvents').values(row).execute();
}

export async function insertBase(db: Executor, row: Insertable<BaseTable>) {
  await db.insertInto('bases').values(row).execute();
}

/** Many bases at once, 200 rows to a statement (SQLite's bound-parameter limit). */
export async function insertBases(db: Executor, rows: Insertable<BaseTable>[]) {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('bases')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function updateBase(db: Executor, id: string, patch: Updateable<BaseTable>) {
  await db.updateTable('bases').set(patch).where('id', '=', id).execute();
}

/** Changes a base's status only if it still is `from`: false when someone changed it meanwhile. */
export async function transitionBase(
  db: Executor,
  id: string,
  from: BaseStatus,
  patch: Updateable<BaseTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('bases')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── Term expiry (jobs) ──────────────────────────────────────────────────────────────────────

/**
 * Bases whose designation term ended before `today` (validUntil is the last valid day, a date in
 * China) and that are still current (ACTIVE or under rectification); at most `limit`.
 */
export async function findBasesPastTerm(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('bases')
    .select(['id', 'name', 'hostOrgId', 'status', 'validUntil'])
    .where('status', 'in', ['ACTIVE', 'RECTIFICATION'])
    .where('validUntil', 'is not', null)
    .where('validUntil', '<', today)
    .orderBy('validUntil')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Sets a base EXPIRED if it is still in `from` (a conditional UPDATE: true when it changed). */
export async function markBaseExpired(db: Executor, id: string, from: BaseStatus, at: string) {
  return transitionBase(db, id, from, { status: 'EXPIRED', rectifyBy: null, updatedAt: at });
}

// ── Naming from review items (read only: the reviews module owns these tables) ─────────────────

/** A review call with its organisation's path, for the naming organiser's authority. */
export async function findCallToName(db: Executor, callId: string) {
  return db
    .selectFrom('reviewCalls')
    .innerJoin('organisations', 'organisations.id', 'reviewCalls.organisationId')
    .select([
      'reviewCalls.id',
      'reviewCalls.subjectKind',
      'reviewCalls.organisationId',
      'organisations.path',
    ])
    .where('reviewCalls.id', '=', callId)
    .executeTakeFirst();
}

export async function findReviewItem(db: Executor, itemId: string) {
  return db.selectFrom('reviewItems').selectAll().where('id', '=', itemId).executeTakeFirst();
}

/** The base an application was named as, if any. */
export async function findBaseByApplication(db: Executor, itemId: string) {
  return db.selectFrom('bases').select('id').where('applicationId', '=', itemId).executeTakeFirst();
}

// ── Lists and figures ───────────────────────────────────────────────────────────────────────

export interface BaseListScope {
  /** Only bases in these statuses (the portal's public ones). */
  statuses?: BaseStatus[];
  /** Hosted in these subtrees or named by an organisation in them; 'ALL' for no limit. */
  scope: string[] | 'ALL';
}

function listQuery(
  db: Executor,
  q: Omit<ListBasesQuery, 'page' | 'pageSize'>,
  { statuses, scope }: BaseListScope,
) {
  return db
    .selectFrom('bases')
    .innerJoin('organisations as host', 'host.id', 'bases.hostOrgId')
    .leftJoin('divisions', onProvince)
    .$if(!!q.tier, (qb) => qb.where('bases.tier', '=', q.tier!))
    .$if(!!q.category, (qb) => qb.where('bases.category', '=', q.category!))
    .$if(!!q.status, (qb) => qb.where('bases.status', '=', q.status!))
    .$if(!!q.province, (qb) =>
      qb.where(sql`substr(bases.division_code, 1, 2)`, '=', q.province!.slice(0, 2)),
    )
    .$if(!!q.q, (qb) => qb.where(containsText('bases.name', q.q!)))
    .$if(!!statuses, (qb) => qb.where('bases.status', 'in', statuses!))
    .$if(scope !== 'ALL', (qb) =>
      qb.where((eb) =>
        eb.or([
          ...(scope as string[]).map((p) =>
            eb.and([eb('host.path', '>=', p), eb('host.path', '<', pathEnd(p))]),
          ),
          eb('bases.authorityOrgId', 'in', (sub) =>
            sub
              .selectFrom('organisations')
              .select('id')
              .where((e) => inSubtrees(e, scope as string[])),
          ),
        ]),
      ),
    );
}

/** One page of bases, newest named first, and the total matching. */
export async function listBases(db: Executor, q: ListBasesQuery, where: BaseListScope) {
  const base = listQuery(db, q, where);
  const [rows, count] = await Promise.all([
    base
      .select([
        'bases.id',
        'bases.name',
        'host.name as hostName',
        'bases.tier',
        'bases.category',
        'bases.status',
        'divisions.name as province',
        'divisions.code as provinceCode',
        'bases.batchYear',
        'bases.namedAt',
        'bases.coverId',
      ])
      .orderBy('bases.namedAt', 'desc')
      .orderBy('bases.name')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Every base in these statuses with its province, for the dashboard's figures and map. */
export async function listBasesForStats(db: Executor, statuses: BaseStatus[]) {
  return db
    .selectFrom('bases')
    .leftJoin('divisions', onProvince)
    .select([
      'bases.id',
      'bases.name',
      'bases.tier',
      'bases.category',
      'bases.batchYear',
      'bases.longitude',
      'bases.latitude',
      'bases.divisionCode',
      'divisions.name as province',
    ])
    .where('bases.status', 'in', statuses)
    .execute();
}

// ── Cooperation records ─────────────────────────────────────────────────────────────────────

/** A base with its host's path and its province (either side of a cooperation). */
export async function findBaseWithHost(db: Executor, id: string) {
  return db
    .selectFrom('bases')
    .innerJoin('organisations', 'organisations.id', 'bases.hostOrgId')
    .leftJoin('divisions', onProvince)
    .select([
      'bases.id',
      'bases.name',
      'bases.status',
      'bases.hostOrgId',
      'bases.divisionCode',
      'organisations.path',
      'divisions.name as province',
    ])
    .where('bases.id', '=', id)
    .executeTakeFirst();
}

/** Cooperations a base recorded or was named in, latest first. */
export async function listCooperationsOf(db: Executor, baseId: string) {
  return db
    .selectFrom('baseCooperations')
    .selectAll()
    .where((eb) => eb.or([eb('baseId', '=', baseId), eb('partnerBaseId', '=', baseId)]))
    .orderBy('startedOn', 'desc')
    .execute();
}

export async function insertCooperation(db: Executor, row: BaseCooperationTable) {
  await db.insertInto('baseCooperations').values(row).execute();
}

// ── Legacy import look-ups ──────────────────────────────────────────────────────────────────

/** Active organisations' ids by their exact names (a legacy list names its hosts). */
export async function activeOrganisationIdsByName(db: Executor) {
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('active', '=', 1)
    .execute();
  return new Map(rows.map((o) => [o.name, o.id]));
}

export async function divisionCodes(db: Executor) {
  return new Set((await db.selectFrom('divisions').select('code').execute()).map((d) => d.code));
}

export async function baseNames(db: Executor) {
  return new Set((await db.selectFrom('bases').select(['name']).execute()).map((b) => b.name));
}

// ── Search documents ────────────────────────────────────────────────────────────────────────

/** The indexed fields of these bases, if in the given statuses, with their hosts' names. */
export async function listBasesToIndex(db: Executor, ids: string[], statuses: BaseStatus[]) {
  return db
    .selectFrom('bases')
    .innerJoin('organisations', 'organisations.id', 'bases.hostOrgId')
    .select([
      'bases.id',
      'bases.name',
      'bases.tier',
      'bases.intro',
      'bases.address',
      'bases.sectors',
      'bases.divisionCode',
      'bases.namedAt',
      'organisations.name as hostName',
    ])
    .where('bases.id', 'in', ids)
    .where('bases.status', 'in', statuses)
    .execute();
}

/** Ids of bases in the given statuses after `after`, in id order (a reindex walks them). */
export async function listBaseIds(
  db: Executor,
  statuses: BaseStatus[],
  after: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('bases')
    .select('id')
    .where('status', 'in', statuses)
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
