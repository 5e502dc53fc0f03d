import * as groups from '#modules/activities/groups.ts';
import * as activities from '#modules/activities/service.ts';
import * as facilities from '#modules/facilities/service.ts';
import type { RequestContext } from '#platform/audit.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import type { Actor } from '#platform/policy.ts';
import type { DemoClock } from './clock.ts';
import { actorOf } from './people.ts';

type People = Record<string, { id: string }>;

const at = (clock: DemoClock, day: number, time: string) => `${clock.day(day)}T${time}:00+08:00`;

/**
 * 科普开放日 of the demo (plan §五(二)): three facilities on the portal — 湖南's engineering centre
 * with two partner schools, 第一海洋研究所's key laboratory (its open day is one of the demo
 * activities) and the karst laboratory in 桂林. The engineering centre's open day has two slots:
 * the first open to all, where 长沙市实验小学's class waits for 肖雨's approval; the second still
 * for partner schools only.
 */
export async function seedDemoFacilities(
  handle: DbHandle,
  actor: Actor,
  ids: Record<string, string>,
): Promise<Record<string, string>> {
  const { db } = handle;
  const ctx: RequestContext = { actorId: null, ip: null, dialect: handle.dialect };
  const made: Record<string, string> = {};
  const hunan = await facilities.createFacility(db, actor, ctx, {
    organisationId: ids.hnGeoCentre!,
    kind: 'ENGINEERING_CENTER',
    name: '湖南省地质灾害监测预警工程技术研究中心',
    summary:
      '看得见的地质灾害监测：北斗位移监测站、雨量计和预警大屏，一次看懂滑坡是怎样被“提前发现”的。',
    description:
      '开放日参观分三部分：监测预警大厅（全省地质灾害隐患点实时监测数据）、监测设备展示区（北斗 GNSS 位移监测站、裂缝计、雨量计实物）和互动体验区（模拟降雨引发滑坡的沙盘实验）。\n讲解由中心科研人员担任，约 90 分钟。',
    visitNotes:
      '适合小学四年级以上学生和社会公众。团体参观请提前预约，每批不超过 60 人；请提前 15 分钟到达。',
    safetyNotes:
      '1. 学生须由带队教师全程陪同，每 15 名学生至少 1 名教师。\n2. 监测设备区请勿触摸仪器和线缆。\n3. 沙盘实验区地面湿滑，请穿防滑鞋，听从讲解员指挥。\n4. 如遇紧急情况，按疏散指示标志从最近的安全出口离开。',
    divisionCode: '430104',
    address: '湖南省长沙市岳麓区桐梓坡西路 300 号',
    lat: 28.22,
    lng: 112.9,
    groupMax: 60,
    partnerDays: 7,
    published: true,
  });
  made.hunan = hunan.id;
  await facilities.putPartner(db, actor, ctx, hunan.id, ids.changshaSchool!, {
    note: '共建“地质灾害防治”科普教育实践基地',
  });
  await facilities.putPartner(db, actor, ctx, hunan.id, ids.zhuzhouSchool!, {
    note: '研学实践合作学校',
  });
  const fio = await facilities.createFacility(db, actor, ctx, {
    organisationId: ids.fio!,
    kind: 'KEY_LAB',
    name: '自然资源部海洋环境科学与数值模拟重点实验室',
    summary: '走进海洋研究所的实验室和科考船模型展厅，看科学家怎样“算”出海浪和台风。',
    description:
      '实验室开放海洋观测仪器展示区、数值预报演示室和深海样品陈列室。科研人员现场讲解海洋观测、海浪与风暴潮数值预报。',
    visitNotes: '面向社会公众和中学生；个人和团体均可预约，入场请携带身份证件。',
    safetyNotes: '实验室内请勿触碰仪器；样品陈列室禁止饮食；未成年人须由成人陪同。',
    divisionCode: '370212',
    address: '山东省青岛市崂山区仙霞岭路 6 号',
    lat: 36.11,
    lng: 120.47,
    groupMax: 40,
    partnerDays: 7,
    published: true,
  });
  made.fio = fio.id;
  const karst = await facilities.createFacility(db, actor, ctx, {
    organisationId: ids.karst!,
    kind: 'FIELD_STATION',
    name: '广西桂林丫吉岩溶水文地质野外科学观测研究站',
    summary: '中国最早的岩溶水文地质试验场之一：地下河监测、岩溶碳汇观测，在野外看懂喀斯特。',
    description:
      '观测站开放地下河出口监测点、岩溶碳汇观测井和标本陈列室，由研究所科研人员带领讲解岩溶作用与水资源保护。',
    visitNotes: '野外步行约 2 公里，适合初中以上学生；雨天可能调整路线。',
    safetyNotes: '请穿防滑登山鞋、长裤；不得进入未开放的溶洞；雷雨天气暂停野外参观。',
    divisionCode: '450305',
    address: '广西壮族自治区桂林市七星区七星路 50 号',
    lat: 25.28,
    lng: 110.32,
    groupMax: 30,
    partnerDays: 7,
    published: true,
  });
  made.karst = karst.id;
  return made;
}

