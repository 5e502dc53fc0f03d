import * as basesRepo from '#modules/bases/repo.ts';
import { linkMedia, storeBytes } from '#modules/media/service.ts';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import type { BaseStatus, BaseTable } from '#platform/db/schema.ts';
import { newId } from '#platform/ids.ts';
import { loadSharp } from '#platform/on-demand.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import type { Storage } from '#platform/storage/storage.ts';
import { type DemoClock, docNo } from './clock.ts';
import { coverSvg } from './covers.ts';

/** What a demo base is: its host (a key of DEMO_ORGS), place and profile, and where it stands. */
export interface DemoBase {
  name: string;
  host: string;
  division: string;
  address: string;
  category: 'VENUE' | 'SITE' | 'RESEARCH' | 'LAND_VENUE' | 'LAND_PROTECTION';
  lng: number;
  lat: number;
  sectors: string[];
  intro: string;
  hours: string;
  capacity: number;
  facilities: string;
  /** first: the national batch three years ago; second: last year's; legacy: an old scheme's. */
  batch: 'first' | 'second' | 'legacyLand' | 'legacyOcean';
  state?: 'RECTIFICATION' | 'EXPIRED';
}

const VENUE_HOURS = '周二至周日 9:00—17:00（16:30 停止入馆），周一闭馆（法定节假日除外）';
const PARK_HOURS = '全年开放，夏季 7:30—18:00，冬季 8:00—17:30';
const LAB_HOURS = '每月第一个周六开放日 9:00—16:00，团体参观请提前 7 天预约';

