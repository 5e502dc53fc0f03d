import { type RequestContext, recordAudit } from '../audit.ts';
import type { Db, Executor } from '../db/connect.ts';
import { AppError, ruleError } from '../errors.ts';
import type { Locale } from '../i18n.ts';
import { type Actor, authorize } from '../policy.ts';
import { jobDefinition } from './define.ts';
import './policy.ts';
import * as repo from './repo.ts';
import { SCHEDULE_KEY, wakeRunners } from './runner.ts';
import type { ListJobsQuery } from './schema.ts';

/** The console's view of the jobs: state, tries, last error, next run, and two nudges. */

function presentJob(r: repo.JobRow, locale: Locale) {
  return {
    id: r.id,
    name: r.name,
    label: jobDefinition(r.name)?.label[locale] ?? r.name,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    lastError: r.lastError,
    runAt: r.runAt,
    scheduled: r.dedupeKey === SCHEDULE_KEY,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export async function listJobs(db: Db, actor: Actor | null, locale: Locale, q: ListJobsQuery) {
  authorize(actor, 'job.manage');
  const { rows, total } = await repo.listJobs(db, {
    state: q.state,
    name: q.name,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: rows.map((r) => presentJob(r, locale)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function loadJob(db: Executor, id: string) {
  const job = await repo.findJob(db, id);
  if (!job) throw new AppError('NOT_FOUND');
  return job;
}

type JobRow = NonNullable<Awaited<ReturnType<typeof repo.findJob>>>;

/** What a platform administrator may do to a job: the move, its refusal, its audit entry. */
const MOVES = {
  /** "Run now": a queued job (delayed, waiting for a retry, a schedule's next run) is due at once. */
  runNow: {
    apply: repo.makeDueNow,
    refusal: (job: JobRow): [string, string] =>
      job.state === 'FAILED'
        ? ['任务已失败，请使用“重试”', 'The job failed; retry it instead']
        : ['任务不在等待执行，不能立即运行', 'Only a waiting job can be run now'],
    detail: (job: JobRow) => ({ name: job.name }),
  },
  /** Retry: a FAILED job is queued again with fresh tries. */
  retry: {
    apply: repo.requeueFailed,
    refusal: (job: JobRow): [string, string] =>
      job.state === 'FAILED'
        ? [
            '同样的任务已在等待执行，请对它使用“立即运行”',
            'The same job is already waiting; run that one now',
          ]
        : ['只有失败的任务可以重试', 'Only a failed job can be retried'],
    detail: (job: JobRow) => ({ name: job.name, lastError: job.lastError?.split('\n')[0] ?? null }),
  },
} as const;

/** Moves a job (run now, retry), audited; a job not in the state the move needs is a 409. */
export async function moveJob(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  locale: Locale,
  id: string,
  name: keyof typeof MOVES,
) {
  authorize(actor, 'job.manage');
  const move = MOVES[name];
  await db.transaction().execute(async (tx) => {
    const job = await loadJob(tx, id);
    if (!(await move.apply(tx, id, Date.now())))
      throw ruleError('STATE_CONFLICT', ...move.refusal(job));
    await recordAudit(tx, ctx, {
      action: `job.${name}`,
      entityType: 'job',
      entityId: id,
      detail: move.detail(job),
    });
  });
  wakeRunners(db);
  return presentJob(await loadJob(db, id), locale);
}
