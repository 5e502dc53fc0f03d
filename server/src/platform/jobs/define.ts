import type { Config } from '../config.ts';
import type { Db, DialectName } from '../db/connect.ts';
import { nextOccurrence, type ScheduleSpec } from './schedule.ts';

/** The few logger methods the runner uses (pino's, from Fastify, fit). */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a handler gets: the database (it opens its own transactions), and the job it runs. */
export interface JobContext {
  db: Db;
  dialect: DialectName;
  config: Config;
  log: JobLogger;
  /** The runner's clock (epoch ms) when the job was claimed: tests move it. */
  now: number;
  job: { id: string; name: string; attempt: number; maxAttempts: number };
  /** Aborted when the job's lease runs out: stop, another node may run it again. */
  signal: AbortSignal;
}

export type JobHandler<P> = (ctx: JobContext, payload: P) => Promise<void>;

export interface Backoff {
  /** Delay before the second attempt. */
  baseMs: number;
  /** Each next delay is this many times the last. */
  factor: number;
  /** The delay never grows past this. */
  maxMs: number;
}

export interface JobOptions {
  /** Tries in all, the first included; then the job is FAILED with its last error kept. */
  maxAttempts?: number;
  backoff?: Partial<Backoff>;
  /** What the console shows instead of the name. */
  label?: { 'zh-CN': string; 'en-US': string };
}

export interface JobDefinition {
  name: string;
  handler: JobHandler<unknown>;
  maxAttempts: number;
  backoff: Backoff;
  label: { 'zh-CN': string; 'en-US': string };
}

const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, factor: 2, maxMs: 3_600_000 };
const DEFAULT_MAX_ATTEMPTS = 5;

// Module-level registries, filled when modules are imported (like policies and review subjects):
// every node of one version knows the same jobs.
const JOBS = new Map<string, JobDefinition>();
const SCHEDULES = new Map<string, ScheduleSpec>();

/**
 * Declares a job kind. The handler must be safe to run twice: a node that dies after the work
 * but before marking it done leaves a lease that runs out, and the job runs again.
 */
export function defineJob<P>(name: string, handler: JobHandler<P>, opts: JobOptions = {}): void {
  if (!/^[a-z][\w.-]{0,79}$/i.test(name)) throw new Error(`bad job name: ${name}`);
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts ≥ 1');
  JOBS.set(name, {
    name,
    handler: handler as JobHandler<unknown>,
    maxAttempts,
    backoff: { ...DEFAULT_BACKOFF, ...opts.backoff },
    label: opts.label ?? { 'zh-CN': name, 'en-US': name },
  });
}

/** Runs a defined job on a schedule (one queued occurrence at a time, across nodes). */
export function schedule(name: string, spec: ScheduleSpec): void {
  if (!JOBS.has(name)) throw new Error(`schedule of an undefined job: ${name}`);
  nextOccurrence(spec, 0); // checks the spec now, not at the first run
  SCHEDULES.set(name, spec);
}

export function jobDefinition(name: string): JobDefinition | undefined {
  return JOBS.get(name);
}

export function definedJobNames(): string[] {
  return [...JOBS.keys()];
}

export function definedSchedules(): [string, ScheduleSpec][] {
  return [...SCHEDULES];
}

/** The wait before try `attempt + 1` after try `attempt` failed (attempt counts from 1). */
export function backoffDelay(b: Backoff, attempt: number): number {
  return Math.min(b.maxMs, Math.round(b.baseMs * b.factor ** Math.max(0, attempt - 1)));
}
