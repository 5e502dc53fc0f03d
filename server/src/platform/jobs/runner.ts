import os from 'node:os';
import type { Config } from '../config.ts';
import type { Db, DialectName, Executor } from '../db/connect.ts';
import { newToken } from '../ids.ts';
import {
  backoffDelay,
  definedJobNames,
  definedSchedules,
  type JobContext,
  type JobLogger,
  jobDefinition,
} from './define.ts';
import * as repo from './repo.ts';
import { nextOccurrence } from './schedule.ts';

/** What the runner needs: the database and what handlers get. */
export interface JobDeps {
  db: Db;
  dialect: DialectName;
  config: Config;
  log?: JobLogger;
}

/** The dedupe key of a schedule's occurrences: one waits at a time. */
export const SCHEDULE_KEY = 'schedule';
/** A claimed job must finish within this, or its lease runs out and it may run again. */
export const DEFAULT_LEASE_MS = 15 * 60_000;
/** The longest error text kept (a stack is cut). */
const ERROR_MAX = 2000;

const SILENT: JobLogger = { info() {}, warn() {}, error() {} };

/**
 * Queues a job (in the caller's transaction, when given one: the job exists only if the work
 * that asked for it commits). `runAt`: not before then. `dedupeKey`: no second one of that name
 * and key while one waits or runs.
 */
export async function enqueue(
  db: Executor,
  name: string,
  payload: unknown,
  opts: { runAt?: Date; dedupeKey?: string; now?: number } = {},
): Promise<{ id: string; created: boolean }> {
  const def = jobDefinition(name);
  if (!def) throw new Error(`unknown job: ${name}`);
  const now = opts.now ?? Date.now();
  const r = await repo.insertJob(db, {
    name,
    payload,
    runAt: opts.runAt ? opts.runAt.getTime() : now,
    maxAttempts: def.maxAttempts,
    dedupeKey: opts.dedupeKey ?? null,
    now,
  });
  if (r.created) pokeRunners(db);
  return r;
}

/**
 * Each schedule has its next occurrence queued: after the last one, or at once when the last
 * one is overdue (the app was down when it was due). The dedupe index keeps nodes from queueing
 * it twice.
 */
export async function ensureSchedules(db: Executor, now: number): Promise<void> {
  for (const [name, spec] of definedSchedules()) {
    const s = await repo.scheduleState(db, name, SCHEDULE_KEY);
    if (s.waiting) continue;
    const next = nextOccurrence(spec, s.lastRunAt ? Date.parse(s.lastRunAt) : now);
    await enqueue(db, name, null, {
      runAt: new Date(Math.max(next, now)),
      dedupeKey: SCHEDULE_KEY,
      now,
    });
  }
}

function errorText(err: unknown): string {
  const text =
    err instanceof Error
      ? `${err.name}: ${err.message}${err.stack ? `\n${err.stack}` : ''}`
      : String(err);
  return text.length > ERROR_MAX ? `${text.slice(0, ERROR_MAX)}…` : text;
}

/** Runs one claimed job and records the outcome; never throws (a failing job is data). */
async function execute(
  deps: JobDeps,
  job: repo.ClaimedJob,
  o: { nodeId: string; now: () => number; leaseMs: number },
): Promise<'succeeded' | 'failed' | 'retrying'> {
  const log = deps.log ?? SILENT;
  const def = jobDefinition(job.name)!;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let outcome: 'succeeded' | 'failed' | 'retrying';
  try {
    const ctx: JobContext = {
      db: deps.db,
      dialect: deps.dialect,
      config: deps.config,
      log,
      now: o.now(),
      job: { id: job.id, name: job.name, attempt: job.attempts, maxAttempts: job.maxAttempts },
      signal: abort.signal,
    };
    const leaseOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new Error(`timed out after ${o.leaseMs} ms`));
      }, o.leaseMs);
    });
    // A handler that throws synchronously is a failure like any other.
    await Promise.race([
      Promise.resolve().then(() => def.handler(ctx, JSON.parse(job.payload))),
      leaseOut,
    ]);
    await repo.markSucceeded(deps.db, job.id, o.nodeId, o.now());
    outcome = 'succeeded';
  } catch (err) {
    const last = job.attempts >= job.maxAttempts;
    const now = o.now();
    log.warn({ err, job: job.name, jobId: job.id, attempt: job.attempts }, 'job failed');
    await repo.markAttemptFailed(deps.db, {
      id: job.id,
      nodeId: o.nodeId,
      now,
      error: errorText(err),
      retryAt: last ? null : now + backoffDelay(def.backoff, job.attempts),
    });
    outcome = last ? 'failed' : 'retrying';
  } finally {
    clearTimeout(timer);
  }
  return outcome;
}

export interface RunOptions {
  /** The clock (epoch ms); tests pass a later time to make delayed and retried jobs due. */
  now?: number;
  /** Only these job kinds (default: every defined one). */
  names?: string[];
  /** Queue schedules' next occurrences first (default true). */
  schedules?: boolean;
  /** Jobs run at once (default 4). */
  concurrency?: number;
  nodeId?: string;
  leaseMs?: number;
}

