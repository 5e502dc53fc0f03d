/**
 * What the activities module keeps about a person, for the account's export and deletion
 * (`definePersonalData`): registrations with their answers, group bookings, feedback.
 *
 * Deletion: the person's coming registrations and group bookings are cancelled the usual way (the
 * places go on to the waiting list, the person offered one is told; a group's host is told), the
 * answers and guardian details of every registration are blanked, the teacher's contact on every
 * group booking too, feedback comments go and ratings stay without the person.
 */
import type { Executor } from '#platform/db/connect.ts';
import type { FeedbackCommentStatus, GroupStatus } from '#platform/db/schema.ts';
import type { Locale } from '#platform/i18n.ts';
import { chinaDateTime, nowIso } from '#platform/ids.ts';
import {
  definePersonalData,
  type PersonalField,
  type PersonalSection,
} from '#platform/personal-data.ts';
import { endGroup } from './groups.ts';
import { REGISTRATION_STATUS } from './labels.ts';
import { deleteLeaderRowsOf, leaderRowsOfPerson, ROLE_LABELS } from './leaders.ts';
import * as pr from './personal-repo.ts';
import { answerLines, formOf } from './regform.ts';
import { endRegistration } from './registration.ts';
import * as repo from './repo.ts';

type L = Record<Locale, string>;

const GROUP_STATUS: Record<GroupStatus, L> = {
  PENDING: { 'zh-CN': '待审核', 'en-US': 'Waiting for the host’s decision' },
  APPROVED: { 'zh-CN': '已通过', 'en-US': 'Approved' },
  PARTIAL: { 'zh-CN': '部分通过，其余待审核', 'en-US': 'Partly approved, the rest waiting' },
  DECLINED: { 'zh-CN': '未通过', 'en-US': 'Declined' },
  CANCELLED: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
};

const COMMENT_STATUS: Record<FeedbackCommentStatus, L> = {
  NONE: { 'zh-CN': '未留言', 'en-US': 'No comment' },
  PENDING: { 'zh-CN': '留言待审核', 'en-US': 'Comment waiting for moderation' },
  APPROVED: { 'zh-CN': '留言已公开', 'en-US': 'Comment published' },
  REJECTED: { 'zh-CN': '留言未予展示', 'en-US': 'Comment not published' },
};

