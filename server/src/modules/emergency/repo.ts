/** SQL of 应急科普: incidents, their duty experts and explainers, and the content reserve. */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type {
  IncidentDutyTable,
  IncidentExplainerTable,
  IncidentTable,
  ReserveItemTable,
} from '#platform/db/schema.ts';
import { pathEnd } from '#platform/db/subtree.ts';

/** Who sees an incident in the console: staff over its unit or its province's department, its duty. */
export interface IncidentScope {
  all: boolean;
  paths: string[];
  userId: string;
}

export async function insertIncident(db: Executor, row: IncidentTable): Promise<void> {
  await db.insertInto('incidents').values(row).execute();
}

export async function findIncident(db: Executor, id: string) {
  return db
    .selectFrom('incidents as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisationId')
    .leftJoin('organisations as r', 'r.id', 'i.regionOrgId')
    .leftJoin('users as u', 'u.id', 'i.openedBy')
    .selectAll('i')
    .select([
      'o.path as orgPath',
      'o.name as organisationName',
      'r.path as regionOrgPath',
      'u.displayName as openedByName',
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
}
export type IncidentWithOrgs = NonNullable<Awaited<ReturnType<typeof findIncident>>>;

export async function updateIncident(
  db: Executor,
  id: string,
  from: IncidentTable['status'][],
  patch: Partial<IncidentTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('incidents')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets the first explainer only once (a second publication does not move the clock). */
export async function setFirstExplainer(db: Executor, id: string, workId: string, at: string) {
  await db
    .updateTable('incidents')
    .set({ firstExplainerAt: at, firstExplainerId: workId, updatedAt: at })
    .where('id', '=', id)
    .where('firstExplainerAt', 'is', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: the aliased tables (i, o, r) are typed loosely here.
function scoped(eb: any, s: IncidentScope) {
  const e = eb;
  const ors = [
    e.exists(
      e
        .selectFrom('incidentDuty as d')
        .select('d.userId')
        .whereRef('d.incidentId', '=', 'i.id')
        .where('d.userId', '=', s.userId),
    ),
  ];
  for (const p of s.paths) {
    ors.push(e.and([e('o.path', '>=', p), e('o.path', '<', pathEnd(p))]));
    ors.push(e.and([e('r.path', '>=', p), e('r.path', '<', pathEnd(p))]));
  }
  return e.or(ors);
}

export async function listIncidents(
  db: Executor,
  q: {
    status?: string;
    hazard?: string;
    province?: string;
    from?: string;
    to?: string;
    page: number;
    pageSize: number;
  },
  s: IncidentScope,
) {
  const base = db
    .selectFrom('incidents as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisationId')
    .leftJoin('organisations as r', 'r.id', 'i.regionOrgId')
    .$if(!s.all, (qb) => qb.where((eb) => scoped(eb as never, s)))
    .$if(!!q.status, (qb) => qb.where('i.status', '=', q.status as 'ACTIVE'))
    .$if(!!q.hazard, (qb) => qb.where('i.hazard', '=', q.hazard!))
    .$if(!!q.province, (qb) => qb.where('i.provinceCode', '=', q.province!.slice(0, 2)))
    .$if(!!q.from, (qb) => qb.where('i.openedAt', '>=', q.from!))
    .$if(!!q.to, (qb) => qb.where('i.openedAt', '<', q.to!));
  const [rows, total] = await Promise.all([
    base
      .selectAll('i')
      .select(['o.name as organisationName'])
      // Active first, then the newest.
      .orderBy(sql`case when i.status = 'ACTIVE' then 0 else 1 end`)
      .orderBy('i.openedAt', 'desc')
      .orderBy('i.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Per incident: duty experts, those who acknowledged, explainers published. */
export async function incidentCounts(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, { duty: number; ack: number; published: number }>();
  const [duty, pub] = await Promise.all([
    db
      .selectFrom('incidentDuty')
      .select([
        'incidentId',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.count<number>('acknowledgedAt').as('ack'),
      ])
      .where('incidentId', 'in', ids)
      .groupBy('incidentId')
      .execute(),
    db
      .selectFrom('incidentExplainers')
      .select(['incidentId', (eb) => eb.fn.count<number>('publishedAt').as('n')])
      .where('incidentId', 'in', ids)
      .groupBy('incidentId')
      .execute(),
  ]);
  const out = new Map(ids.map((id) => [id, { duty: 0, ack: 0, published: 0 }]));
  for (const d of duty)
    Object.assign(out.get(d.incidentId)!, { duty: Number(d.n), ack: Number(d.ack) });
  for (const p of pub) out.get(p.incidentId)!.published = Number(p.n);
  return out;
}

/** Incidents opened in [from, to) in scope: for the statistics (bounded by the year's count). */
export async function incidentsOpenedIn(db: Executor, from: string, to: string, s: IncidentScope) {
  return db
    .selectFrom('incidents as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisationId')
    .leftJoin('organisations as r', 'r.id', 'i.regionOrgId')
    .$if(!s.all, (qb) => qb.where((eb) => scoped(eb as never, s)))
    .select(['i.hazard', 'i.openedAt', 'i.firstExplainerAt'])
    .where('i.openedAt', '>=', from)
    .where('i.openedAt', '<', to)
    .limit(50_000)
    .execute();
}

// --- Duty experts

/**
 * Experts in the directory who answer emergencies (service EMERGENCY) for this hazard type, are
 * not marked unavailable today, and — with `province` — serve a region in that province.
 */
export async function dutyCandidates(
  db: Executor,
  hazard: string,
  province: string | null,
  today: string,
  limit: number,
) {
  const tagged =
    (kind: 'HAZARD' | 'SERVICE' | 'REGION', value: string, prefix = false) =>
    // biome-ignore lint/suspicious/noExplicitAny: correlated subquery on the outer alias.
    (eb: any) =>
      eb.exists(
        eb
          .selectFrom('expertTags as t')
          .select('t.userId')
          .whereRef('t.userId', '=', 'p.userId')
          .where('t.kind', '=', kind)
          .where('t.code', prefix ? 'like' : '=', prefix ? `${value}%` : value),
      );
  return db
    .selectFrom('expertProfiles as p')
    .innerJoin('users as u', 'u.id', 'p.userId')
    .select(['p.userId'])
    .where('u.status', '=', 'ACTIVE')
    .where((eb) =>
      eb.or([
        eb('p.availability', '!=', 'UNAVAILABLE'),
        eb.and([eb('p.availableUntil', 'is not', null), eb('p.availableUntil', '<', today)]),
      ]),
    )
    .where(tagged('SERVICE', 'EMERGENCY'))
    .where(tagged('HAZARD', hazard))
    .$if(province !== null, (qb) => qb.where(tagged('REGION', province!, true)))
    .orderBy('p.verifiedAt', 'desc')
    .orderBy('p.userId')
    .limit(limit)
    .execute();
}

export async function insertDuty(db: Executor, rows: IncidentDutyTable[]): Promise<void> {
  if (rows.length) await db.insertInto('incidentDuty').values(rows).execute();
}

export async function listDuty(db: Executor, incidentId: string) {
  return db
    .selectFrom('incidentDuty as d')
    .innerJoin('users as u', 'u.id', 'd.userId')
    .leftJoin('expertProfiles as p', 'p.userId', 'd.userId')
    .leftJoin('organisations as o', 'o.id', 'p.organisationId')
    .select([
      'd.userId',
      'd.matchedBy',
      'd.notifiedAt',
      'd.acknowledgedAt',
      'u.displayName as name',
      'p.title',
      'o.name as organisationName',
    ])
    .where('d.incidentId', '=', incidentId)
    .orderBy('d.matchedBy', 'desc')
    .orderBy('u.displayName')
    .execute();
}

export async function acknowledge(db: Executor, incidentId: string, userId: string, at: string) {
  const r = await db
    .updateTable('incidentDuty')
    .set({ acknowledgedAt: at })
    .where('incidentId', '=', incidentId)
    .where('userId', '=', userId)
    .where('acknowledgedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// --- Explainers

export async function insertExplainer(db: Executor, row: IncidentExplainerTable): Promise<void> {
  await db.insertInto('incidentExplainers').values(row).execute();
}

export async function listExplainers(db: Executor, incidentId: string) {
  return db
    .selectFrom('incidentExplainers as e')
    .innerJoin('works as w', 'w.id', 'e.workId')
    .leftJoin('works as rw', 'rw.id', 'e.reserveWorkId')
    .leftJoin('users as d', 'd.id', 'e.draftedBy')
    .leftJoin('users as a', 'a.id', 'e.approvedBy')
    .select([
      'e.workId',
      'e.reserveWorkId',
      'e.draftedAt',
      'e.draftedBy',
      'e.approvedAt',
      'e.publishedAt',
      'w.title',
      'w.summary',
      'w.body',
      'w.status',
      'rw.title as reserveTitle',
      'd.displayName as draftedByName',
      'a.displayName as approvedByName',
    ])
    .where('e.incidentId', '=', incidentId)
    .orderBy('e.draftedAt')
    .limit(100)
    .execute();
}

export async function findExplainer(db: Executor, incidentId: string, workId: string) {
  return db
    .selectFrom('incidentExplainers')
    .selectAll()
    .where('incidentId', '=', incidentId)
    .where('workId', '=', workId)
    .executeTakeFirst();
}

export async function countExplainers(db: Executor, incidentId: string) {
  const r = await db
    .selectFrom('incidentExplainers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('incidentId', '=', incidentId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markApproved(
  db: Executor,
  incidentId: string,
  workId: string,
  userId: string,
  at: string,
) {
  await db
    .updateTable('incidentExplainers')
    .set({ approvedBy: userId, approvedAt: at, publishedAt: at })
    .where('incidentId', '=', incidentId)
    .where('workId', '=', workId)
    .execute();
}

/** Published explainers of these incidents (the portal's banner and region pages). */
export async function publishedExplainers(db: Executor, incidentIds: string[]) {
  if (incidentIds.length === 0) return [];
  return db
    .selectFrom('incidentExplainers as e')
    .innerJoin('works as w', 'w.id', 'e.workId')
    .select(['e.incidentId', 'w.id', 'w.title', 'e.publishedAt'])
    .where('e.incidentId', 'in', incidentIds)
    .where('w.status', '=', 'PUBLISHED')
    .where('e.publishedAt', 'is not', null)
    .orderBy('e.publishedAt', 'desc')
    .limit(500)
    .execute();
}

/** Incidents for the portal: active ones, or closed since `closedSince`, in a province or all. */
export async function publicIncidents(
  db: Executor,
  q: { status: 'ACTIVE' | 'CLOSED'; province?: string; closedSince?: string; limit: number },
) {
  return db
    .selectFrom('incidents')
    .select([
      'id',
      'title',
      'hazard',
      'divisionCode',
      'provinceCode',
      'occurredAt',
      'firstExplainerAt',
    ])
    .where('status', '=', q.status)
    .where('firstExplainerAt', 'is not', null)
    .$if(!!q.province, (qb) => qb.where('provinceCode', '=', q.province!))
    .$if(!!q.closedSince, (qb) => qb.where('closedAt', '>=', q.closedSince!))
    .orderBy('openedAt', 'desc')
    .limit(q.limit)
    .execute();
}

// --- Reserve

export async function findReserve(db: Executor, workId: string) {
  return db.selectFrom('reserveItems').selectAll().where('workId', '=', workId).executeTakeFirst();
}

export async function saveReserve(db: Executor, row: ReserveItemTable, exists: boolean) {
  if (exists) {
    const { workId, createdAt, createdBy, ...rest } = row;
    await db.updateTable('reserveItems').set(rest).where('workId', '=', workId).execute();
  } else await db.insertInto('reserveItems').values(row).execute();
  await db.deleteFrom('reserveTags').where('workId', '=', row.workId).execute();
  const hazards = JSON.parse(row.hazards) as string[];
  const provinces = JSON.parse(row.provinces) as string[];
  const tags = hazards.flatMap((hazard) =>
    (provinces.length ? provinces.map((p) => p.slice(0, 2)) : ['00']).map((province) => ({
      workId: row.workId,
      hazard,
      province,
    })),
  );
  if (tags.length) await db.insertInto('reserveTags').values(tags).execute();
}

export async function deleteReserve(db: Executor, workId: string) {
  await db.deleteFrom('reserveTags').where('workId', '=', workId).execute();
  await db.deleteFrom('reserveItems').where('workId', '=', workId).execute();
}

export async function markReviewed(
  db: Executor,
  workId: string,
  userId: string,
  at: string,
  due: string,
) {
  await db
    .updateTable('reserveItems')
    .set({ reviewedAt: at, reviewedBy: userId, reviewDue: due, updatedAt: at })
    .where('workId', '=', workId)
    .execute();
}

export async function listReserve(
  db: Executor,
  q: {
    hazard?: string;
    province?: string;
    stale?: boolean;
    q?: string;
    workId?: string;
    today: string;
    page: number;
    pageSize: number;
  },
  scope: 'ALL' | string[],
) {
  const base = db
    .selectFrom('reserveItems as ri')
    .innerJoin('works as w', 'w.id', 'ri.workId')
    .innerJoin('organisations as o', 'o.id', 'w.organisationId')
    .$if(scope !== 'ALL', (qb) =>
      qb.where((eb) =>
        (scope as string[]).length === 0
          ? sql<boolean>`1 = 0`
          : eb.or(
              (scope as string[]).map((p) =>
                eb.and([eb('o.path', '>=', p), eb('o.path', '<', pathEnd(p))]),
              ),
            ),
      ),
    )
    .$if(!!q.hazard || !!q.province, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('reserveTags as t')
            .select('t.workId')
            .whereRef('t.workId', '=', 'ri.workId')
            .$if(!!q.hazard, (s) => s.where('t.hazard', '=', q.hazard!))
            .$if(!!q.province, (s) => s.where('t.province', 'in', [q.province!.slice(0, 2), '00'])),
        ),
      ),
    )
    .$if(q.stale === true, (qb) => qb.where('ri.reviewDue', '<=', q.today))
    .$if(q.stale === false, (qb) => qb.where('ri.reviewDue', '>', q.today))
    .$if(!!q.q, (qb) => qb.where(containsText('w.title', q.q!)))
    .$if(!!q.workId, (qb) => qb.where('ri.workId', '=', q.workId!));
  const [rows, total] = await Promise.all([
    base
      .selectAll('ri')
      .select([
        'w.title',
        'w.type',
        'w.status as workStatus',
        'o.name as organisationName',
        'o.path as orgPath',
      ])
      .orderBy('ri.reviewDue')
      .orderBy('ri.workId')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Reviewed, published reserve items for a hazard usable in a province (its own or nationwide). */
export async function proposals(
  db: Executor,
  hazard: string,
  province: string,
  today: string,
  limit: number,
) {
  return (
    db
      .selectFrom('reserveTags as t')
      .innerJoin('reserveItems as ri', 'ri.workId', 't.workId')
      .innerJoin('works as w', 'w.id', 't.workId')
      .innerJoin('organisations as o', 'o.id', 'w.organisationId')
      .select([
        'ri.workId',
        'ri.formats',
        'ri.reviewedAt',
        'w.title',
        'w.summary',
        'w.type',
        'o.name as organisationName',
        't.province',
      ])
      .where('t.hazard', '=', hazard)
      .where('t.province', 'in', [province, '00'])
      .where('w.status', '=', 'PUBLISHED')
      .where('ri.reviewedAt', 'is not', null)
      .where('ri.reviewDue', '>', today)
      // The province's own content first.
      .orderBy(sql`case when t.province = '00' then 1 else 0 end`)
      .orderBy('ri.reviewedAt', 'desc')
      .limit(limit)
      .execute()
  );
}

/** (hazard, province) → reviewed, published, not-yet-stale items: the coverage view. */
export async function coverageCounts(db: Executor, today: string) {
  return db
    .selectFrom('reserveTags as t')
    .innerJoin('reserveItems as ri', 'ri.workId', 't.workId')
    .innerJoin('works as w', 'w.id', 't.workId')
    .select(['t.hazard', 't.province', (eb) => eb.fn.countAll<number>().as('n')])
    .where('w.status', '=', 'PUBLISHED')
    .where('ri.reviewedAt', 'is not', null)
    .where('ri.reviewDue', '>', today)
    .groupBy(['t.hazard', 't.province'])
    .execute();
}

/** Items whose review fell due and whose owners have not been told of this due day. */
export async function dueForReminder(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('reserveItems as ri')
    .innerJoin('works as w', 'w.id', 'ri.workId')
    .innerJoin('organisations as o', 'o.id', 'w.organisationId')
    .select(['ri.workId', 'ri.reviewDue', 'w.title', 'w.createdBy', 'o.path as orgPath'])
    .where('ri.reviewDue', '<=', today)
    .where((eb) =>
      eb.or([eb('ri.remindedFor', 'is', null), eb('ri.remindedFor', '!=', eb.ref('ri.reviewDue'))]),
    )
    .where('w.status', 'not in', ['ARCHIVED'])
    .orderBy('ri.reviewDue')
    .limit(limit)
    .execute();
}

export async function markReminded(db: Executor, workId: string, due: string) {
  await db
    .updateTable('reserveItems')
    .set({ remindedFor: due })
    .where('workId', '=', workId)
    .where('reviewDue', '=', due)
    .execute();
}

/** Published reserve items for a province (its own and nationwide): the region page's prevention. */
export async function preventionFor(db: Executor, province: string, limit: number) {
  return db
    .selectFrom('reserveItems as ri')
    .innerJoin('works as w', 'w.id', 'ri.workId')
    .select(['w.id', 'w.title', 'w.summary', 'ri.hazards'])
    .where('w.status', '=', 'PUBLISHED')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('reserveTags as t')
          .select('t.workId')
          .whereRef('t.workId', '=', 'ri.workId')
          .where('t.province', 'in', [province, '00']),
      ),
    )
    .orderBy('w.publishedAt', 'desc')
    .limit(limit)
    .execute();
}

/** Works a person may mark as reserve: by title, in their units (for the picker). */
export async function reserveCandidates(db: Executor, scope: 'ALL' | string[], q: string) {
  return db
    .selectFrom('works as w')
    .innerJoin('organisations as o', 'o.id', 'w.organisationId')
    .select(['w.id', 'w.title', 'o.name as organisationName'])
    .where('w.status', 'in', ['PUBLISHED', 'CHECKED'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('reserveItems as ri')
            .select('ri.workId')
            .whereRef('ri.workId', '=', 'w.id'),
        ),
      ),
    )
    .$if(scope !== 'ALL', (qb) =>
      qb.where((eb) =>
        (scope as string[]).length === 0
          ? sql<boolean>`1 = 0`
          : eb.or(
              (scope as string[]).map((p) =>
                eb.and([eb('o.path', '>=', p), eb('o.path', '<', pathEnd(p))]),
              ),
            ),
      ),
    )
    .$if(!!q, (qb) => qb.where(containsText('w.title', q)))
    .orderBy('w.publishedAt', 'desc')
    .limit(20)
    .execute();
}

/** The active provincial department of a province (two digits), if the platform has one. */
export async function provinceDepartment(db: Executor, province: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'path'])
    .where('type', '=', 'PROVINCIAL_DEPT')
    .where('divisionCode', '=', `${province}0000`)
    .where('active', '=', 1)
    .orderBy('createdAt')
    .executeTakeFirst();
}
