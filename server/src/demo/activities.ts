import * as registration from '#modules/activities/registration.ts';
import * as activities from '#modules/activities/service.ts';
import type { RequestContext } from '#platform/audit.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import type { Actor } from '#platform/policy.ts';
import { type DemoClock, docNo } from './clock.ts';

/**
 * Campaigns as their notices give them (calendar.md: never computed): the week and theme of each
 * theme day's campaign, entered for the theme day's next occurrence from today (and the science
 * month just past), so the demo always has a campaign coming and one behind.
 */
interface DemoCampaign {
  themeDayCode: string;
  /** The notice's dates, MM-DD. */
  start: string;
  end: string;
  theme: string;
  doc: [prefix: string, n: number];
  hostDivision: string | null;
  /** The year: the coming one (default) or the one just past. */
  when?: 'next' | 'last';
}

const DEMO_CAMPAIGNS: DemoCampaign[] = [
  {
    themeDayCode: 'WETLANDS_DAY',
    start: '02-02',
    end: '02-08',
    theme: '湿地保护 共享美好未来',
    doc: ['林办发', 6],
    hostDivision: null,
  },
  {
    themeDayCode: 'EARTH_DAY',
    start: '04-20',
    end: '04-26',
    theme: '珍爱地球 人与自然和谐共生',
    doc: ['自然资办函', 52],
    hostDivision: '430100',
  },
  {
    themeDayCode: 'DISASTER_REDUCTION_DAY',
    start: '05-06',
    end: '05-12',
    theme: '人人讲安全、个个会应急——排查身边灾害隐患',
    doc: ['国减办发', 3],
    hostDivision: null,
  },
  {
    themeDayCode: 'SCIENCE_POP_MONTH',
    start: '09-01',
    end: '09-30',
    theme: '弘扬科学家精神 激发全民创新活力',
    doc: ['科协发普字', 21],
    hostDivision: '110000',
    when: 'last',
  },
];

/** The campaign's year: its notice's week not yet over (next), or already begun (last). */
function campaignYear(clock: DemoClock, c: DemoCampaign): number {
  const y = clock.year(0);
  if (c.when === 'last') return `${y}-${c.start}` <= clock.today ? y : y - 1;
  return `${y}-${c.end}` >= clock.today ? y : y + 1;
}

interface DemoSession {
  /** Days from today (Beijing) and the local start and end times. */
  day: number;
  from: string;
  to: string;
}

interface DemoActivity {
  key: string;
  host: string;
  typeCode: string;
  title: string;
  summary: string;
  body: string;
  audiences: string[];
  topics?: string[];
  division: string;
  address?: string;
  lat?: number;
  lng?: number;
  onlineUrl?: string;
  campaign?: string;
  sessions: DemoSession[];
  /** A weekly schedule from the first session: the RRULE. */
  rrule?: string;
  capacity: number | null;
  perPersonLimit?: number;
  approvalRequired?: boolean;
  holdHours?: number;
  /** An open day's facility (seeded by demo/facilities.ts). */
  facility?: string;
}

/** Who led which demo activity (负责专家 / 主讲), so the experts' pages and records are not empty. */
const LEADERS: [activity: string, username: string, role: 'LEAD' | 'SPEAKER'][] = [
  ['hazardSchool', 'wang.qiang', 'SPEAKER'],
  ['villageKarst', 'wang.qiang', 'LEAD'],
  ['earthMain', 'wang.qiang', 'SPEAKER'],
  ['fioOpenDay', 'zhao.lei', 'SPEAKER'],
  ['karstStudy', 'liu.bo', 'LEAD'],
];

const p = (text: string) => `<p>${text}</p>`;

