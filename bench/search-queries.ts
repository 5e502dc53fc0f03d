/** The benchmark's mixed query set, shared by bench:search and diagnostics. */
import type { SearchParams } from '../server/src/platform/search/types.ts';
import { rng } from './corpus-generator.ts';

/** A mixed query set: two-character words, domain terms, multi-word, traditional, pinyin, facets. */
const QUERY_TEXTS = [
  '海洋',
  '滑坡',
  '矿产',
  '湿地',
  '草原',
  '耕地',
  '测绘',
  '遥感',
  '化石',
  '地图',
  '冰川',
  '森林',
  '地下水',
  '北斗',
  '天然气水合物',
  '可燃冰',
  '干热岩',
  '国土空间规划',
  '生态修复',
  '碳中和',
  '深海',
  '泥石流',
  '地质灾害',
  '地质公园',
  '滑坡 预警',
  '海洋 塑料',
  '湿地 候鸟',
  '地震 谣言',
  '极地 科考',
  '地質災害',
  '礦產資源',
  '國土空間規劃',
  'lisiguang',
  '科普基地',
  '地球日',
  '防灾减灾',
  '恐龙',
  '宝石',
  '矿物',
  '海平面',
  '红树林',
  '土地日',
  '珊瑚',
];
const SECTORS = ['GEOLOGY', 'OCEAN', 'LAND', 'MINERAL', 'WETLAND', 'FOREST', 'SURVEYING'];

/**
 * Every different question of the set's texts, sectors (or none) and sorts, in a fixed order
 * (688): asked in turn they outnumber the answers the engine keeps (500), so none is answered
 * from memory — each is searched afresh.
 */
export function everyQuestion(): SearchParams[] {
  const out: SearchParams[] = [];
  for (const q of QUERY_TEXTS)
    for (const sector of [undefined, ...SECTORS])
      for (const sort of ['relevance', 'date'] as const)
        out.push({ q, sort, page: 1, pageSize: 20, ...(sector ? { sector } : {}) });
  return out;
}

export function querySet(n: number): SearchParams[] {
  const random = rng(7);
  const out: SearchParams[] = [];
  for (let i = 0; i < n; i++) {
    const q = QUERY_TEXTS[Math.floor(random() * QUERY_TEXTS.length)]!;
    const r = random();
    out.push({
      q,
      sort: random() < 0.8 ? 'relevance' : 'date',
      page: random() < 0.9 ? 1 : 2,
      pageSize: 10,
      ...(r < 0.25 ? { sector: SECTORS[Math.floor(random() * SECTORS.length)] } : {}),
      ...(r >= 0.25 && r < 0.35 ? { year: 2016 + Math.floor(random() * 9) } : {}),
      ...(r >= 0.35 && r < 0.45 ? { region: '510000' } : {}),
    });
  }
  return out;
}
