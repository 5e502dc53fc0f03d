import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedVocabulary } from '../src/modules/search/service.ts';
import { runDueJobs } from '../src/platform/jobs/runner.ts';
import { defineSearchType, searchEngineFor } from '../src/platform/search/engine.ts';
import type { SearchDocument } from '../src/platform/search/types.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

/** Search that forgives: pinyin for words, compounds in the other order, results that lead somewhere. */

type Hit = { type: string; id: string; title: string; url: string | null };
type Result = {
  items: Hit[];
  total: number;
  exactTotal: number;
  relaxed: boolean;
  split: boolean;
  pinyinWords: string[][];
};

const doc = (id: string, title: string, excerpt: string): SearchDocument => ({
  type: 'note',
  id,
  title,
  excerpt,
  url: `/works/${id}`,
  publishedAt: '2024-01-01T00:00:00Z',
});

const CORPUS: SearchDocument[] = [
  doc('hazard', '汛期地质灾害防治指南', '汛期强降雨容易引发崩塌、滑坡和泥石流，做好隐患点巡查。'),
  doc('survey', '地质队员的一天', '地质队员背着罗盘和地质锤走进大山。'),
  doc('park', '走进地质公园', '地质公园里的岩层记录了亿万年的地质历史。'),
  doc('rocks', '认识常见的地质构造', '褶皱和断层是最常见的地质构造。'),
  doc('landslide', '滑坡来了怎么办', '发现滑坡前兆要立即撤离，向两侧跑。'),
  doc('wetland', '保护湿地，守护候鸟的家', '每年冬天候鸟飞来越冬，我们要保护湿地。'),
  doc('rules', '湿地保护条例解读', '条例明确了湿地保护的责任和措施。'),
  doc('humid', '潮湿地区的房屋防霉', '南方潮湿地区梅雨季节要注意保护家具，勤开窗通风。'),
  doc('ocean', '走进海洋：认识海洋生态', '海洋覆盖地球表面约71%。'),
  doc('yangshan', '上海洋山港自动化码头见闻', '洋山港位于上海南部海域。'),
  doc('oil', '跟着李四光去找油', '这位地质学家提出陆相生油理论，为找到大庆油田指明方向。'),
  doc('parcel', '快递地址怎么填', '写清楚省市区和门牌号，收件人电话别写错。'),
  doc('yangjing', '上海洋泾街道社区讲座', '今天我们来到上海洋泾街道，和大家聊聊家里挂的地图。'),
  doc('slope', '采煤塌陷区变成了公园', '坡岸上撒播的护坡草原本只是临时措施，如今连成一片。'),
  doc('steppe', '呼伦贝尔草原的夏天', '草原上的牧草一直长到天边。'),
  doc('road', '城市道路的隐患', '地下管线漏水掏空土层，路面随时可能塌陷。'),
];