const LABELS = {
  registrations: { 'zh-CN': '活动报名', 'en-US': 'Activity registrations' },
  groups: { 'zh-CN': '团体预约', 'en-US': 'Group bookings' },
  feedback: { 'zh-CN': '活动评价', 'en-US': 'Activity feedback' },
  leaders: { 'zh-CN': '主讲或负责的活动', 'en-US': 'Activities you led or spoke at' },
  role: { 'zh-CN': '角色', 'en-US': 'Role' },
  activity: { 'zh-CN': '活动', 'en-US': 'Activity' },
  session: { 'zh-CN': '场次时间（北京时间）', 'en-US': 'Session (Beijing time)' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  places: { 'zh-CN': '名额', 'en-US': 'Places' },
  registeredAt: { 'zh-CN': '报名时间', 'en-US': 'Registered at' },
  checkedInAt: { 'zh-CN': '签到时间', 'en-US': 'Checked in at' },
  cancelledAt: { 'zh-CN': '取消时间', 'en-US': 'Cancelled at' },
  answers: { 'zh-CN': '报名信息', 'en-US': 'Answers' },
  guardianName: { 'zh-CN': '监护人姓名', 'en-US': 'Guardian’s name' },
  guardianContact: { 'zh-CN': '监护人联系方式', 'en-US': 'Guardian’s contact' },
  guardianConsentAt: { 'zh-CN': '监护人同意时间', 'en-US': 'Guardian consented at' },
  school: { 'zh-CN': '学校', 'en-US': 'School' },
  gradeClass: { 'zh-CN': '年级班级', 'en-US': 'Grade and class' },
  contactName: { 'zh-CN': '带队联系人', 'en-US': 'Contact person' },
  contactPhone: { 'zh-CN': '联系电话', 'en-US': 'Contact phone' },
  requested: { 'zh-CN': '申请人数', 'en-US': 'Places asked for' },
  approved: { 'zh-CN': '通过人数', 'en-US': 'Places approved' },
  hostNote: { 'zh-CN': '主办方说明', 'en-US': 'The host’s note' },
  names: { 'zh-CN': '名单', 'en-US': 'Names' },
  bookedAt: { 'zh-CN': '预约时间', 'en-US': 'Booked at' },
  rating: { 'zh-CN': '评分（1–5 星）', 'en-US': 'Rating (1–5 stars)' },
  comment: { 'zh-CN': '留言', 'en-US': 'Comment' },
  commentStatus: { 'zh-CN': '留言审核', 'en-US': 'Comment moderation' },
  moderationReason: { 'zh-CN': '不予展示的理由', 'en-US': 'Why it was not published' },
  givenAt: { 'zh-CN': '评价时间', 'en-US': 'Given at' },
  seq: { 'zh-CN': '第 {n} 人', 'en-US': 'No. {n}' },
} satisfies Record<string, L>;

async function exportActivities(
  db: Executor,
  userId: string,
  locale: Locale,
): Promise<PersonalSection[]> {
  const l = (k: keyof typeof LABELS) => LABELS[k][locale];
  const f = (k: keyof typeof LABELS, value: PersonalField['value']): PersonalField => ({
    label: l(k),
    value,
  });
  const regs = await pr.registrationsOf(db, userId);
  const registrations = await Promise.all(
    regs.map(async (r) => {
      const lines = await answerLines(
        db,
        formOf(r),
        JSON.parse(r.answers) as Record<string, unknown>,
        locale,
      );
      const item: PersonalField[] = [
        f('activity', r.activityTitle),
        f('session', chinaDateTime(r.startsAt)),
        f('status', REGISTRATION_STATUS[r.status][locale]),
        f('places', r.quantity),
        f('registeredAt', chinaDateTime(r.createdAt)),
      ];
      if (r.checkedInAt) item.push(f('checkedInAt', chinaDateTime(r.checkedInAt)));
      if (r.cancelledAt) item.push(f('cancelledAt', chinaDateTime(r.cancelledAt)));
      if (lines.length)
        item.push(
          f(
            'answers',
            lines.map((x) => ({ label: x.label, value: x.value })),
          ),
        );
      if (r.guardianName) item.push(f('guardianName', r.guardianName));
      if (r.guardianContact) item.push(f('guardianContact', r.guardianContact));
      if (r.guardianConsentAt)
        item.push(f('guardianConsentAt', chinaDateTime(r.guardianConsentAt)));
      return item;
    }),
  );
  const groupRows = await pr.groupsOf(db, userId);
  const members = await pr.memberNamesOf(
    db,
    groupRows.map((g) => g.id),
  );
  const groups = groupRows.map((g) => {
    const names = members
      .filter((m) => m.groupId === g.id && m.name)
      .map((m) => ({ label: l('seq').replace('{n}', String(m.seq)), value: m.name }));
    const item: PersonalField[] = [
      f('activity', g.activityTitle),
      f('session', chinaDateTime(g.startsAt)),
      f('status', GROUP_STATUS[g.status][locale]),
      f('school', g.schoolName),
      f('gradeClass', g.gradeClass),
      f('contactName', g.contactName),
      f('contactPhone', g.contactPhone),
      f('requested', g.requested),
      f('approved', g.approved),
      f('bookedAt', chinaDateTime(g.createdAt)),
    ];
    if (g.note) item.push(f('hostNote', g.note));
    if (names.length) item.push(f('names', names));
    return item;
  });
  const feedback = (await pr.feedbackOf(db, userId)).map((x) => {
    const item: PersonalField[] = [
      f('activity', x.activityTitle),
      f('rating', x.rating),
      f('comment', x.comment),
      f('commentStatus', COMMENT_STATUS[x.commentStatus][locale]),
      f('givenAt', chinaDateTime(x.createdAt)),
    ];
    if (x.commentStatus === 'REJECTED' && x.moderationReason)
      item.push(f('moderationReason', x.moderationReason));
    return item;
  });
  const led = (await leaderRowsOfPerson(db, userId)).map((x) => [
    f('activity', x.title),
    f('role', ROLE_LABELS[x.role][locale]),
  ]);
  const section = (
    key: 'registrations' | 'groups' | 'feedback' | 'leaders',
    items: PersonalField[][],
  ) => ({
    module: 'activities',
    key,
    title: l(key),
    items,
  });
  return [
    section('registrations', registrations),
    section('groups', groups),
    section('feedback', feedback),
    section('leaders', led),
  ];
}

definePersonalData({
  module: 'activities',
  export: exportActivities,
  async erase(tx, userId, { nowMs }) {
    const now = nowIso(nowMs);
    // Coming registrations end the usual way: the place goes to the first waiting (told).
    for (const r of await pr.upcomingLiveRegistrations(tx, userId, now))
      await endRegistration(tx, r, nowMs);
    // Coming group bookings too; the activity's organiser is told (school and class only).
    for (const id of await pr.upcomingLiveGroups(tx, userId, now)) {
      const g = await repo.findGroup(tx, id);
      const a = g && (await repo.findActivity(tx, g.activityId));
      if (g && a) await endGroup(tx, g, a, userId, nowMs);
    }
    await pr.blankRegistrations(tx, userId);
    await pr.blankGroups(tx, userId);
    await pr.anonymiseFeedback(tx, userId);
    // The person is no longer named as an activity's 负责专家 or 主讲.
    await deleteLeaderRowsOf(tx, userId);
  },
});
