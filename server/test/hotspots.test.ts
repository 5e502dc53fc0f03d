import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourOf, type SignalRow } from '../src/modules/hotspots/detector.ts';
import { runDetection } from '../src/modules/hotspots/service.ts';
import { flushSignals, upsertSignals } from '../src/modules/hotspots/signals.ts';
import { newId, nowIso } from '../src/platform/ids.ts';
import {
  type Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type Err = { error: { code: string; details?: { fields?: { field: string }[] } } };
type Alert = {
  id: string;
  term: string;
  division: string | null;
  regionName: string;
  status: string;
  observed: number;
  expected: number;
  series: { date: string; count: number; baseline: number }[];
  topQueries: { query: string; count: number }[];
  regions: { division: string; name: string; count: number }[];
  dismissReason: string | null;
  contentRequestNote: string | null;
  incidentId: string | null;
};
type Page = { items: Alert[]; total: number };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Three weeks of steady signals, then a day of rises: 地面沉降 in 北京, 滑坡 in 湖南, 地震 across
 * every province (the nation's), and a small 天坑 rise below the minimum count.
 */
function history(now: number): SignalRow[] {
  const rows: SignalRow[] = [];
  const end = Math.floor(now / HOUR) * HOUR;
  const add = (hourStart: number, term: string, division: string, count: number) => {
    if (count > 0) rows.push({ hour: hourOf(hourStart), kind: 'SEARCH', term, division, count });
  };
  for (let h = 21 * 24; h >= 1; h--) {
    const at = end - h * HOUR;
    const lastDay = h <= 24;
    add(at, '地面沉降', '110000', (h % 4 === 0 ? 1 : 0) + (lastDay ? 6 : 0));
    add(at, '滑坡', '430000', (h % 3 === 0 ? 1 : 0) + (lastDay ? 5 : 0));
    for (const d of ['110000', '430000', '510000', '440000'])
      add(at, '地震', d, (h % 2 === 0 ? 1 : 0) + (lastDay ? 2 : 0));
    add(at, '天坑', '510000', h === 5 ? 10 : h % 24 === 0 ? 1 : 0);
    add(at, '矿产', '', 2);
  }
  for (const q of ['地面沉降 原因', '滑坡 前兆', '地震'])
    rows.push({
      hour: hourOf(end - 2 * HOUR),
      kind: 'QUERY',
      term: q,
      division: q.startsWith('地面') ? '110000' : q.startsWith('滑') ? '430000' : '510000',
      count: 40,
    });
  return rows;
}

/** An active landslide response of Hunan's department (written directly). */
async function anIncident(env: TestEnv, organisationId: string): Promise<string> {
  const id = newId();
  const at = nowIso();
  await env.handle.db
    .insertInto('incidents')
    .values({
      id,
      organisationId,
      regionOrgId: organisationId,
      title: '湖南省滑坡',
      hazard: 'LANDSLIDE',
      gradeKind: 'DANGER',
      grade: 'SMALL',
      responseLevel: null,
      divisionCode: '430000',
      provinceCode: '43',
      place: '',
      occurredAt: at,
      source: '',
      description: '',
      status: 'ACTIVE',
      openedAt: at,
      openedBy: null,
      closedAt: null,
      closedBy: null,
      closeNote: '',
      firstExplainerAt: null,
      firstExplainerId: null,
      updatedAt: at,
    })
    .execute();
  return id;
}

describe.each(DIALECTS)('hotspot early warning on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let ministryAdmin: Agent;
  let officeAdmin: Agent;
  let officeEditor: Agent;
  let hunanAdmin: Agent;
  let hunanEditor: Agent;
  let beijingAdmin: Agent;
  let member: Agent;
  let hunanEditorId: string;
  let alerts: Alert[];
  const byTerm = (t: string) => alerts.find((a) => a.term === t)!;

  let hunanId = '';
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    const hunan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    hunanId = hunan.id;
    const beijing = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '北京市规划和自然资源委员会',
      tree: 'ADMIN',
      divisionCode: '110000',
    });
    const changsha = await buildOrganisation(admin, hunan.id, {
      type: 'CITY_DEPT',
      name: '长沙市自然资源和规划局',
      tree: 'ADMIN',
      divisionCode: '430100',
    });
    ministryAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', env.rootId)).agent;
    const office = await buildOrganisation(admin, env.rootId, {
      type: 'MINISTRY_OFFICE',
      name: '科普工作办公室',
      tree: 'DEPT',
    });
    officeEditor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    officeAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', office.id)).agent;
    hunanAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', hunan.id)).agent;
    const ed = await buildUserWithRole(env, admin, 'EDITOR', changsha.id);
    hunanEditor = ed.agent;
    hunanEditorId = ed.userId;
    beijingAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', beijing.id)).agent;
    member = (await buildUserWithRole(env, admin, 'MEMBER', hunan.id)).agent;
  }, 120_000);
  afterAll(() => env.close());

  it('counts public searches as hourly signals (words, zero results, the phrase) by upsert', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await member.get(
        `/api/search?q=${encodeURIComponent('北京地面沉降怎么办')}&region=110000`,
      );
      expect(r.status).toBe(200);
      await env.app.inject({
        method: 'GET',
        url: `/api/search?q=${encodeURIComponent('地面沉降')}`,
      });
    }
    await flushSignals(env.handle.db);
    // Again, into the same hour's rows: count = count + n.
    await env.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent('地面沉降')}` });
    await flushSignals(env.handle.db);
    const rows = await env.handle.db
      .selectFrom('hotspotSignals')
      .selectAll()
      .where('hour', '=', hourOf(Date.now()))
      .execute();
    const count = (kind: string, term: string, division: string) =>
      Number(
        rows.find((r) => r.kind === kind && r.term === term && r.division === division)?.count ?? 0,
      );
    expect(count('SEARCH', '地面沉降', '110000')).toBe(3);
    expect(count('SEARCH', '北京', '110000')).toBe(3);
    // An anonymous visitor: no province. A member of 湖南's unit: 湖南 (the profile, never the address).
    expect(count('SEARCH', '地面沉降', '') + count('SEARCH', '地面沉降', '430000')).toBe(4);
    expect(count('QUERY', '北京 地面沉降', '110000')).toBe(3);
    // The empty library finds nothing: zero-result words too.
    expect(count('ZERO_RESULT', '地面沉降', '110000')).toBe(3);
    // No raw text and no person anywhere in the table.
    expect(rows.every((r) => !r.term.includes('怎么办'))).toBe(true);
    await env.handle.db.deleteFrom('hotspotSignals').execute();
  });

  it('the hourly detection raises one alert per rising term and region and tells the office and the province', async () => {
    const now = Date.now();
    await upsertSignals(env.handle.db, history(now));
    const ids = await runDetection(env.handle.db, env.handle.dialect, now);
    expect(ids).toHaveLength(3);
    // Again within the hour (or the next): open alerts are not raised twice.
    expect(await runDetection(env.handle.db, env.handle.dialect, now + HOUR)).toHaveLength(0);
    const page = await admin.get<Page>('/api/hotspots/alerts?pageSize=50');
    expect(page.status).toBe(200);
    alerts = page.body.items;
    expect(alerts.map((a) => a.term).sort()).toEqual(['地震', '地面沉降', '滑坡']);
    expect(byTerm('地面沉降').division).toBe('110000');
    expect(byTerm('滑坡').division).toBe('430000');
    expect(byTerm('地震').division).toBeNull();
    expect(byTerm('地震').regionName).toBe('全国');
    const detail = await admin.get<Alert>(`/api/hotspots/alerts/${byTerm('滑坡').id}`);
    expect(detail.body.series).toHaveLength(14);
    expect(detail.body.series.at(-1)!.count).toBe(detail.body.observed);
    expect(detail.body.observed).toBeGreaterThan(detail.body.expected * 3);
    expect(detail.body.topQueries[0]).toEqual({ query: '滑坡 前兆', count: 40 });
    expect(detail.body.regions[0]).toMatchObject({ division: '430000', name: '湖南省' });
    const inbox = async (a: Agent) =>
      (await a.get<{ items: { title: string }[] }>('/api/me/notifications')).body.items.map(
        (n) => n.title,
      );
    expect((await inbox(hunanAdmin)).some((t) => t.includes('滑坡'))).toBe(true);
    expect((await inbox(hunanAdmin)).some((t) => t.includes('地面沉降'))).toBe(false);
    expect((await inbox(ministryAdmin)).filter((t) => t.startsWith('热点预警'))).toHaveLength(3);
    expect((await inbox(admin)).filter((t) => t.startsWith('热点预警'))).toHaveLength(3);
    expect((await inbox(officeAdmin)).filter((t) => t.startsWith('热点预警'))).toHaveLength(3);
  });

  it('scopes the list: the office sees all, a province its own; another province is a 404', async () => {
    const hunanList = await hunanAdmin.get<Page>('/api/hotspots/alerts');
    expect(hunanList.body.items.map((a) => a.term)).toEqual(['滑坡']);
    // A unit inside the province sees the province's.
    expect((await hunanEditor.get<Page>('/api/hotspots/alerts')).body.total).toBe(1);
    expect(
      (await beijingAdmin.get<Page>('/api/hotspots/alerts')).body.items.map((a) => a.term),
    ).toEqual(['地面沉降']);
    expect((await ministryAdmin.get<Page>('/api/hotspots/alerts')).body.total).toBe(3);
    // The ministry's 科普工作办公室 is the office: every alert, the nation's too.
    expect((await officeEditor.get<Page>('/api/hotspots/alerts')).body.total).toBe(3);
    expect((await officeAdmin.get(`/api/hotspots/alerts/${byTerm('地震').id}`)).status).toBe(200);
    expect((await hunanAdmin.get(`/api/hotspots/alerts/${byTerm('地面沉降').id}`)).status).toBe(
      404,
    );
    expect((await hunanAdmin.get(`/api/hotspots/alerts/${byTerm('地震').id}`)).status).toBe(404);
    const cross = await hunanAdmin.post(`/api/hotspots/alerts/${byTerm('地面沉降').id}/dismiss`, {
      reason: '不是我们的',
    });
    expect(cross.status).toBe(404);
    expect((await member.get('/api/hotspots/alerts')).status).toBe(403);
    expect((await admin.get<Page>('/api/hotspots/alerts?division=430000')).body.total).toBe(1);
    expect((await admin.get('/api/hotspots/alerts?division=4300')).status).toBe(400);
  });

  it('dismisses with a reason (once), asks for content (notifies), links to an incident', async () => {
    const id = byTerm('地面沉降').id;
    const noReason = await beijingAdmin.post<Err>(`/api/hotspots/alerts/${id}/dismiss`, {
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details?.fields?.[0]?.field).toBe('reason');
    const ok = await beijingAdmin.post<Alert>(`/api/hotspots/alerts/${id}/dismiss`, {
      reason: '施工宣传引起的正常关注',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'DISMISSED', dismissReason: '施工宣传引起的正常关注' });
    expect(
      (await admin.post(`/api/hotspots/alerts/${id}/dismiss`, { reason: '再次' })).status,
    ).toBe(409);

    const landslide = byTerm('滑坡').id;
    const asked = await hunanAdmin.post<Alert>(
      `/api/hotspots/alerts/${landslide}/request-content`,
      {
        note: '请准备滑坡前兆识别的图文',
      },
    );
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      status: 'CONTENT_REQUESTED',
      contentRequestNote: '请准备滑坡前兆识别的图文',
    });
    const told = await hunanEditor.get<{
      items: { title: string; body: string; userId?: string }[];
    }>('/api/me/notifications');
    expect(
      told.body.items.some((n) => n.title.includes('约稿') && n.body.includes('滑坡前兆')),
    ).toBe(true);
    expect(hunanEditorId).toBeTruthy();
    expect(
      (await hunanAdmin.post(`/api/hotspots/alerts/${landslide}/request-content`, {})).status,
    ).toBe(409);

    const bad = await admin.post<Err>(`/api/hotspots/alerts/${landslide}/link-incident`, {
      incidentId: 'x',
    });
    expect(bad.status).toBe(400);
    // An incident that does not exist (or that the person cannot see) is a field error.
    const unknown = await admin.post<Err>(`/api/hotspots/alerts/${landslide}/link-incident`, {
      incidentId: '0193f6a2-6b1c-7cde-8f00-123456789abc',
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('incidentId');
    const incidentId = await anIncident(env, hunanId);
    const linked = await admin.post<Alert>(`/api/hotspots/alerts/${landslide}/link-incident`, {
      incidentId,
    });
    expect(linked.body).toMatchObject({ status: 'LINKED', incidentId });
    const audit = await env.handle.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'like', 'hotspotAlert.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'hotspotAlert.dismiss',
      'hotspotAlert.linkIncident',
      'hotspotAlert.requestContent',
    ]);
    // A dismissed alert's term stays quiet during the cool-down.
    expect(
      await runDetection(env.handle.db, env.handle.dialect, Date.now() + 2 * HOUR),
    ).toHaveLength(0);
    expect(DAY).toBe(86_400_000);
  });

  it("keeps the thresholds as the platform's settings", async () => {
    expect((await hunanAdmin.get('/api/hotspots/settings')).status).toBe(403);
    const s = await admin.put<{ minCount: number; ratio: number }>('/api/hotspots/settings', {
      minCount: 50,
    });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ minCount: 50, ratio: 3 });
    expect((await admin.put<Err>('/api/hotspots/settings', { ratio: 0 })).status).toBe(400);
    expect((await admin.get<{ minCount: number }>('/api/hotspots/settings')).body.minCount).toBe(
      50,
    );
  });
});
