import { NamingSchema } from '#modules/bases/schema.ts';
import { nameBatch } from '#modules/bases/service.ts';
import { NAMING_FORM, NAMING_RUBRIC } from '#modules/bases/templates.ts';
import { ExpertProfileSchema } from '#modules/experts/schema.ts';
import { putMyProfile, verifyExpert } from '#modules/experts/service.ts';
import { storeBytes } from '#modules/media/service.ts';
import { assignOne } from '#modules/reviews/assignment.ts';
import { createCall, moveCall } from '#modules/reviews/calls.ts';
import { createItem, submitItem } from '#modules/reviews/items.ts';
import {
  closeNotice,
  createNotice,
  handleObjection,
  listObjections,
  object,
} from '#modules/reviews/notices.ts';
import { myAssignments, score } from '#modules/reviews/reviewer.ts';
import { CreateCallSchema, CreateItemSchema } from '#modules/reviews/schema.ts';
import { decide, formalCheck, recommend } from '#modules/reviews/steps.ts';
import type { RequestContext } from '#platform/audit.ts';
import type { Db, DbHandle } from '#platform/db/connect.ts';
import { loadSharp } from '#platform/on-demand.ts';
import type { Storage } from '#platform/storage/storage.ts';
import { demoPdf } from './assets.ts';
import { type DemoClock, docNo } from './clock.ts';
import { coverSvg } from './covers.ts';
import { actorOf } from './people.ts';

type People = Record<string, { id: string; orgId: string }>;

/** An application to the demo's naming calls: who applies, what they answer, how far it got. */
interface DemoApplication {
  org: string;
  by: string;
  title: string;
  category: 'VENUE' | 'SITE' | 'RESEARCH';
  division: string;
  address: string;
  lng: number;
  lat: number;
  sector: string;
  intro: string;
  visitors: number;
  staff: number;
  capacity: number;
}

const app = (a: DemoApplication) => a;

const OPEN_CALL_APPLICATIONS = {
  draft: app({
    org: 'hunanMuseum',
    by: 'li.na',
    title: '湖南省地质博物馆',
    category: 'VENUE',
    division: '430111',
    address: '湖南省长沙市雨花区洞井街道',
    lng: 113.03,
    lat: 28.09,
    sector: 'GEOLOGY',
    intro:
      '以地球演化和湖南地质资源为主题的省级综合性地学博物馆，年均开展科普讲座和研学活动 120 余场。',
    visitors: 620000,
    staff: 26,
    capacity: 6000,
  }),
  submitted: app({
    org: 'xiangxi',
    by: 'tang.jun',
    title: '湘西世界地质公园',
    category: 'SITE',
    division: '433101',
    address: '湖南省湘西土家族苗族自治州吉首市',
    lng: 109.7,
    lat: 28.31,
    sector: 'GEOLOGY',
    intro: '以寒武纪“金钉子”剖面和台地—峡谷地貌为特色，矮寨大桥下的德夯峡谷是观察地层的天然长廊。',
    visitors: 850000,
    staff: 18,
    capacity: 20000,
  }),
  recommended: app({
    org: 'dapeng',
    by: 'guo.qing',
    title: '深圳大鹏半岛国家地质公园',
    category: 'SITE',
    division: '440307',
    address: '广东省深圳市大鹏新区南澳街道',
    lng: 114.55,
    lat: 22.5,
    sector: 'OCEAN',
    intro: '古火山遗迹与海蚀地貌相映的滨海地质公园，面向深圳中小学开展“海岸带地质研学”课程。',
    visitors: 1200000,
    staff: 22,
    capacity: 15000,
  }),
  inReview: app({
    org: 'changxing',
    by: 'lu.ping',
    title: '长兴“金钉子”地质遗迹保护区',
    category: 'SITE',
    division: '330522',
    address: '浙江省湖州市长兴县煤山镇',
    lng: 119.7,
    lat: 31.08,
    sector: 'GEOLOGY',
    intro: '二叠系—三叠系界线全球层型剖面（“金钉子”）所在地，记录了地球历史上最大的生物灭绝事件。',
    visitors: 150000,
    staff: 12,
    capacity: 3000,
  }),
  halfScored: app({
    org: 'yulong',
    by: 'ma.li',
    title: '玉龙雪山冰川地质公园',
    category: 'SITE',
    division: '530702',
    address: '云南省丽江市古城区',
    lng: 100.23,
    lat: 27.1,
    sector: 'GEOLOGY',
    intro: '欧亚大陆距赤道最近的海洋性冰川分布区，冰川退缩监测点向公众展示气候变化对冰川的影响。',
    visitors: 2100000,
    staff: 30,
    capacity: 25000,
  }),
  notRecommended: app({
    org: 'xingyi',
    by: 'pan.wen',
    title: '兴义国家地质公园',
    category: 'SITE',
    division: '522301',
    address: '贵州省黔西南布依族苗族自治州兴义市',
    lng: 104.9,
    lat: 25.09,
    sector: 'GEOLOGY',
    intro: '以万峰林、马岭河峡谷和贵州龙化石为特色的喀斯特地质公园。',
    visitors: 900000,
    staff: 9,
    capacity: 12000,
  }),
};

