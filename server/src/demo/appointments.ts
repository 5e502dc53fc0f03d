import { SchemeInputSchema } from '#modules/appointments/schema.ts';
import { createAppointment, createScheme } from '#modules/appointments/service.ts';
import { NOMINATION_FORM, NOMINATION_RUBRIC } from '#modules/appointments/templates.ts';
import { storeBytes } from '#modules/media/service.ts';
import { createCall, moveCall } from '#modules/reviews/calls.ts';
import { createItem, submitItem } from '#modules/reviews/items.ts';
import { CreateCallSchema, CreateItemSchema } from '#modules/reviews/schema.ts';
import type { RequestContext } from '#platform/audit.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import type { Storage } from '#platform/storage/storage.ts';
import { demoPdf } from './assets.ts';
import { type DemoClock, docNo } from './clock.ts';
import { actorOf } from './people.ts';

type People = Record<string, { id: string; orgId: string }>;

/**
 * 首席科学传播专家 in the demo: the ministry's scheme (5-year terms, two activities led a year,
 * 正高级, three years of 科普), two experts appointed in an earlier batch — 王强 leads activities,
 * 赵磊 has led none this year, so the office sees one appointee behind on duty — and this year's
 * nomination call, open, with 中国地质调查局's nomination of 刘波 waiting for recommendation.
 */
export async function seedDemoAppointments(
  handle: DbHandle,
  storage: Storage | undefined,
  clock: DemoClock,
  orgIds: Record<string, string>,
  people: People,
) {
  const { db, dialect } = handle;
  const ctx = (who: string): RequestContext => ({ actorId: people[who]!.id, ip: null, dialect });
  const as = (u: string) => actorOf(db, people, u);
  const office = await as('zhou.min');
  const scheme = await createScheme(
    db,
    office,
    ctx('zhou.min'),
    SchemeInputSchema.parse({
      code: 'MNR_CHIEF',
      name: '自然资源首席科学传播专家',
      honorific: '自然资源首席科学传播专家',
      organisationId: orgIds.office,
      termYears: 5,
      renewable: true,
      minLedPerYear: 2,
      minRank: 'SENIOR',
      minYearsPopularising: 3,
      duties:
        '每年至少主持或主讲 2 场科普活动，重点参与地球日、土地日、海洋日、全国科普日、测绘法宣传日和科技活动周；在重大科技事件和突发事件中及时作出权威解读，引导社会舆论。',
    }),
  );
  const batchYear = clock.year(-400);
  for (const u of ['wang.qiang', 'zhao.lei'])
    await createAppointment(db, office, ctx('zhou.min'), {
      schemeId: scheme.id,
      userId: people[u]!.id,
      batch: `${batchYear}年度`,
      docNo: docNo('自然资人事函', batchYear, 86),
      startDate: clock.day(-400),
    });

  const call = await createCall(
    db,
    office,
    ctx('zhou.min'),
    CreateCallSchema.parse({
      subjectKind: 'CHIEF_COMMUNICATOR',
      organisationId: orgIds.office,
      title: `${clock.year(0)}年度自然资源首席科学传播专家推荐`,
      docNo: docNo('自然资办函', clock.year(0), 233),
      description:
        '<p>为发挥高层次科技人才在自然资源科普中的引领作用，现组织开展自然资源首席科学传播专家推荐工作。</p><p>请各省级自然资源主管部门、部属单位择优推荐，填写推荐表并上传盖章扫描件。</p>',
      eligibility:
        '具有正高级专业技术职称，学术造诣较高、表达能力强，连续从事公益性科普工作 3 年以上；须已在科普专家库中登记。',
      opensAt: clock.day(-10),
      closesAt: clock.day(40),
      form: NOMINATION_FORM,
      rubric: NOMINATION_RUBRIC,
      stages: [
        { kind: 'RECOMMENDATION' },
        { kind: 'FORMAL_CHECK' },
        { kind: 'EXPERT_REVIEW', deadline: clock.day(60) },
        { kind: 'DECISION' },
        { kind: 'PUBLIC_NOTICE' },
      ],
      reviewersPerItem: 2,
      settings: { schemeId: scheme.id, batch: `${clock.year(0)}年度` },
    }),
  );
  await moveCall(db, office, ctx('zhou.min'), call.id, 'OPEN');

  const cgs = await as('huang.tao');
  const form = storage
    ? await storeBytes(db, storage, ctx('huang.tao'), demoPdf(), {
        name: '首席科学传播专家推荐表-刘波.pdf',
        alt: '',
        organisationId: orgIds.cgs!,
        uploadedBy: people['huang.tao']!.id,
        log: () => {},
      })
    : null;
  const item = await createItem(
    db,
    cgs,
    ctx('huang.tao'),
    call.id,
    CreateItemSchema.parse({
      organisationId: orgIds.cgs,
      subjectId: people['liu.bo']!.id,
      title: '刘波（中国地质科学院岩溶地质研究所）',
      sectors: ['GEOLOGY'],
      data: {
        years: 8,
        fields: '岩溶塌陷与地面沉降的成因、监测和防范',
        record:
          '近三年在广西、贵州开展岩溶塌陷防范讲座 26 场，编写《岩溶地区地面塌陷识别与避险》科普手册，参与央视《地理·中国》节目解读。',
        plan: '聘期内每年在西南岩溶地区开展不少于 4 场科普讲座，建设岩溶科普线上课程。',
      },
      attachments: { form: form ? [form.id] : [] },
    }),
  );
  if (form) await submitItem(db, cgs, ctx('huang.tao'), item.id);
  return { schemeId: scheme.id, callId: call.id };
}
