import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearAfter } from '../src/modules/emergency/reserve.ts';
import { enqueue, runDueJobs } from '../src/platform/jobs/runner.ts';
import { setSmsSender } from '../src/platform/notify/sms.ts';
import {
  type Agent,
  buildCallOrganisations,
  buildPlatformAdmin,
  buildPublishedWork,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
const fields = (r: { body: unknown }) =>
  ((r.body as ErrorBody).error?.details?.fields ?? []).map((f) => f.field);

interface Board {
  id: string;
  title: string;
  status: string;
  hazardName: string;
  divisionName: string;
  firstExplainerAt: string | null;
  minutesToFirstExplainer: number | null;
  duty: { userId: string; matchedBy: string; acknowledgedAt: string | null }[];
  explainers: {
    workId: string;
    title: string;
    state: string;
    fromReserve: { workId: string } | null;
    canSubmit: boolean;
    canApprove: boolean;
  }[];
  proposals: { workId: string; title: string; nationwide: boolean }[];
  me: { manage: boolean; onDuty: boolean; acknowledged: boolean };
}
type Who = Awaited<ReturnType<typeof buildUserWithRole>>;

describe('reserve review dates (pure)', () => {
  it('falls due a year later; 29 February rolls to 1 March', () => {
    expect(yearAfter('2026-12-07')).toBe('2027-12-07');
    expect(yearAfter('2028-02-29')).toBe('2029-03-01');
  });
});

describe.each(DIALECTS)('应急科普 incidents and the reserve on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let orgs: Awaited<ReturnType<typeof buildCallOrganisations>>;
  const who: Record<string, Who> = {};
  let reserveWorkId = '';
  let incidentId = '';

  async function expert(name: string, profile: Record<string, unknown>) {
    const u = await buildUserWithRole(env, admin, 'REVIEWER', orgs.institute.id);
    const res = await u.agent.put('/api/experts/me', {
      title: '研究员',
      rank: 'SENIOR',
      organisationId: orgs.institute.id,
      sectors: ['GEOLOGY'],
      topics: [],
      hazards: ['LANDSLIDE'],
      regions: ['430000'],
      languages: [],
      services: ['EMERGENCY'],
      availability: 'AVAILABLE',
      bio: '',
      publications: [],
      ...profile,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    who[name] = u;
  }

  const publishedWork = (editor: Agent, organisationId: string, title: string) =>
    buildPublishedWork(editor, who.reserveChecker!.agent, organisationId, title, {
      type: 'DEBUNK',
      summary: `${title}：识别前兆，及时撤离`,
      body: '<p>坡体出现裂缝、树木歪斜、泉水突然变浑，都可能是滑坡的前兆。</p>',
      sectors: ['GEOLOGY'],
    });

  const opening = () => ({
    organisationId: orgs.office.id,
    hazard: 'LANDSLIDE',
    gradeKind: 'DANGER',
    grade: 'MEDIUM',
    divisionCode: '430000',
    place: '某县某镇',
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    source: '县自然资源局',
    description: '强降雨后山体出现裂缝，已转移群众 120 人。',
  });

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    orgs = await buildCallOrganisations(env, admin);
    who.office = await buildUserWithRole(env, admin, 'EDITOR', orgs.office.id);
    who.hunan = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.hunan.id);
    who.sichuan = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.sichuan.id);
    who.museum = await buildUserWithRole(env, admin, 'EDITOR', orgs.museum.id);
    who.reserveChecker = await buildUserWithRole(env, admin, 'REVIEWER', orgs.institute.id);
    await expert('duty', {});
    await expert('elsewhere', { regions: ['510000'] });
    await expert('away', { availability: 'UNAVAILABLE' });
    await expert('noEmergency', { services: ['REVIEW'] });
  });
  afterAll(() => env.close());

  it('keeps a checked work in the reserve for hazards and provinces, and shows the gaps', async () => {
    reserveWorkId = await publishedWork(who.museum!.agent, orgs.museum.id, '滑坡来了怎么办');
    const bad = await who.museum!.agent.put(`/api/reserve/${reserveWorkId}`, {
      hazards: [],
      provinces: ['430000'],
    });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['hazards']);
    // Another province's staff cannot keep the museum's work.
    expect(
      (await who.sichuan!.agent.put(`/api/reserve/${reserveWorkId}`, { hazards: ['LANDSLIDE'] }))
        .status,
    ).toBe(403);
    const kept = await who.museum!.agent.put<{ stale: boolean; hazards: { name: string }[] }>(
      `/api/reserve/${reserveWorkId}`,
      { hazards: ['LANDSLIDE', 'DEBRIS_FLOW'], provinces: ['430000'], formats: ['CARD', 'TEXT'] },
    );
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body.stale).toBe(false);
    expect(kept.body.hazards.map((h) => h.name)).toEqual(['滑坡', '泥石流']);
    const cov = await who.sichuan!.agent.get<{
      hazards: { code: string }[];
      provinces: { code: string }[];
      counts: number[][];
      gaps: number;
    }>('/api/reserve/coverage');
    expect(cov.status).toBe(200);
    const h = cov.body.hazards.findIndex((x) => x.code === 'LANDSLIDE');
    const hn = cov.body.provinces.findIndex((x) => x.code === '430000');
    const sc = cov.body.provinces.findIndex((x) => x.code === '510000');
    expect(cov.body.counts[h]![hn]).toBe(1);
    expect(cov.body.counts[h]![sc]).toBe(0);
    expect(cov.body.gaps).toBe(cov.body.hazards.length * cov.body.provinces.length - 2);
    // The museum's staff see their item; Sichuan's do not.
    const mine = await who.museum!.agent.get<{ total: number }>('/api/reserve');
    expect(mine.body.total).toBe(1);
    expect((await who.sichuan!.agent.get<{ total: number }>('/api/reserve')).body.total).toBe(0);
  });

  it('opens only for the office or the province’s own department, fields named', async () => {
    const sichuanInHunan = await who.sichuan!.agent.post('/api/incidents', {
      ...opening(),
      organisationId: orgs.sichuan.id,
    });
    expect(sichuanInHunan.status).toBe(400);
    expect(fields(sichuanInHunan)).toEqual(['divisionCode']);
    expect(
      (
        await who.museum!.agent.post('/api/incidents', {
          ...opening(),
          organisationId: orgs.museum.id,
        })
      ).status,
    ).toBe(422);
    expect((await who.sichuan!.agent.post('/api/incidents', opening())).status).toBe(403);
    const unknown = await who.office!.agent.post('/api/incidents', {
      ...opening(),
      hazard: 'METEOR',
    });
    expect(unknown.status).toBe(400);
    expect(fields(unknown)).toEqual(['hazard']);
    const future = await who.office!.agent.post('/api/incidents', {
      ...opening(),
      occurredAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(fields(future)).toEqual(['occurredAt']);
  });

  it('lets a province open one in its own province, which the office oversees and others do not see', async () => {
    const own = await who.sichuan!.agent.post<Board>('/api/incidents', {
      ...opening(),
      organisationId: orgs.sichuan.id,
      divisionCode: '510000',
      place: '',
      hazard: 'DEBRIS_FLOW',
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    // Nobody serves Sichuan for debris flows: the national pool has nobody either.
    expect(own.body.duty).toEqual([]);
    const office = await who.office!.agent.get<Board>(`/api/incidents/${own.body.id}`);
    expect(office.body.me.manage).toBe(true);
    expect((await who.hunan!.agent.get(`/api/incidents/${own.body.id}`)).status).toBe(404);
    expect(
      (await who.office!.agent.get<{ items: { id: string }[] }>('/api/incidents')).body.items.map(
        (i) => i.id,
      ),
    ).toContain(own.body.id);
    const closed = await who.office!.agent.post<Board>(`/api/incidents/${own.body.id}/close`, {
      note: '误报',
    });
    expect(closed.body.status).toBe('CLOSED');
  });

  it('calls the matching duty experts at once and proposes the reserve', async () => {
    // An SMS provider is wired (its boundary recorded here): duty calls go by SMS too.
    const sent: [string, string, Record<string, string>][] = [];
    setSmsSender({
      send: async (to, templateId, params) => void sent.push([to, templateId, params]),
    });
    await env.handle.db
      .updateTable('users')
      .set({ phone: '13800138000' })
      .where('id', '=', who.duty!.userId)
      .execute();
    let made: Awaited<ReturnType<Agent['post']>> & { body: Board };
    try {
      made = await who.office!.agent.post<Board>('/api/incidents', opening());
      const deps = { db: env.handle.db, dialect: env.handle.dialect, config: env.config };
      await runDueJobs(deps, { names: ['notify.sms'], schedules: false });
    } finally {
      setSmsSender(null);
    }
    expect(sent).toEqual([['13800138000', 'KEPU_DUTY_CALL', { title: '湖南省某县某镇滑坡' }]]);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    incidentId = made.body.id;
    expect(made.body.title).toBe('湖南省某县某镇滑坡');
    expect(made.body.duty.map((d) => [d.userId, d.matchedBy])).toEqual([
      [who.duty!.userId, 'REGION'],
    ]);
    expect(made.body.proposals.map((p) => p.workId)).toEqual([reserveWorkId]);
    const inbox = await who.duty!.agent.get<{ items: { title: string; link: string }[] }>(
      '/api/me/notifications',
    );
    expect(inbox.body.items[0]).toMatchObject({
      title: '应急科普值班：湖南省某县某镇滑坡',
      link: `/admin/incidents/${incidentId}`,
    });
    // Nobody else heard.
    for (const n of ['elsewhere', 'away', 'noEmergency'] as const) {
      const other = await who[n]!.agent.get<{ items: { title: string }[] }>(
        '/api/me/notifications',
      );
      expect(other.body.items.filter((i) => i.title.includes('值班'))).toEqual([]);
    }
  });

  it('lets the province run it with the office, and nobody else see it', async () => {
    const hunan = await who.hunan!.agent.get<Board>(`/api/incidents/${incidentId}`);
    expect(hunan.status).toBe(200);
    expect(hunan.body.me.manage).toBe(true);
    expect((await who.sichuan!.agent.get(`/api/incidents/${incidentId}`)).status).toBe(404);
    expect(
      (await who.sichuan!.agent.post(`/api/incidents/${incidentId}/close`, { note: '' })).status,
    ).toBe(404);
    const theirs = await who.sichuan!.agent.get<{ items: { id: string }[] }>('/api/incidents');
    expect(theirs.body.items.map((i) => i.id)).not.toContain(incidentId);
    expect((await who.elsewhere!.agent.get(`/api/incidents/${incidentId}`)).status).toBe(404);
    const duty = await who.duty!.agent.get<Board>(`/api/incidents/${incidentId}`);
    expect(duty.body.me).toEqual({ manage: false, onDuty: true, acknowledged: false });
    const listed = await who.duty!.agent.get<{ items: { id: string }[] }>('/api/incidents');
    expect(listed.body.items.map((i) => i.id)).toEqual([incidentId]);
    // A duty expert does not draft or close.
    expect(
      (await who.duty!.agent.post(`/api/incidents/${incidentId}/explainers`, { reserveWorkId }))
        .status,
    ).toBe(403);
    const ack = await who.duty!.agent.post<Board>(`/api/incidents/${incidentId}/acknowledge`);
    expect(ack.body.me.acknowledged).toBe(true);
  });

  it('drafts from the reserve, a duty expert approves, and the portal shows it', async () => {
    const drafted = await who.office!.agent.post<Board>(`/api/incidents/${incidentId}/explainers`, {
      reserveWorkId,
      title: '湖南某县滑坡险情：如何识别前兆、安全撤离',
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const e = drafted.body.explainers[0]!;
    expect(e).toMatchObject({
      state: 'DRAFT',
      canSubmit: true,
      fromReserve: { workId: reserveWorkId },
    });
    const scratch = await who.office!.agent.post(`/api/incidents/${incidentId}/explainers`, {});
    expect(fields(scratch).sort()).toEqual(['body', 'title']);
    // Not submitted yet: nothing to approve.
    expect(
      (
        await who.duty!.agent.post(
          `/api/incidents/${incidentId}/explainers/${e.workId}/approve`,
          {},
        )
      ).status,
    ).toBe(409);
    const sent = await who.office!.agent.post<Board>(
      `/api/incidents/${incidentId}/explainers/${e.workId}/submit`,
    );
    expect(sent.body.explainers[0]!.state).toBe('SUBMITTED');
    const told = await who.duty!.agent.get<{ items: { title: string }[] }>('/api/me/notifications');
    expect(told.body.items[0]!.title).toBe('待您审核：湖南某县滑坡险情：如何识别前兆、安全撤离');
    // Staff may not approve in the expert's place; an expert not on duty cannot see it.
    expect(
      (
        await who.hunan!.agent.post(
          `/api/incidents/${incidentId}/explainers/${e.workId}/approve`,
          {},
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await who.elsewhere!.agent.post(
          `/api/incidents/${incidentId}/explainers/${e.workId}/approve`,
          {},
        )
      ).status,
    ).toBe(404);
    const board = await who.duty!.agent.get<Board>(`/api/incidents/${incidentId}`);
    expect(board.body.explainers[0]!.canApprove).toBe(true);
    const ok = await who.duty!.agent.post<Board>(
      `/api/incidents/${incidentId}/explainers/${e.workId}/approve`,
      { comments: '表述准确，可以发布' },
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.explainers[0]!.state).toBe('PUBLISHED');
    expect(ok.body.firstExplainerAt).not.toBeNull();
    expect(ok.body.minutesToFirstExplainer).toBeGreaterThanOrEqual(0);
    const again = await who.duty!.agent.post(
      `/api/incidents/${incidentId}/explainers/${e.workId}/approve`,
      {},
    );
    expect(again.status).toBe(409);

    const work = await env.app.inject({ method: 'GET', url: `/api/public/works/${e.workId}` });
    expect(work.statusCode).toBe(200);
    const banner = await env.app.inject({ method: 'GET', url: '/api/public/emergency' });
    const active = (banner.json() as { active: { id: string; explainers: { id: string }[] }[] })
      .active;
    expect(active.map((a) => [a.id, a.explainers.map((x) => x.id)])).toEqual([
      [incidentId, [e.workId]],
    ]);
    const region = await env.app.inject({ method: 'GET', url: '/api/public/regions/430000' });
    const r = region.json() as {
      name: string;
      active: { id: string }[];
      prevention: { id: string }[];
    };
    expect(r.name).toBe('湖南省');
    expect(r.active.map((a) => a.id)).toEqual([incidentId]);
    expect(r.prevention.map((p) => p.id)).toEqual([reserveWorkId]);
    expect(
      (await env.app.inject({ method: 'GET', url: '/api/public/regions/990000' })).statusCode,
    ).toBe(404);

    const stats = await who.office!.agent.get<{
      incidents: number;
      withExplainer: number;
      medianMinutes: number;
    }>('/api/incidents/stats');
    expect(stats.body).toMatchObject({ incidents: 2, withExplainer: 1 });
    expect(stats.body.medianMinutes).toBe(ok.body.minutesToFirstExplainer);
  });

  it('closing takes the banner down and ends the response', async () => {
    const closed = await who.hunan!.agent.post<Board>(`/api/incidents/${incidentId}/close`, {
      note: '险情解除，群众已返回',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('CLOSED');
    const banner = await env.app.inject({ method: 'GET', url: '/api/public/emergency' });
    expect((banner.json() as { active: unknown[] }).active).toEqual([]);
    expect(
      (await who.hunan!.agent.post(`/api/incidents/${incidentId}/close`, { note: '' })).status,
    ).toBe(409);
    expect(
      (await who.office!.agent.post(`/api/incidents/${incidentId}/explainers`, { reserveWorkId }))
        .status,
    ).toBe(409);
    const region = await env.app.inject({ method: 'GET', url: '/api/public/regions/430000' });
    expect((region.json() as { recent: { id: string }[] }).recent.map((x) => x.id)).toEqual([
      incidentId,
    ]);
  });

  it('reminds the owners once when a reserve item’s yearly review falls due', async () => {
    await env.handle.db
      .updateTable('reserveItems')
      .set({ reviewDue: '2020-01-01' })
      .where('workId', '=', reserveWorkId)
      .execute();
    const deps = { db: env.handle.db, dialect: env.handle.dialect, config: env.config };
    for (let i = 0; i < 2; i++) {
      await enqueue(env.handle.db, 'reserve.remindStale', {});
      await runDueJobs(deps, { names: ['reserve.remindStale'], schedules: false });
    }
    const inbox = await who.museum!.agent.get<{ items: { title: string }[] }>(
      '/api/me/notifications',
    );
    expect(
      inbox.body.items.filter((n) => n.title === '储备内容待复核：滑坡来了怎么办').length,
    ).toBe(1);
    const stale = await who.museum!.agent.get<{ items: { stale: boolean }[] }>(
      '/api/reserve?stale=true',
    );
    expect(stale.body.items.map((i) => i.stale)).toEqual([true]);
    // Stale content is not proposed and leaves a gap.
    const cov = await who.museum!.agent.get<{ hazards: { code: string }[]; counts: number[][] }>(
      '/api/reserve/coverage',
    );
    expect(cov.body.counts.flat().every((c) => c === 0)).toBe(true);
    const reviewed = await who.museum!.agent.post<{ stale: boolean; reviewDue: string }>(
      `/api/reserve/${reserveWorkId}/review`,
    );
    expect(reviewed.body.stale).toBe(false);
    expect((await who.sichuan!.agent.del(`/api/reserve/${reserveWorkId}`)).status).toBe(403);
    expect((await who.museum!.agent.del(`/api/reserve/${reserveWorkId}`)).status).toBe(200);
    expect((await who.museum!.agent.get<{ total: number }>('/api/reserve')).body.total).toBe(0);
  });
});
