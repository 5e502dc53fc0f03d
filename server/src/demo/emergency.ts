import * as worksRepo from '#modules/works/repo.ts';
import { versionOf } from '#modules/works/service.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import { newId } from '#platform/ids.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { beijingInstant as at, type DemoClock } from './clock.ts';

const p = (...lines: string[]) => lines.map((l) => `<p>${l}</p>`).join('');

/**
 * The demo's 应急科普: three reserve items (Hunan's phone card for landslides, the office's
 * nationwide text on landslide signs, Sichuan's debris-flow video script — its yearly review
 * overdue), and a response in Sichuan two months ago: a debris flow in 雅安, 王强 called as the
 * duty expert, an explainer drafted from the reserve and passed 1 hour 35 minutes after opening,
 * closed the next day. Nothing is active, so the home page carries no banner until an office
 * opens a response.
 */
export async function seedDemoEmergency(
  handle: DbHandle,
  clock: DemoClock,
  ids: Record<string, string>,
  people: Record<string, { id: string; orgId: string }>,
): Promise<void> {
  const { db, dialect } = handle;
  const office = people['zhou.min']!;
  const hunan = people['zhang.wei']!;
  const sichuan = people['chen.jing']!;
  const expert = people['wang.qiang']!;
  const work = (
    owner: { id: string; orgId: string },
    day: number,
    fields: { title: string; summary: string; body: string; regions?: string[]; topics?: string[] },
  ) =>
    worksRepo.newWorkRow({
      type: 'DEBUNK',
      status: 'PUBLISHED',
      title: fields.title,
      summary: fields.summary,
      body: fields.body,
      sectors: JSON.stringify(['GEOLOGY']),
      topics: JSON.stringify(fields.topics ?? ['GEOHAZARD_PREVENTION']),
      regions: JSON.stringify(fields.regions ?? []),
      organisationId: owner.orgId,
      createdBy: owner.id,
      checkedVersion: 1,
      publishedVersion: 1,
      publishedAt: at(clock.day(day), '10:00'),
      createdAt: at(clock.day(day), '09:00'),
    });
  const card = work(hunan, -200, {
    title: '滑坡来了往哪跑：避险撤离图卡',
    summary: '一张图看懂滑坡避险：向两侧跑，不要顺着滑坡方向跑；撤离后不要返回取财物。',
    body: p(
      '发现滑坡时，应向滑坡体两侧稳定的地方撤离，切忌顺着滑坡方向往下跑，也不要往上跑。',
      '来不及撤离时，可躲在结实的障碍物后，或抱住身边的大树，并保护好头部。',
      '滑坡停止后不要马上回到危险区取财物，应等待专业人员确认安全。',
    ),
    regions: ['430000', '510000'],
  });
  const signs = work(office, -160, {
    title: '雨季山区出行，留意这些滑坡前兆',
    summary: '坡体裂缝、泉水变浑、树木歪斜、异常声响——记住这些信号，及早撤离。',
    body: p(
      '强降雨期间和雨后一段时间，是滑坡、崩塌的高发期。',
      '坡体出现新的裂缝、坡脚有土石零星掉落、泉水突然变浑或断流、树木和电杆歪斜、听到山体发出异常声响，都可能是滑坡的前兆。',
      '发现前兆要立即向村组群测群防员报告，并按预定路线撤离。',
    ),
  });
  const video = work(sichuan, -420, {
    title: '泥石流避险要点（短视频脚本）',
    summary: '沟谷中遇到泥石流，要向沟岸两侧的高处跑，不要顺沟跑。',
    body: p(
      '镜头一：暴雨中的山区沟谷。旁白：泥石流多发生在暴雨或连续降雨期间。',
      '镜头二：人员向沟岸两侧高处撤离。旁白：遇到泥石流，要向与泥石流方向垂直的两侧山坡上跑，不要顺沟方向往上游或下游跑。',
      '镜头三：撤离后的安置点。旁白：不要在沟谷中停留，也不要急于返回。',
    ),
    regions: ['510000'],
  });
  const opened = at(clock.day(-61), '14:20');
  const published = at(clock.day(-61), '15:55');
  const explainer = work(sichuan, -61, {
    title: '雅安某县泥石流：群众已安全转移，沟谷地区如何避险',
    summary: '本次泥石流未造成人员伤亡。专家提醒：雨季不在沟谷停留，发现异常向两侧高处撤离。',
    body: p(
      '据县自然资源局通报，受持续强降雨影响，当地一处沟谷发生泥石流，因监测预警及时，受威胁群众已提前安全转移，无人员伤亡。',
      '值班专家王强研究员提醒：泥石流发生前常伴有沟谷内异常轰鸣、沟水突然断流或变浑；遇到泥石流，要向沟岸两侧高处撤离，不要顺沟跑。',
      '网传“上游水库溃坝”的说法不实，当地无水库溃坝情况。',
    ),
    regions: ['511800'],
  });
  explainer.publishedAt = published;
  explainer.createdAt = at(clock.day(-61), '14:40');
  explainer.updatedAt = published;
  const incidentId = newId();
  await db.transaction().execute(async (tx) => {
    for (const w of [card, signs, video, explainer]) {
      await worksRepo.insertWork(tx, w);
      await worksRepo.insertVersion(tx, versionOf(w, 1, w.createdBy, null, w.createdAt));
      await worksRepo.insertCheck(tx, {
        id: newId(),
        workId: w.id,
        version: 1,
        reviewerId: expert.id,
        decision: 'PASSED',
        comments: '',
        createdAt: w.publishedAt!,
      });
    }
    await searchEngineFor(db, dialect).index(tx, 'work', [
      card.id,
      signs.id,
      video.id,
      explainer.id,
    ]);
    const reserve = [
      {
        w: card,
        hazards: ['LANDSLIDE', 'COLLAPSE'],
        provinces: ['430000', '510000'],
        formats: ['CARD'],
        reviewed: -30,
      },
      {
        w: signs,
        hazards: ['LANDSLIDE', 'DEBRIS_FLOW'],
        provinces: [],
        formats: ['TEXT'],
        reviewed: -100,
      },
      // Reviewed more than a year ago: due, and not proposed until reviewed again.
      {
        w: video,
        hazards: ['DEBRIS_FLOW'],
        provinces: ['510000'],
        formats: ['VIDEO'],
        reviewed: -400,
      },
    ];
    for (const r of reserve) {
      const reviewedAt = at(clock.day(r.reviewed), '11:00');
      await tx
        .insertInto('reserveItems')
        .values({
          workId: r.w.id,
          hazards: JSON.stringify(r.hazards),
          provinces: JSON.stringify(r.provinces),
          formats: JSON.stringify(r.formats),
          note: '',
          reviewedAt,
          reviewedBy: r.w.createdBy,
          reviewDue: clock.addYears(clock.day(r.reviewed), 1),
          remindedFor: null,
          createdBy: r.w.createdBy,
          createdAt: reviewedAt,
          updatedAt: reviewedAt,
        })
        .execute();
      await tx
        .insertInto('reserveTags')
        .values(
          r.hazards.flatMap((hazard) =>
            (r.provinces.length ? r.provinces.map((c) => c.slice(0, 2)) : ['00']).map(
              (province) => ({
                workId: r.w.id,
                hazard,
                province,
              }),
            ),
          ),
        )
        .execute();
    }
    await tx
      .insertInto('incidents')
      .values({
        id: incidentId,
        organisationId: ids.sichuan!,
        regionOrgId: ids.sichuan!,
        title: '四川省雅安市某县泥石流',
        hazard: 'DEBRIS_FLOW',
        gradeKind: 'DANGER',
        grade: 'MEDIUM',
        responseLevel: 'IV',
        divisionCode: '511800',
        provinceCode: '51',
        place: '某县',
        occurredAt: at(clock.day(-61), '13:50'),
        source: '县自然资源局',
        description: '持续强降雨引发沟谷泥石流，受威胁群众 236 人已提前转移。',
        status: 'CLOSED',
        openedAt: opened,
        openedBy: sichuan.id,
        closedAt: at(clock.day(-60), '18:00'),
        closedBy: sichuan.id,
        closeNote: '险情解除，转移群众已返回。',
        firstExplainerAt: published,
        firstExplainerId: explainer.id,
        updatedAt: at(clock.day(-60), '18:00'),
      })
      .execute();
    await tx
      .insertInto('incidentDuty')
      .values({
        incidentId,
        userId: expert.id,
        matchedBy: 'REGION',
        notifiedAt: opened,
        acknowledgedAt: at(clock.day(-61), '14:32'),
      })
      .execute();
    await tx
      .insertInto('incidentExplainers')
      .values({
        incidentId,
        workId: explainer.id,
        reserveWorkId: video.id,
        draftedBy: sichuan.id,
        draftedAt: explainer.createdAt,
        approvedBy: expert.id,
        approvedAt: published,
        publishedAt: published,
      })
      .execute();
  });
}
