/** The portal's reads of calls: published ones only (never a draft), in the order the public wants. */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';

export type Phase = 'OPEN' | 'UPCOMING' | 'CLOSED';
const PHASES: Phase[] = ['OPEN', 'UPCOMING', 'CLOSED'];

/** 0 taking applications today, 1 not yet open, 2 ended (closed by hand or past its last day). */
const phaseOf = (today: string) =>
  sql<number>`case when ${sql.ref('reviewCalls.status')} = 'CLOSED' or ${sql.ref('reviewCalls.closesAt')} < ${today} then 2 when ${sql.ref('reviewCalls.opensAt')} > ${today} then 1 else 0 end`;

const published =
  sql<SqlBool>`${sql.ref('reviewCalls.status')} in ('OPEN', 'CLOSED')` as Expression<SqlBool>;

function base(db: Executor) {
  return db
    .selectFrom('reviewCalls')
    .innerJoin('organisations', 'organisations.id', 'reviewCalls.organisationId')
    .where(published);
}

const COLUMNS = [
  'reviewCalls.id',
  'reviewCalls.title',
  'reviewCalls.docNo',
  'reviewCalls.subjectKind',
  'reviewCalls.opensAt',
  'reviewCalls.closesAt',
  'reviewCalls.eligibility',
  'organisations.name as organisationName',
] as const;

/** Open calls first (the nearest deadline first), then upcoming ones, then those that ended. */
export async function listPublicCalls(
  db: Executor,
  q: { phase?: Phase; page: number; pageSize: number },
  today: string,
) {
  const phase = phaseOf(today);
  const filtered = base(db).$if(!!q.phase, (qb) =>
    qb.where(sql<SqlBool>`${phase} = ${PHASES.indexOf(q.phase!)}`),
  );
  const [rows, count] = await Promise.all([
    filtered
      .select([...COLUMNS, phase.as('phase')])
      .orderBy(phase)
      // Within open and upcoming: the nearest last day first; ended ones: the latest first.
      .orderBy(
        sql`case when ${phase} = 2 then '' else ${sql.ref('reviewCalls.closesAt')} end`,
        'asc',
      )
      .orderBy('reviewCalls.closesAt', 'desc')
      .orderBy('reviewCalls.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    filtered.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, phase: PHASES[Number(r.phase)]! })),
    total: Number(count.n),
  };
}

export async function findPublicCall(db: Executor, id: string, today: string) {
  const row = await base(db)
    .where('reviewCalls.id', '=', id)
    .select([
      ...COLUMNS,
      'reviewCalls.description',
      'reviewCalls.templates',
      phaseOf(today).as('phase'),
    ])
    .executeTakeFirst();
  return row ? { ...row, phase: PHASES[Number(row.phase)]! } : undefined;
}

/** The call's 公示 notices that have begun (those announced for a later day stay hidden). */
export function startedNotices(db: Executor, callId: string, today: string) {
  return db
    .selectFrom('reviewNotices')
    .where('callId', '=', callId)
    .where('startsAt', '<=', today)
    .select(['id', 'title', 'startsAt', 'endsAt'])
    .orderBy('startsAt', 'desc')
    .limit(20)
    .execute();
}
