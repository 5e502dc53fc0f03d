import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDemoLogins, NoDemoWorldError } from '../src/modules/accounts/sign-in-links.ts';
import { openStorage } from '../src/platform/storage/open.ts';
import { DEMO_ROLES, seedDemo } from '../src/seed.ts';
import { Agent, createTestEnv, DIALECTS, type TestEnv } from './helpers.ts';

type Page<T> = { items: T[]; total: number };
type TodoGroup = { kind: string; count: number };

/** The demo world a newcomer walks through after `npm start`, and the links that open it. */
describe.each(DIALECTS)('demo world on %s', (dialect) => {
  let env: TestEnv;
  let empty: TestEnv;
  const anonymous = (e: TestEnv) => new Agent(e.app);
  const ctx = () => ({ actorId: null, ip: null, dialect: env.handle.dialect });
  const signIn = async (role: keyof typeof DEMO_ROLES) => {
    const links = await issueDemoLogins(env.handle.db, ctx(), 'http://kepu.test');
    const link = links.find((l) => l.role === role)!;
    const agent = new Agent(env.app);
    const res = await agent.post<{ user: { username: string } }>('/api/auth/sign-in-link', {
      token: link.url.split('#')[1],
    });
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe(DEMO_ROLES[role]);
    return agent;
  };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    empty = await createTestEnv(dialect);
    const r = await seedDemo(env.handle, openStorage(env.config));
    expect(r.bases).toBe(30);
    // The whole world through the services: a few minutes on a loaded machine.
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await empty?.close();
  });

  it('names thirty bases in at least ten provinces, every category, some in 整改 or expired', async () => {
    const db = env.handle.db;
    const bases = await db
      .selectFrom('bases')
      .select([
        'name',
        'status',
        'category',
        'divisionCode',
        'namingDocNo',
        'validUntil',
        'coverId',
      ])
      .execute();
    expect(bases).toHaveLength(30);
    const provinces = new Set(bases.map((b) => b.divisionCode!.slice(0, 2)));
    expect(provinces.size).toBeGreaterThanOrEqual(10);
    for (const c of ['VENUE', 'SITE', 'RESEARCH'])
      expect(bases.some((b) => b.category === c)).toBe(true);
    expect(bases.filter((b) => b.status === 'RECTIFICATION')).toHaveLength(2);
    expect(bases.filter((b) => b.status === 'EXPIRED')).toHaveLength(2);
    for (const b of bases) {
      expect(b.namingDocNo).toMatch(/〔\d{4}〕\d+号$/);
      expect(b.coverId).not.toBeNull();
    }
    // The public sees the named ones (not the expired), with covers and coordinates.
    const pub = await anonymous(env).get<Page<{ name: string; cover: unknown }>>(
      '/api/public/bases?pageSize=50',
    );
    expect(pub.status).toBe(200);
    expect(pub.body.total).toBe(28);
    expect(pub.body.items.every((b) => b.cover)).toBe(true);
  });

  it('has chief communicators (one behind on duty) and an open nomination call', async () => {
    const db = env.handle.db;
    const appointed = await db
      .selectFrom('appointments')
      .innerJoin('users', 'users.id', 'appointments.userId')
      .select(['users.displayName', 'appointments.status', 'appointments.certificateCode'])
      .orderBy('users.displayName')
      .execute();
    expect(appointed.map((a) => [a.displayName, a.status])).toEqual([
      ['王强', 'ACTIVE'],
      ['赵磊', 'ACTIVE'],
    ]);
    expect(appointed.every((a) => a.certificateCode?.startsWith('KP-'))).toBe(true);
    const nomination = await db
      .selectFrom('reviewCalls')
      .innerJoin('reviewItems', 'reviewItems.callId', 'reviewCalls.id')
      .select(['reviewCalls.status', 'reviewItems.status as itemStatus', 'reviewItems.subjectId'])
      .where('reviewCalls.subjectKind', '=', 'CHIEF_COMMUNICATOR')
      .execute();
    expect(nomination.map((n) => [n.status, n.itemStatus])).toEqual([['OPEN', 'SUBMITTED']]);
  });

  it('has volunteers at the Hunan museum, with a shift, hours and an entry to approve', async () => {
    const pub = await signIn('public');
    const mine = await pub.get<{ hours: number; entries: { status: string }[] }>(
      `/api/me/volunteer-hours?year=${new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()}`,
    );
    expect(mine.status).toBe(200);
    const shifts = await pub.get<{ items: { status: string }[] }>('/api/me/volunteer-shifts');
    expect(shifts.body.items.map((s) => s.status)).toEqual(['CONFIRMED']);
    const staff = await signIn('baseStaff');
    const pending = await staff.get<{ items: { what: string; canDecide: boolean }[] }>(
      '/api/volunteer-hours?status=PENDING',
    );
    expect(pending.body.items).toMatchObject([{ what: '标本整理与标签核对', canDecide: true }]);
    const all = await env.handle.db
      .selectFrom('volunteerHours')
      .select(['minutes', 'status'])
      .orderBy('workedOn')
      .execute();
    expect(all).toEqual([
      { minutes: 240, status: 'APPROVED' },
      { minutes: 180, status: 'APPROVED' },
      { minutes: 150, status: 'PENDING' },
    ]);
  });

  it('has an open call with an application at every stage, and a closed one through its 公示', async () => {
    const db = env.handle.db;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const calls = await db
      .selectFrom('reviewCalls')
      .select(['id', 'title', 'status', 'opensAt', 'closesAt'])
      .where('subjectKind', '=', 'BASE')
      .orderBy('opensAt')
      .execute();
    expect(calls.map((c) => c.status)).toEqual(['CLOSED', 'OPEN']);
    const [closed, open] = calls;
    expect(open!.opensAt < today && open!.closesAt > today).toBe(true);
    expect(closed!.closesAt < today).toBe(true);
    const statuses = async (callId: string) =>
      (
        await db.selectFrom('reviewItems').select('status').where('callId', '=', callId).execute()
      ).map((i) => i.status);
    expect(new Set(await statuses(open!.id))).toEqual(
      new Set(['DRAFT', 'SUBMITTED', 'RECOMMENDED', 'NOT_RECOMMENDED', 'UNDER_REVIEW']),
    );
    expect((await statuses(closed!.id)).sort()).toEqual([
      'CONFIRMED',
      'CONFIRMED',
      'CONFIRMED',
      'CONFIRMED',
      'REJECTED',
    ]);
    // The 公示 ended weeks ago; its objection was answered; the four are named bases.
    const notice = await db.selectFrom('reviewNotices').selectAll().executeTakeFirstOrThrow();
    expect(notice.status).toBe('CLOSED');
    expect(notice.endsAt < today).toBe(true);
    const objection = await db.selectFrom('reviewObjections').selectAll().executeTakeFirstOrThrow();
    expect(objection).toMatchObject({ status: 'HANDLED', outcome: 'DISMISSED' });
    const named = await db
      .selectFrom('bases')
      .select('name')
      .where('applicationId', 'is not', null)
      .execute();
    expect(named.map((b) => b.name).sort()).toEqual(
      ['嵩山世界地质公园', '敦煌世界地质公园', '海口火山群世界地质公园', '泰宁世界地质公园'].sort(),
    );
    const pubNotice = await anonymous(env).get<{ items: unknown[] }>(
      `/api/public/review-notices/${notice.id}`,
    );
    expect(pubNotice.status).toBe(200);
  });

  it('has works with covers, a PDF, a video and a 3D model', async () => {
    const kinds = await env.handle.db
      .selectFrom('media')
      .innerJoin('mediaLinks', 'mediaLinks.mediaId', 'media.id')
      .select('media.kind')
      .where('mediaLinks.ownerType', '=', 'work')
      .distinct()
      .execute();
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(['IMAGE', 'PDF', 'VIDEO', 'MODEL']));
  });

  it('has campaigns around today and a dozen activities, one full with a waiting list', async () => {
    const anon = anonymous(env);
    const camps = await anon.get<{
      items: {
        id: string;
        themeDayCode: string;
        themeDayName: string;
        ordinal: number | null;
        year: number;
      }[];
    }>('/api/public/campaigns');
    expect(camps.body.items.map((c) => c.themeDayCode).sort()).toEqual(
      ['DISASTER_REDUCTION_DAY', 'EARTH_DAY', 'SCIENCE_POP_MONTH', 'WETLANDS_DAY'].sort(),
    );
    const earth = camps.body.items.find((c) => c.themeDayCode === 'EARTH_DAY')!;
    expect(earth.ordinal).toBe(earth.year - 1969);
    const inCampaign = await anon.get<Page<{ title: string; typeCode: string }>>(
      `/api/public/activities?campaign=${earth.id}&from=${earth.year}-01-01`,
    );
    expect(inCampaign.body.items.map((a) => a.typeCode)).toEqual(['CAMPAIGN_EVENT']);
    type Item = { id: string; title: string; placesLeft: number | null; waitlist: number };
    const list = await anon.get<Page<Item>>('/api/public/activities?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(13);
    const full = list.body.items.find((a) => a.title.startsWith('恐龙是怎样变成化石的'))!;
    expect(full.placesLeft).toBe(0);
    expect(full.waitlist).toBe(2);
    const weekly = list.body.items.find((a) => a.title === '周末地学课堂')!;
    const detail = await anon.get<{ sessions: unknown[] }>(`/api/public/activities/${weekly.id}`);
    expect(detail.body.sessions).toHaveLength(8);
    const pub = await signIn('public');
    const mine = await pub.get<{
      items: { status: string; ticketCode: string | null; position: number | null }[];
    }>('/api/me/registrations');
    expect(mine.body.items.find((r) => r.status === 'WAITLISTED')!.position).toBe(1);
    expect(mine.body.items.map((r) => r.status).sort()).toEqual(['CONFIRMED', 'WAITLISTED']);
    expect(mine.body.items.find((r) => r.status === 'CONFIRMED')!.ticketCode).toMatch(/^K1\./);
  });

  it('signs each role in once by link, and each finds their work waiting', async () => {
    const expert = await signIn('expert');
    const desk = await expert.get<{ itemTitle: string; status: string }[]>(
      '/api/my/review-assignments',
    );
    expect(desk.body.map((a) => a.itemTitle).sort()).toEqual(
      ['玉龙雪山冰川地质公园', '长兴“金钉子”地质遗迹保护区'].sort(),
    );
    const todos = async (a: Agent) =>
      (await a.get<{ groups: TodoGroup[] }>('/api/me/todos')).body.groups.map((g) => g.kind);
    expect(await todos(await signIn('province'))).toContain('review.recommend');
    expect(await todos(await signIn('office'))).toContain('review.formalCheck');
    expect(await todos(await signIn('baseStaff'))).toContain('review.closing');
    const pub = await signIn('public');
    const me = await pub.get<{ grants: unknown[]; abilities: { console: boolean } }>(
      '/api/auth/me',
    );
    expect(me.body.grants).toEqual([]);
    expect(me.body.abilities.console).toBe(false);
  });

  it('a link works once, even in a parallel burst, and not after an hour', async () => {
    const [link] = await issueDemoLogins(env.handle.db, ctx(), 'http://kepu.test');
    const token = link!.url.split('#')[1];
    const burst = await Promise.all(
      Array.from({ length: 6 }, () =>
        new Agent(env.app, '10.9.0.1').post('/api/auth/sign-in-link', { token }),
      ),
    );
    expect(burst.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400, 400]);
    const again = await new Agent(env.app, '10.9.0.2').post<{
      error: { code: string; message: string };
    }>('/api/auth/sign-in-link', { token });
    expect(again.body.error.code).toBe('SIGN_IN_LINK_INVALID');
    expect(again.body.error.message).toContain('登录链接无效');
    const old = await issueDemoLogins(
      env.handle.db,
      ctx(),
      'http://kepu.test',
      Date.now() - 61 * 60_000,
    );
    const late = await new Agent(env.app, '10.9.0.3').post('/api/auth/sign-in-link', {
      token: old[0]!.url.split('#')[1],
    });
    expect(late.status).toBe(400);
    // A new run ends the earlier links of the same people.
    const first = await issueDemoLogins(env.handle.db, ctx(), 'http://kepu.test');
    await issueDemoLogins(env.handle.db, ctx(), 'http://kepu.test');
    const replaced = await new Agent(env.app, '10.9.0.4').post('/api/auth/sign-in-link', {
      token: first[0]!.url.split('#')[1],
    });
    expect(replaced.status).toBe(400);
  });

  it('refuses to print links on a database without the demo', async () => {
    await expect(
      issueDemoLogins(empty.handle.db, ctx(), 'http://kepu.test'),
    ).rejects.toBeInstanceOf(NoDemoWorldError);
  });

  it('is the same world on every fresh start', async () => {
    const other = await createTestEnv(dialect);
    try {
      await seedDemo(other.handle, openStorage(other.config));
      const world = async (e: TestEnv) => ({
        bases: (
          await e.handle.db.selectFrom('bases').select(['name', 'status', 'namedAt']).execute()
        )
          .map((b) => `${b.name}:${b.status}:${b.namedAt}`)
          .sort(),
        items: (
          await e.handle.db
            .selectFrom('reviewItems')
            .innerJoin('reviewCalls', 'reviewCalls.id', 'reviewItems.callId')
            .select(['reviewCalls.title as call', 'reviewItems.title', 'reviewItems.status'])
            .execute()
        )
          .map((i) => `${i.call}:${i.title}:${i.status}`)
          .sort(),
        works: Number(
          (
            await e.handle.db
              .selectFrom('works')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      });
      expect(await world(other)).toEqual(await world(env));
    } finally {
      await other.close();
    }
  });
});
