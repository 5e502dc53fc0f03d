import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchEngineFor } from '../src/platform/search/engine.ts';
import type { SearchDocument } from '../src/platform/search/types.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
  xlsxRows,
} from './helpers.ts';

type Hit = {
  type: string;
  id: string;
  title: string;
  snippet: string;
  highlights: { title: [number, number][]; snippet: [number, number][] };
};
type Result = {
  items: Hit[];
  total: number;
  exactTotal: number;
  relaxed: boolean;
  facets: Record<string, { value: string; count: number }[]>;
};

const doc = (
  id: string,
  title: string,
  excerpt: string,
  extra: Partial<SearchDocument> = {},
): SearchDocument => ({
  type: 'article',
  id,
  title,
  excerpt,
  url: `/works/${id}`,
  ...extra,
});

/** A small corpus with the traps the acceptance criteria name. */
const CORPUS: SearchDocument[] = [
  doc(
    'ocean',
    '走进海洋：认识我国的海洋生态',
    '海洋覆盖地球表面约71%，海洋生态系统为人类提供食物和氧气。',
    { sectors: ['OCEAN'], publishedAt: '2024-06-08T00:00:00Z', region: '370200' },
  ),
  doc(
    'yangshan',
    '上海洋山港自动化码头见闻',
    '洋山港是世界最大的自动化集装箱码头之一，位于上海南部海域。',
    { sectors: ['SURVEYING'], publishedAt: '2023-05-01T00:00:00Z', region: '310000' },
  ),
  doc('mineral', '矿产资源与国家安全', '矿产是经济社会发展的物质基础，我国矿产资源总量丰富。', {
    sectors: ['MINERAL'],
    topics: ['MINERAL_EXPLORATION'],
    publishedAt: '2022-03-01T00:00:00Z',
    region: '430000',
  }),
  doc('iron', '钢铁工业年度观察', '今年铁矿产量稳步增长，钢铁企业加快绿色转型。', {
    sectors: ['MINERAL'],
    publishedAt: '2024-01-10T00:00:00Z',
  }),
  doc(
    'hydrate',
    '天然气水合物：未来的清洁能源',
    '我国在南海神狐海域成功试采天然气水合物，创造了产气时长和总量的世界纪录。',
    {
      sectors: ['MINERAL', 'OCEAN'],
      topics: ['GAS_HYDRATE'],
      audiences: ['YOUTH'],
      publishedAt: '2020-03-26T00:00:00Z',
      region: '440000',
    },
  ),
  doc(
    'landslide',
    '滑坡来了怎么办',
    '发现滑坡前兆要立即撤离，向与滑坡方向垂直的两侧跑。地质灾害防治人人有责。',
    {
      sectors: ['GEOLOGY'],
      topics: ['GEOHAZARD_PREVENTION'],
      audiences: ['YOUTH', 'VILLAGE'],
      publishedAt: '2024-05-12T00:00:00Z',
      region: '510000',
    },
  ),
  doc(
    'prevention',
    '汛期地质灾害防治指南',
    '汛期强降雨容易引发崩塌、滑坡和泥石流，做好隐患点巡查和群测群防。',
    {
      sectors: ['GEOLOGY'],
      topics: ['GEOHAZARD_PREVENTION'],
      publishedAt: '2025-06-01T00:00:00Z',
      region: '510000',
    },
  ),
  doc(
    'expert',
    '张伟：用镜头记录地质之美',
    '地质学家张伟三十年行走野外，拍摄了大量地质遗迹照片。',
    { sectors: ['GEOLOGY'], names: ['张伟'], publishedAt: '2021-09-15T00:00:00Z' },
  ),
  doc(
    'planning',
    '国土空间规划“一张图”',
    '国土空间规划是国家空间发展的指南，统筹生产、生活、生态空间。',
    {
      sectors: ['LAND', 'SURVEYING'],
      topics: ['SPATIAL_PLANNING'],
      publishedAt: '2023-08-29T00:00:00Z',
    },
  ),
];

