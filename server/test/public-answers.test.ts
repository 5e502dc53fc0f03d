import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushSignals } from '../src/modules/hotspots/signals.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublishedWork,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

interface Channel {
  latestWorks: { id: string; title: string }[];
}

/**
 * Public answers kept in memory (issue 15, platform/public-answers.ts): a visitor's list is the
 * same bytes while nothing is written; this process's writes are seen at once, another process's
 * within 2 s; a signed-in person is always answered afresh.
 */
describe.each(DIALECTS)('public answers kept in memory, on %s', (dialect) => {
  let env: TestEnv;
  let editor: Agent;
  let reviewer: Agent;
  let member: Agent;
  let unit: { id: string };
  const visitor = () => new Agent(env.app);
  const titles = async (who: Agent) =>
    (await who.get<Channel>('/api/public/channel')).body.latestWorks.map((w) => w.title);

  const publishedWork = (title: string) =>
    buildPublishedWork(editor, reviewer, unit.id, title, { topics: ['GEOHAZARD_PREVENTION'] });

  /** Another process (its own connection) renames a work: this process's write count stays. */
  async function renameElsewhere(id: string, title: string) {
    const elsewhere = openDatabase(env.config.database);
    try {
      await elsewhere.db.updateTable('works').set({ title }).where('id', '=', id).execute();
    } finally {
      await elsewhere.close();
    }
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    const admin = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(admin, env.rootId, { name: '频道测试单位' });
    const other = await buildOrganisation(admin, env.rootId, { name: '频道审核单位' });
    editor = (await buildUserWithRole(env, admin, 'EDITOR', unit.id)).agent;
    member = (await buildUserWithRole(env, admin, 'MEMBER', unit.id)).agent;
    reviewer = (await buildUserWithRole(env, admin, 'REVIEWER', other.id)).agent;
  });
  afterAll(() => env.close());

  it('keeps a visitor’s answer until a write, here at once and elsewhere within 2 s', async () => {
    const first = await publishedWork('海岸带科普甲');
    expect(await titles(visitor())).toContain('海岸带科普甲');

    // Another process renames the work: a visitor is answered from memory for up to 2 s…
    await renameElsewhere(first, '海岸带科普甲（修订）');
    expect(await titles(visitor())).toContain('海岸带科普甲');
    // …a signed-in person never is…
    expect(await titles(member)).toContain('海岸带科普甲（修订）');
    // …and after 2 s the visitor sees it too.
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await titles(visitor())).toContain('海岸带科普甲（修订）');

    // This process's write is seen at once.
    expect(await titles(visitor())).not.toContain('海岸带科普乙');
    await publishedWork('海岸带科普乙');
    expect(await titles(visitor())).toContain('海岸带科普乙');
  });

  it('keeps a visitor’s work page and still counts every view as a hotspot signal', async () => {
    const id = await publishedWork('海岸带科普丙');
    await flushSignals(env.handle.db);
    const views = async () =>
      Number(
        (
          await env.handle.db
            .selectFrom('hotspotSignals')
            .select((eb) => eb.fn.sum<number>('count').as('n'))
            .where('kind', '=', 'WORK_VIEW')
            .where('term', '=', 'GEOHAZARD_PREVENTION')
            .executeTakeFirst()
        )?.n ?? 0,
      );
    const before = await views();
    const page = () => visitor().get<{ title: string }>(`/api/public/works/${id}`);
    expect((await page()).body.title).toBe('海岸带科普丙');
    // Another process renames it: the next two views are answered from memory…
    await renameElsewhere(id, '海岸带科普丙（修订）');
    expect((await page()).body.title).toBe('海岸带科普丙');
    expect((await page()).body.title).toBe('海岸带科普丙');
    // …and each of the three views was counted.
    await flushSignals(env.handle.db);
    expect((await views()) - before).toBe(3);
  });

  it('keeps an activity’s public page until this process writes', async () => {
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const created = await editor.post<{ id: string }>('/api/activities', {
      organisationId: unit.id,
      typeCode: 'LECTURE',
      title: '海岸带科普讲座',
      summary: '认识海岸带',
      audiences: ['GENERAL_PUBLIC'],
      divisionCode: '430100',
      address: '长沙市岳麓区',
      sessions: [
        { startsAt: `${day}T01:30:00.000Z`, endsAt: `${day}T03:00:00.000Z`, capacity: 50 },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect((await editor.post(`/api/activities/${id}/publish`)).status).toBe(200);
    const page = () => visitor().get<{ title: string }>(`/api/public/activities/${id}`);
    const first = await page();
    expect(first.body.title).toBe('海岸带科普讲座');
    expect((await page()).body).toEqual(first.body);
    // The host's edit, in this process, is seen by the next visitor at once.
    expect(
      (await editor.patch(`/api/activities/${id}`, { title: '海岸带科普讲座（改期）' })).status,
    ).toBe(200);
    expect((await page()).body.title).toBe('海岸带科普讲座（改期）');
  });
});
