import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingDaysEnd } from '../src/modules/site/calendar.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
const fields = (r: { body: unknown }) =>
  ((r.body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);

/** Today in China, and days around it, as notices date them. */
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const shift = (n: number) =>
  new Date(Date.parse(`${TODAY}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('working days (pure)', () => {
  const none = new Map();
  it('counts Monday to Friday, the first day included when it is worked', () => {
    // Friday 4 December 2026: Fri, Mon, Tue, Wed, Thu.
    expect(workingDaysEnd('2026-12-04', 5, none)).toBe('2026-12-10');
    // Starting on a Saturday: the first working day is Monday.
    expect(workingDaysEnd('2026-12-05', 1, none)).toBe('2026-12-07');
    expect(workingDaysEnd('2026-12-07', 5, none)).toBe('2026-12-11');
  });
  it('skips the calendar’s holidays and counts its weekend workdays (调休)', () => {
    const golden = new Map<string, 'HOLIDAY' | 'WORKDAY'>([
      ['2030-10-01', 'HOLIDAY'],
      ['2030-10-02', 'HOLIDAY'],
      ['2030-10-03', 'HOLIDAY'],
      ['2030-10-04', 'HOLIDAY'],
      ['2030-10-07', 'HOLIDAY'],
      ['2030-09-29', 'WORKDAY'],
      ['2030-10-12', 'WORKDAY'],
    ]);
    // Fri 27 Sep, Sun 29 Sep (worked), Mon 30 Sep, then Tue 8, Wed 9 October.
    expect(workingDaysEnd('2030-09-27', 5, golden)).toBe('2030-10-09');
    // Fri 11, Sat 12 (worked), Mon 14 October.
    expect(workingDaysEnd('2030-10-11', 3, golden)).toBe('2030-10-14');
  });
  it('gives up on a calendar with no working days ahead', () => {
    const all = new Map<string, 'HOLIDAY'>();
    for (let i = 0; i < 400; i++)
      all.set(new Date(Date.UTC(2031, 0, 1 + i)).toISOString().slice(0, 10), 'HOLIDAY');
    expect(workingDaysEnd('2031-01-01', 1, all)).toBeNull();
  });
});

describe.each(DIALECTS)('portal notices, site settings and registration on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let organiser: Agent;
  let orgAdmin: Agent;
  let applicant: Agent;
  let applicantOrg: { id: string };
  let office: { id: string };
  const anonymous = () => new Agent(env.app);

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    office = await buildOrganisation(admin, env.rootId, { name: '公示测试办公室' });
    applicantOrg = await buildOrganisation(admin, env.rootId, { name: '公示测试申报单位' });
    organiser = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    orgAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', office.id)).agent;
    applicant = (await buildUserWithRole(env, admin, 'MEMBER', applicantOrg.id)).agent;
  });
  afterAll(() => env.close());

  /** An open call of the office with a decision and a public notice, and its settings. */
  async function openCall(settings: Record<string, unknown> = {}) {
    const r = await organiser.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '公示测试征集',
      opensAt: TODAY,
      closesAt: '2099-12-31',
      form: { fields: [], attachments: [] },
      rubric: [],
      stages: [{ kind: 'DECISION' }, { kind: 'PUBLIC_NOTICE' }],
      settings,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await organiser.post(`/api/review-calls/${r.body.id}/open`)).status).toBe(200);
    return r.body.id;
  }

  /** An application of the applicant's unit, accepted by the organiser. */
  async function acceptedItem(callId: string, title: string) {
    const r = await applicant.post<{ id: string }>(`/api/review-calls/${callId}/items`, {
      organisationId: applicantOrg.id,
      title,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await applicant.post(`/api/review-items/${r.body.id}/submit`)).status).toBe(200);
    const d = await organiser.post(`/api/review-items/${r.body.id}/decide`, {
      decision: 'ACCEPT',
      reason: '符合条件',
    });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    return r.body.id;
  }

  it('comes with the State Council’s 2025 and 2026 holidays and 调休 days, which stay editable', async () => {
    type Day = { date: string; kind: string; name: string };
    const y2026 = (await admin.get<Day[]>('/api/calendar-days?year=2026')).body;
    const byDate = new Map(y2026.map((d) => [d.date, d]));
    // 春节 15–23 February (weekdays 16–20 and 23 off), worked Saturdays 14 and 28 February.
    for (const d of [
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-23',
    ])
      expect(byDate.get(d)).toMatchObject({ kind: 'HOLIDAY', name: '春节' });
    expect(byDate.get('2026-02-14')).toMatchObject({ kind: 'WORKDAY', name: '春节调休' });
    expect(byDate.get('2026-02-28')?.kind).toBe('WORKDAY');
    expect(byDate.get('2026-01-04')?.kind).toBe('WORKDAY');
    expect(byDate.get('2026-09-25')).toMatchObject({ kind: 'HOLIDAY', name: '中秋节' });
    expect(byDate.get('2026-10-10')?.kind).toBe('WORKDAY');
    expect(y2026.filter((d) => d.kind === 'HOLIDAY')).toHaveLength(19);
    expect(y2026.filter((d) => d.kind === 'WORKDAY')).toHaveLength(6);
    const y2025 = (await admin.get<Day[]>('/api/calendar-days?year=2025')).body;
    expect(y2025.filter((d) => d.kind === 'WORKDAY').map((d) => d.date)).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
    expect(y2025.find((d) => d.date === '2025-10-08')?.name).toBe('国庆节、中秋节');
    // Over 国庆: 5 working days from Wednesday 30 September 2026 (counted) end on Monday
    // 12 October (1–7 October off, 8 and 9 worked, Saturday 10 October worked).
    const end = await organiser.get<{ endsAt: string }>('/api/working-days?from=2026-09-30&days=5');
    expect(end.body.endsAt).toBe('2026-10-12');
    // The office still edits them.
    expect(
      (await admin.put('/api/calendar-days/2026-10-07', { kind: 'HOLIDAY', name: '国庆节（改）' }))
        .status,
    ).toBe(200);
    expect((await admin.del('/api/calendar-days/2026-10-07')).status).toBe(200);
    const after = (await admin.get<Day[]>('/api/calendar-days?year=2026')).body;
    expect(after.some((d) => d.date === '2026-10-07')).toBe(false);
    await admin.put('/api/calendar-days/2026-10-07', { kind: 'HOLIDAY', name: '国庆节' });
  });

  it('a notice without a last day lasts 5 working days (across a weekend); 0 is refused', async () => {
    const callId = await openCall();
    const a = await acceptedItem(callId, '甲基地');
    const zero = await organiser.post(`/api/review-calls/${callId}/notices`, {
      title: '零天公示',
      startsAt: '2026-12-04',
      workingDays: 0,
      itemIds: [a],
    });
    expect(zero.status).toBe(400);
    expect(fields(zero)).toEqual(['workingDays']);
    const negative = await organiser.post(`/api/review-calls/${callId}/notices`, {
      title: '负数公示',
      startsAt: '2026-12-04',
      workingDays: -3,
      itemIds: [a],
    });
    expect(fields(negative)).toEqual(['workingDays']);
    // Friday 4 December 2026: five working days end on Thursday the 10th.
    const n = await organiser.post<{ endsAt: string; startsAt: string }>(
      `/api/review-calls/${callId}/notices`,
      { title: '默认长度公示', startsAt: '2026-12-04', itemIds: [a] },
    );
    expect(n.status, JSON.stringify(n.body)).toBe(201);
    expect(n.body).toMatchObject({ startsAt: '2026-12-04', endsAt: '2026-12-10' });
  });

  it('the call sets its own default length (never 0), and the calendar’s holidays are skipped', async () => {
    const refused = await organiser.post('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '零天征集',
      opensAt: TODAY,
      closesAt: '2099-12-31',
      form: { fields: [], attachments: [] },
      rubric: [],
      stages: [{ kind: 'DECISION' }, { kind: 'PUBLIC_NOTICE' }],
      settings: { noticeWorkingDays: 0 },
    });
    expect(refused.status).toBe(400);
    expect(fields(refused)).toEqual(['settings.noticeWorkingDays']);

    // 2030: 1–4 and 7 October off, Sunday 29 September worked.
    for (const d of ['2030-10-01', '2030-10-02', '2030-10-03', '2030-10-04', '2030-10-07'])
      expect(
        (await admin.put(`/api/calendar-days/${d}`, { kind: 'HOLIDAY', name: '国庆节' })).status,
      ).toBe(200);
    await admin.put('/api/calendar-days/2030-09-29', { kind: 'WORKDAY', name: '国庆节调休' });
    // Only the platform administrator keeps the calendar.
    expect(
      (await orgAdmin.put('/api/calendar-days/2030-10-08', { kind: 'HOLIDAY', name: '假' })).status,
    ).toBe(403);
    const year = await admin.get<{ date: string; kind: string }[]>('/api/calendar-days?year=2030');
    expect(year.body.map((d) => d.date)).toEqual([
      '2030-09-29',
      '2030-10-01',
      '2030-10-02',
      '2030-10-03',
      '2030-10-04',
      '2030-10-07',
    ]);
    const end = await organiser.get<{ endsAt: string }>('/api/working-days?from=2030-09-27&days=5');
    expect(end.body.endsAt).toBe('2030-10-09');
    expect((await organiser.get('/api/working-days?from=2030-09-27&days=0')).status).toBe(400);

    const callId = await openCall({ noticeWorkingDays: 3 });
    const a = await acceptedItem(callId, '乙基地');
    const n = await organiser.post<{ endsAt: string }>(`/api/review-calls/${callId}/notices`, {
      title: '三日公示',
      startsAt: '2030-09-27',
      itemIds: [a],
    });
    // Fri 27 September, Sun 29 (worked), Mon 30.
    expect(n.body.endsAt).toBe('2030-09-30');
    // A day taken off the calendar is an ordinary day again.
    expect((await admin.del('/api/calendar-days/2030-09-29')).status).toBe(200);
    expect((await admin.del('/api/calendar-days/2030-09-29')).status).toBe(404);
    expect(
      (await organiser.get<{ endsAt: string }>('/api/working-days?from=2030-09-27&days=3')).body
        .endsAt,
    ).toBe('2030-10-08');
  });

  it('往期公示 lists ended notices with their outcome; one not started is in neither list', async () => {
    const callId = await openCall();
    const past1 = await acceptedItem(callId, '往期甲');
    const past2 = await acceptedItem(callId, '往期乙');
    const current = await acceptedItem(callId, '当期丙');
    const upcoming = await acceptedItem(callId, '待公示丁');
    const post = (title: string, startsAt: string, endsAt: string, itemIds: string[]) =>
      organiser.post<{ id: string }>(`/api/review-calls/${callId}/notices`, {
        title,
        startsAt,
        endsAt,
        itemIds,
      });
    const ended = (await post('已结束的公示', shift(-20), shift(-10), [past1, past2])).body.id;
    const older = (await post('更早结束的公示', shift(-40), shift(-30), [])).status;
    expect(older).toBe(400); // a notice needs at least one item
    const open = (await post('正在公示', shift(-1), shift(3), [current])).body.id;
    const later = (await post('尚未开始的公示', shift(5), shift(12), [upcoming])).body.id;

    // An objection upheld takes one item off; closing confirms the other.
    const objection = await new Agent(env.app, '10.9.0.1').post<{ id: string }>(
      `/api/public/review-notices/${open}/objections`,
      { itemId: current, name: '李四', contact: '13800000000', text: '申报材料与实际情况不符。' },
    );
    expect(objection.status).toBe(201);
    const endedNotice = await organiser.get<{ id: string }[]>(
      `/api/review-notices/${ended}/objections`,
    );
    expect(endedNotice.body).toEqual([]);
    expect((await organiser.post(`/api/review-notices/${ended}/close`)).status).toBe(200);

    const openList = await anonymous().get<{ id: string }[]>('/api/public/review-notices');
    expect(openList.body.map((n) => n.id)).toContain(open);
    expect(openList.body.map((n) => n.id)).not.toContain(later);
    expect(openList.body.map((n) => n.id)).not.toContain(ended);

    type Past = {
      items: { id: string; status: string; outcome: Record<string, number> }[];
      total: number;
    };
    const past = await anonymous().get<Past>('/api/public/review-notices/past?pageSize=50');
    expect(past.status, JSON.stringify(past.body)).toBe(200);
    const ids = past.body.items.map((n) => n.id);
    expect(ids).toContain(ended);
    expect(ids).not.toContain(open);
    expect(ids).not.toContain(later);
    expect(past.body.items.find((n) => n.id === ended)).toMatchObject({
      status: 'CLOSED',
      startsAt: shift(-20),
      endsAt: shift(-10),
      outcome: { items: 2, confirmed: 2, withdrawn: 0, onNotice: 0 },
    });
    // Paged, the latest ended first.
    const first = await anonymous().get<Past>('/api/public/review-notices/past?pageSize=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.total).toBe(past.body.total);
    const ends = past.body.items.map((n) => (n as unknown as { endsAt: string }).endsAt);
    expect(ends).toEqual([...ends].sort().reverse());
    expect((await anonymous().get('/api/public/review-notices/past?pageSize=51')).status).toBe(400);

    // The notice's own page still answers after its period, with what became of each item.
    const detail = await anonymous().get<{ status: string; items: { outcome: string }[] }>(
      `/api/public/review-notices/${ended}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body.items.map((i) => i.outcome)).toEqual(['CONFIRMED', 'CONFIRMED']);
    const onNotice = await anonymous().get<{ items: { id: string; outcome: string }[] }>(
      `/api/public/review-notices/${open}`,
    );
    expect(onNotice.body.items).toMatchObject([{ id: current, outcome: 'ON_NOTICE' }]);
  });

  it('site info: anyone reads it, only the platform administrator writes it', async () => {
    const empty = await anonymous().get<{ icpNumber: string }>('/api/site-info');
    expect(empty.status).toBe(200);
    expect(empty.body.icpNumber).toBe('');
    const body = {
      icpNumber: '京ICP备12345678号-1',
      psbNumber: '京公网安备11010502000001号',
      contact: {
        organisation: '自然资源部科普工作办公室',
        address: '北京市西城区阜成门内大街 64 号',
        postcode: '100812',
        phone: '010-66558000',
        email: 'kepu@example.gov.cn',
        hours: '工作日 9:00–17:00',
      },
    };
    const pub = (await buildPublicUser(env)).agent;
    for (const who of [anonymous(), pub, orgAdmin, organiser])
      expect([401, 403]).toContain((await who.put('/api/site-info', body)).status);
    const saved = await admin.put('/api/site-info', body);
    expect(saved.status).toBe(200);
    expect((await anonymous().get('/api/site-info')).body).toEqual(body);
    const bad = await admin.put('/api/site-info', {
      ...body,
      icpNumber: '京ICP备\n123',
      contact: { ...body.contact, email: 'not-an-email', postcode: '1008' },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(['contact.email', 'contact.postcode', 'icpNumber']);
    // Cleared: nothing to show.
    await admin.put('/api/site-info', { ...body, icpNumber: '', psbNumber: '' });
    expect((await anonymous().get<{ icpNumber: string }>('/api/site-info')).body.icpNumber).toBe(
      '',
    );
  });

  it('username availability answers yes or no, and one address is throttled in a burst', async () => {
    const who = await buildPublicUser(env);
    const ask = (name: string, ip = '10.3.3.3') =>
      new Agent(env.app, ip).get<{ available: boolean; username: string }>(
        `/api/accounts/username-available?username=${encodeURIComponent(name)}`,
      );
    const taken = await ask(who.username.toUpperCase());
    expect(taken.status).toBe(200);
    expect(taken.body).toEqual({ username: who.username, available: false });
    expect((await ask('free.name-2026')).body).toEqual({
      username: 'free.name-2026',
      available: true,
    });
    const bad = await ask('张三丰');
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['username']);
    // A parallel burst from one address: 30 questions in 10 minutes, the 2 above included.
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ask(`burst${i}`, '10.4.4.4')),
    );
    expect(burst.filter((r) => r.status === 200)).toHaveLength(30);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(10);
    // Another address is not held up.
    expect((await ask('another-name', '10.5.5.5')).status).toBe(200);
  });

  it('我的申报: a person sees the applications they submitted, with status', async () => {
    const callId = await openCall();
    const id = await acceptedItem(callId, '我的申报项目');
    const mine = await applicant.get<{
      items: { id: string; status: string; callTitle: string }[];
    }>('/api/my/review-items');
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((i) => i.id === id)).toMatchObject({
      status: 'ACCEPTED',
      callTitle: '公示测试征集',
    });
    const other = await (await buildPublicUser(env)).agent.get<{ total: number }>(
      '/api/my/review-items',
    );
    expect(other.body.total).toBe(0);
    expect((await anonymous().get('/api/my/review-items')).status).toBe(401);
  });
});