describe.each(DIALECTS)('search core on %s', (dialect) => {
  let env: TestEnv;
  let anon: Agent;
  let admin: Agent;
  const search = async (q: string, extra = '') =>
    (await anon.get<Result>(`/api/search?q=${encodeURIComponent(q)}&type=article${extra}`)).body;
  const ids = (r: Result) => r.items.map((i) => i.id);
  /** The documents that have every word of the query. */
  const exact = (r: Result) => r.items.slice(0, r.exactTotal).map((i) => i.id);

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    anon = new Agent(env.app);
    admin = (await buildPlatformAdmin(env)).agent;
    const engine = searchEngineFor(env.handle.db, dialect);
    await env.handle.db.transaction().execute((tx) => engine.write(tx, CORPUS));
  });
  afterAll(() => env.close());

  it('finds two-character words without cross-word false hits', async () => {
    expect(ids(await search('海洋'))).toEqual(['ocean']);
    expect((await search('海洋')).items[0]!.highlights.title).toEqual([
      [2, 4],
      [10, 12],
    ]);
    expect(ids(await search('矿产')).sort()).toEqual(['mineral']);
    expect(ids(await search('滑坡')).sort()).toEqual(['landslide', 'prevention']);
    expect(ids(await search('上海'))).toEqual(['yangshan']);
    expect(ids(await search('铁矿'))).toEqual(['iron']);
  });

  it('treats domain terms as one term and finds them by their parts and synonyms', async () => {
    expect(ids(await search('天然气水合物'))).toEqual(['hydrate']);
    expect(ids(await search('水合物'))).toEqual(['hydrate']);
    const synonym = await search('可燃冰');
    expect(ids(synonym)).toEqual(['hydrate']);
    expect(synonym.items[0]!.highlights.title).toEqual([[0, 6]]);
    expect(ids(await search('国土空间规划'))).toEqual(['planning']);
  });

  it('finds narrower terms from the broader one, not the other way', async () => {
    const engine = searchEngineFor(env.handle.db, dialect);
    const note = (id: string, title: string, excerpt: string) => ({
      ...doc(id, title, excerpt),
      type: 'note',
    });
    await env.handle.db
      .transaction()
      .execute((tx) =>
        engine.write(tx, [
          note(
            'fossil',
            '化石是怎样形成的',
            '生物遗体被沉积物迅速掩埋，经过漫长的石化作用保存下来。',
          ),
          note('dino', '恐龙为什么会灭绝', '约6600万年前，一颗小行星撞击了今天的墨西哥湾。'),
        ]),
      );
    const notes = async (q: string) =>
      ids((await anon.get<Result>(`/api/search?q=${encodeURIComponent(q)}&type=note`)).body).sort();
    // 化石 → 恐龙 is seeded: the broader term finds the dinosaur text, the narrower one not the fossil text.
    expect(await notes('化石')).toEqual(['dino', 'fossil']);
    expect(await notes('恐龙')).toEqual(['dino']);
  });

  it('accepts traditional characters and full-width input', async () => {
    expect(ids(await search('地質災害')).sort()).toEqual(['landslide', 'prevention']);
    expect(ids(await search('國土空間規劃'))).toEqual(['planning']);
    const mixed = await search('ＨＹＤＲＡＴＥ 天然氣水合物');
    expect(mixed).toMatchObject({ exactTotal: 0, relaxed: true });
    expect(ids(mixed)).toEqual(['hydrate']);
    expect(ids(await search('天然氣水合物'))).toEqual(['hydrate']);
  });

  it('finds names by pinyin, whole or by initials', async () => {
    expect(ids(await search('zhangwei'))).toEqual(['expert']);
    expect(ids(await search('Zhang Wei'))).toEqual(['expert']);
    expect(ids(await search('zw'))).toEqual(['expert']);
  });

  it('keeps multi-word queries precise: documents with every word come first, and say so', async () => {
    const both = await search('滑坡 防治');
    expect(ids(both).slice(0, 2).sort()).toEqual(['landslide', 'prevention']);
    expect(both.exactTotal).toBe(2);
    const one = await search('滑坡 撤离');
    expect(one.exactTotal).toBe(1);
    expect(ids(one)[0]).toBe('landslide');
    // Too few precise matches: documents missing one word follow, and the answer is flagged.
    expect(one.relaxed).toBe(true);
    expect(ids(one)).toContain('prevention');
    const none = await search('滑坡 海洋');
    expect(none).toMatchObject({ exactTotal: 0, relaxed: true });
    expect(ids(none).sort()).toEqual(['landslide', 'ocean', 'prevention']);
    // A single word is never relaxed.
    expect((await search('海洋')).relaxed).toBe(false);
  });

  it('filters and counts facets: sector, topic, audience, region, year', async () => {
    const all = await search('地质');
    expect(all.total).toBe(3);
    const sector = Object.fromEntries(all.facets.sector!.map((f) => [f.value, f.count]));
    expect(sector).toEqual({ GEOLOGY: 3 });
    expect(all.facets.region).toEqual([{ value: '510000', count: 2 }]);
    expect(all.facets.year!.map((f) => f.value).sort()).toEqual(['2021', '2024', '2025']);
    expect(ids(await search('地质', '&region=510000')).sort()).toEqual(['landslide', 'prevention']);
    expect(ids(await search('地质', '&year=2025'))).toEqual(['prevention']);
    expect(ids(await search('地质', '&audience=VILLAGE'))).toEqual(['landslide']);
    expect(ids(await search('', '&topic=GAS_HYDRATE'))).toEqual(['hydrate']);
    expect(ids(await search('', '&sector=OCEAN')).sort()).toEqual(['hydrate', 'ocean']);
  });

  it('sorts by date and pages', async () => {
    expect(ids(await search('滑坡', '&sort=date'))).toEqual(['prevention', 'landslide']);
    const page1 = await search('', '&sort=date&pageSize=4');
    const page2 = await search('', '&sort=date&pageSize=4&page=2');
    expect(page1.total).toBe(CORPUS.length);
    expect(ids(page1)).toEqual(['prevention', 'ocean', 'landslide', 'iron']);
    expect(ids(page2)).toEqual(['planning', 'yangshan', 'mineral', 'expert']);
  });

  it('cuts the snippet around the first match and moves the highlights with it', async () => {
    const r = await search('群测群防');
    const hit = r.items[0]!;
    expect(hit.id).toBe('prevention');
    for (const [s, e] of hit.highlights.snippet)
      expect(['群测群防', '群测', '群防']).toContain(hit.snippet.slice(s, e));
    expect(hit.highlights.snippet.length).toBeGreaterThan(0);
  });

  it('logs queries and lists the zero-result ones for the office', async () => {
    await search('不存在的词语火星矿');
    await search('不存在的词语火星矿');
    await search('海洋');
    const res = await admin.get<{ items: { q: string; count: number }[] }>(
      '/api/search/zero-results?days=1',
    );
    expect(res.status).toBe(200);
    const row = res.body.items.find((i) => i.q.includes('火星'));
    expect(row?.count).toBe(2);
    expect(res.body.items.some((i) => i.q === '海洋')).toBe(false);
    expect((await anon.get('/api/search/zero-results')).status).toBe(401);
  });

  it('lets the office add words and synonyms that take effect without a restart', async () => {
    expect(ids(await search('神狐'))).toEqual(['hydrate']);
    expect(ids(await search('试开采'))).toEqual([]);
    const res = await admin.post<{ id: string; members: string[] }>('/api/search/terms', {
      kind: 'SYNONYM',
      term: '试采',
      members: ['试开采'],
    });
    expect(res.status).toBe(201);
    expect(res.body.members).toEqual(['试采', '试开采']);
    expect(ids(await search('试开采'))).toEqual(['hydrate']);
    expect((await admin.patch(`/api/search/terms/${res.body.id}`, { active: false })).status).toBe(
      200,
    );
    expect(ids(await search('试开采'))).toEqual([]);
    expect(
      (await admin.post('/api/search/terms', { kind: 'WORD', term: '天然气水合物' })).status,
    ).toBe(409);
    const terms = await admin.get<{ term: string; kind: string }[]>(
      '/api/search/terms?kind=SYNONYM',
    );
    expect(terms.body.map((t) => t.term)).toContain('天然气水合物');
  });

  it('indexes in bulk on worker threads exactly as inline, with the current vocabulary', async () => {
    const engine = searchEngineFor(env.handle.db, dialect);
    const term = await admin.post<{ id: string }>('/api/search/terms', {
      kind: 'WORD',
      term: '神狐海域',
    });
    expect(term.status).toBe(201);
    const rows = () =>
      env.handle.db
        .selectFrom('searchDocuments')
        .selectAll()
        .where('type', '=', 'article')
        .orderBy('docKey')
        .execute()
        .then((rs) => rs.map(({ seq: _seq, updatedAt: _at, ...r }) => r));
    const clear = () =>
      env.handle.db.deleteFrom('searchDocuments').where('type', '=', 'article').execute();
    await env.handle.db.transaction().execute((tx) => engine.write(tx, CORPUS));
    const inline = await rows();
    expect(inline.find((r) => r.entityId === 'hydrate')!.bodyTokens.split(' ')).toContain(
      '神狐海域',
    );

    await clear();
    await env.handle.db.transaction().execute((tx) =>
      engine.bulk(
        tx,
        async (add) => {
          await add(CORPUS.slice(0, 3));
          await add(CORPUS.slice(3));
        },
        { threads: 1 },
      ),
    );
    expect(await rows()).toEqual(inline);

    await clear();
    expect(await engine.writeBatches([CORPUS.slice(0, 4), CORPUS.slice(4)], 2)).toBe(CORPUS.length);
    expect(await rows()).toEqual(inline);

    // A batch the workers cannot analyse fails the bulk write and its transaction: nothing stays.
    await clear();
    const broken = { ...CORPUS[0]!, title: undefined } as unknown as SearchDocument;
    await expect(
      env.handle.db.transaction().execute((tx) =>
        engine.bulk(
          tx,
          async (add) => {
            await add(CORPUS.slice(1));
            await add([broken]);
          },
          { threads: 1 },
        ),
      ),
    ).rejects.toThrow(/search analysis failed/);
    expect(await rows()).toEqual([]);

    await admin.patch(`/api/search/terms/${term.body.id}`, { active: false });
    await env.handle.db.transaction().execute((tx) => engine.write(tx, CORPUS));
    expect(ids(await search('神狐'))).toEqual(['hydrate']);
  });

  it('leaves organisations out: they have no public page, so no result may lead to them', async () => {
    const org = await buildOrganisation(admin, env.rootId, {
      type: 'BASE_HOST',
      name: '广西地质博物馆',
    });
    const all = async (q: string) =>
      (await anon.get<Result>(`/api/search?q=${encodeURIComponent(q)}`)).body;
    for (const q of ['广西地质博物馆', 'guangxi dizhi', 'gxdzbwg'])
      expect(ids(await all(q))).not.toContain(org.id);
    await admin.patch(`/api/organisations/${org.id}`, { name: '广西自然资源博物馆' });
    expect(ids(await all('自然资源博物馆'))).not.toContain(org.id);
    const reindexed = await admin.post<{ indexed: number }>('/api/search/reindex');
    // Nothing registered has a page in this database; the fed-in articles stay indexed.
    expect(reindexed.body.indexed).toBe(0);
    expect((await all('')).facets.type!.map((f) => f.value)).not.toContain('organisation');
    expect(ids(await search('海洋'))).toEqual(['ocean']);
  });

  it('answers a large match set from the index: sampled facets, flagged; shortest first, then newest', async () => {
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString();
    const bulk = Array.from({ length: 4500 }, (_, i) =>
      doc(`bulk${i}`, `样本文档 第${i}号`, '大量样本用于检验分面抽样。', {
        type: 'bulk',
        sectors: [i % 3 === 0 ? 'OCEAN' : 'GEOLOGY'],
        publishedAt: day(i),
      }),
    );
    // The shortest document with the word in its title leads a broad query (as bm25 and ts_rank
    // rank a word found once), though it is the oldest; one with the word only in its text
    // comes after every title match.
    bulk.push(
      doc('short', '样本', '样本。', {
        type: 'bulk',
        sectors: ['GEOLOGY'],
        publishedAt: '2019-01-01T00:00:00Z',
      }),
      doc('body', '另一份文档', '这里也提到样本。', {
        type: 'bulk',
        sectors: ['GEOLOGY'],
        publishedAt: '2040-01-01T00:00:00Z',
      }),
    );
    const engine = searchEngineFor(env.handle.db, dialect);
    await env.handle.db.transaction().execute((tx) => engine.write(tx, bulk));
    type Large = Result & { facetsApproximate: boolean; totalApproximate: boolean };
    const get = async (extra: string) =>
      (await anon.get<Large>(`/api/search?q=${encodeURIComponent('样本')}&type=bulk${extra}`)).body;
    const newest = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `bulk${4499 - from - i}`);

    const r = await get('');
    expect(r.facetsApproximate).toBe(true);
    // SQLite counts exactly in the index; PostgreSQL estimates a total this large from the sample.
    expect(r.totalApproximate).toBe(dialect === 'postgres');
    expect(Math.abs(r.total - 4502)).toBeLessThan(4502 * 0.15);
    if (dialect === 'sqlite') expect(r.total).toBe(4502);
    const sector = Object.fromEntries(r.facets.sector!.map((f) => [f.value, f.count]));
    expect(Math.abs(sector.OCEAN! - 1500)).toBeLessThan(1500 * 0.25);
    expect(Math.abs(sector.GEOLOGY! - 3000)).toBeLessThan(3000 * 0.25);
    // Equal length: the newest first, also across the page boundary.
    expect(ids(r)).toEqual(['short', ...newest(0, 9)]);
    expect(ids(await get('&page=3'))).toEqual(newest(19, 10));
    // Newest first reads the last months only, and is exact across pages.
    expect(ids(await get('&sort=date'))).toEqual(['body', ...newest(0, 9)]);
    expect(ids(await get('&sort=date&page=2'))).toEqual(newest(9, 10));
    // A filter narrows the set inside the index; a small set is counted exactly.
    const narrow = await get('&year=2020');
    expect(narrow).toMatchObject({ total: 366, facetsApproximate: false, totalApproximate: false });
    expect(ids(narrow)[0]).toBe('bulk365');
  });

  it('answers malformed queries with named fields, never a 5xx', async () => {
    const bad = await anon.get<{ error: { details: { fields: { field: string }[] } } }>(
      '/api/search?q=x&pageSize=500&region=12',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f) => f.field).sort()).toEqual([
      'pageSize',
      'region',
    ]);
    for (const q of ['"', '*', 'AND', 'OR NOT', '(', "'", '\\', 'NEAR(', ':', '^']) {
      const r = await anon.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
    }
  });

  it('exports the vocabulary as xlsx with the console’s kind and text filters; office only', async () => {
    const group = await admin.post<{ id: string }>('/api/search/terms', {
      kind: 'SYNONYM',
      term: '导出甲词',
      members: ['导出乙词'],
    });
    const word = await admin.post<{ id: string }>('/api/search/terms', {
      kind: 'WORD',
      term: '导出丙词',
    });
    await admin.patch(`/api/search/terms/${word.body.id}`, { active: false });
    type Term = { id: string; term: string };
    const q = encodeURIComponent('导出');

    const exported = await admin.get(`/api/search/terms/export?q=${q}`);
    expect(exported.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('搜索词库.xlsx')}`,
    );
    const both = await xlsxRows(exported);
    expect(both[0]).toEqual([
      '类别',
      '词语 / 主词 / 上位词',
      '同义词 / 下位词',
      '状态',
      '更新时间',
      'ID',
    ]);
    const listed = await admin.get<Term[]>(`/api/search/terms?q=${q}`);
    expect(listed.body.map((t) => t.term).sort()).toEqual(['导出丙词', '导出甲词']);
    expect(both.slice(1).map((r) => r[5])).toEqual(listed.body.map((t) => t.id));

    // A member matches as the console's filter box does; the kind filter leaves the word out.
    const synonyms = await xlsxRows(
      await admin.get(`/api/search/terms/export?kind=SYNONYM&q=${encodeURIComponent('乙词')}`),
    );
    expect(synonyms.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[5]])).toEqual([
      ['同义词组', '导出甲词', '导出乙词', '启用', group.body.id],
    ]);
    const words = await xlsxRows(await admin.get(`/api/search/terms/export?kind=WORD&q=${q}`));
    expect(words.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['专业词语', '导出丙词', '已停用'],
    ]);
    // Unfiltered: every term of the list, seeded ones included.
    const all = await xlsxRows(await admin.get('/api/search/terms/export'));
    const every = await admin.get<Term[]>('/api/search/terms');
    expect(every.body.length).toBeGreaterThan(3);
    expect(all.slice(1).map((r) => r[5])).toEqual(every.body.map((t) => t.id));

    const org = await buildOrganisation(admin, env.rootId);
    const orgAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', org.id)).agent;
    expect((await orgAdmin.get('/api/search/terms/export')).status).toBe(403);
    expect((await anon.get('/api/search/terms/export')).status).toBe(401);
  });
});
