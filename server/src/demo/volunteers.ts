import type { DbHandle } from '#platform/db/connect.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { beijingInstant as at, type DemoClock } from './clock.ts';
import type { People } from './people.ts';

/**
 * The demo's 科普志愿者 at 湖南省地质博物馆 (李娜 keeps its shifts and hours): 王小明 (the public
 * person) and 何兰, both verified; the museum's 进校园 session opens a 讲解引导 role where 王小明 is
 * confirmed and 何兰 waits; 王小明 has approved hours from two earlier days of service and one
 * entry waiting for 李娜 to approve, so 我的志愿服务, 岗位与签到, 时长认定 and 时长统计 all show
 * something on the first visit.
 */
export async function seedDemoVolunteers(
  handle: DbHandle,
  clock: DemoClock,
  ids: Record<string, string>,
  people: People,
): Promise<void> {
  const { db } = handle;
  const host = ids.hunanMuseum!;
  const editor = people['li.na']!.id;
  const now = nowIso();
  const volunteers = [
    {
      user: people['wang.xiaoming']!.id,
      skills: ['讲解', '引导', '摄影'],
      availability: { weekdays: false, weekends: true, holidays: true, note: '周末全天' },
      emergency: ['王建国', '13900001111'],
    },
    {
      user: people['he.lan']!.id,
      skills: ['讲解', '急救'],
      availability: { weekdays: false, weekends: true, holidays: false, note: '' },
      emergency: ['何平', '13900002222'],
    },
  ];
  const session = await db
    .selectFrom('activities as a')
    .innerJoin('activitySessions as s', 's.activityId', 'a.id')
    .select(['a.id as activityId', 's.id as sessionId'])
    .where('a.organisationId', '=', host)
    .where('a.title', '=', '地质灾害防治知识进校园')
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (tx) => {
    for (const v of volunteers) {
      await tx
        .insertInto('volunteers')
        .values({
          userId: v.user,
          skills: JSON.stringify(v.skills),
          availability: JSON.stringify(v.availability),
          regions: JSON.stringify(['430000']),
          emergencyName: v.emergency[0]!,
          emergencyPhone: v.emergency[1]!,
          guardianName: null,
          guardianContact: null,
          guardianConsentAt: null,
          createdAt: at(clock.day(-60), '10:00'),
          updatedAt: at(clock.day(-60), '10:00'),
        })
        .execute();
      await tx
        .insertInto('volunteerHosts')
        .values({
          id: newId(),
          userId: v.user,
          organisationId: host,
          status: 'VERIFIED',
          decisionNote: null,
          decidedBy: null,
          decidedAt: at(clock.day(-58), '09:30'),
          createdAt: at(clock.day(-60), '10:00'),
          updatedAt: at(clock.day(-58), '09:30'),
        })
        .execute();
    }
    const roleId = newId();
    await tx
      .insertInto('volunteerRoles')
      .values({
        id: roleId,
        activityId: session.activityId,
        sessionId: session.sessionId,
        label: '讲解引导',
        places: 3,
        taken: 2,
        createdAt: now,
      })
      .execute();
    const [wang, he] = volunteers;
    await tx
      .insertInto('volunteerShifts')
      .values([
        {
          id: newId(),
          roleId,
          sessionId: session.sessionId,
          userId: wang!.user,
          status: 'CONFIRMED',
          arrivedAt: null,
          departedAt: null,
          decidedBy: editor,
          decidedAt: now,
          createdAt: now,
        },
        {
          id: newId(),
          roleId,
          sessionId: session.sessionId,
          userId: he!.user,
          status: 'PENDING',
          arrivedAt: null,
          departedAt: null,
          decidedBy: null,
          decidedAt: null,
          createdAt: now,
        },
      ])
      .execute();
    const hours = (day: number, minutes: number, what: string, status: 'APPROVED' | 'PENDING') => ({
      id: newId(),
      userId: wang!.user,
      organisationId: host,
      shiftId: null,
      workedOn: clock.day(day),
      minutes,
      what,
      status,
      decidedBy: status === 'APPROVED' ? editor : null,
      decidedAt: status === 'APPROVED' ? at(clock.day(day + 1), '09:00') : null,
      createdAt: at(clock.day(day), '18:00'),
      updatedAt: at(clock.day(day + (status === 'APPROVED' ? 1 : 0)), '18:00'),
    });
    await tx
      .insertInto('volunteerHours')
      .values([
        hours(-21, 240, '展厅讲解（矿物晶体展区）', 'APPROVED'),
        hours(-14, 180, '研学团队引导与秩序维护', 'APPROVED'),
        hours(-3, 150, '标本整理与标签核对', 'PENDING'),
      ])
      .execute();
  });
}