const CLOSED_CALL_APPLICATIONS = {
  songshan: app({
    org: 'songshan',
    by: 'cui.lin',
    title: '嵩山世界地质公园',
    category: 'SITE',
    division: '410185',
    address: '河南省郑州市登封市',
    lng: 113.04,
    lat: 34.46,
    sector: 'GEOLOGY',
    intro: '连续出露太古宙、元古宙、古生代、中生代和新生代五个地质时代的地层，被誉为“五代同堂”。',
    visitors: 1500000,
    staff: 28,
    capacity: 30000,
  }),
  dunhuang: app({
    org: 'dunhuang',
    by: 'bai.yu',
    title: '敦煌世界地质公园',
    category: 'SITE',
    division: '620982',
    address: '甘肃省酒泉市敦煌市',
    lng: 94.66,
    lat: 40.14,
    sector: 'GEOLOGY',
    intro: '雅丹地貌和鸣沙山—月牙泉沙漠地貌的典型代表，讲述风如何塑造大地、人类如何与荒漠相处。',
    visitors: 1800000,
    staff: 24,
    capacity: 25000,
  }),
  haikou: app({
    org: 'haikou',
    by: 'wu.hao',
    title: '海口火山群世界地质公园',
    category: 'SITE',
    division: '460105',
    address: '海南省海口市秀英区石山镇',
    lng: 110.21,
    lat: 19.93,
    sector: 'GEOLOGY',
    intro: '我国为数不多的全新世火山群之一，马鞍岭火山口和火山熔岩隧道是认识玄武岩火山的最佳场所。',
    visitors: 700000,
    staff: 16,
    capacity: 10000,
  }),
  taining: app({
    org: 'taining',
    by: 'zheng.min',
    title: '泰宁世界地质公园',
    category: 'SITE',
    division: '350429',
    address: '福建省三明市泰宁县',
    lng: 117.18,
    lat: 26.9,
    sector: 'GEOLOGY',
    intro: '青年期丹霞地貌的代表，“水上丹霞”大金湖与深切峡谷群展示了丹霞地貌早期发育的特征。',
    visitors: 1100000,
    staff: 20,
    capacity: 18000,
  }),
  rejected: app({
    org: 'xichang',
    by: 'he.yun',
    title: '西昌邛海—螺髻山地质遗迹',
    category: 'SITE',
    division: '513401',
    address: '四川省凉山彝族自治州西昌市',
    lng: 102.27,
    lat: 27.83,
    sector: 'WETLAND',
    intro: '第四纪冰川遗迹与高原湖泊湿地相伴，正在建设地质遗迹解说系统。',
    visitors: 300000,
    staff: 4,
    capacity: 5000,
  }),
};

