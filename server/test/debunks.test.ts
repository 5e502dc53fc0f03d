import { SaxesParser } from 'saxes';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_LIMITS } from '../src/modules/debunks/reports.ts';
import { flushSignals } from '../src/modules/hotspots/signals.ts';
import { newId, nowIso } from '../src/platform/ids.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
  xlsxRows,
} from './helpers.ts';

type Err = { error: { code: string; details?: { fields?: { field: string }[] } } };
type Debunk = {
  id: string;
  status: string;
  workId: string | null;
  publishedAt: string | null;
  reports: number;
  experts: { userId: string; name: string; public: boolean }[];
};
type Report = {
  id: string;
  status: string;
  contact: string | null;
  debunkId: string | null;
  duplicateOf: string | null;
  duplicates: number;
};

describe.each(DIALECTS)('debunks and rumour reports on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let office: Agent;
  let hunanEditor: Agent;
  let sichuanEditor: Agent;
  let hunanMember: Agent;
  let hunan: { id: string };
  let sichuan: { id: string };
  let publicExpert: string;
  let privateExpert: string;
  const anon = () =>
    new Agent(
      env.app,
      `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    );

  async function expert(name: string, publicPage: boolean) {
    const { userId } = await buildUserWithRole(env, admin, 'REVIEWER', hunan.id);
    const at = nowIso();
    await env.handle.db
      .updateTable('users')
      .set({ displayName: name })
      .where('id', '=', userId)
      .execute();
    await env.handle.db
      .insertInto('expertProfiles')
      .values({
        userId,
        title: '研究员',
        rank: 'SENIOR',
        organisationId: hunan.id,
        sectors: '[]',
        topics: '[]',
        hazards: '["LANDSLIDE"]',
        regions: '[]',
        languages: '[]',
        services: '[]',
        availability: 'AVAILABLE',
        availabilityNote: '',
        availableUntil: null,
        bio: '',
        publications: '[]',
        workIds: '[]',
        photoMediaId: null,
        publicFields: '["title"]',
        publicConsentAt: publicPage ? at : null,
        verifiedAt: at,
        verifiedBy: null,
        verifiedOrgId: hunan.id,
        updatedAt: at,
      })
      .execute();
    return userId;
  }

  const entry = (over: Record<string, unknown> = {}) => ({
    organisationId: hunan.id,
    kind: 'DEBUNK',
    title: '“湘西将发生滑坡”传闻不实',
    summary: '网传视频为多年前外省旧闻。',
    claims: [
      { rumour: '湘西某县山体即将整体滑坡，请立即撤离', truth: '经现场核查，该处无变形迹象。' },
      { rumour: '视频拍摄于本周', truth: '视频为 2019 年外省旧闻翻炒。' },
    ],
    authority: '湖南省地质灾害监测预警工程技术研究中心',
    expertIds: [publicExpert, privateExpert],
    sources: [{ platform: '微博', account: '@某营销号', link: 'https://weibo.example/1' }],
    hazard: 'LANDSLIDE',
    divisionCode: '430000',
    date: '2026-05-12',
    ...over,
  });

  async function verified(by: Agent, over: Record<string, unknown> = {}) {
    const c = await by.post<Debunk>('/api/debunks', entry(over));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    for (const status of ['VERIFYING', 'DEBUNKED']) {
      const s = await by.post<Debunk>(`/api/debunks/${c.body.id}/status`, { status });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
    return c.body.id;
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    hunan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    sichuan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '四川省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '510000',
    });
    office = (await buildUserWithRole(env, admin, 'EDITOR', env.rootId)).agent;
    hunanEditor = (await buildUserWithRole(env, admin, 'EDITOR', hunan.id)).agent;
    hunanMember = (await buildUserWithRole(env, admin, 'MEMBER', hunan.id)).agent;
    sichuanEditor = (await buildUserWithRole(env, admin, 'EDITOR', sichuan.id)).agent;
    publicExpert = await expert('李滑坡', true);
    privateExpert = await expert('王隐私', false);
  }, 90_000);
  afterAll(() => env.close());

  it('validates an entry and names the fields', async () => {
    const bad = await hunanEditor.post<Err>(
      '/api/debunks',
      entry({ claims: [], hazard: 'NOPE', expertIds: [newId()] }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details!.fields!.map((f) => f.field)).toContain('claims');
    const codes = await hunanEditor.post<Err>('/api/debunks', entry({ hazard: 'NOPE' }));
    expect(codes.status).toBe(400);
    expect(codes.body.error.details!.fields!.map((f) => f.field)).toEqual(['hazard']);
    const notExpert = await hunanEditor.post<Err>('/api/debunks', entry({ expertIds: [newId()] }));
    expect(notExpert.status).toBe(400);
    expect(notExpert.body.error.details!.fields!.map((f) => f.field)).toEqual(['expertIds']);
  });

  it('steps the status flow and refuses an illegal step with 409', async () => {
    const c = await hunanEditor.post<Debunk>('/api/debunks', entry());
    expect(c.body.status).toBe('DETECTED');
    const skip = await hunanEditor.post<Err>(`/api/debunks/${c.body.id}/status`, {
      status: 'DEBUNKED',
    });
    expect(skip.status).toBe(409);
    expect((await hunanEditor.post(`/api/debunks/${c.body.id}/publish`)).status).toBe(409);
    await hunanEditor.post(`/api/debunks/${c.body.id}/status`, { status: 'VERIFYING' });
    const done = await hunanEditor.post<Debunk>(`/api/debunks/${c.body.id}/status`, {
      status: 'PARTIAL',
    });
    expect(done.body.status).toBe('PARTIAL');
    // A verdict is final.
    const back = await hunanEditor.post<Err>(`/api/debunks/${c.body.id}/status`, {
      status: 'VERIFYING',
    });
    expect(back.status).toBe(409);
    const audit = await env.handle.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', c.body.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'debunk.create',
      'debunk.status',
      'debunk.status',
    ]);
  });

  it('scopes drafts to the owning province: another cannot see or edit them', async () => {
    const id = (await hunanEditor.post<Debunk>('/api/debunks', entry())).body.id;
    expect((await sichuanEditor.get(`/api/debunks/${id}`)).status).toBe(404);
    expect((await sichuanEditor.put(`/api/debunks/${id}`, entry())).status).toBe(404);
    expect(
      (await sichuanEditor.post(`/api/debunks/${id}/status`, { status: 'VERIFYING' })).status,
    ).toBe(404);
    const list = await sichuanEditor.get<{ items: { id: string }[] }>('/api/debunks?pageSize=100');
    expect(list.body.items.map((x) => x.id)).not.toContain(id);
    // Sichuan cannot file an entry under Hunan; a Hunan member reads but cannot edit.
    expect((await sichuanEditor.post('/api/debunks', entry())).status).toBe(403);
    expect((await hunanMember.get(`/api/debunks/${id}`)).status).toBe(200);
    expect((await hunanMember.put(`/api/debunks/${id}`, entry())).status).toBe(403);
    // The office (above every province) sees it.
    expect((await office.get(`/api/debunks/${id}`)).status).toBe(200);
    // Not public while a draft.
    expect((await anon().get(`/api/public/debunks/${id}`)).status).toBe(404);
  });

  it('publishes: public entry (contract), a DEBUNK work, and search type debunk once', async () => {
    const id = await verified(hunanEditor, { title: '“湘西滑坡视频”系旧闻翻炒' });
    const p = await hunanEditor.post<Debunk>(`/api/debunks/${id}/publish`);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.workId).toBeTruthy();
    const work = await env.handle.db
      .selectFrom('works')
      .selectAll()
      .where('id', '=', p.body.workId!)
      .executeTakeFirstOrThrow();
    expect(work).toMatchObject({
      type: 'DEBUNK',
      status: 'PUBLISHED',
      title: '“湘西滑坡视频”系旧闻翻炒',
    });
    expect(work.body).toContain('真相');
    expect((await anon().get(`/api/public/works/${p.body.workId}`)).status).toBe(200);

    const list = await anon().get<{ items: Record<string, unknown>[]; total: number }>(
      `/api/public/debunks?q=${encodeURIComponent('旧闻翻炒')}&hazard=LANDSLIDE&division=430000&page=1&pageSize=10`,
    );
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const item = list.body.items[0]!;
    for (const k of ['id', 'title', 'kind', 'hazard', 'publishedAt'])
      expect(item).toHaveProperty(k);
    expect(item).toMatchObject({ id, kind: 'DEBUNK', hazard: 'LANDSLIDE' });
    expect(
      (await anon().get<{ total: number }>('/api/public/debunks?division=510000')).body.total,
    ).toBe(0);

    const one = await anon().get<{
      claims: unknown[];
      authority: string;
      experts: { name: string }[];
      sources: unknown[];
    }>(`/api/public/debunks/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.claims).toHaveLength(2);
    expect(one.body.authority).toContain('湖南');
    // Only the expert with a public page is named.
    expect(one.body.experts.map((e) => e.name)).toEqual(['李滑坡']);
    expect(JSON.stringify(one.body)).not.toContain('王隐私');
    expect(one.body.sources).toHaveLength(1);

    type Hits = { items: { type: string; id: string; url: string | null }[] };
    const hits = await anon().get<Hits>(`/api/search?q=${encodeURIComponent('旧闻翻炒')}`);
    expect(hits.body.items.map((h) => [h.type, h.id])).toEqual([['debunk', id]]);
    expect(hits.body.items[0]!.url).toBe(`/debunks/${id}`);
    // The work's id never appears as its own result.
    expect(hits.body.items.some((h) => h.id === p.body.workId)).toBe(false);

    // Republishing is a conflict; unpublishing takes it (and its work) off.
    expect((await hunanEditor.post(`/api/debunks/${id}/publish`)).status).toBe(409);
    expect((await hunanEditor.post(`/api/debunks/${id}/unpublish`)).status).toBe(200);
    expect((await anon().get(`/api/public/debunks/${id}`)).status).toBe(404);
    const after = await anon().get<Hits>(`/api/search?q=${encodeURIComponent('旧闻翻炒')}`);
    expect(after.body.items).toEqual([]);
    expect((await hunanEditor.post(`/api/debunks/${id}/publish`)).status).toBe(200);
  });

  it('takes a rumour report without an account; keeps the contact for the office only', async () => {
    const r = await anon().post<{ id: string }>('/api/public/rumour-reports', {
      text: '听说明天长沙要地震，是真的吗？',
      platform: '微信群',
      contact: '13800000000',
      divisionCode: '430100',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const bad = await anon().post<Err>('/api/public/rumour-reports', {
      text: '',
      link: 'javascript:x',
    });
    expect(bad.status).toBe(400);
    const list = await office.get<{ items: Report[] }>('/api/rumour-reports?status=NEW');
    expect(list.body.items.find((x) => x.id === r.body.id)?.contact).toBe('13800000000');
    // A province's editor is not the office.
    expect((await hunanEditor.get('/api/rumour-reports')).status).toBe(403);
    expect((await anon().get('/api/rumour-reports')).status).toBe(401);
  });

  it('counts a report about a hazard as a hotspot signal for its province, nothing of the reporter', async () => {
    const r = await anon().post('/api/public/rumour-reports', {
      text: '网传某县山体整体滑坡，村子被埋',
      platform: '短视频平台',
      hazard: 'LANDSLIDE',
      divisionCode: '430100',
    });
    expect(r.status).toBe(201);
    await flushSignals(env.handle.db);
    const rows = await env.handle.db
      .selectFrom('hotspotSignals')
      .selectAll()
      .where('kind', '=', 'RUMOUR_REPORT')
      .execute();
    expect(rows.map((x) => [x.term, x.division, Number(x.count)])).toEqual([['滑坡', '430000', 1]]);
  });

  it('takes a screenshot decided by content, re-encoded without metadata, for the office only', async () => {
    const png = await sharp({
      create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 80, b: 40 } },
    })
      .png()
      .withMetadata({ exif: { IFD0: { Copyright: 'SECRET-GPS-SPOT' } } })
      .toBuffer();
    expect(png.toString('latin1')).toContain('SECRET-GPS-SPOT');
    const r = await anon().post<{ id: string }>('/api/public/rumour-reports', {
      text: '截图里说水库要垮了',
      screenshot: png.toString('base64'),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const list = await office.get<{ items: (Report & { hasScreenshot: boolean })[] }>(
      '/api/rumour-reports?pageSize=100',
    );
    expect(list.body.items.find((x) => x.id === r.body.id)?.hasScreenshot).toBe(true);
    const img = await office.get(`/api/rumour-reports/${r.body.id}/screenshot`);
    expect(img.status).toBe(200);
    expect(String(img.headers['content-type'])).toBe('image/jpeg');
    const bytes = Buffer.from(img.body as unknown as Uint8Array);
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(bytes.toString('latin1')).not.toContain('SECRET-GPS-SPOT');
    expect((await hunanEditor.get(`/api/rumour-reports/${r.body.id}/screenshot`)).status).toBe(403);
    // A page named like a picture is refused by its content; so is an SVG.
    for (const fake of [
      Buffer.from('<html><script>alert(1)</script></html>'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    ]) {
      const bad = await anon().post<Err>('/api/public/rumour-reports', {
        text: '假图片',
        screenshot: fake.toString('base64'),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details!.fields!.map((f) => f.field)).toEqual(['screenshot']);
    }
  });

  it('bounds a parallel burst per client and overall, 429 with Retry-After', async () => {
    await env.handle.db.deleteFrom('loginThrottles').where('key', 'like', 'rumour:%').execute();
    const one = new Agent(env.app, '10.9.9.9');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        one.post('/api/public/rumour-reports', { text: `同一人连续举报 ${i}` }),
      ),
    );
    const ok = answers.filter((a) => a.status === 201).length;
    expect(ok).toBe(REPORT_LIMITS.perClient);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(20 - REPORT_LIMITS.perClient);
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);

    // Overall: many addresses at once get at most the overall limit through.
    await env.handle.db.deleteFrom('loginThrottles').where('key', 'like', 'rumour:%').execute();
    const saved = REPORT_LIMITS.overall;
    REPORT_LIMITS.overall = 8;
    try {
      const many = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          new Agent(env.app, `10.8.0.${i + 1}`).post('/api/public/rumour-reports', {
            text: `不同地址举报 ${i}`,
          }),
        ),
      );
      expect(many.filter((a) => a.status === 201)).toHaveLength(8);
      expect(many.filter((a) => a.status === 429)).toHaveLength(22);
    } finally {
      REPORT_LIMITS.overall = saved;
      await env.handle.db.deleteFrom('loginThrottles').where('key', 'like', 'rumour:%').execute();
    }
  });

  it('triages: merges duplicates, links to a debunk, closed reports take no step', async () => {
    const send = async (text: string) =>
      (await anon().post<{ id: string }>('/api/public/rumour-reports', { text })).body.id;
    const a = await send('网传某地发生山体滑坡视频');
    const b = await send('又看到那个滑坡视频了');
    const c = await send('广告');
    const t = await office.post<Report>(`/api/rumour-reports/${a}/triage`, { action: 'TRIAGE' });
    expect(t.body.status).toBe('TRIAGED');
    const m = await office.post<Report>(`/api/rumour-reports/${b}/triage`, {
      action: 'MERGE',
      into: a,
    });
    expect(m.body).toMatchObject({ status: 'DUPLICATE', duplicateOf: a });
    const id = await verified(hunanEditor, { title: '滑坡视频旧闻' });
    await hunanEditor.post(`/api/debunks/${id}/publish`);
    const l = await office.post<Report>(`/api/rumour-reports/${a}/triage`, {
      action: 'LINK',
      debunkId: id,
    });
    expect(l.body).toMatchObject({ status: 'LINKED', debunkId: id, duplicates: 1 });
    // The duplicate follows the link; both count on the board.
    const dup = await env.handle.db
      .selectFrom('rumourReports')
      .select('debunkId')
      .where('id', '=', b)
      .executeTakeFirstOrThrow();
    expect(dup.debunkId).toBe(id);
    expect((await office.get<Debunk>(`/api/debunks/${id}`)).body.reports).toBe(2);
    expect(
      (await office.post(`/api/rumour-reports/${a}/triage`, { action: 'REJECT' })).status,
    ).toBe(409);
    expect(
      (await office.post(`/api/rumour-reports/${c}/triage`, { action: 'MERGE', into: c })).status,
    ).toBe(400);
    expect(
      (await office.post(`/api/rumour-reports/${c}/triage`, { action: 'REJECT' })).status,
    ).toBe(200);
    expect(
      (await hunanEditor.post(`/api/rumour-reports/${c}/triage`, { action: 'TRIAGE' })).status,
    ).toBe(403);

    // 流言榜: the linked debunk ranks first; the office exports it.
    const board = await anon().get<{ items: { id: string; reports: number; rank: number }[] }>(
      '/api/public/debunks/board',
    );
    expect(board.body.items[0]).toMatchObject({ id, reports: 2, rank: 1 });
    const rows = await xlsxRows(await office.get('/api/rumour-reports/board/export'));
    expect(rows[0]).toContain('排名');
    expect(rows[1]).toContain('滑坡视频旧闻');
    expect((await hunanEditor.get('/api/rumour-reports/board/export')).status).toBe(403);
  });

  it('serves feeds: RSS 2.0 that parses and a valid JSON Feed', async () => {
    const rss = await anon().get('/api/public/debunks/feed.rss');
    expect(rss.status).toBe(200);
    expect(String(rss.headers['content-type'])).toContain('application/rss+xml');
    const xml = Buffer.from(rss.body as unknown as Uint8Array).toString('utf8');
    // A strict XML parser reads it into elements: rss@version=2.0 > channel > item*.
    type El = { name: string; attrs: Record<string, string>; kids: El[]; text: string };
    const root: El = { name: '#', attrs: {}, kids: [], text: '' };
    const stack: El[] = [root];
    const parser = new SaxesParser({ xmlns: false });
    parser.on('opentag', (t) => {
      const el: El = {
        name: t.name,
        attrs: t.attributes as Record<string, string>,
        kids: [],
        text: '',
      };
      stack.at(-1)!.kids.push(el);
      stack.push(el);
    });
    parser.on('closetag', () => void stack.pop());
    parser.on('text', (t) => {
      stack.at(-1)!.text += t;
    });
    parser.on('error', (e) => {
      throw e;
    });
    expect(() => parser.write(xml).close()).not.toThrow();
    const rssEl = root.kids[0]!;
    expect(rssEl.name).toBe('rss');
    expect(rssEl.attrs.version).toBe('2.0');
    const channel = rssEl.kids.find((k) => k.name === 'channel')!;
    expect(channel.kids.find((k) => k.name === 'title')?.text).toBeTruthy();
    const items = channel.kids.filter((k) => k.name === 'item');
    expect(items.length).toBeGreaterThan(0);
    for (const it of items) {
      const field = (n: string) => it.kids.find((k) => k.name === n)?.text ?? '';
      expect(field('title')).toBeTruthy();
      expect(field('link')).toMatch(/\/debunks\/[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(field('pubDate')))).toBe(false);
      expect(field('description')).toContain('真相');
    }

    const json = await anon().get('/api/public/debunks/feed.json');
    expect(json.status).toBe(200);
    expect(String(json.headers['content-type'])).toContain('application/feed+json');
    const feed = json.body as {
      version: string;
      title: string;
      items: {
        id: string;
        content_text: string;
        date_published: string;
        _kepu: { claims: unknown[] };
      }[];
    };
    // JSON Feed 1.1: version URL, a title, items each with a unique string id and content.
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof feed.title).toBe('string');
    const ids = new Set<string>();
    for (const it of feed.items) {
      expect(typeof it.id).toBe('string');
      expect(ids.has(it.id)).toBe(false);
      ids.add(it.id);
      expect(typeof it.content_text).toBe('string');
      expect(Number.isNaN(Date.parse(it.date_published))).toBe(false);
      expect(it._kepu.claims.length).toBeGreaterThan(0);
    }
    expect(feed.items.length).toBe(items.length);
  });

  it('exports and erases a signed-in reporter’s reports with their contact', async () => {
    const { agent, userId } = await buildPublicUser(env);
    await agent.post('/api/public/rumour-reports', {
      text: '我举报的谣言',
      contact: 'me@example.cn',
    });
    const row = await env.handle.db
      .selectFrom('rumourReports')
      .selectAll()
      .where('reporterId', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row.contact).toBe('me@example.cn');
    const pd = await import('../src/platform/personal-data.ts');
    const sections = await pd.exportPersonalData(env.handle.db, userId, 'zh-CN');
    expect(JSON.stringify(sections.filter((x) => x.module === 'debunks'))).toContain(
      'me@example.cn',
    );
    // The person deletes their account: the report stays, without them or their contact.
    const del = await agent.request('DELETE', '/api/me', { password: PASSWORD });
    expect([200, 204], JSON.stringify(del.body)).toContain(del.status);
    const after = await env.handle.db
      .selectFrom('rumourReports')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ reporterId: null, contact: null });
  });
});