/** The engineering centre's open day, and a class booked for its first slot. */
export async function seedDemoOpenDays(
  handle: DbHandle,
  clock: DemoClock,
  actor: Actor,
  ids: Record<string, string>,
  facilityIds: Record<string, string>,
  people: People,
): Promise<void> {
  const { db } = handle;
  const ctx: RequestContext = { actorId: null, ip: null, dialect: handle.dialect };
  const slot = (day: number, partnersUntilDay: number | null) => ({
    startsAt: at(clock, day, '09:30'),
    endsAt: at(clock, day, '11:30'),
    capacity: 60,
    registrationOpensAt: null,
    registrationClosesAt: at(clock, day - 1, '17:00'),
    approvalRequired: true,
    perPersonLimit: 2,
    holdHours: 24,
    cancelCutoffHours: 24,
    partnersUntil: partnersUntilDay === null ? null : at(clock, partnersUntilDay, '18:00'),
  });
  const openDay = await activities.createActivity(db, actor, ctx, {
    organisationId: ids.hnGeoCentre!,
    coOrganiserIds: [],
    checkInMode: 'ONCE',
    typeCode: 'OPEN_DAY',
    title: '走进地质灾害监测预警中心·科普开放日',
    summary: '看北斗监测站怎样守护滑坡隐患点，动手做一次降雨诱发滑坡的沙盘实验。',
    body: '<p>开放日以学校团体参观为主，也接受少量个人报名。合作学校可优先预约新发布的时段。</p>',
    audiences: ['YOUTH', 'TEACHERS', 'GENERAL_PUBLIC'],
    sectors: ['GEOLOGY'],
    topics: ['GEOHAZARD_PREVENTION'],
    themeDayCode: null,
    campaignId: null,
    divisionCode: '430104',
    address: '湖南省长沙市岳麓区桐梓坡西路 300 号',
    lat: 28.22,
    lng: 112.9,
    onlineUrl: null,
    coverMediaId: null,
    registrationForm: null,
    admitsMinors: false,
    groupsAllowed: true,
    facilityId: facilityIds.hunan!,
    sessions: [slot(9, null), slot(16, 3)],
  });
  await activities.publishActivity(db, actor, ctx, openDay.id);
  const teacher = await actorOf(db, people, 'he.lan');
  await groups.requestGroup(db, teacher, ctx, openDay.id, {
    sessionId: openDay.sessions[0]!.id,
    schoolOrganisationId: ids.changshaSchool!,
    schoolName: '',
    gradeClass: '四年级（2）班',
    contactName: '何兰',
    contactPhone: '13807311234',
    requested: 42,
    names: [],
    safetyAcknowledged: true,
  });
}
