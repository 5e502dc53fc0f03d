import { sql } from 'kysely';
import type { DialectName, Executor } from '../db/connect.ts';
import type { JobState } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';

/** The jobs table's reads and writes; the runner and the console service decide. */

export interface NewJob {
  name: string;
  payload: unknown;
  runAt: number;
  maxAttempts: number;
  dedupeKey: string | null;
  now: number;
}

/**
 * Inserts a queued job; with a dedupe key, nothing when one of that name and key is already
 * waiting or running (the partial unique index decides, across nodes). Answers the waiting id.
 */
export async function insertJob(
  db: Executor,
  j: NewJob,
): Promise<{ id: string; created: boolean }> {
  const id = newId();
  const at = nowIso(j.now);
  const inserted = await db
    .insertInto('jobs')
    .values({
      id,
      name: j.name,
      payload: JSON.stringify(j.payload ?? null),
      state: 'QUEUED',
      runAt: nowIso(j.runAt),
      maxAttempts: j.maxAttempts,
      lastError: null,
      dedupeKey: j.dedupeKey,
      lockedBy: null,
      leaseUntil: null,
      createdAt: at,
      startedAt: null,
      finishedAt: null,
      updatedAt: at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id, created: true };
  const waiting = await db
    .selectFrom('jobs')
    .select('id')
    .where('name', '=', j.name)
    .where('dedupeKey', '=', j.dedupeKey)
    .where('state', 'in', ['QUEUED', 'RUNNING'])
    .executeTakeFirst();
  return { id: waiting?.id ?? id, created: false };
}

export interface ClaimedJob {
  id: string;
  name: string;
  payload: string;
  attempts: number;
  maxAttempts: number;
  dedupeKey: string | null;
}

/**
 * Claims up to `limit` due queued jobs of the named kinds for this node, in run_at order, in one
 * statement. PostgreSQL: the candidate rows are locked `FOR UPDATE SKIP LOCKED`, so nodes claiming
 * at once take disjoint sets without waiting on each other. SQLite: one writer at a time, and the
 * UPDATE … WHERE state = 'QUEUED' … RETURNING is atomic, so a row is claimed once.
 */
export async function claimDueJobs(
  db: Executor,
  dialect: DialectName,
  o: { nodeId: string; names: string[]; limit: number; now: number; leaseMs: number },
): Promise<ClaimedJob[]> {
  if (o.names.length === 0 || o.limit < 1) return [];
  const at = nowIso(o.now);
  return db
    .updateTable('jobs')
    .set({
      state: 'RUNNING',
      attempts: sql`attempts + 1`,
      lockedBy: o.nodeId,
      leaseUntil: nowIso(o.now + o.leaseMs),
      startedAt: at,
      updatedAt: at,
    })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('state', '=', 'QUEUED')
        .where('runAt', '<=', at)
        .where('name', 'in', o.names)
        .orderBy('runAt')
        .orderBy('id')
        .limit(o.limit)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .where('state', '=', 'QUEUED')
    .returning(['id', 'name', 'payload', 'attempts', 'maxAttempts', 'dedupeKey'])
    .execute();
}

/** The job ran: done (only while it is still this node's). */
export async function markSucceeded(db: Executor, id: string, nodeId: string, now: number) {
  const at = nowIso(now);
  await db
    .updateTable('jobs')
    .set({ state: 'SUCCEEDED', finishedAt: at, leaseUntil: null, updatedAt: at })
    .where('id', '=', id)
    .where('state', '=', 'RUNNING')
    .where('lockedBy', '=', nodeId)
    .execute();
}

/** The try failed: queued again at `retryAt`, or FAILED (null) with the error kept. */
export async function markAttemptFailed(
  db: Executor,
  o: { id: string; nodeId: string; now: number; error: string; retryAt: number | null },
) {
  const at = nowIso(o.now);
  await db
    .updateTable('jobs')
    .set(
      o.retryAt === null
        ? { state: 'FAILED', lastError: o.error, finishedAt: at, leaseUntil: null, updatedAt: at }
        : {
            state: 'QUEUED',
            lastError: o.error,
            runAt: nowIso(o.retryAt),
            leaseUntil: null,
            updatedAt: at,
          },
    )
    .where('id', '=', o.id)
    .where('state', '=', 'RUNNING')
    .where('lockedBy', '=', o.nodeId)
    .execute();
}

/**
 * Running jobs whose lease ran out (their node died or hung): queued again at once, or FAILED
 * when they had their last try. Answers how many.
 */
export async function releaseExpiredLeases(db: Executor, now: number): Promise<number> {
  const at = nowIso(now);
  const error = 'lease expired: the node running it stopped or took too long';
  const r = await db
    .updateTable('jobs')
    .set({
      state: sql`case when attempts >= max_attempts then 'FAILED' else 'QUEUED' end`,
      finishedAt: sql`case when attempts >= max_attempts then ${at} else null end`,
      lastError: error,
      runAt: at,
      leaseUntil: null,
      updatedAt: at,
    })
    .where('state', '=', 'RUNNING')
    .where('leaseUntil', '<', at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A schedule's state: whether an occurrence waits, and when the last one was due. */
export async function scheduleState(db: Executor, name: string, key: string) {
  const r = await db
    .selectFrom('jobs')
    .select([
      sql<number>`sum(case when state in ('QUEUED', 'RUNNING') then 1 else 0 end)`.as('waiting'),
      sql<string | null>`max(run_at)`.as('lastRunAt'),
    ])
    .where('name', '=', name)
    .where('dedupeKey', '=', key)
    .executeTakeFirstOrThrow();
  return { waiting: Number(r.waiting ?? 0) > 0, lastRunAt: r.lastRunAt };
}

/** Finished jobs older than the cut-offs go (the audit log keeps what they changed). */
export async function deleteFinishedJobs(
  db: Executor,
  o: { succeededBefore: string; failedBefore: string },
): Promise<number> {
  const r = await db
    .deleteFrom('jobs')
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'SUCCEEDED'), eb('finishedAt', '<', o.succeededBefore)]),
        eb.and([eb('state', '=', 'FAILED'), eb('finishedAt', '<', o.failedBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

const LIST_COLUMNS = [
  'id',
  'name',
  'state',
  'attempts',
  'maxAttempts',
  'lastError',
  'runAt',
  'dedupeKey',
  'createdAt',
  'startedAt',
  'finishedAt',
] as const;

/** A page of jobs, newest run first, optionally of one state and one name. */
export async function listJobs(
  db: Executor,
  q: { state?: JobState; name?: string; limit: number; offset: number },
) {
  const base = db
    .selectFrom('jobs')
    .$if(!!q.state, (qb) => qb.where('state', '=', q.state!))
    .$if(!!q.name, (qb) => qb.where('name', '=', q.name!));
  const [rows, count] = await Promise.all([
    base
      .select(LIST_COLUMNS)
      .orderBy('runAt', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type JobRow = Awaited<ReturnType<typeof listJobs>>['rows'][number];

export async function findJob(db: Executor, id: string) {
  return db.selectFrom('jobs').select(LIST_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** A queued job becomes due now (it may be waiting for its time or for a retry). */
export async function makeDueNow(db: Executor, id: string, now: number): Promise<boolean> {
  const at = nowIso(now);
  const r = await db
    .updateTable('jobs')
    .set({ runAt: at, updatedAt: at })
    .where('id', '=', id)
    .where('state', '=', 'QUEUED')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * A failed job is queued again with fresh tries, its last error kept until it runs; refused
 * (false) when it is not FAILED or an equal job (same name and dedupe key) is already waiting.
 */
export async function requeueFailed(db: Executor, id: string, now: number): Promise<boolean> {
  const at = nowIso(now);
  const r = await db
    .updateTable('jobs')
    .set({ state: 'QUEUED', attempts: 0, runAt: at, finishedAt: null, updatedAt: at })
    .where('id', '=', id)
    .where('state', '=', 'FAILED')
    .where((eb) =>
      eb.or([
        eb('dedupeKey', 'is', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('jobs as other')
              .select('other.id')
              .whereRef('other.name', '=', 'jobs.name')
              .whereRef('other.dedupeKey', '=', 'jobs.dedupeKey')
              .where('other.state', 'in', ['QUEUED', 'RUNNING']),
          ),
        ),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
