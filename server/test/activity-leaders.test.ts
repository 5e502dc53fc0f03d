import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaYearRange } from '#platform/ids.ts';
import { activitiesLedBy, ledActivityCounts } from '../src/modules/activities/leaders.ts';
import {
  Agent,
  buildCallOrganisations,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
} from './helpers.ts';

interface Leader {
  role: string;
  userId?: string;
  expertId?: string;
  name?: string;
  title?: string | null;
}
interface Activity {
  id: string;
  leaders: Leader[];
}
type Err = { error: { details?: { fields?: { field: string }[] } } };

const HOUR = 3_600_000;
const at = (days: number, hh = 9) =>
  new Date(
    `${new Date(Date.now() + 8 * HOUR + days * 86_400_000).toISOString().slice(0, 10)}T${String(hh).padStart(2, '0')}:30:00+08:00`,
  ).toISOString();
const PROFILE = {
  title: '研究员',
  rank: 'SENIOR',
  sectors: ['GEOLOGY'],
  topics: [],
  hazards: ['LANDSLIDE'],
  regions: ['430000'],
  languages: ['普通话'],
  services: ['LECTURE'],
  availability: 'AVAILABLE',
  bio: '',
  publications: [],
};

describe.each(DIALECTS)('activity leaders on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let orgs: Awaited<ReturnType<typeof buildCallOrganisations>>;
  let editor: Awaited<ReturnType<typeof buildUserWithRole>>;
  let pub: Awaited<ReturnType<typeof buildUserWithRole>>;
  let priv: Awaited<ReturnType<typeof buildUserWithRole>>;
  const range = () => ({ from: at(-30), to: at(60) });

  async function activity(leaders: unknown[], days = 10) {
    const res = await editor.agent.post<Activity>('/api/activities', {
      organisationId: orgs.museum.id,
      typeCode: 'LECTURE',
      title: `岩石里的亿万年 ${days}`,
      address: '长沙市岳麓区',
      sessions: [{ startsAt: at(days), endsAt: at(days, 11), capacity: 10 }],
      leaders,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }
  const publish = async (id: string) =>
    expect((await editor.agent.post(`/api/activities/${id}/publish`, {})).status).toBe(200);

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    orgs = await buildCallOrganisations(env, admin);
    editor = await buildUserWithRole(env, admin, 'EDITOR', orgs.museum.id);
    pub = await buildUserWithRole(env, admin, 'REVIEWER', orgs.museum.id);
    priv = await buildUserWithRole(env, admin, 'REVIEWER', orgs.museum.id);
    for (const [u, name] of [
      [pub, '王公开'],
      [priv, '李私密'],
    ] as const)
      await env.handle.db
        .updateTable('users')
        .set({ displayName: name })
        .where('id', '=', u.userId)
        .execute();
    const put = await pub.agent.request('PUT', '/api/experts/me', {
      ...PROFILE,
      organisationId: orgs.museum.id,
      publicProfile: true,
      publicFields: ['title'],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const put2 = await priv.agent.request('PUT', '/api/experts/me', {
      ...PROFILE,
      title: '私密职称',
      organisationId: orgs.museum.id,
      publicProfile: false,
      publicFields: [],
    });
    expect(put2.status).toBe(200);
  }, 120_000);
  afterAll(() => env?.close());

  it('names each bad leader field, and keeps the list in order', async () => {
    const bad = await editor.agent.post<Err>('/api/activities', {
      organisationId: orgs.museum.id,
      typeCode: 'LECTURE',
      title: '坏的负责人',
      address: '长沙',
      sessions: [{ startsAt: at(5), endsAt: at(5, 11) }],
      leaders: [
        { userId: pub.userId, role: 'SPEAKER' },
        { userId: pub.userId, role: 'LEAD' },
        { userId: '01900000-0000-7000-8000-000000000000', role: 'LEAD' },
        { userId: priv.userId, role: 'HOST' },
      ],
    });
    expect(bad.status).toBe(400);
    expect((bad.body.error.details?.fields ?? []).map((f) => f.field)).toContain('leaders.3.role');
    const bad2 = await editor.agent.post<Err>('/api/activities', {
      organisationId: orgs.museum.id,
      typeCode: 'LECTURE',
      title: '坏的负责人',
      address: '长沙',
      sessions: [{ startsAt: at(5), endsAt: at(5, 11) }],
      leaders: [
        { userId: pub.userId, role: 'SPEAKER' },
        { userId: pub.userId, role: 'LEAD' },
        { userId: '01900000-0000-7000-8000-000000000000', role: 'LEAD' },
      ],
    });
    expect(bad2.status).toBe(400);
    expect((bad2.body.error.details?.fields ?? []).map((f) => f.field).sort()).toEqual([
      'leaders.1.userId',
      'leaders.2.userId',
    ]);
    const a = await activity([
      { userId: priv.userId, role: 'LEAD' },
      { userId: pub.userId, role: 'SPEAKER' },
    ]);
    expect(a.leaders).toEqual([
      { userId: priv.userId, role: 'LEAD', name: '李私密', title: '私密职称' },
      { userId: pub.userId, role: 'SPEAKER', name: '王公开', title: '研究员' },
    ]);
    const upd = await editor.agent.request<Activity>('PATCH', `/api/activities/${a.id}`, {
      leaders: [{ userId: pub.userId, role: 'LEAD' }],
    });
    expect(upd.status, JSON.stringify(upd.body)).toBe(200);
    expect(upd.body.leaders.map((l) => [l.name, l.role])).toEqual([['王公开', 'LEAD']]);
  });

  it('names on the portal only people with a public expert page', async () => {
    const a = await activity([
      { userId: pub.userId, role: 'SPEAKER' },
      { userId: priv.userId, role: 'LEAD' },
    ]);
    expect((await new Agent(env.app).get(`/api/public/activities/${a.id}`)).status).toBe(404);
    await publish(a.id);
    const res = await new Agent(env.app).get<Activity>(`/api/public/activities/${a.id}`);
    expect(res.status).toBe(200);
    expect(res.body.leaders).toEqual([
      { role: 'SPEAKER', name: '王公开', title: '研究员', expertId: pub.userId },
      { role: 'LEAD' },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('李私密');
    expect(JSON.stringify(res.body)).not.toContain(priv.userId);
    const page = await new Agent(env.app).get<{ ledActivities: { id: string; role: string }[] }>(
      `/api/public/experts/${pub.userId}`,
    );
    expect(page.status).toBe(200);
    expect(page.body.ledActivities.map((x) => x.id)).toContain(a.id);
  });

  it('counts distinct published activities led in the range', async () => {
    const fresh = await buildUserWithRole(env, admin, 'REVIEWER', orgs.museum.id);
    const me = [{ userId: fresh.userId, role: 'SPEAKER' }];
    const published = await activity(me, 3);
    await publish(published.id);
    // Two sessions in the range: still one activity.
    const twice = await editor.agent.post<Activity>('/api/activities', {
      organisationId: orgs.museum.id,
      typeCode: 'LECTURE',
      title: '两场讲座',
      address: '长沙',
      sessions: [
        { startsAt: at(4), endsAt: at(4, 11) },
        { startsAt: at(6), endsAt: at(6, 11) },
      ],
      leaders: [{ userId: fresh.userId, role: 'LEAD' }],
    });
    await publish(twice.body.id);
    await activity(me, 5); // a draft: not counted
    const cancelled = await activity(me, 7);
    await publish(cancelled.id);
    expect(
      (await editor.agent.post(`/api/activities/${cancelled.id}/cancel`, { reason: '天气' }))
        .status,
    ).toBe(200);
    const later = await activity(me, 200); // outside the range
    await publish(later.id);
    const db = env.handle.db;
    const counts = await ledActivityCounts(db, [fresh.userId, priv.userId, editor.userId], range());
    expect(counts.get(fresh.userId)).toBe(2);
    expect(counts.get(editor.userId)).toBe(0);
    const led = await activitiesLedBy(db, fresh.userId, range());
    expect(led.total).toBe(2);
    expect(led.items.map((x) => x.id).sort()).toEqual([published.id, twice.body.id].sort());
    expect(led.items.find((x) => x.id === twice.body.id)?.startsAt).toBe(at(4));
    const year = new Date(Date.now() + 8 * HOUR).getUTCFullYear();
    const all = await ledActivityCounts(db, [fresh.userId], {
      from: chinaYearRange(year - 1).from,
      to: chinaYearRange(year + 2).to,
    });
    expect(all.get(fresh.userId)).toBe(3);

    // Deleting the account removes the person's leader rows.
    expect((await fresh.agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
    const left = await db
      .selectFrom('activityLeaders')
      .select('activityId')
      .where('userId', '=', fresh.userId)
      .execute();
    expect(left).toEqual([]);
  });
});