describe.each(DIALECTS)('forgiving search on %s', (dialect) => {
  let env: TestEnv;
  let anon: Agent;
  const search = async (q: string) =>
    (await anon.get<Result>(`/api/search?q=${encodeURIComponent(q)}&type=note`)).body;
  const ids = (r: Result) => r.items.map((i) => i.id);

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    anon = new Agent(env.app);
    const engine = searchEngineFor(env.handle.db, dialect);
    await env.handle.db.transaction().execute((tx) => engine.write(tx, CORPUS));
  });
  afterAll(() => env.close());

  it('reads pinyin as the words of the index, and says so', async () => {
    const hazard = await search('dizhizaihai');
    expect(ids(hazard)).toEqual(['hazard']);
    expect(hazard.pinyinWords).toEqual([['地质灾害']]);
    expect(ids(await search('huapo')).sort()).toEqual(['hazard', 'landslide']);
    // 湿地 is a word of two titles; 潮湿地区 holds the letters across two words, and is not found.
    expect(ids(await search('shidi')).sort()).toEqual(['rules', 'wetland']);
    // A name inside a work's title, with no name given to the index.
    expect(ids(await search('lisiguang'))).toEqual(['oil']);
    // A Chinese query is never read as pinyin.
    expect((await search('滑坡')).pinyinWords).toEqual([]);
  });

  it('reads pinyin with spaces, in syllables or words, and initials of short words', async () => {
    expect(ids(await search('di zhi zai hai'))).toEqual(['hazard']);
    expect(ids(await search('Hua Po')).sort()).toEqual(['hazard', 'landslide']);
    // Spaces between words of one term: the term (a dictionary word).
    const term = await search('dizhi gongyuan');
    expect(term.pinyinWords).toEqual([['地质公园']]);
    expect(ids(term)).toEqual(['park']);
    // Two words the index holds apart: both required.
    const twoWords = await search('haiyang shengtai');
    expect(twoWords.pinyinWords).toEqual([['海洋'], ['生态']]);
    expect(ids(twoWords).slice(0, twoWords.exactTotal)).toEqual(['ocean']);
    // Letters cut into the words the index knows: 湿地 + 候鸟.
    const cut = await search('shidihouniao');
    expect(cut.pinyinWords).toEqual([['湿地'], ['候鸟']]);
    expect(ids(cut).slice(0, cut.exactTotal)).toEqual(['wetland']);
    expect(ids(await search('dzzh'))).toEqual(['hazard']);
    expect((await search('hp')).pinyinWords).toEqual([['滑坡']]);
  });

  it('keeps pinyin words whole: no hits across word boundaries, rare homophones left out', async () => {
    // 上海洋山港 holds h-a-i-y-a-n-g across 上海|洋山港: never a hit for 海洋.
    expect(ids(await search('haiyang'))).toEqual(['ocean']);
    // 地址 sounds as 地质, which the titles use four times as often: the rare one is not meant.
    const dizhi = await search('dizhi');
    expect(dizhi.pinyinWords).toEqual([['地质']]);
    expect(ids(dizhi)).not.toContain('parcel');
    // Letters that are no word of the index find nothing, and are not read as anything.
    const none = await search('qwrtzp');
    expect(none).toMatchObject({ total: 0, pinyinWords: [] });
  });

  it('cuts no word across a place name or a term of the dictionary', async () => {
    // 洋泾 and 护坡草 are seeded dictionary words: 上海洋泾 is 上海 + 洋泾, 护坡草原本 is 护坡草 + 原本.
    expect(ids(await search('海洋'))).toEqual(['ocean']);
    expect(ids(await search('haiyang'))).toEqual(['ocean']);
    expect(ids(await search('草原'))).toEqual(['steppe']);
    // The words themselves are found.
    expect(ids(await search('洋泾'))).toEqual(['yangjing']);
    expect(ids(await search('护坡草'))).toEqual(['slope']);
  });

  it('answers a question no text shares two words of by its words one at a time', async () => {
    // 家门口 · 路面 · 塌陷: one text holds two of them, too few; those holding one follow it.
    const question = await search('家门口路面塌陷了怎么办');
    expect(question).toMatchObject({ exactTotal: 0, relaxed: true });
    expect(ids(question)[0]).toBe('road');
    expect(ids(question)).toContain('slope');
    // Two words: never relaxed past one missing (that is any one word already).
    const two = await search('滑坡 草原');
    expect(two).toMatchObject({ exactTotal: 0, relaxed: true });
    expect(ids(two).sort()).toEqual(['hazard', 'landslide', 'steppe']);
  });

  it('finds a compound in the other order by its parts, after the exact matches', async () => {
    const both = await search('湿地保护');
    expect(both).toMatchObject({ exactTotal: 1, split: true });
    // The text holding 湿地保护 itself first, then the one saying 保护湿地; 潮湿地区 never.
    expect(ids(both)).toEqual(['rules', 'wetland']);
    expect(both.items[1]!.title).toBe('保护湿地，守护候鸟的家');
    // The order typed does not matter any more.
    const other = await search('保护湿地');
    expect(ids(other).slice(0, other.exactTotal).sort()).toEqual(['rules', 'wetland']);
    // A compound found whole often enough is not split.
    expect((await search('地质灾害')).split).toBe(false);
  });

  it('finds words of titles indexed after the first pinyin query, at once', async () => {
    expect((await search('bingchuan')).total).toBe(0);
    const engine = searchEngineFor(env.handle.db, dialect);
    await env.handle.db
      .transaction()
      .execute((tx) =>
        engine.write(tx, [doc('glacier', '冰川是怎样移动的', '冰川在重力作用下缓慢流动。')]),
      );
    expect(ids(await search('bingchuan'))).toEqual(['glacier']);
  });
});

