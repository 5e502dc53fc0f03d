import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DbHandle, openDatabase } from '../src/platform/db/connect.ts';
import { newId, nowIso, todayInChina } from '../src/platform/ids.ts';
import { defineJob } from '../src/platform/jobs/define.ts';
import { enqueue, ensureSchedules, runDueJobs } from '../src/platform/jobs/runner.ts';
import { nextOccurrence } from '../src/platform/jobs/schedule.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

/** Executions of `test.count` by payload, and which node ran each. */
const runs = new Map<number, string[]>();
defineJob<{ n: number }>('test.count', async ({ job }, { n }) => {
  runs.set(n, [...(runs.get(n) ?? []), job.id]);
  // Yield, so that the two nodes' claims and finishes interleave.
  await sleep(1);
});

const raced = new Map<number, string[]>();
defineJob<{ n: number }>('test.race', async (_ctx, { n }) => {
  raced.set(n, [...(raced.get(n) ?? []), 'run']);
  await sleep(Math.random() * 3);
});

defineJob(
  'test.flaky',
  async ({ job }) => {
    throw new Error(`boom on try ${job.attempt}`);
  },
  { maxAttempts: 3, backoff: { baseMs: 1000, factor: 2, maxMs: 60_000 } },
);

defineJob(
  'test.throwsSync',
  (() => {
    throw new TypeError('thrown before any await');
  }) as unknown as () => Promise<void>,
  { maxAttempts: 1 },
);

/** A job that takes a while: closing the app waits for it. */
let slowFinished = 0;
defineJob('test.slow', async () => {
  await sleep(300);
  slowFinished++;
});

type JobView = {
  id: string;
  name: string;
  label: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: string;
  scheduled: boolean;
};

describe('schedules', () => {
  it('daily times are in China (UTC+8), strictly after the given instant', () => {
    // 2026-03-01 16:05 UTC is 00:05 on 03-02 in China: 00:10 China comes 5 minutes later.
    const t = Date.parse('2026-03-01T16:05:00Z');
    expect(new Date(nextOccurrence({ dailyAt: '00:10' }, t)).toISOString()).toBe(
      '2026-03-01T16:10:00.000Z',
    );
    const at = Date.parse('2026-03-01T16:10:00Z');
    expect(new Date(nextOccurrence({ dailyAt: '00:10' }, at)).toISOString()).toBe(
      '2026-03-02T16:10:00.000Z',
    );
    expect(nextOccurrence({ everyMs: 60_000 }, t)).toBe(t + 60_000);
    expect(() => nextOccurrence({ dailyAt: '24:00' }, t)).toThrow();
  });
});

