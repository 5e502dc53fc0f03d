import type { RequestContext } from '#platform/audit.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import * as squads from '../modules/squads/service.ts';
import type { DemoClock } from './clock.ts';
import { actorOf } from './people.ts';

type People = Record<string, { id: string }>;

/** Invented children (name and grade only), recorded with their guardians' consent. */
const MEMBERS: [name: string, grade: 'P4' | 'P5' | 'P6', guardian: string, phone: string][] = [
  ['小雨', 'P4', '周明', '13807310001'],
  ['乐乐', 'P4', '吴敏', '13807310002'],
  ['天天', 'P5', '郑华', '13807310003'],
  ['果果', 'P5', '钱丽', '13807310004'],
  ['豆豆', 'P6', '冯军', '13807310005'],
  ['朵朵', 'P6', '陈红', '13807310006'],
];

/**
 * 李四光中队 of the demo: 长沙市实验小学's squad, approved by 湖南省自然资源厅, with six members,
 * two activities this year and a summary; 株洲市第二中学's application waits for the province
 * (张伟's to-do).
 */
export async function seedDemoSquads(
  handle: DbHandle,
  clock: DemoClock,
  ids: Record<string, string>,
  people: People,
): Promise<void> {
  const { db } = handle;
  const ctx: RequestContext = { actorId: null, ip: null, dialect: handle.dialect };
  const teacher = await actorOf(db, people, 'he.lan');
  const province = await actorOf(db, people, 'zhang.wei');
  const squad = await squads.createSquad(
    db,
    teacher,
    ctx,
    {
      organisationId: ids.changshaSchool!,
      name: '长沙市实验小学李四光中队',
      description: '以“认识身边的岩石”为主题，每月走进地质博物馆和野外观察点，学做小小地质员。',
      counsellorPhone: '0731-84000000',
    },
    'zh-CN',
  );
  await squads.decideSquad(db, province, ctx, squad.id, { approve: true, note: '' }, 'zh-CN');
  for (const [name, grade, guardianName, guardianContact] of MEMBERS)
    await squads.addMember(db, teacher, ctx, squad.id, {
      name,
      grade,
      guardianName,
      guardianContact,
      guardianConsent: true,
      joinedOn: clock.today,
    });
  for (const [title, days, participants] of [
    ['走进湖南省地质博物馆：恐龙与化石', -1, 6],
    ['岳麓山岩石野外观察', 0, 5],
  ] as const)
    await squads.addActivity(db, teacher, ctx, squad.id, {
      activityId: null,
      title,
      heldOn: clock.day(days),
      participants,
      note: '',
    });
  await squads.saveYear(
    db,
    teacher,
    ctx,
    squad.id,
    clock.year(0),
    '中队成立后开展了博物馆参观和野外观察，队员们学会了辨认常见岩石。',
  );
  await squads.createSquad(
    db,
    await actorOf(db, people, 'deng.hui'),
    ctx,
    {
      organisationId: ids.zhuzhouSchool!,
      name: '株洲市第二中学李四光中队',
      description: '依托学校地理社团，开展矿物标本收集与防灾减灾科普。',
      counsellorPhone: '0731-22000000',
    },
    'zh-CN',
  );
}