/**
 * The demo's naming calls, walked through the review engine as the people would: an open call
 * (this year) with an application at every stage up to expert scoring — so each demo role finds
 * work waiting — and last round's call, decided, through its 公示 with one objection handled, its
 * bases named. Dates are moved back afterwards so the closed call reads as months ago.
 */
export async function seedDemoCalls(
  handle: DbHandle,
  storage: Storage | undefined,
  clock: DemoClock,
  orgIds: Record<string, string>,
  people: People,
): Promise<{ openCallId: string; closedCallId: string }> {
  const sharp = await loadSharp();
  const { db, dialect } = handle;
  const ctx = (who?: string): RequestContext => ({
    actorId: who ? people[who]!.id : null,
    ip: null,
    dialect,
  });
  const as = (u: string) => actorOf(db, people, u);

  const shown = [
    'title',
    'rank',
    'organisation',
    'sectors',
    'hazards',
    'regions',
    'services',
    'bio',
    'publications',
    'works',
  ];
  for (const [u, profile] of Object.entries({
    'wang.qiang': {
      title: '研究员',
      rank: 'SENIOR',
      organisationId: orgIds.cags,
      sectors: ['GEOLOGY', 'MINERAL'],
      topics: ['GEOHAZARD_PREVENTION'],
      hazards: ['LANDSLIDE', 'DEBRIS_FLOW', 'COLLAPSE'],
      regions: ['430000', '510000'],
      languages: ['普通话', '英语'],
      services: ['REVIEW', 'LECTURE', 'EMERGENCY'],
      bio: '长期从事地质灾害成因机理与防治研究，参与编写多部地质灾害防治科普读物，常年在湖南、四川山区开展“识灾避险”讲座。',
      publications: [
        { title: '山区群测群防员手册', year: 2021, venue: '地质出版社' },
        { title: '滑坡前兆的识别', year: 2023, venue: '《国土资源科普与文化》' },
      ],
      publicFields: shown,
      publicProfile: true,
    },
    'zhao.lei': {
      title: '研究员',
      rank: 'SENIOR',
      organisationId: orgIds.fio,
      sectors: ['OCEAN', 'WETLAND'],
      hazards: ['STORM_SURGE', 'WAVES', 'TSUNAMI'],
      regions: ['370000', '460000'],
      languages: ['普通话'],
      services: ['REVIEW', 'LECTURE', 'MEDIA', 'EMERGENCY'],
      bio: '海洋灾害预警与海岸带生态研究，多次在世界海洋日主场活动中讲解风暴潮与海啸的防范。',
      publicFields: shown,
      publicProfile: true,
    },
    'liu.bo': {
      title: '正高级工程师',
      rank: 'SENIOR',
      organisationId: orgIds.karst,
      sectors: ['GEOLOGY', 'LAND'],
      hazards: ['GROUND_COLLAPSE', 'LAND_SUBSIDENCE'],
      regions: ['450000', '520000'],
      services: ['REVIEW', 'LECTURE'],
      availability: 'LIMITED',
      availabilityNote: '野外调查季只接受线上评审',
      publicFields: ['title', 'organisation', 'hazards'],
      publicProfile: true,
    },
    'xie.ning': {
      title: '高级工程师',
      rank: 'ASSOCIATE',
      organisationId: orgIds.ngcc,
      sectors: ['SURVEYING', 'LAND'],
      regions: ['110000'],
      services: ['REVIEW'],
    },
  }))
    await putMyProfile(db, await as(u), ctx(u), ExpertProfileSchema.parse(profile), 'zh-CN');
  // The units' administrators checked two of them (中国地质调查局 for its institutes).
  for (const u of ['wang.qiang', 'liu.bo'])
    await verifyExpert(db, await as('huang.tao'), ctx('huang.tao'), people[u]!.id, true, 'zh-CN');

  const office = await as('zhou.min');
  // The call's 申报书 template, as the office attaches it (a PDF here: templates are content-checked).
  const template = storage
    ? await storeBytes(db, storage, ctx('zhou.min'), demoPdf(), {
        name: '国家自然资源科普基地申报书（模板）.pdf',
        alt: '',
        organisationId: orgIds.office!,
        uploadedBy: people['zhou.min']!.id,
        log: () => {},
      })
    : null;
  const makeCall = async (
    title: string,
    n: number,
    opensAt: string,
    closesAt: string,
    review: boolean,
  ) => {
    const call = await createCall(
      db,
      office,
      ctx('zhou.min'),
      CreateCallSchema.parse({
        subjectKind: 'BASE',
        organisationId: orgIds.office,
        title,
        docNo: docNo('自然资办函', Number(opensAt.slice(0, 4)), n),
        description:
          '<p>为贯彻落实《自然资源科学技术普及“十四五”工作方案》，推进国家自然资源科普基地建设，现组织开展国家自然资源科普基地申报工作。</p><p>请申报单位按要求填写申报表，上传场馆或场地照片及证明材料，经所在省级自然资源主管部门推荐后提交。</p>',
        eligibility:
          '依法登记、具有独立法人资格的科普场馆、自然资源场景和科研单位，面向公众开放一年以上，有专兼职科普队伍和年度科普计划；经所在省级自然资源主管部门推荐后申报（部属单位由部科普工作办公室直接受理）。已命名的国家自然资源科普基地不重复申报。',
        templateIds: template ? [template.id] : [],
        opensAt,
        closesAt,
        form: NAMING_FORM,
        rubric: NAMING_RUBRIC,
        stages: [
          { kind: 'RECOMMENDATION' },
          { kind: 'FORMAL_CHECK' },
          ...(review ? [{ kind: 'EXPERT_REVIEW' as const, deadline: clock.day(40) }] : []),
          { kind: 'DECISION' },
          { kind: 'PUBLIC_NOTICE' },
        ],
        reviewersPerItem: 2,
      }),
    );
    await moveCall(db, office, ctx('zhou.min'), call.id, 'OPEN');
    return call.id;
  };

  const photoOf = async (a: DemoApplication, i: number) => {
    if (!storage) return [];
    const png = await sharp(Buffer.from(coverSvg(a.sector, 900 + i * 41)))
      .png()
      .toBuffer();
    const m = await storeBytes(db, storage, ctx(a.by), png, {
      name: `${a.title}-场地照片.png`,
      alt: a.title,
      organisationId: orgIds[a.org]!,
      uploadedBy: people[a.by]!.id,
      log: () => {},
    });
    return [m.id];
  };
  const documentOf = async (a: DemoApplication) => {
    if (!storage) return [];
    const m = await storeBytes(db, storage, ctx(a.by), demoPdf(), {
      name: `${a.title}-申报材料.pdf`,
      alt: '',
      organisationId: orgIds[a.org]!,
      uploadedBy: people[a.by]!.id,
      log: () => {},
    });
    return [m.id];
  };
  const apply = async (callId: string, a: DemoApplication, i: number, submit = true) => {
    const who = await as(a.by);
    const item = await createItem(
      db,
      who,
      ctx(a.by),
      callId,
      CreateItemSchema.parse({
        organisationId: orgIds[a.org],
        title: a.title,
        sectors: [a.sector],
        data: {
          category: a.category,
          address: a.address,
          divisionCode: a.division,
          location: { lng: a.lng, lat: a.lat },
          openingHours: '全年开放，8:00—18:00',
          capacity: a.capacity,
          facilities: '地质博物馆（科普馆）、解说步道、研学教室',
          visitors: a.visitors,
          staff: a.staff,
          intro: a.intro,
        },
        attachments: { photos: await photoOf(a, i), documents: await documentOf(a) },
      }),
    );
    if (submit) await submitItem(db, who, ctx(a.by), item.id);
    return item.id;
  };
  const provinceAdminOf: Record<string, string> = {
    xiangxi: 'zhang.wei',
    hunanMuseum: 'zhang.wei',
    dapeng: 'lin.feng',
    changxing: 'wu.xia',
    yulong: 'yang.fan',
    xingyi: 'tian.ye',
    songshan: 'song.jie',
    dunhuang: 'ma.lan',
    haikou: 'fu.hai',
    taining: 'lin.shan',
    xichang: 'chen.jing',
  };
  const recommendIt = async (a: DemoApplication, id: string, yes = true) => {
    const u = provinceAdminOf[a.org]!;
    await recommend(db, await as(u), ctx(u), id, {
      recommend: yes,
      opinion: yes
        ? '经审核，申报材料真实，科普设施和队伍符合要求，同意推荐。'
        : '科普解说系统尚未建成，专兼职科普人员不足，暂不推荐，建议完善后下一年度再申报。',
    });
  };
  const check = (id: string) =>
    formalCheck(db, office, ctx('zhou.min'), id, {
      passed: true,
      opinion: '申报材料齐全，符合形式要求。',
    });

  // ── Last round: closed, decided, through its 公示, named. ──────────────────────────────────
  const closedOpens = clock.day(-210);
  // Two calls in one year are its first and second batch.
  const sameYear = clock.year(-210) === clock.year(0);
  const closedCallId = await makeCall(
    `${clock.year(-210)}年度国家自然资源科普基地申报${sameYear ? '（第一批）' : ''}`,
    512,
    clock.today,
    clock.day(30),
    false,
  );
  const closed = CLOSED_CALL_APPLICATIONS;
  const closedIds: Record<string, string> = {};
  for (const [i, [k, a]] of Object.entries(closed).entries()) {
    closedIds[k] = await apply(closedCallId, a, i + 20);
    await recommendIt(a, closedIds[k]!);
    await check(closedIds[k]!);
  }
  const accepted = ['songshan', 'dunhuang', 'haikou', 'taining'].map((k) => closedIds[k]!);
  for (const id of accepted)
    await decide(db, office, ctx('zhou.min'), id, {
      decision: 'ACCEPT',
      reason: '经专家评审和部务会研究，同意命名。',
    });
  await decide(db, office, ctx('zhou.min'), closedIds.rejected!, {
    decision: 'REJECT',
    reason: '科普队伍规模不足（专兼职科普人员 4 人），科普解说系统尚在建设，暂不予命名。',
  });
  const notice = await createNotice(db, office, ctx('zhou.min'), closedCallId, {
    title: '国家自然资源科普基地拟命名名单公示',
    startsAt: clock.today,
    endsAt: clock.today,
    itemIds: accepted,
  });
  await object(db, { actorId: null, ip: null, dialect }, notice.id, {
    itemId: closedIds.taining!,
    name: '陈先生',
    contact: '138****5210',
    text: '泰宁世界地质公园部分解说牌文字陈旧，个别步道节假日人流过大，是否符合科普基地的开放条件？',
  });
  const [objection] = await listObjections(db, office, notice.id);
  await handleObjection(db, office, ctx('zhou.min'), objection!.id, {
    outcome: 'DISMISSED',
    handling:
      '经核实，该公园已于公示期内更新解说牌 46 块，节假日实行预约限流；反映的问题不影响命名条件，已电话答复反映人。',
  });
  await closeNotice(db, office, ctx('zhou.min'), notice.id);
  const namedAt = clock.day(-40);
  await moveCall(db, office, ctx('zhou.min'), closedCallId, 'CLOSED');
  await nameBatch(
    db,
    office,
    ctx('zhou.min'),
    NamingSchema.parse({
      callId: closedCallId,
      itemIds: accepted,
      tier: 'NATIONAL',
      docNo: docNo('自然资发', clock.year(-40), 203),
      namedAt,
      validityYears: 5,
    }),
  );
  await backdateClosedCall(db, clock, closedCallId, notice.id, closedOpens, namedAt);

  // ── This year's call: open, an application at every stage. ────────────────────────────────
  const openCallId = await makeCall(
    `${clock.year(0)}年度国家自然资源科普基地申报${sameYear ? '（第二批）' : ''}`,
    816,
    clock.day(-30),
    clock.day(12),
    true,
  );
  const o = OPEN_CALL_APPLICATIONS;
  await apply(openCallId, o.draft, 1, false);
  await apply(openCallId, o.submitted, 2);
  const rec = await apply(openCallId, o.recommended, 3);
  await recommendIt(o.recommended, rec);
  const not = await apply(openCallId, o.notRecommended, 4);
  await recommendIt(o.notRecommended, not, false);
  for (const [a, i, reviewers] of [
    [o.inReview, 5, ['wang.qiang']],
    [o.halfScored, 6, ['wang.qiang', 'zhao.lei']],
  ] as const) {
    const id = await apply(openCallId, a, i);
    await recommendIt(a, id);
    await check(id);
    for (const r of reviewers) await assignOne(db, office, ctx('zhou.min'), id, people[r]!.id);
  }
  // One expert has scored the glacier park; the other still has it on the desk.
  const zhao = await as('zhao.lei');
  const desk = await myAssignments(db, zhao);
  for (const a of desk)
    await score(db, zhao, ctx('zhao.lei'), a.id, {
      scores: { content: 88, facility: 82, team: 85, activity: 90 },
      comments: { activity: '冰川退缩监测点的公众解说很有特色，建议增加面向中小学生的研学课程。' },
    });
  return { openCallId, closedCallId };
}

