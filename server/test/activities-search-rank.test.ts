import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, runDueJobs } from '../src/platform/jobs/runner.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
interface Found {
  items: { id: string; title: string }[];
  total: number;
}

describe.each(DIALECTS)('activities in search, upcoming first, on %s', (dialect) => {
  let env: TestEnv;
  let editor: Agent;
  let unit: { id: string };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    const admin = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(admin, env.rootId, { type: 'BASE_HOST', name: '海洋馆' });
    editor = (await buildUserWithRole(env, admin, 'EDITOR', unit.id)).agent;
  }, 60_000);
  afterAll(() => env.close());

  async function published(title: string, summary: string, startsInDays: number) {
    const start = Date.now() + startsInDays * DAY;
    const r = await editor.post<{ id: string; sessions: { id: string }[] }>('/api/activities', {
      organisationId: unit.id,
      typeCode: 'LECTURE',
      title,
      summary,
      address: '青岛',
      sessions: [{ startsAt: iso(start), endsAt: iso(start + 2 * HOUR) }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await editor.post(`/api/activities/${r.body.id}/publish`)).status).toBe(200);
    return r.body;
  }
  const search = (q: string, extra = '') =>
    new Agent(env.app).get<Found>(`/api/search?q=${encodeURIComponent(q)}&type=activity${extra}`);

  it('an upcoming activity ranks above past ones that match the query better; pages stitch', async () => {
    const upcoming = await published('红树林讲座', '认识湿地', 30);
    const pastA = await published('红树林 红树林保护', '红树林 红树林 红树林的故事', 2);
    const pastB = await published('红树林生态', '红树林与海岸', 3);
    // Before they end, the better matches lead.
    const before = await search('红树林');
    expect(before.body.total).toBe(3);
    expect(before.body.items[0]!.id).not.toBe(upcoming.id);

    // Both end (sessions moved into the past); the hourly job indexes them again.
    for (const a of [pastA, pastB])
      await env.handle.db
        .updateTable('activitySessions')
        .set({ startsAt: iso(Date.now() - 5 * HOUR), endsAt: iso(Date.now() - 3 * HOUR) })
        .where('id', '=', a.sessions[0]!.id)
        .execute();
    const deps = { db: env.handle.db, dialect: env.handle.dialect, config: env.config };
    await enqueue(env.handle.db, 'activities.refreshSearch', null);
    const ran = await runDueJobs(deps, { names: ['activities.refreshSearch'], schedules: false });
    expect(ran.succeeded).toBe(1);

    const after = await search('红树林');
    expect(after.body.total).toBe(3);
    const ids = after.body.items.map((i) => i.id);
    expect(ids[0]).toBe(upcoming.id);
    expect(new Set(ids.slice(1))).toEqual(new Set([pastA.id, pastB.id]));
    // Page by page, the same order.
    const pages: string[] = [];
    for (const page of [1, 2, 3]) {
      const p = await search('红树林', `&pageSize=1&page=${page}`);
      expect(p.body.total).toBe(3);
      expect(p.body.items).toHaveLength(1);
      pages.push(p.body.items[0]!.id);
    }
    expect(pages).toEqual(ids);
    const two = await search('红树林', '&pageSize=2&page=2');
    expect(two.body.items.map((i) => i.id)).toEqual([ids[2]]);
    // By date too: the upcoming first.
    const byDate = await search('红树林', '&sort=date');
    expect(byDate.body.items[0]!.id).toBe(upcoming.id);
  });
});