/** Twenty-six bases named directly (four more are named through the demo's closed call). */
export const DEMO_BASES: DemoBase[] = [
  {
    name: '中国地质博物馆',
    host: 'geomuseum',
    division: '110102',
    address: '北京市西城区西四羊肉胡同 15 号',
    category: 'VENUE',
    lng: 116.366,
    lat: 39.917,
    sectors: ['GEOLOGY', 'MINERAL'],
    intro:
      '创建于 1916 年，是我国最早的公益性地学博物馆。馆藏地质标本 20 余万件，巨型山东龙、中华龙鸟等恐龙化石和蓝铜矿、辰砂等矿物珍品闻名海内外。',
    hours: VENUE_HOURS,
    capacity: 8000,
    facilities: '地球厅、矿物岩石厅、宝石厅、史前生物厅，4D 影院，地学科普讲堂',
    batch: 'first',
  },
  {
    name: '自贡恐龙博物馆',
    host: 'zigong',
    division: '510304',
    address: '四川省自贡市大安区大山铺镇',
    category: 'VENUE',
    lng: 104.803,
    lat: 29.382,
    sectors: ['GEOLOGY'],
    intro:
      '建在大山铺恐龙化石群遗址之上的专题博物馆，原地保存的侏罗纪恐龙化石埋藏现场让观众直观了解化石如何形成、如何被发现。',
    hours: VENUE_HOURS,
    capacity: 10000,
    facilities: '恐龙化石埋藏厅、恐龙世界厅、研学实验室',
    batch: 'first',
  },
  {
    name: '张家界世界地质公园',
    host: 'zjjPark',
    division: '430811',
    address: '湖南省张家界市武陵源区',
    category: 'SITE',
    lng: 110.479,
    lat: 29.347,
    sectors: ['GEOLOGY'],
    intro:
      '以石英砂岩峰林地貌为核心的世界地质公园，三千余座石峰拔地而起，是认识流水侵蚀、重力崩塌和构造节理作用的天然课堂。',
    hours: PARK_HOURS,
    capacity: 50000,
    facilities: '地质博物馆、解说步道 12 条、地质遗迹解说牌 300 余块',
    batch: 'first',
    state: 'RECTIFICATION',
  },
  {
    name: '崀山世界地质公园',
    host: 'langshan',
    division: '430528',
    address: '湖南省邵阳市新宁县崀山镇',
    category: 'SITE',
    lng: 110.734,
    lat: 26.382,
    sectors: ['GEOLOGY'],
    intro:
      '典型的丹霞地貌区，“天下第一巷”“辣椒峰”等景观展示了红层砂砾岩在风化和流水作用下的演化过程。',
    hours: PARK_HOURS,
    capacity: 30000,
    facilities: '丹霞地貌科普馆、研学营地、无障碍观景台',
    batch: 'first',
  },
  {
    name: '地质灾害防治与地质环境保护国家重点实验室',
    host: 'cdut',
    division: '510108',
    address: '四川省成都市成华区二仙桥东三路 1 号',
    category: 'RESEARCH',
    lng: 104.146,
    lat: 30.676,
    sectors: ['GEOLOGY'],
    intro:
      '面向公众开放滑坡、泥石流物理模拟实验和监测预警系统，讲解地质灾害如何发生、如何提前发现、如何科学避险。',
    hours: LAB_HOURS,
    capacity: 300,
    facilities: '大型离心机实验室、滑坡模拟水槽、监测预警展示中心',
    batch: 'first',
  },
  {
    name: '丹霞山世界地质公园',
    host: 'danxia',
    division: '440224',
    address: '广东省韶关市仁化县丹霞山',
    category: 'SITE',
    lng: 113.738,
    lat: 25.028,
    sectors: ['GEOLOGY'],
    intro: '“丹霞地貌”的命名地，赤壁丹崖与锦江曲流相映，是研究红层地貌和生物多样性的经典地区。',
    hours: PARK_HOURS,
    capacity: 40000,
    facilities: '丹霞地貌博物馆、科普步道、夜观星空营地',
    batch: 'first',
  },
  {
    name: '广东省地质博物馆',
    host: 'gdMuseum',
    division: '440106',
    address: '广东省广州市天河区天河北路',
    category: 'VENUE',
    lng: 113.361,
    lat: 23.125,
    sectors: ['GEOLOGY', 'MINERAL'],
    intro: '展示南岭成矿带矿产资源和华南地质演化，设有矿物晶体、宝玉石和地质灾害防治互动展区。',
    hours: VENUE_HOURS,
    capacity: 5000,
    facilities: '矿物晶体厅、地质灾害体验区、青少年地学实验室',
    batch: 'first',
  },
  {
    name: '浙江自然博物院',
    host: 'zjMuseum',
    division: '330106',
    address: '浙江省杭州市西湖区文二路',
    category: 'VENUE',
    lng: 120.149,
    lat: 30.275,
    sectors: ['GEOLOGY', 'FOREST', 'WETLAND'],
    intro:
      '以“自然与人类”为主题，从地球演化、生命起源到浙江的山海湿地，讲述人与自然和谐共生的故事。',
    hours: VENUE_HOURS,
    capacity: 12000,
    facilities: '地球生命故事厅、绿色浙江厅、自然课堂',
    batch: 'first',
  },
  {
    name: '雁荡山世界地质公园',
    host: 'yandang',
    division: '330382',
    address: '浙江省温州市乐清市雁荡镇',
    category: 'SITE',
    lng: 121.065,
    lat: 28.386,
    sectors: ['GEOLOGY'],
    intro: '白垩纪古火山的“天然博物馆”，完整记录了一座破火山从喷发、塌陷到复活隆起的全过程。',
    hours: PARK_HOURS,
    capacity: 35000,
    facilities: '火山地质博物馆、解说步道、青少年研学基地',
    batch: 'first',
  },
  {
    name: '自然资源部第二海洋研究所海洋科普馆',
    host: 'sio',
    division: '330106',
    address: '浙江省杭州市西湖区保俶北路 36 号',
    category: 'RESEARCH',
    lng: 120.13,
    lat: 30.27,
    sectors: ['OCEAN'],
    intro: '依托深海与极地科考成果，展示“蛟龙号”下潜样品、大洋多金属结核和海底热液生物。',
    hours: LAB_HOURS,
    capacity: 400,
    facilities: '深海样品展示厅、极地科考展区、海洋调查仪器体验区',
    batch: 'first',
  },
  {
    name: '澄江化石地自然博物馆',
    host: 'chengjiang',
    division: '530481',
    address: '云南省玉溪市澄江市帽天山',
    category: 'VENUE',
    lng: 102.97,
    lat: 24.68,
    sectors: ['GEOLOGY'],
    intro:
      '世界自然遗产澄江化石地的展示窗口，5.18 亿年前“寒武纪生命大爆发”的珍贵化石在这里与公众见面。',
    hours: VENUE_HOURS,
    capacity: 6000,
    facilities: '化石标本厅、复原模型、化石修复观摩室',
    batch: 'first',
  },
  {
    name: '石林世界地质公园',
    host: 'shilin',
    division: '530126',
    address: '云南省昆明市石林彝族自治县',
    category: 'SITE',
    lng: 103.32,
    lat: 24.82,
    sectors: ['GEOLOGY'],
    intro: '世界喀斯特地貌的典型代表，剑状、柱状、塔状石林形态齐全，展示了碳酸盐岩溶蚀的完整过程。',
    hours: PARK_HOURS,
    capacity: 45000,
    facilities: '喀斯特地貌博物馆、解说步道、彝族文化展示区',
    batch: 'first',
    state: 'RECTIFICATION',
  },
  {
    name: '山旺国家地质公园',
    host: 'shanwang',
    division: '370724',
    address: '山东省潍坊市临朐县山旺镇',
    category: 'SITE',
    lng: 118.72,
    lat: 36.37,
    sectors: ['GEOLOGY'],
    intro: '“万卷书”硅藻土页岩中保存着 1800 万年前的昆虫、鸟类和植物化石，被誉为“化石宝库”。',
    hours: PARK_HOURS,
    capacity: 8000,
    facilities: '山旺古生物化石博物馆、化石发掘体验区',
    batch: 'first',
  },
  {
    name: '青岛海洋科技馆',
    host: 'qdOcean',
    division: '370202',
    address: '山东省青岛市市南区莱阳路 2 号',
    category: 'LAND_VENUE',
    lng: 120.33,
    lat: 36.06,
    sectors: ['OCEAN'],
    intro: '以海洋生物和海洋科技为主题的老牌科普场馆，曾为海洋科普教育基地。',
    hours: VENUE_HOURS,
    capacity: 6000,
    facilities: '海洋生物标本馆、海洋科技展厅',
    batch: 'legacyOcean',
    state: 'EXPIRED',
  },
  {
    name: '自然资源部第一海洋研究所',
    host: 'fio',
    division: '370212',
    address: '山东省青岛市崂山区仙霞岭路 6 号',
    category: 'RESEARCH',
    lng: 120.47,
    lat: 36.11,
    sectors: ['OCEAN'],
    intro: '开放海洋环境预报、海浪与风暴潮观测实验室，讲解海洋如何影响我们的天气与生活。',
    hours: LAB_HOURS,
    capacity: 300,
    facilities: '海洋动力实验水槽、科考船开放日、海洋数据可视化中心',
    batch: 'first',
  },
  {
    name: '自然资源部第三海洋研究所',
    host: 'tio',
    division: '350203',
    address: '福建省厦门市思明区大学路 178 号',
    category: 'RESEARCH',
    lng: 118.09,
    lat: 24.45,
    sectors: ['OCEAN', 'WETLAND'],
    intro: '以红树林、海洋生物多样性和海洋微生物为特色，定期举办“海洋开放日”和青少年海洋营。',
    hours: LAB_HOURS,
    capacity: 300,
    facilities: '海洋生物标本馆、红树林研究站、海洋微生物菌种库',
    batch: 'first',
  },
  {
    name: '织金洞世界地质公园',
    host: 'zhijin',
    division: '520524',
    address: '贵州省毕节市织金县官寨乡',
    category: 'SITE',
    lng: 105.87,
    lat: 26.66,
    sectors: ['GEOLOGY'],
    intro: '溶洞内石笋、石幔、卷曲石等四十多种沉积形态齐全，是认识喀斯特洞穴发育的理想场所。',
    hours: PARK_HOURS,
    capacity: 15000,
    facilities: '洞穴科普馆、解说步道、洞穴环境监测展示',
    batch: 'first',
  },
  {
    name: '贵州地质博物馆',
    host: 'gzMuseum',
    division: '520115',
    address: '贵州省贵阳市观山湖区',
    category: 'VENUE',
    lng: 106.63,
    lat: 26.65,
    sectors: ['GEOLOGY', 'MINERAL'],
    intro: '以贵州三叠纪海生爬行动物化石群和喀斯特地质为特色，关岭生物群化石闻名世界。',
    hours: VENUE_HOURS,
    capacity: 5000,
    facilities: '古生物化石厅、喀斯特厅、矿产资源厅',
    batch: 'first',
  },
  {
    name: '秦岭终南山世界地质公园',
    host: 'zhongnan',
    division: '610116',
    address: '陕西省西安市长安区',
    category: 'SITE',
    lng: 108.95,
    lat: 34.02,
    sectors: ['GEOLOGY', 'FOREST'],
    intro: '秦岭是我国南北地理分界线，公园展示了大陆造山带的岩石、构造和第四纪冰川遗迹。',
    hours: PARK_HOURS,
    capacity: 30000,
    facilities: '秦岭地质博物馆、翠华山山崩遗迹解说区',
    batch: 'first',
  },
  {
    name: '陕西自然博物馆',
    host: 'snMuseum',
    division: '610113',
    address: '陕西省西安市雁塔区长安南路 88 号',
    category: 'LAND_VENUE',
    lng: 108.96,
    lat: 34.22,
    sectors: ['GEOLOGY', 'LAND'],
    intro: '原国土资源科普基地，展示黄土高原的形成与保护、陕西的矿产资源和古生物化石。',
    hours: VENUE_HOURS,
    capacity: 9000,
    facilities: '黄土高原厅、矿产资源厅、古生物厅',
    batch: 'legacyLand',
    state: 'EXPIRED',
  },
  {
    name: '甘肃地质博物馆',
    host: 'gsMuseum',
    division: '620102',
    address: '甘肃省兰州市城关区',
    category: 'VENUE',
    lng: 103.83,
    lat: 36.06,
    sectors: ['GEOLOGY', 'LAND'],
    intro: '展示祁连山、河西走廊和黄土高原的地质演化，甘肃恐龙和古哺乳动物化石是镇馆之宝。',
    hours: VENUE_HOURS,
    capacity: 4000,
    facilities: '地球演化厅、甘肃恐龙厅、荒漠化防治展区',
    batch: 'first',
  },
  {
    name: '河南自然博物馆',
    host: 'hnMuseum',
    division: '410105',
    address: '河南省郑州市金水区',
    category: 'VENUE',
    lng: 113.68,
    lat: 34.78,
    sectors: ['GEOLOGY', 'LAND'],
    intro: '以“中原大地的演化”为主线，展示河南恐龙蛋化石群、黄河变迁和中原耕地保护。',
    hours: VENUE_HOURS,
    capacity: 7000,
    facilities: '恐龙蛋化石厅、黄河厅、耕地保护互动展区',
    batch: 'second',
  },
  {
    name: '中国地质科学院岩溶地质研究所',
    host: 'karst',
    division: '450305',
    address: '广西壮族自治区桂林市七星区七星路 50 号',
    category: 'RESEARCH',
    lng: 110.32,
    lat: 25.28,
    sectors: ['GEOLOGY'],
    intro: '国际岩溶研究中心所在地，开放岩溶动力学实验室，讲解岩溶水资源、石漠化治理和岩溶碳汇。',
    hours: LAB_HOURS,
    capacity: 200,
    facilities: '岩溶动力学实验室、岩溶标本馆、野外观测站',
    batch: 'first',
  },
  {
    name: '乐业—凤山世界地质公园',
    host: 'leye',
    division: '451028',
    address: '广西壮族自治区百色市乐业县',
    category: 'SITE',
    lng: 106.56,
    lat: 24.78,
    sectors: ['GEOLOGY', 'FOREST'],
    intro:
      '大石围天坑群是世界罕见的天坑集中分布区，坑底原始森林保存完好，是研究岩溶塌陷的天然实验室。',
    hours: PARK_HOURS,
    capacity: 20000,
    facilities: '天坑博物馆、探险科普步道、星空研学营地',
    batch: 'second',
  },
  {
    name: '国家基础地理信息中心测绘科普展厅',
    host: 'ngcc',
    division: '110108',
    address: '北京市海淀区莲花池西路 28 号',
    category: 'RESEARCH',
    lng: 116.31,
    lat: 39.98,
    sectors: ['SURVEYING'],
    intro: '展示从传统测绘到北斗导航、天地图的发展历程，观众可以亲手操作全站仪和无人机测图。',
    hours: LAB_HOURS,
    capacity: 200,
    facilities: '测绘仪器展区、天地图体验区、国家版图知识展区',
    batch: 'second',
  },
  {
    name: '国家海洋环境预报中心',
    host: 'nmefc',
    division: '110108',
    address: '北京市海淀区大慧寺 8 号',
    category: 'RESEARCH',
    lng: 116.32,
    lat: 39.96,
    sectors: ['OCEAN'],
    intro: '开放海洋预报会商大厅，讲解风暴潮、海浪、海冰和海啸预警如何保护沿海群众。',
    hours: LAB_HOURS,
    capacity: 150,
    facilities: '预报会商大厅、海洋灾害警报展示、海啸预警体验区',
    batch: 'second',
  },
];