/**
 * Moves the closed call's dates to where they belong: opened seven months ago, its 公示 two
 * months ago, the objection and the decisions in between. The steps ran today (the services
 * check today's date); only the dates they recorded move.
 */
async function backdateClosedCall(
  db: Db,
  clock: DemoClock,
  callId: string,
  noticeId: string,
  opensAt: string,
  namedAt: string,
) {
  const at = (days: number, hour = 2) => `${clock.day(days)}T0${hour}:00:00.000Z`;
  await db
    .updateTable('reviewCalls')
    .set({ opensAt, closesAt: clock.day(-150), createdAt: at(-215), updatedAt: at(-40) })
    .where('id', '=', callId)
    .execute();
  await db
    .updateTable('reviewNotices')
    .set({ startsAt: clock.day(-62), endsAt: clock.day(-56), createdAt: at(-62) })
    .where('id', '=', noticeId)
    .execute();
  await db
    .updateTable('reviewObjections')
    .set({ createdAt: at(-60), handledAt: at(-58) })
    .where('noticeId', '=', noticeId)
    .execute();
  const items = await db
    .selectFrom('reviewItems')
    .select('id')
    .where('callId', '=', callId)
    .execute();
  const ids = items.map((i) => i.id);
  if (ids.length === 0) return;
  await db
    .updateTable('reviewItems')
    .set({ createdAt: at(-190), updatedAt: at(-56) })
    .where('id', 'in', ids)
    .execute();
  // Events in the order they happened, spread over the months between application and 公示.
  const events = await db
    .selectFrom('reviewEvents')
    .select(['id', 'action'])
    .where('itemId', 'in', ids)
    .orderBy('id')
    .execute();
  const when: Record<string, number> = {
    create: -190,
    submit: -160,
    recommend: -140,
    notRecommend: -140,
    formalPass: -120,
    formalReject: -120,
    accept: -75,
    reject: -75,
    publicize: -62,
    confirm: -56,
  };
  for (const e of events)
    await db
      .updateTable('reviewEvents')
      .set({
        at: at(when[e.action] ?? -56),
        ...(e.action === 'publicize' ? { opinion: `${clock.day(-62)} 至 ${clock.day(-56)}` } : {}),
      })
      .where('id', '=', e.id)
      .execute();
  await db
    .updateTable('baseEvents')
    .set({ at: `${namedAt}T02:00:00.000Z` })
    .where('baseId', 'in', db.selectFrom('bases').select('id').where('applicationId', 'in', ids))
    .execute();
}