describe.each(DIALECTS)('jobs on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  const deps = () => ({ db: env.handle.db, dialect: env.handle.dialect, config: env.config });
  const job = (id: string) =>
    env.handle.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
  });
  afterAll(() => env.close());

  it('two app instances on one database run each of 200 jobs exactly once', async () => {
    const handles: DbHandle[] = [];
    const apps = [];
    for (const nodeId of ['node-a', 'node-b']) {
      // A pool (or SQLite connection) of its own, as on another machine.
      const handle = openDatabase(env.config.database, { busyTimeoutMs: 5000 });
      handles.push(handle);
      apps.push(
        await buildApp(env.config, handle, {
          logger: false,
          runJobs: { nodeId, pollMs: 10, concurrency: 4, maintainMs: 60_000 },
        }),
      );
    }
    raced.clear();
    const ids = new Map<string, number>();
    for (let n = 0; n < 200; n++) {
      const { id } = await enqueue(env.handle.db, 'test.race', { n });
      ids.set(id, n);
    }
    const deadline = Date.now() + 30_000;
    let done = 0;
    while (done < 200 && Date.now() < deadline) {
      await sleep(25);
      const r = await env.handle.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('name', '=', 'test.race')
        .where('state', '=', 'SUCCEEDED')
        .executeTakeFirstOrThrow();
      done = Number(r.n);
    }
    for (const app of apps) await app.close();
    for (const h of handles) await h.close();

    expect(done).toBe(200);
    expect(raced.size).toBe(200);
    expect([...raced.values()].every((r) => r.length === 1)).toBe(true);
    const rows = await env.handle.db
      .selectFrom('jobs')
      .select(['lockedBy', 'attempts'])
      .where('name', '=', 'test.race')
      .execute();
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    const byNode = { a: 0, b: 0 };
    for (const r of rows) byNode[r.lockedBy === 'node-a' ? 'a' : 'b']++;
    // Both nodes took part (the claims interleave; the split varies run to run).
    expect(byNode.a).toBeGreaterThan(0);
    expect(byNode.b).toBeGreaterThan(0);
  });

  it('a started runner wakes on enqueue, and closing the app waits for the running job', async () => {
    const handle = openDatabase(env.config.database, { busyTimeoutMs: 5000 });
    // Polls once a minute: only the wake-up on enqueue makes it run within the test.
    const app = await buildApp(env.config, handle, {
      logger: false,
      runJobs: { nodeId: 'node-c', pollMs: 60_000, maintainMs: 60_000 },
    });
    await sleep(50);
    slowFinished = 0;
    const { id } = await enqueue(handle.db, 'test.slow', null);
    const deadline = Date.now() + 5000;
    while ((await job(id)).state !== 'RUNNING' && Date.now() < deadline) await sleep(10);
    expect((await job(id)).state).toBe('RUNNING');
    await app.close();
    expect(slowFinished).toBe(1);
    await handle.close();
    expect(await job(id)).toMatchObject({ state: 'SUCCEEDED', lockedBy: 'node-c', attempts: 1 });
  });

  it('two runners with their own pools racing inline split the jobs without overlap', async () => {
    const other = openDatabase(env.config.database, { busyTimeoutMs: 5000 });
    runs.clear();
    for (let n = 0; n < 100; n++) await enqueue(env.handle.db, 'test.count', { n });
    const [a, b] = await Promise.all([
      runDueJobs(deps(), { names: ['test.count'], nodeId: 'x', concurrency: 3 }),
      runDueJobs(
        { ...deps(), db: other.db },
        { names: ['test.count'], nodeId: 'y', concurrency: 3 },
      ),
    ]);
    await other.close();
    expect(a.succeeded + b.succeeded).toBe(100);
    expect(runs.size).toBe(100);
    expect([...runs.values()].every((r) => r.length === 1)).toBe(true);
  });

  it('a delayed job does not run before its time', async () => {
    runs.clear();
    const t0 = Date.now();
    const { id } = await enqueue(
      env.handle.db,
      'test.count',
      { n: 1 },
      {
        runAt: new Date(t0 + 3_600_000),
      },
    );
    const early = await runDueJobs(deps(), { names: ['test.count'], now: t0 + 3_599_000 });
    expect(early.succeeded).toBe(0);
    expect((await job(id)).state).toBe('QUEUED');
    const due = await runDueJobs(deps(), { names: ['test.count'], now: t0 + 3_600_000 });
    expect(due.succeeded).toBe(1);
    expect(runs.get(1)).toEqual([id]);
    expect((await job(id)).state).toBe('SUCCEEDED');
  });

  it('a dedupe key keeps one waiting job', async () => {
    const first = await enqueue(env.handle.db, 'test.count', { n: 7 }, { dedupeKey: 'k7' });
    const again = await enqueue(env.handle.db, 'test.count', { n: 8 }, { dedupeKey: 'k7' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    await runDueJobs(deps(), { names: ['test.count'] });
    // Once it ran, the key is free again.
    expect(
      (await enqueue(env.handle.db, 'test.count', { n: 9 }, { dedupeKey: 'k7' })).created,
    ).toBe(true);
    await runDueJobs(deps(), { names: ['test.count'] });
  });

  it('retries with exponential back-off, then fails keeping the last error', async () => {
    const t0 = Date.now();
    const { id } = await enqueue(env.handle.db, 'test.flaky', null, { now: t0 });
    const run = (at: number) => runDueJobs(deps(), { names: ['test.flaky'], now: at });

    expect(await run(t0)).toEqual({ succeeded: 0, retrying: 1, failed: 0 });
    let row = await job(id);
    expect(row).toMatchObject({ state: 'QUEUED', attempts: 1, runAt: nowIso(t0 + 1000) });
    expect(row.lastError).toContain('boom on try 1');

    // Not before the back-off: 1 s after the first try, then 2 s after the second.
    expect(await run(t0 + 999)).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
    expect(await run(t0 + 1000)).toEqual({ succeeded: 0, retrying: 1, failed: 0 });
    row = await job(id);
    expect(row).toMatchObject({ state: 'QUEUED', attempts: 2, runAt: nowIso(t0 + 3000) });
    expect(await run(t0 + 2999)).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
    expect(await run(t0 + 3000)).toEqual({ succeeded: 0, retrying: 0, failed: 1 });
    row = await job(id);
    expect(row).toMatchObject({ state: 'FAILED', attempts: 3 });
    expect(row.lastError).toContain('boom on try 3');
    expect(row.finishedAt).not.toBeNull();
    // FAILED is final: later passes leave it alone.
    expect(await run(t0 + 1_000_000)).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
  });

  it('a handler that throws at once is a failure, not a crash', async () => {
    const { id } = await enqueue(env.handle.db, 'test.throwsSync', null);
    expect(await runDueJobs(deps(), { names: ['test.throwsSync'] })).toEqual({
      succeeded: 0,
      retrying: 0,
      failed: 1,
    });
    expect((await job(id)).lastError).toContain('TypeError: thrown before any await');
  });

  it('a job whose node died is run again when its lease runs out', async () => {
    runs.clear();
    const { id } = await enqueue(env.handle.db, 'test.count', { n: 42 });
    const t0 = Date.now();
    await env.handle.db
      .updateTable('jobs')
      .set({ state: 'RUNNING', attempts: 1, lockedBy: 'dead', leaseUntil: nowIso(t0 - 1) })
      .where('id', '=', id)
      .execute();
    expect((await runDueJobs(deps(), { names: ['test.count'], now: t0 })).succeeded).toBe(1);
    expect(await job(id)).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
    expect(runs.get(42)).toHaveLength(1);
  });

  it('schedules queue their next run once, at the time of day in China', async () => {
    const now = Date.now();
    await ensureSchedules(env.handle.db, now);
    await ensureSchedules(env.handle.db, now);
    const queued = await env.handle.db
      .selectFrom('jobs')
      .select(['runAt', 'dedupeKey'])
      .where('name', '=', 'bases.expireTerms')
      .where('state', '=', 'QUEUED')
      .execute();
    expect(queued).toEqual([
      { runAt: nowIso(nextOccurrence({ dailyAt: '00:10' }, now)), dedupeKey: 'schedule' },
    ]);
  });

  it('the expiry job sets bases past their term to EXPIRED, with history and audit', async () => {
    const now = Date.now();
    const today = todayInChina(now);
    const yesterday = todayInChina(now - 86_400_000);
    const at = nowIso(now);
    const host = await buildOrganisation(admin, env.rootId, { type: 'BASE_HOST' });
    const insert = async (
      name: string,
      status: 'ACTIVE' | 'RECTIFICATION',
      validUntil: string | null,
    ) => {
      const id = newId();
      await env.handle.db
        .insertInto('bases')
        .values({
          id,
          hostOrgId: host.id,
          name,
          tier: 'MINISTRY',
          category: 'VENUE',
          sectors: '[]',
          intro: '',
          address: '北京',
          divisionCode: null,
          longitude: null,
          latitude: null,
          openingHours: '',
          capacity: null,
          facilities: '',
          contacts: '[]',
          coverId: null,
          gallery: '[]',
          status,
          namingDocNo: '文号',
          namedAt: '2020-01-01',
          batchYear: 2020,
          validUntil,
          rectifyBy: status === 'RECTIFICATION' ? today : null,
          applicationId: null,
          authorityOrgId: env.rootId,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      return id;
    };
    const ended = await insert('期满基地', 'ACTIVE', yesterday);
    const rectifying = await insert('整改期满基地', 'RECTIFICATION', '2025-01-01');
    const lastDay = await insert('今天最后一天', 'ACTIVE', today);
    const noTerm = await insert('无期限基地', 'ACTIVE', null);
    const anonymous = new Agent(env.app);
    expect((await anonymous.get(`/api/public/bases/${ended}`)).status).toBe(200);

    const r = await runDueJobs(deps(), { names: ['bases.expireTerms'], now, schedules: false });
    expect(r).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
    await enqueue(env.handle.db, 'bases.expireTerms', null, { now });
    expect((await runDueJobs(deps(), { names: ['bases.expireTerms'], now })).succeeded).toBe(1);

    const status = async (id: string) =>
      (
        await env.handle.db
          .selectFrom('bases')
          .select(['status', 'rectifyBy'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status(ended)).toBe('EXPIRED');
    expect(await status(rectifying)).toBe('EXPIRED');
    expect(await status(lastDay)).toBe('ACTIVE');
    expect(await status(noTerm)).toBe('ACTIVE');
    expect((await anonymous.get(`/api/public/bases/${ended}`)).status).toBe(404);
    const shown = await admin.get<{ status: string; events: { action: string; note: string }[] }>(
      `/api/bases/${ended}`,
    );
    expect(shown.body.status).toBe('EXPIRED');
    expect(shown.body.events).toEqual([
      expect.objectContaining({ action: 'expire', note: `命名有效期至 ${yesterday}，已到期。` }),
    ]);
    const audit = await admin.get<{
      items: { entityId: string; detail: Record<string, unknown> }[];
    }>('/api/audit?action=base.expire');
    expect(audit.body.items.map((a) => a.entityId).sort()).toEqual([ended, rectifying].sort());
    expect(audit.body.items.find((a) => a.entityId === ended)?.detail).toMatchObject({
      from: 'ACTIVE',
      to: 'EXPIRED',
      validUntil: yesterday,
    });

    // Run again (a node that died after the work): nothing more changes.
    await enqueue(env.handle.db, 'bases.expireTerms', null, { now });
    await runDueJobs(deps(), { names: ['bases.expireTerms'], now });
    const again = await admin.get<{ total: number }>('/api/audit?action=base.expire');
    expect(again.body.total).toBe(2);
  });

  it('retention deletes ended sessions and idle limits, and keeps live ones', async () => {
    const now = Date.now();
    const user = await env.handle.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const session = (idHash: string, lastSeen: number, expires: number) => ({
      idHash,
      userId: user.id,
      csrfToken: 'x',
      mfaPassed: 1,
      createdAt: nowIso(lastSeen),
      lastSeenAt: nowIso(lastSeen),
      expiresAt: nowIso(expires),
      ip: null,
      userAgent: null,
    });
    await env.handle.db
      .insertInto('sessions')
      .values([
        session('ret-ended', now - 3_600_000, now - 1),
        session('ret-idle', now - 2 * env.config.sessionIdleMs, now + 3_600_000),
        session('ret-live', now - 1000, now + 3_600_000),
      ])
      .execute();
    await env.handle.db
      .insertInto('loginThrottles')
      .values([
        {
          key: 'ret:old',
          windowStart: nowIso(now - 2 * 86_400_000),
          failures: 3,
          lockedUntil: null,
        },
        { key: 'ret:new', windowStart: nowIso(now - 60_000), failures: 3, lockedUntil: null },
      ])
      .execute();
    await enqueue(env.handle.db, 'accounts.retention', null, { now });
    expect((await runDueJobs(deps(), { names: ['accounts.retention'], now })).succeeded).toBe(1);
    const sessions = await env.handle.db
      .selectFrom('sessions')
      .select('idHash')
      .where('idHash', 'like', 'ret-%')
      .execute();
    expect(sessions.map((s) => s.idHash)).toEqual(['ret-live']);
    const throttles = await env.handle.db
      .selectFrom('loginThrottles')
      .select('key')
      .where('key', 'like', 'ret:%')
      .execute();
    expect(throttles.map((t) => t.key)).toEqual(['ret:new']);
    const audit = await admin.get<{ items: { detail: Record<string, number> }[] }>(
      '/api/audit?action=retention.accounts',
    );
    expect(audit.body.items[0]?.detail).toMatchObject({ sessions: 2, throttles: 1 });
  });

  it('platform admins list jobs, run one now and retry a failed one; others may not', async () => {
    const t0 = Date.now();
    const failed = await enqueue(env.handle.db, 'test.flaky', null, { now: t0 });
    for (const at of [t0, t0 + 1000, t0 + 3000])
      await runDueJobs(deps(), { names: ['test.flaky'], now: at });
    const later = await enqueue(
      env.handle.db,
      'test.count',
      { n: 500 },
      {
        runAt: new Date(t0 + 86_400_000),
      },
    );

    const list = await admin.get<{ items: JobView[]; total: number }>(
      '/api/admin/jobs?state=FAILED&name=test.flaky&pageSize=200',
    );
    expect(list.status).toBe(200);
    const row = list.body.items.find((j) => j.id === failed.id);
    expect(row).toMatchObject({ state: 'FAILED', attempts: 3, maxAttempts: 3, scheduled: false });
    expect(row?.lastError).toContain('boom on try 3');
    expect(list.body.items.every((j) => j.state === 'FAILED')).toBe(true);
    const scheduled = await admin.get<{ items: JobView[] }>(
      '/api/admin/jobs?name=bases.expireTerms&state=QUEUED',
    );
    expect(scheduled.body.items[0]).toMatchObject({ label: '科普基地命名到期', scheduled: true });
    const en = await admin.get<{ items: JobView[] }>(
      '/api/admin/jobs?name=bases.expireTerms&state=QUEUED',
      { 'accept-language': 'en-US' },
    );
    expect(en.body.items[0]?.label).toBe('Expire bases past their term');
    expect((await admin.get('/api/admin/jobs?pageSize=201')).status).toBe(400);
    expect((await admin.get('/api/admin/jobs?state=DONE')).status).toBe(400);

    // Run now: the delayed job is due at once.
    runs.clear();
    const ran = await admin.post<JobView>(`/api/admin/jobs/${later.id}/run`);
    expect(ran.status).toBe(200);
    expect(Date.parse(ran.body.runAt)).toBeLessThanOrEqual(Date.now());
    await runDueJobs(deps(), { names: ['test.count'] });
    expect(runs.get(500)).toEqual([later.id]);
    const notWaiting = await admin.post<{ error: { message: string } }>(
      `/api/admin/jobs/${failed.id}/run`,
    );
    expect(notWaiting.status).toBe(409);
    expect(notWaiting.body.error.message).toBe('任务已失败，请使用“重试”');

    // Retry: queued with fresh tries, the last error kept until it runs.
    const retried = await admin.post<JobView>(`/api/admin/jobs/${failed.id}/retry`, undefined, {
      'accept-language': 'en-US',
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ state: 'QUEUED', attempts: 0 });
    expect(retried.body.lastError).toContain('boom on try 3');
    const twice = await admin.post<{ error: { message: string } }>(
      `/api/admin/jobs/${failed.id}/retry`,
      undefined,
      { 'accept-language': 'en-US' },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('Only a failed job can be retried');
    expect((await admin.post(`/api/admin/jobs/${newId()}/retry`)).status).toBe(404);
    const audit = await admin.get<{ items: { action: string; entityId: string }[] }>(
      '/api/audit?action=job.',
    );
    expect(audit.body.items.map((a) => [a.action, a.entityId])).toEqual([
      ['job.retry', failed.id],
      ['job.runNow', later.id],
    ]);

    const org = await buildOrganisation(admin, env.rootId);
    const orgAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', org.id)).agent;
    expect((await orgAdmin.get('/api/admin/jobs')).status).toBe(403);
    expect((await orgAdmin.post(`/api/admin/jobs/${failed.id}/run`)).status).toBe(403);
    expect((await orgAdmin.post(`/api/admin/jobs/${failed.id}/retry`)).status).toBe(403);
    expect((await new Agent(env.app).get('/api/admin/jobs')).status).toBe(401);
  });
});