/** Twelve published activities across provinces and types; dates count from today. */
export const DEMO_ACTIVITIES: DemoActivity[] = [
  {
    key: 'earthMain',
    host: 'pec',
    typeCode: 'CAMPAIGN_EVENT',
    title: '世界地球日主场活动：珍爱地球 人与自然和谐共生',
    summary: '自然资源部与湖南省人民政府共同举办的世界地球日主场活动，现场发布年度科普成果。',
    body:
      p('主场活动设在长沙，包括开幕式、科普成果发布、地学科普展和“地球讲堂”专家报告。') +
      p('现场名额有限，请提前报名；活动全程线上直播。'),
    audiences: ['GENERAL_PUBLIC', 'YOUTH'],
    topics: ['GEOHAZARD_PREVENTION'],
    division: '430102',
    address: '湖南省长沙市芙蓉区湖南省地质博物馆广场',
    lat: 28.19,
    lng: 112.99,
    campaign: 'EARTH_DAY',
    sessions: [{ day: 2, from: '09:30', to: '12:00' }],
    capacity: 300,
    perPersonLimit: 2,
  },
  {
    key: 'dinoLecture',
    host: 'zigong',
    typeCode: 'LECTURE',
    title: '恐龙是怎样变成化石的——自贡恐龙博物馆专家讲座',
    summary: '从大山铺恐龙化石群说起，讲清化石形成的条件和发掘保护的故事。',
    body: p('主讲：自贡恐龙博物馆研究馆员。讲座约 60 分钟，之后有 20 分钟互动问答。'),
    audiences: ['YOUTH', 'FAMILY'],
    division: '510304',
    address: '四川省自贡市大安区大山铺镇自贡恐龙博物馆学术报告厅',
    lat: 29.382,
    lng: 104.803,
    sessions: [{ day: 3, from: '14:30', to: '16:00' }],
    capacity: 8,
    perPersonLimit: 2,
  },
  {
    key: 'geomuseumWeekly',
    host: 'geomuseum',
    typeCode: 'LECTURE',
    title: '周末地学课堂',
    summary: '每周一期，地质博物馆讲解员带孩子们认识矿物、岩石和化石。',
    body: p('每期一个主题，适合 8—14 岁的孩子，家长可陪同。每期每人可报 2 个名额（一大一小）。'),
    audiences: ['YOUTH', 'FAMILY'],
    division: '110102',
    address: '北京市西城区西四羊肉胡同 15 号 中国地质博物馆四层教室',
    lat: 39.917,
    lng: 116.366,
    sessions: [{ day: 1, from: '09:30', to: '11:00' }],
    rrule: 'FREQ=WEEKLY;COUNT=8',
    capacity: 30,
    perPersonLimit: 2,
  },
  {
    key: 'karstStudy',
    host: 'karst',
    typeCode: 'STUDY_TOUR',
    title: '岩溶地貌研学：走进桂林七星岩',
    summary: '跟随岩溶地质研究所的科研人员，认识溶洞、石笋和地下河。',
    body:
      p('研学分三场：室内讲解、野外考察和成果分享。请穿防滑鞋，自备饮用水。') +
      p('未成年人须由监护人陪同参加。'),
    audiences: ['YOUTH', 'SCHOOL'],
    division: '450305',
    address: '广西壮族自治区桂林市七星区七星路 50 号',
    lat: 25.28,
    lng: 110.32,
    sessions: [
      { day: 6, from: '09:00', to: '11:30' },
      { day: 7, from: '08:30', to: '16:30' },
      { day: 8, from: '09:00', to: '11:00' },
    ],
    capacity: 20,
    perPersonLimit: 3,
  },
  {
    key: 'fioOpenDay',
    host: 'fio',
    facility: 'fio',
    typeCode: 'OPEN_DAY',
    title: '海洋科研实验室开放日',
    summary: '走进第一海洋研究所的实验室和科考船模型展厅，听科学家讲深海故事。',
    body: p('开放日需提前预约，入场请携带身份证件。实验室内请勿触碰仪器。'),
    audiences: ['GENERAL_PUBLIC', 'YOUTH'],
    division: '370212',
    address: '山东省青岛市崂山区仙霞岭路 6 号',
    lat: 36.11,
    lng: 120.47,
    sessions: [{ day: 12, from: '09:00', to: '16:00' }],
    capacity: 5,
    approvalRequired: true,
  },
  {
    key: 'hazardSchool',
    host: 'hunanMuseum',
    typeCode: 'EMERGENCY',
    title: '地质灾害防治知识进校园',
    summary: '湖南省地质博物馆科普团队走进长沙市中小学，讲滑坡、泥石流的识别与避险。',
    body: p('活动在学校礼堂举行，面向师生和家长开放少量名额。'),
    audiences: ['SCHOOL', 'YOUTH', 'TEACHERS'],
    topics: ['GEOHAZARD_PREVENTION'],
    division: '430104',
    address: '湖南省长沙市岳麓区麓山南路 长沙市第一中学礼堂',
    sessions: [{ day: 2, from: '15:00', to: '16:30' }],
    capacity: 3,
  },
  {
    key: 'mapLive',
    host: 'ngcc',
    typeCode: 'LIVE_ONLINE',
    title: '规范使用地图 一点都不能错——线上直播课',
    summary: '国家基础地理信息中心专家在线讲解“问题地图”的常见错误和标准地图的获取方法。',
    body: p('直播链接在报名成功后可见，也可直接通过活动页面观看。'),
    audiences: ['GENERAL_PUBLIC', 'CADRES'],
    division: '110108',
    onlineUrl: 'https://live.example.cn/kepu/map-class',
    sessions: [{ day: 4, from: '19:30', to: '20:30' }],
    capacity: null,
  },
  {
    key: 'danxiaCommunity',
    host: 'gdMuseum',
    typeCode: 'EXHIBITION',
    title: '丹霞地貌摄影展进社区',
    summary: '广东省地质博物馆把丹霞山的照片和岩石标本带进天河区社区。',
    body: p('展览为期三天，每天 9:00—17:00，自由参观；讲解场次需报名。'),
    audiences: ['COMMUNITY', 'SENIORS'],
    division: '440106',
    address: '广东省广州市天河区天河北路 林和社区文化中心',
    sessions: [
      { day: 9, from: '10:00', to: '11:00' },
      { day: 10, from: '10:00', to: '11:00' },
    ],
    capacity: 25,
  },
  {
    key: 'wetlandWalk',
    host: 'zjMuseum',
    typeCode: 'STUDY_TOUR',
    title: '世界湿地日：西溪湿地观鸟研学',
    summary: '浙江自然博物院鸟类专家带队，在西溪湿地认识越冬候鸟。',
    body: p('请自备望远镜；天气不佳时改为馆内讲座。'),
    audiences: ['FAMILY', 'YOUTH'],
    division: '330106',
    address: '浙江省杭州市西湖区天目山路 518 号 西溪国家湿地公园',
    lat: 30.27,
    lng: 120.06,
    campaign: 'WETLANDS_DAY',
    sessions: [{ day: 0, from: '08:00', to: '11:30' }],
    capacity: 15,
    perPersonLimit: 2,
  },
  {
    key: 'villageKarst',
    host: 'gzMuseum',
    typeCode: 'LECTURE',
    title: '地质灾害群测群防培训进乡村',
    summary: '贵州地质博物馆联合县自然资源局，在乡村讲地质灾害隐患点的巡查和预警。',
    body: p('面向村干部、护林员和村民，结束后发放《地质灾害防灾避险明白卡》。'),
    audiences: ['VILLAGE', 'FARMERS'],
    topics: ['GEOHAZARD_PREVENTION'],
    division: '520524',
    address: '贵州省毕节市织金县官寨乡村委会会议室',
    sessions: [{ day: 18, from: '14:00', to: '16:00' }],
    capacity: 60,
  },
  {
    key: 'oceanCamp',
    host: 'qdOcean',
    typeCode: 'CAMP',
    title: '青少年海洋科学冬令营',
    summary: '青岛海洋科技馆三天冬令营：海洋生物观察、海图识读和海洋科考船参观。',
    body: p('营员须为 10—15 岁的中小学生，由监护人报名。'),
    audiences: ['YOUTH'],
    division: '370202',
    address: '山东省青岛市市南区莱阳路 2 号',
    lat: 36.06,
    lng: 120.33,
    sessions: [{ day: 24, from: '09:00', to: '16:00' }],
    capacity: 40,
  },
  {
    key: 'quakeTraining',
    host: 'snMuseum',
    typeCode: 'TRAINING',
    title: '防灾减灾宣传周：应急避险科普志愿者培训',
    summary: '陕西自然博物馆为社区科普志愿者开设的防灾减灾培训。',
    body: p('培训合格者颁发志愿者证书，可参与宣传周期间的社区科普活动。'),
    audiences: ['COMMUNITY', 'GENERAL_PUBLIC'],
    division: '610113',
    address: '陕西省西安市雁塔区长安南路 88 号',
    campaign: 'DISASTER_REDUCTION_DAY',
    sessions: [{ day: 2, from: '09:00', to: '17:00' }],
    capacity: 50,
  },
];