/**
 * One pass, inline: releases dead nodes' leases, queues schedules, then claims and runs due jobs
 * until none is due. Tests call this instead of starting the runner. Answers the outcomes.
 */
export async function runDueJobs(deps: JobDeps, opts: RunOptions = {}) {
  const clock = () => opts.now ?? Date.now();
  const nodeId = opts.nodeId ?? defaultNodeId();
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const names = opts.names ?? definedJobNames();
  const result = { succeeded: 0, retrying: 0, failed: 0 };
  await repo.releaseExpiredLeases(deps.db, clock());
  if (opts.schedules !== false) await ensureSchedules(deps.db, clock());
  for (;;) {
    const jobs = await repo.claimDueJobs(deps.db, deps.dialect, {
      nodeId,
      names,
      limit: opts.concurrency ?? 4,
      now: clock(),
      leaseMs,
    });
    if (jobs.length === 0) return result;
    const outcomes = await Promise.all(
      jobs.map((j) => execute(deps, j, { nodeId, now: clock, leaseMs })),
    );
    for (const o of outcomes) result[o]++;
  }
}

function defaultNodeId(): string {
  return `${os.hostname()}:${process.pid}:${newToken(6)}`;
}

export interface RunnerOptions {
  /** How often an idle runner looks for due jobs (default 5 s). */
  pollMs?: number;
  /** Jobs this node runs at once (default 2: the request thread stays free). */
  concurrency?: number;
  /** How often schedules and dead nodes' leases are looked after (default 30 s). */
  maintainMs?: number;
  leaseMs?: number;
  /** On stop, how long to wait for running jobs (their leases run out if cut off). */
  stopGraceMs?: number;
  nodeId?: string;
}

export interface JobRunner {
  nodeId: string;
  /** Look for due jobs now (a job was queued or made due). */
  poke(): void;
  /** Stops claiming; waits (up to the grace) for running jobs. */
  stop(): Promise<void>;
}

// The runners started in this process, by database: `enqueue` and "run now" wake them.
const RUNNERS = new Map<Executor, Set<JobRunner>>();

function pokeRunners(db: Executor) {
  for (const r of RUNNERS.get(db) ?? []) r.poke();
}

/** Wakes this process's runners on `db` (after "run now" or a retry). */
export function wakeRunners(db: Executor): void {
  pokeRunners(db);
}

/**
 * Starts this node's runner: it claims due jobs on timers, off any request, at most `concurrency`
 * at a time. A failing handler or database is logged and retried later; it never stops the
 * process. Every node of a cluster may run one (claims are exclusive).
 */
export function startJobRunner(deps: JobDeps, opts: RunnerOptions = {}): JobRunner {
  const log = deps.log ?? SILENT;
  const pollMs = opts.pollMs ?? 5000;
  const concurrency = opts.concurrency ?? 2;
  const maintainMs = opts.maintainMs ?? 30_000;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const nodeId = opts.nodeId ?? defaultNodeId();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | null = null;
  let again = false;
  let lastMaintained = 0;

  const later = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };

  async function pass() {
    const now = Date.now();
    if (now - lastMaintained >= maintainMs) {
      lastMaintained = now;
      const released = await repo.releaseExpiredLeases(deps.db, now);
      if (released) log.warn({ released }, 'jobs whose lease ran out were released');
      await ensureSchedules(deps.db, now);
    }
    while (!stopped && running.size < concurrency) {
      const jobs = await repo.claimDueJobs(deps.db, deps.dialect, {
        nodeId,
        names: definedJobNames(),
        limit: concurrency - running.size,
        now: Date.now(),
        leaseMs,
      });
      if (jobs.length === 0) break;
      for (const job of jobs) {
        const p: Promise<unknown> = execute({ ...deps, log }, job, {
          nodeId,
          now: Date.now,
          leaseMs,
        })
          .catch((err) => log.error({ err, jobId: job.id }, 'job outcome not recorded'))
          .finally(() => {
            running.delete(p);
            runner.poke();
          });
        running.add(p);
      }
    }
  }

  function tick(): Promise<void> {
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (err) {
          // The database may be busy or unreachable for a while: try again at the next poll.
          log.error({ err }, 'job runner pass failed');
        }
      } while (again && !stopped);
      ticking = null;
      later(pollMs);
    })();
    return ticking;
  }

  const runner: JobRunner = {
    nodeId,
    poke: () => later(0),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      RUNNERS.get(deps.db)?.delete(runner);
      await ticking;
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => {
          grace = setTimeout(resolve, opts.stopGraceMs ?? 10_000);
        }),
      ]);
      clearTimeout(grace);
    },
  };
  const set = RUNNERS.get(deps.db) ?? new Set<JobRunner>();
  set.add(runner);
  RUNNERS.set(deps.db, set);
  later(0);
  return runner;
}