type BaseRow = BaseTable & { namedAt: string; validUntil: string };

const TIERS = {
  first: 'NATIONAL',
  second: 'NATIONAL',
  legacyLand: 'LEGACY_LAND',
  legacyOcean: 'LEGACY_OCEAN',
} as const;

/**
 * Names the demo bases as the office's batches would have: the first national batch three years
 * ago, a second last year, and two bases of the old schemes whose terms have run out. Two of the
 * first batch are in 整改 after last year's evaluation.
 */
export async function seedDemoBases(
  handle: DbHandle,
  storage: Storage | undefined,
  clock: DemoClock,
  orgIds: Record<string, string>,
  uploadedBy: string,
): Promise<number> {
  const sharp = await loadSharp();
  const { db, dialect } = handle;
  const ctx: RequestContext = { actorId: null, ip: null, dialect };
  const office = orgIds.office!;
  const batches = {
    first: {
      namedAt: clock.day(-3 * 365 + 40),
      doc: docNo('自然资发', clock.year(-3 * 365 + 40), 118),
    },
    second: { namedAt: clock.day(-365 + 20), doc: docNo('自然资发', clock.year(-365 + 20), 96) },
    legacyLand: { namedAt: clock.day(-8 * 365), doc: docNo('国土资发', clock.year(-8 * 365), 72) },
    legacyOcean: {
      namedAt: clock.day(-8 * 365 + 30),
      doc: docNo('国海发', clock.year(-8 * 365 + 30), 21),
    },
  };
  const covers = storage
    ? await Promise.all(
        DEMO_BASES.map((b, i) =>
          sharp(Buffer.from(coverSvg(b.sectors[0] ?? '', 300 + i * 53)))
            .png()
            .toBuffer(),
        ),
      )
    : [];
  const rows: BaseRow[] = [];
  for (const [i, b] of DEMO_BASES.entries()) {
    const batch = batches[b.batch];
    const hostOrgId = orgIds[b.host]!;
    let coverId: string | null = null;
    if (storage)
      coverId = (
        await storeBytes(db, storage, ctx, covers[i]!, {
          name: `${b.name}.png`,
          alt: b.name,
          organisationId: hostOrgId,
          uploadedBy,
          log: () => {},
        })
      ).id;
    const validUntil = clock.addYears(batch.namedAt, 5);
    const status: BaseStatus = b.state ?? 'ACTIVE';
    rows.push({
      id: newId(),
      hostOrgId,
      name: b.name,
      tier: TIERS[b.batch],
      category: b.category,
      sectors: JSON.stringify(b.sectors),
      intro: `<p>${b.intro}</p>`,
      address: b.address,
      divisionCode: b.division,
      longitude: b.lng,
      latitude: b.lat,
      openingHours: b.hours,
      capacity: b.capacity,
      facilities: b.facilities,
      contacts: JSON.stringify([
        {
          name: '科普部',
          phone: `0${10 + (i % 80)}-${String(6000_0000 + i * 7919).slice(0, 8)}`,
          email: '',
        },
      ]),
      coverId,
      gallery: JSON.stringify(coverId ? [coverId] : []),
      status,
      namingDocNo: batch.doc,
      namedAt: batch.namedAt,
      batchYear: Number(batch.namedAt.slice(0, 4)),
      validUntil,
      rectifyBy: status === 'RECTIFICATION' ? clock.day(75) : null,
      applicationId: null,
      authorityOrgId: office,
      createdAt: `${batch.namedAt}T02:00:00.000Z`,
      updatedAt: `${batch.namedAt}T02:00:00.000Z`,
    });
  }
  await db.transaction().execute(async (tx) => {
    await basesRepo.insertBases(tx, rows);
    for (const r of rows) {
      if (r.coverId)
        await linkMedia(tx, { type: 'base', id: r.id }, { coverId: r.coverId, mediaIds: [] }, true);
      const event = (
        action: string,
        from: BaseStatus | null,
        to: BaseStatus,
        at: string,
        note: string,
        doc: string | null,
      ) =>
        basesRepo.insertBaseEvent(tx, {
          id: newId(),
          baseId: r.id,
          action,
          fromStatus: from,
          toStatus: to,
          docNo: doc,
          note,
          actorId: null,
          at: `${at}T02:00:00.000Z`,
        });
      await event('name', null, 'ACTIVE', r.namedAt, '命名为科普基地', r.namingDocNo);
      if (r.status === 'RECTIFICATION')
        await event(
          'rectify',
          'ACTIVE',
          'RECTIFICATION',
          clock.day(-105),
          `年度评估未通过，限期 ${r.rectifyBy} 前完成整改：科普解说牌更新不及时，年度科普活动少于 6 次。`,
          docNo('自然资办函', clock.year(-105), 233),
        );
      if (r.status === 'EXPIRED')
        await event('expire', 'ACTIVE', 'EXPIRED', r.validUntil, '命名有效期届满', null);
      await recordAudit(tx, ctx, {
        action: 'base.name',
        entityType: 'base',
        entityId: r.id,
        organisationId: r.hostOrgId,
        detail: { name: r.name, to: r.status, docNo: r.namingDocNo, seed: true },
      });
    }
    await searchEngineFor(db, dialect).index(
      tx,
      'base',
      rows.map((r) => r.id),
    );
  });
  return rows.length;
}
