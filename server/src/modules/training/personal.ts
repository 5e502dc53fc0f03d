/**
 * What the training module keeps about a person, for the account's export and deletion: their
 * enrolments (course, status, sessions attended, score, completion, their evaluation). Erasure
 * withdraws live enrolments in courses not yet completed (places back), then cuts every
 * enrolment from the person and blanks the comment; the organiser's counts keep their figures.
 */
import { sql } from 'kysely';
import type { TrainingEnrolmentStatus } from '#platform/db/schema.ts';
import type { Locale } from '#platform/i18n.ts';
import { chinaDateTime } from '#platform/ids.ts';
import { definePersonalData } from '#platform/personal-data.ts';

type L = Record<Locale, string>;

const STATUS: Record<TrainingEnrolmentStatus, L> = {
  PENDING: { 'zh-CN': '待审核', 'en-US': 'Waiting for approval' },
  APPROVED: { 'zh-CN': '已录取', 'en-US': 'Admitted' },
  DECLINED: { 'zh-CN': '未录取', 'en-US': 'Declined' },
  WITHDRAWN: { 'zh-CN': '已退出', 'en-US': 'Withdrawn' },
};

const LABELS = {
  title: { 'zh-CN': '培训报名', 'en-US': 'Training enrolments' },
  course: { 'zh-CN': '课程', 'en-US': 'Course' },
  organiser: { 'zh-CN': '主办单位', 'en-US': 'Organiser' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  enrolledAt: { 'zh-CN': '报名时间', 'en-US': 'Enrolled at' },
  attended: { 'zh-CN': '出勤次数', 'en-US': 'Sessions attended' },
  score: { 'zh-CN': '考试成绩', 'en-US': 'Test score' },
  completed: { 'zh-CN': '是否结业', 'en-US': 'Completed' },
  rating: { 'zh-CN': '评价', 'en-US': 'Rating' },
  comment: { 'zh-CN': '评价意见', 'en-US': 'Comment' },
  yes: { 'zh-CN': '是', 'en-US': 'Yes' },
  no: { 'zh-CN': '否', 'en-US': 'No' },
} satisfies Record<string, L>;

definePersonalData({
  module: 'training',
  async export(db, userId, locale) {
    const l = (k: keyof typeof LABELS) => LABELS[k][locale];
    const rows = await db
      .selectFrom('trainingEnrolments as e')
      .innerJoin('trainingCourses as c', 'c.id', 'e.courseId')
      .innerJoin('organisations as o', 'o.id', 'c.organisationId')
      .select([
        'e.id',
        'e.status',
        'e.createdAt',
        'e.score',
        'e.completed',
        'e.rating',
        'e.comment',
        'c.title',
        'o.name as organiser',
        (eb) =>
          eb
            .selectFrom('trainingAttendance as a')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('a.enrolmentId', '=', 'e.id')
            .where('a.present', '=', 1)
            .as('attended'),
      ])
      .where('e.userId', '=', userId)
      .orderBy('e.createdAt')
      .orderBy('e.id')
      .execute();
    if (rows.length === 0) return [];
    return [
      {
        module: 'training',
        key: 'enrolments',
        title: l('title'),
        items: rows.map((r) => [
          { label: l('course'), value: r.title },
          { label: l('organiser'), value: r.organiser },
          { label: l('status'), value: STATUS[r.status][locale] },
          { label: l('enrolledAt'), value: chinaDateTime(r.createdAt) },
          { label: l('attended'), value: Number(r.attended ?? 0) },
          { label: l('score'), value: r.score },
          { label: l('completed'), value: r.completed === 1 ? l('yes') : l('no') },
          { label: l('rating'), value: r.rating },
          { label: l('comment'), value: r.comment },
        ]),
      },
    ];
  },
  async erase(tx, userId) {
    const live = await tx
      .selectFrom('trainingEnrolments as e')
      .innerJoin('trainingCourses as c', 'c.id', 'e.courseId')
      .select(['e.id', 'e.courseId', 'e.divisionCode'])
      .where('e.userId', '=', userId)
      .where('e.status', 'in', ['PENDING', 'APPROVED'])
      .where('c.status', '!=', 'CLOSED')
      .orderBy('e.id')
      .execute();
    for (const e of live) {
      await tx
        .updateTable('trainingEnrolments')
        .set({ status: 'WITHDRAWN' })
        .where('id', '=', e.id)
        .execute();
      await tx
        .updateTable('trainingCourses')
        .set({ taken: sql`taken - 1` })
        .where('id', '=', e.courseId)
        .where('taken', '>', 0)
        .execute();
      if (e.divisionCode)
        await tx
          .updateTable('trainingQuotas')
          .set({ taken: sql`taken - 1` })
          .where('courseId', '=', e.courseId)
          .where('divisionCode', '=', e.divisionCode)
          .where('taken', '>', 0)
          .execute();
    }
    await tx
      .updateTable('trainingEnrolments')
      .set({ userId: null, comment: null })
      .where('userId', '=', userId)
      .execute();
  },
});