describe.each(DIALECTS)('search results that lead somewhere on %s', (dialect) => {
  let env: TestEnv;
  let anon: Agent;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    anon = new Agent(env.app);
  });
  afterAll(() => env.close());

  it('links every result to a public page: an organisation through the base it hosts, or not at all', async () => {
    const admin = (await buildPlatformAdmin(env)).agent;
    const office = await buildOrganisation(admin, env.rootId, {
      type: 'MINISTRY_OFFICE',
      name: '科普工作办公室',
      tree: 'DEPT',
    });
    const museum = await buildOrganisation(admin, env.rootId, {
      type: 'BASE_HOST',
      name: '广西地质博物馆',
    });
    const survey = await buildOrganisation(admin, env.rootId, {
      type: 'RESEARCH_UNIT',
      name: '广西地质调查研究院',
    });
    const editor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('基地');
    ws.addRow(['名称', '依托单位', '原体系', '类别', '地址', '行政区划代码', '经度', '纬度']);
    ws.addRow(['桂林岩溶科普基地', '广西地质博物馆', '国土资源', '科技场馆类', '桂林市', '450300']);
    const imported = await editor.upload<{ imported: number }>(
      `/api/bases/import-legacy?organisationId=${office.id}`,
      Buffer.from(await wb.xlsx.writeBuffer()),
    );
    expect(imported.body.imported).toBe(1);

    const opened = async (url: string) => {
      const [, kind, id] = url.split('/');
      return (await anon.get(`/api/public/${kind}/${id}`)).status;
    };
    for (const q of ['广西地质博物馆', 'guangxi dizhi', 'gxdzbwg', '广西地质调查研究院', 'dizhi']) {
      const r = (await anon.get<Result>(`/api/search?q=${encodeURIComponent(q)}`)).body;
      for (const hit of r.items) {
        expect(hit.url, `${q}: ${hit.title}`).toMatch(/^\/(works|bases|collections)\/[\w-]+$/);
        expect(await opened(hit.url!), `${q}: ${hit.url}`).toBe(200);
      }
      expect(r.items.map((i) => i.type)).not.toContain('organisation');
      expect(r.items.map((i) => i.id)).not.toContain(survey.id);
      expect(r.items.map((i) => i.id)).not.toContain(museum.id);
    }
    // The host's name and its pinyin lead to the base it hosts.
    for (const q of ['广西地质博物馆', 'guangxi dizhi']) {
      const r = (await anon.get<Result>(`/api/search?q=${encodeURIComponent(q)}`)).body;
      expect(r.items.map((i) => `${i.type}:${i.title}`)).toEqual(['base:桂林岩溶科普基地']);
    }
    // A reindex writes no page-less document either.
    await admin.post('/api/search/reindex');
    const orgs = (await anon.get<Result>('/api/search?q=&type=organisation')).body;
    expect(orgs.total).toBe(0);
  });
});

/** Entities of a type of this test's own, so that a reindex has something to load. */
const FED: SearchDocument[] = [
  {
    ...doc('yangjing', '上海洋泾街道社区讲座', '今天我们来到上海洋泾街道，聊聊家里挂的地图。'),
    type: 'fed',
  },
  { ...doc('sea', '走进海洋', '海洋覆盖地球表面约71%。'), type: 'fed' },
];
defineSearchType({
  type: 'fed',
  load: async (_db, ids) => FED.filter((d) => ids.includes(d.id)),
  listIds: async (_db, after, limit) =>
    FED.map((d) => d.id)
      .sort()
      .filter((id) => after === null || id > after)
      .slice(0, limit),
});

describe.each(DIALECTS)('dictionary words a new version seeds on %s', (dialect) => {
  let env: TestEnv;
  let anon: Agent;
  const search = async (q: string) =>
    (await anon.get<Result>(`/api/search?q=${encodeURIComponent(q)}&type=fed`)).body.items
      .map((i) => i.id)
      .sort();
  const reindexJobs = () =>
    env.handle.db.selectFrom('jobs').select('state').where('name', '=', 'search.reindex').execute();

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    anon = new Agent(env.app);
  });
  afterAll(() => env.close());

  it('rebuild the index in the background: documents indexed before are cut anew', async () => {
    const { db } = env.handle;
    const engine = searchEngineFor(db, dialect);
    // A fresh database is seeded whole: nothing to rebuild.
    expect(await reindexJobs()).toEqual([]);
    // As an older version left it: no 洋泾 in the vocabulary, 上海洋泾 indexed as 上 + 海洋 + 泾.
    await db.deleteFrom('searchTerms').where('term', 'in', ['洋泾', '护坡草']).execute();
    await db.transaction().execute(async (tx) => {
      await engine.bumpVocabulary(tx);
      await engine.index(tx, 'fed', ['yangjing', 'sea']);
    });
    expect(await search('海洋')).toEqual(['sea', 'yangjing']);

    // The new version's start seeds the words it brings, and queues one rebuild.
    expect(await seedVocabulary(db, dialect)).toBe(2);
    expect(await seedVocabulary(db, dialect)).toBe(0);
    expect(await reindexJobs()).toEqual([{ state: 'QUEUED' }]);
    // Until it runs, the documents stay found as they were indexed.
    expect(await search('海洋')).toEqual(['sea', 'yangjing']);

    const deps = { db, dialect, config: env.config };
    expect(await runDueJobs(deps, { names: ['search.reindex'] })).toMatchObject({ succeeded: 1 });
    expect(await search('海洋')).toEqual(['sea']);
    expect(await search('洋泾')).toEqual(['yangjing']);
  });
});