/** Who registers for what: a full lecture with two waiting, and the public person's own. */
const REGISTRATIONS: [activity: string, people: string[]][] = [
  [
    'dinoLecture',
    [
      'he.yun',
      'chen.jing',
      'liu.yang',
      'zhang.wei',
      'sun.li',
      'huang.tao',
      'xu.fang',
      'liu.bo',
      'wang.xiaoming',
      'xie.ning',
    ],
  ],
  ['geomuseumWeekly', ['wang.xiaoming', 'sun.li', 'cui.lin']],
  ['earthMain', ['zhang.wei', 'li.na', 'tang.jun']],
  ['fioOpenDay', ['zhao.lei']],
];

const at = (clock: DemoClock, day: number, time: string) => `${clock.day(day)}T${time}:00+08:00`;

export async function seedDemoActivities(
  handle: DbHandle,
  clock: DemoClock,
  actor: Actor,
  ids: Record<string, string>,
  people: Record<string, { id: string }>,
  facilityIds: Record<string, string> = {},
): Promise<number> {
  const { db } = handle;
  const ctx: RequestContext = { actorId: null, ip: null, dialect: handle.dialect };
  const campaigns: Record<string, { id: string; startDate: string }> = {};
  for (const c of DEMO_CAMPAIGNS) {
    const year = campaignYear(clock, c);
    const created = await activities.createCampaign(db, actor, ctx, {
      themeDayCode: c.themeDayCode,
      year,
      startDate: `${year}-${c.start}`,
      endDate: `${year}-${c.end}`,
      theme: c.theme,
      noticeDocNo: docNo(c.doc[0], year, c.doc[1]),
      hostDivision: c.hostDivision,
      organiserIds: [ids.office!],
      ordinalOverride: null,
      requiresApproval: false,
    });
    campaigns[c.themeDayCode] = { id: created.id, startDate: created.startDate };
  }
  const activityIds: Record<string, { id: string; firstSession: string }> = {};
  for (const a of DEMO_ACTIVITIES) {
    const campaign = a.campaign ? campaigns[a.campaign]! : null;
    // A campaign's activity falls in its week (the notice's first day), the rest count from today.
    const offset = campaign
      ? Math.round((Date.parse(campaign.startDate) - Date.parse(clock.today)) / 86_400_000)
      : 0;
    const created = await activities.createActivity(db, actor, ctx, {
      organisationId: ids[a.host]!,
      coOrganiserIds: [],
      checkInMode: 'ONCE',
      typeCode: a.typeCode,
      title: a.title,
      summary: a.summary,
      body: a.body,
      audiences: a.audiences,
      sectors: [],
      topics: a.topics ?? [],
      themeDayCode: a.campaign ?? null,
      campaignId: campaign?.id ?? null,
      divisionCode: a.division,
      address: a.address ?? '',
      lat: a.lat ?? null,
      lng: a.lng ?? null,
      onlineUrl: a.onlineUrl ?? null,
      coverMediaId: null,
      registrationForm: null,
      admitsMinors: false,
      groupsAllowed: !!a.facility,
      facilityId: a.facility ? facilityIds[a.facility]! : null,
      sessions: a.sessions.map((s) => ({
        startsAt: at(clock, s.day + offset, s.from),
        endsAt: at(clock, s.day + offset, s.to),
        capacity: a.capacity,
        registrationOpensAt: null,
        registrationClosesAt: null,
        approvalRequired: a.approvalRequired ?? false,
        perPersonLimit: a.perPersonLimit ?? 1,
        holdHours: a.holdHours ?? 24,
        cancelCutoffHours: 0,
        partnersUntil: null,
      })),
      ...(a.rrule ? { recurrence: { rrule: a.rrule, exdates: [] } } : {}),
      leaders: LEADERS.filter(([k]) => k === a.key).map(([, u, role]) => ({
        userId: people[u]!.id,
        role,
      })),
    });
    await activities.publishActivity(db, actor, ctx, created.id);
    activityIds[a.key] = { id: created.id, firstSession: created.sessions[0]!.id };
  }
  for (const [key, usernames] of REGISTRATIONS)
    for (const u of usernames) {
      const person = people[u]!;
      await registration.register(
        db,
        { userId: person.id, username: u, grants: [], mfaPassed: true },
        activityIds[key]!.id,
        { sessionId: activityIds[key]!.firstSession, quantity: 1, answers: {} },
      );
    }
  return DEMO_ACTIVITIES.length;
}
