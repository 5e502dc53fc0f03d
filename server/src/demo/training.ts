import { newCheckInCode } from '#modules/training/courses.ts';
import * as worksRepo from '#modules/works/repo.ts';
import { versionOf } from '#modules/works/service.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { beijingInstant as at, type DemoClock } from './clock.ts';

/**
 * The demo's training: the ministry's yearly 科普能力提升培训班 by nomination, with places for
 * three provinces, a syllabus, three sessions (one held two days ago), a course video in the
 * library as its material, and Hunan's nominations (three admitted, one waiting; two checked in
 * at the first session, one with a score and an evaluation).
 */
export async function seedDemoTraining(
  handle: DbHandle,
  clock: DemoClock,
  ids: Record<string, string>,
  people: Record<string, { id: string; orgId: string }>,
): Promise<void> {
  const { db, dialect } = handle;
  const now = nowIso();
  const author = people['xu.fang']!;
  const work = worksRepo.newWorkRow({
    type: 'COURSE',
    status: 'PUBLISHED',
    title: '科普讲解员能力提升：自然资源科普讲解技巧（视频课程）',
    summary: '讲解词撰写、现场互动与安全组织，配合培训班使用的视频课程。',
    body: '<p>本课程分为讲解词撰写、现场互动技巧、研学活动安全组织三个部分，每部分约40分钟。</p>',
    organisationId: author.orgId,
    createdBy: author.id,
    checkedVersion: 1,
    publishedVersion: 1,
    publishedAt: at(clock.day(-30), '10:00'),
    createdAt: at(clock.day(-30), '10:00'),
  });
  const courseId = newId();
  const sessions = [
    {
      title: '开班式暨科普工作政策解读',
      day: -2,
      start: '09:00',
      end: '12:00',
      online: 0,
      place: '自然资源部机关（北京）',
    },
    {
      title: '科普作品创作与传播实务',
      day: 5,
      start: '14:00',
      end: '17:30',
      online: 1,
      place: '线上直播',
    },
    {
      title: '科普讲解与研学活动组织',
      day: 12,
      start: '09:00',
      end: '16:30',
      online: 0,
      place: '中国地质博物馆',
    },
  ].map((s, i) => ({
    id: newId(),
    courseId,
    position: i,
    title: s.title,
    startsAt: at(clock.day(s.day), s.start),
    endsAt: at(clock.day(s.day), s.end),
    online: s.online,
    place: s.place,
    checkInCode: newCheckInCode(),
  }));
  const nominees = [
    { user: 'liu.yang', status: 'APPROVED' as const, attended: true, score: 86, rating: 5 },
    { user: 'he.lan', status: 'APPROVED' as const, attended: true, score: null, rating: null },
    { user: 'xiao.yu', status: 'APPROVED' as const, attended: false, score: null, rating: null },
    { user: 'deng.hui', status: 'PENDING' as const, attended: false, score: null, rating: null },
  ];
  await db.transaction().execute(async (tx) => {
    await worksRepo.insertWork(tx, work);
    await worksRepo.insertVersion(tx, versionOf(work, 1, work.createdBy, null, work.createdAt));
    await searchEngineFor(db, dialect).index(tx, 'work', [work.id]);
    await tx
      .insertInto('trainingCourses')
      .values({
        id: courseId,
        organisationId: ids.root!,
        title: '自然资源科普能力提升培训班',
        year: clock.year(0),
        description:
          '面向部属单位和各省自然资源主管部门科普工作人员，围绕科普政策、作品创作、讲解与研学组织开展培训，结业颁发证书。',
        syllabus: JSON.stringify([
          { title: '新时代自然资源科普工作政策解读', hours: 3 },
          { title: '科普作品创作与新媒体传播', hours: 4 },
          { title: '科普讲解技巧与现场互动', hours: 4 },
          { title: '研学活动设计与安全组织', hours: 3 },
        ]),
        materialIds: JSON.stringify([work.id]),
        enrolmentMode: 'NOMINATION',
        capacity: 60,
        taken: nominees.length,
        enrolOpensAt: at(clock.day(-20), '00:00'),
        enrolClosesAt: at(clock.day(3), '23:59'),
        minSessions: 2,
        passScore: 60,
        status: 'PUBLISHED',
        completedAt: null,
        createdBy: people['zhou.min']!.id,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await tx
      .insertInto('trainingQuotas')
      .values([
        { courseId, divisionCode: '430000', places: 10, taken: nominees.length },
        { courseId, divisionCode: '510000', places: 8, taken: 0 },
        { courseId, divisionCode: '440000', places: 8, taken: 0 },
      ])
      .execute();
    await tx.insertInto('trainingSessions').values(sessions).execute();
    for (const n of nominees) {
      const id = newId();
      await tx
        .insertInto('trainingEnrolments')
        .values({
          id,
          courseId,
          userId: people[n.user]!.id,
          status: n.status,
          nominatedBy: people['zhang.wei']!.id,
          unitId: ids.hunan!,
          divisionCode: '430000',
          score: n.score,
          completed: 0,
          certificateId: null,
          rating: n.rating,
          comment: n.rating ? '政策解读很透彻，案例贴近基层工作。' : null,
          ratedAt: n.rating ? now : null,
          decidedBy: n.status === 'APPROVED' ? people['zhou.min']!.id : null,
          decidedAt: n.status === 'APPROVED' ? now : null,
          createdAt: at(clock.day(-10), '10:00'),
          updatedAt: now,
        })
        .execute();
      if (n.attended)
        await tx
          .insertInto('trainingAttendance')
          .values({
            enrolmentId: id,
            sessionId: sessions[0]!.id,
            present: 1,
            checkedInAt: at(clock.day(-2), '08:50'),
            correctedBy: null,
            correctionReason: null,
            updatedAt: now,
          })
          .execute();
    }
  });
}
