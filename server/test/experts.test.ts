import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  type Agent as AgentType,
  buildCallOrganisations,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
} from './helpers.ts';

type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
const fields = (r: { body: unknown }) =>
  ((r.body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);
interface Profile {
  userId: string;
  rank: string | null;
  organisationName: string | null;
  regionNames: { code: string; label: string }[];
  verified: { byName: string; organisationName: string } | null;
  publicProfile: boolean;
  works: { id: string; title: string }[];
}
interface Row {
  userId: string;
  load: number;
  verified: boolean;
}
type Page = { items: Row[]; total: number };

/** The whole profile an expert fills in, with values that must never reach the public unasked. */
const FULL = {
  title: '研究员',
  rank: 'SENIOR',
  sectors: ['GEOLOGY'],
  topics: ['GEOHAZARD_PREVENTION'],
  hazards: ['LANDSLIDE', 'DEBRIS_FLOW'],
  regions: ['430111'],
  languages: ['普通话', '湘语-私密'],
  services: ['REVIEW', 'EMERGENCY'],
  availability: 'LIMITED',
  availabilityNote: '私密的时间说明',
  availableUntil: '2099-01-01',
  bio: '私密的个人简介文字',
  publications: [{ title: '私密的论文标题', year: 2020, venue: '私密期刊' }],
};

describe.each(DIALECTS)('the expert directory on %s', (dialect) => {
  let env: TestEnv;
  let admin: AgentType;
  let orgs: Awaited<ReturnType<typeof buildCallOrganisations>>;
  let lab: { id: string };
  let sichuanLab: { id: string };
  const who: Record<string, Awaited<ReturnType<typeof buildUserWithRole>>> = {};

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    orgs = await buildCallOrganisations(env, admin);
    lab = await buildOrganisation(admin, orgs.hunan.id, {
      type: 'RESEARCH_UNIT',
      name: '湖南地质实验室',
    });
    sichuanLab = await buildOrganisation(admin, orgs.sichuan.id, {
      type: 'RESEARCH_UNIT',
      name: '四川地质实验室',
    });
    const make = async (
      name: string,
      role: 'REVIEWER' | 'ORG_ADMIN' | 'EDITOR' | 'MEMBER',
      org: { id: string },
      displayName?: string,
    ) => {
      who[name] = await buildUserWithRole(env, admin, role, org.id);
      if (displayName)
        await env.handle.db
          .updateTable('users')
          .set({ displayName })
          .where('id', '=', who[name]!.userId)
          .execute();
    };
    await make('li', 'REVIEWER', lab, '李滑坡');
    await make('zhang', 'REVIEWER', sichuanLab, '张泥流');
    await make('wu', 'REVIEWER', orgs.institute, '吴海洋');
    await make('labAdmin', 'ORG_ADMIN', lab);
    await make('hunanAdmin', 'ORG_ADMIN', orgs.hunan);
    await make('sichuanAdmin', 'ORG_ADMIN', orgs.sichuan);
    await make('hunanEditor', 'EDITOR', orgs.hunan);
    await make('member', 'MEMBER', lab);
  }, 120_000);
  afterAll(() => env?.close());

  it('keeps the whole profile, and names each bad field', async () => {
    const li = who.li!.agent;
    const put = await li.request<Profile>('PUT', '/api/experts/me', {
      ...FULL,
      organisationId: lab.id,
    });
    expect(put.status).toBe(200);
    expect(put.body.organisationName).toBe('湖南地质实验室');
    expect(put.body.regionNames).toEqual([{ code: '430111', label: '湖南省长沙市雨花区' }]);
    const en = await li.get<Profile>('/api/experts/me', { 'accept-language': 'en-US' });
    expect(en.body.regionNames[0]!.label).toBe('Yuhua District, Changsha City, Hunan');

    const bad = async (patch: Record<string, unknown>, field: string) => {
      const r = await li.request('PUT', '/api/experts/me', {
        ...FULL,
        organisationId: lab.id,
        ...patch,
      });
      expect(r.status).toBe(400);
      expect(fields(r)).toContain(field);
    };
    await bad({ hazards: ['EARTHQUAKE_X'] }, 'hazards');
    await bad({ regions: ['999999'] }, 'regions');
    await bad({ rank: 'PROFESSOR' }, 'rank');
    await bad({ availability: 'AVAILABLE', availableUntil: '2099-01-01' }, 'availableUntil');
    await bad({ workIds: ['01900000-0000-7000-8000-000000000000'] }, 'workIds');
    await bad({ photoMediaId: '01900000-0000-7000-8000-000000000000' }, 'photoMediaId');
    await bad({ publications: [{ title: '', year: 2020 }] }, 'publications.0.title');
    // A work is listed only when it names the person as an author.
    const work = await admin.post<{ id: string }>('/api/works', {
      organisationId: lab.id,
      type: 'GRAPHIC',
      title: '滑坡前兆图解',
      authors: [{ userId: who.li!.userId, name: '李滑坡' }],
    });
    expect(work.status).toBe(201);
    const other = await admin.post<{ id: string }>('/api/works', {
      organisationId: lab.id,
      type: 'GRAPHIC',
      title: '别人的作品',
    });
    await bad({ workIds: [other.body.id] }, 'workIds');
    const withWork = await li.request<Profile>('PUT', '/api/experts/me', {
      ...FULL,
      organisationId: lab.id,
      workIds: [work.body.id],
    });
    expect(withWork.status).toBe(200);
    expect(withWork.body.works.map((w) => w.title)).toEqual(['滑坡前兆图解']);
  });

  it('is verified by the unit’s administrators only, and a new rank or unit clears it', async () => {
    const id = who.li!.userId;
    const url = `/api/experts/${id}/verification`;
    for (const name of ['sichuanAdmin', 'hunanEditor', 'member', 'zhang'])
      expect([403, 404]).toContain((await who[name]!.agent.post(url, { verified: true })).status);
    const ok = await who.labAdmin!.agent.post<Profile>(url, { verified: true });
    expect(ok.status).toBe(200);
    expect(ok.body.verified?.organisationName).toBe('湖南地质实验室');
    // The province above the unit may too; withdrawing and verifying again.
    expect((await who.hunanAdmin!.agent.post(url, { verified: false })).status).toBe(200);
    expect((await who.hunanAdmin!.agent.post(url, { verified: true })).status).toBe(200);
    // Editing the bio keeps it; a new rank clears it; so does a new unit.
    const li = who.li!.agent;
    let me = await li.request<Profile>('PUT', '/api/experts/me', {
      ...FULL,
      organisationId: lab.id,
      bio: '新的简介',
    });
    expect(me.body.verified).not.toBeNull();
    me = await li.request<Profile>('PUT', '/api/experts/me', {
      ...FULL,
      organisationId: lab.id,
      rank: 'ASSOCIATE',
    });
    expect(me.body.verified).toBeNull();
    await who.labAdmin!.agent.post(url, { verified: true });
    me = await li.request<Profile>('PUT', '/api/experts/me', {
      ...FULL,
      rank: 'ASSOCIATE',
      organisationId: sichuanLab.id,
    });
    expect(me.body.verified).toBeNull();
    // Now the Sichuan unit's experts are Sichuan's to verify, not Hunan's.
    expect([403, 404]).toContain((await who.labAdmin!.agent.post(url, { verified: true })).status);
    expect((await who.sichuanAdmin!.agent.post(url, { verified: true })).status).toBe(200);
    // Back to the Hunan lab for the rest of the tests, verified there.
    await li.request('PUT', '/api/experts/me', { ...FULL, organisationId: lab.id });
    await who.labAdmin!.agent.post(url, { verified: true });
    // No unit named: nothing to verify against.
    const wu = await who.wu!.agent.request('PUT', '/api/experts/me', { title: '工程师' });
    expect(wu.status).toBe(200);
    const none = await admin.post(`/api/experts/${who.wu!.userId}/verification`, {
      verified: true,
    });
    expect(none.status).toBe(422);
    // Not an expert at all: 404.
    expect(
      (await admin.post(`/api/experts/${who.member!.userId}/verification`, { verified: true }))
        .status,
    ).toBe(404);
  });

  it('finds experts by hazard, region within or containing, rank, service, availability, unit and load', async () => {
    await who.zhang!.agent.request('PUT', '/api/experts/me', {
      title: '高级工程师',
      rank: 'ASSOCIATE',
      organisationId: sichuanLab.id,
      hazards: ['DEBRIS_FLOW'],
      regions: ['510000'],
      services: ['LECTURE'],
    });
    const editor = who.hunanEditor!.agent;
    const ids = async (q: string) => {
      const r = await editor.get<Page>(`/api/experts?${q}`);
      expect(r.status).toBe(200);
      return r.body.items.map((x) => x.userId).sort();
    };
    const [li, zhang, wu] = [who.li!.userId, who.zhang!.userId, who.wu!.userId];
    expect(await ids('hazard=DEBRIS_FLOW')).toEqual([li, zhang].sort());
    expect(await ids('hazard=LANDSLIDE')).toEqual([li]);
    // A province finds the district's expert; a county finds the province-wide one.
    expect(await ids('region=430000')).toEqual([li]);
    expect(await ids('region=430100')).toEqual([li]);
    expect(await ids('region=510104')).toEqual([zhang]);
    expect(await ids('region=440000')).toEqual([]);
    expect(await ids('rank=SENIOR')).toEqual([li]);
    expect(await ids('rank=SENIOR&rank=ASSOCIATE')).toEqual([li, zhang].sort());
    expect(await ids('service=EMERGENCY')).toEqual([li]);
    expect(await ids('availability=LIMITED')).toEqual([li]);
    expect((await ids('availability=AVAILABLE')).includes(li)).toBe(false);
    expect(await ids('verified=yes')).toEqual([li]);
    expect(await ids(`organisationId=${orgs.hunan.id}`)).toEqual([li]);
    expect(await ids(`q=${encodeURIComponent('泥流')}`)).toEqual([zhang]);
    expect(await ids(`q=${encodeURIComponent('四川地质')}`)).toEqual([zhang]);
    // Paged with the exact total.
    const p = await editor.get<Page>('/api/experts?pageSize=1&sort=name');
    expect(p.body.items).toHaveLength(1);
    expect(p.body.total).toBeGreaterThanOrEqual(3);
    expect((await editor.get<Page>('/api/experts?pageSize=2&page=2')).body.items.length).toBe(
      Math.min(2, p.body.total - 2),
    );
    // Load: review assignments this year (recusals excluded).
    const loads = Object.fromEntries(
      (await editor.get<Page>('/api/experts?pageSize=100')).body.items.map((x) => [
        x.userId,
        x.load,
      ]),
    );
    expect(loads[wu]).toBe(0);
    // Bad filters are named.
    const bad = await editor.get('/api/experts?rank=PROFESSOR&region=12');
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(['rank', 'region']);
    // Not for the public, nor for experts and plain members.
    for (const name of ['member', 'zhang'])
      expect((await who[name]!.agent.get('/api/experts')).status).toBe(403);
    expect((await new Agent(env.app).get('/api/experts')).status).toBe(401);
  });

  it('shows the public only the parts the person chose, and nothing once consent is withdrawn', async () => {
    const li = who.li!.agent;
    const anon = new Agent(env.app);
    const page = `/api/public/experts/${who.li!.userId}`;
    expect((await anon.get(page)).status).toBe(404);
    const put = await li.request('PUT', '/api/experts/me', {
      ...FULL,
      organisationId: lab.id,
      publicProfile: true,
      publicFields: ['title', 'hazards', 'regions'],
    });
    expect(put.status).toBe(200);
    const one = await anon.get<Record<string, unknown>>(page);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      name: '李滑坡',
      title: '研究员',
      verified: true,
      hazards: ['LANDSLIDE', 'DEBRIS_FLOW'],
    });
    const list = await anon.get<{ items: Record<string, unknown>[] }>(
      `/api/public/experts?q=${encodeURIComponent('滑坡')}`,
    );
    expect(list.body.items.map((x) => x.id)).toEqual([who.li!.userId]);
    // Not one private value anywhere in the public JSON.
    const text = JSON.stringify([one.body, list.body]);
    for (const secret of [
      '私密',
      '湘语',
      '湖南地质实验室',
      'SENIOR',
      'EMERGENCY',
      'LIMITED',
      '2099',
      who.labAdmin!.userId,
    ])
      expect(text).not.toContain(secret);
    // Site search finds the public page by the name's pinyin and the public hazards, never by a private part.
    type Hits = { items: { type: string; id: string; url: string | null }[] };
    const search = async (q: string) =>
      (await anon.get<Hits>(`/api/search?q=${encodeURIComponent(q)}&type=expert`)).body.items.map(
        (x) => x.id,
      );
    expect(await search('lihuapo')).toEqual([who.li!.userId]);
    expect(await search('泥石流')).toEqual([who.li!.userId]);
    expect(await search('私密期刊')).toEqual([]);
    expect(await search('湘语')).toEqual([]);
    // Others who did not consent are not listed.
    const all = await anon.get<{ items: { id: string }[] }>('/api/public/experts?pageSize=100');
    expect(all.body.items.map((x) => x.id)).toEqual([who.li!.userId]);
    // Withdrawn: gone at once.
    await li.request('PUT', '/api/experts/me', {
      ...FULL,
      organisationId: lab.id,
      publicProfile: false,
      publicFields: ['title'],
    });
    expect((await anon.get(page)).status).toBe(404);
    expect((await anon.get<{ total: number }>('/api/public/experts')).body.total).toBe(0);
    expect(await search('lihuapo')).toEqual([]);
    // The consent and its withdrawal are in the audit log.
    const actions = await env.handle.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', who.li!.userId)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['expert.publicConsent', 'expert.publicWithdrawn', 'expert.verify']),
    );
  });

  it('exports the profile in words and erases it with the account', async () => {
    const zhang = who.zhang!.agent;
    await zhang.request('PUT', '/api/experts/me', {
      title: '高级工程师',
      rank: 'ASSOCIATE',
      organisationId: sichuanLab.id,
      hazards: ['DEBRIS_FLOW'],
      regions: ['510104'],
      services: ['LECTURE'],
      bio: '四川山区泥石流防治',
      publicProfile: true,
      publicFields: ['title', 'bio'],
    });
    const anon = new Agent(env.app);
    expect((await anon.get(`/api/public/experts/${who.zhang!.userId}`)).status).toBe(200);
    const data = await zhang.get<{
      modules: { module: string; items: { label: string; value: unknown }[][] }[];
    }>('/api/me/export');
    expect(data.status).toBe(200);
    const text = JSON.stringify(data.body);
    expect(text).toContain('专家资料');
    expect(text).toContain('副高级');
    expect(text).toContain('泥石流');
    expect(text).toContain('四川省成都市锦江区');
    expect(text).not.toContain('DEBRIS_FLOW');
    const gone = await zhang.request('DELETE', '/api/me', { password: PASSWORD });
    expect(gone.status).toBe(200);
    expect((await anon.get(`/api/public/experts/${who.zhang!.userId}`)).status).toBe(404);
    const hits = await anon.get<{ items: unknown[] }>(
      `/api/search?q=${encodeURIComponent('四川山区泥石流防治')}&type=expert`,
    );
    expect(hits.body.items).toEqual([]);
    const left = await env.handle.db
      .selectFrom('expertTags')
      .select('code')
      .where('userId', '=', who.zhang!.userId)
      .execute();
    expect(left).toEqual([]);
  });
});
