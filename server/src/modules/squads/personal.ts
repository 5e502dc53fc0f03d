/**
 * What the squads module keeps about a counsellor, for the account's export and deletion
 * (`definePersonalData`). The export lists the squads they counsel and, of the children, only
 * what they recorded themselves (name, grade, dates; not the guardians). On deletion the
 * counsellor's phone goes from the squads (a squad's contact must not outlive the account) and
 * the school's editors and administrators are asked to name a new counsellor; the squad, its
 * members and its record stay with the school.
 */
import type { SquadStatus } from '#platform/db/schema.ts';
import type { Locale } from '#platform/i18n.ts';
import { chinaDateTime } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { definePersonalData, type PersonalField } from '#platform/personal-data.ts';
import { SQUAD_COUNSELLOR_GONE } from './notifications.ts';
import * as repo from './repo.ts';
import type { GRADES } from './schema.ts';

type L = Record<Locale, string>;

const STATUS: Record<SquadStatus, L> = {
  PENDING: { 'zh-CN': '待审批', 'en-US': 'Waiting for approval' },
  APPROVED: { 'zh-CN': '已批准', 'en-US': 'Approved' },
  REJECTED: { 'zh-CN': '未批准', 'en-US': 'Not approved' },
  DISSOLVED: { 'zh-CN': '已撤销', 'en-US': 'Dissolved' },
};

const GRADE: Record<(typeof GRADES)[number], L> = {
  P1: { 'zh-CN': '小学一年级', 'en-US': 'Primary 1' },
  P2: { 'zh-CN': '小学二年级', 'en-US': 'Primary 2' },
  P3: { 'zh-CN': '小学三年级', 'en-US': 'Primary 3' },
  P4: { 'zh-CN': '小学四年级', 'en-US': 'Primary 4' },
  P5: { 'zh-CN': '小学五年级', 'en-US': 'Primary 5' },
  P6: { 'zh-CN': '小学六年级', 'en-US': 'Primary 6' },
  J1: { 'zh-CN': '初一', 'en-US': 'Junior 1' },
  J2: { 'zh-CN': '初二', 'en-US': 'Junior 2' },
  J3: { 'zh-CN': '初三', 'en-US': 'Junior 3' },
  S1: { 'zh-CN': '高一', 'en-US': 'Senior 1' },
  S2: { 'zh-CN': '高二', 'en-US': 'Senior 2' },
  S3: { 'zh-CN': '高三', 'en-US': 'Senior 3' },
};

const LABELS = {
  title: { 'zh-CN': '我担任辅导员的李四光中队', 'en-US': 'Li Siguang squads I counsel' },
  squad: { 'zh-CN': '中队', 'en-US': 'Squad' },
  school: { 'zh-CN': '学校', 'en-US': 'School' },
  description: { 'zh-CN': '简介', 'en-US': 'Description' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  phone: { 'zh-CN': '辅导员联系电话', 'en-US': 'Counsellor’s phone' },
  appliedAt: { 'zh-CN': '申请时间', 'en-US': 'Applied at' },
  decidedAt: { 'zh-CN': '审批时间', 'en-US': 'Decided at' },
  members: { 'zh-CN': '我登记的队员', 'en-US': 'Members I recorded' },
  joined: { 'zh-CN': '入队', 'en-US': 'joined' },
  left: { 'zh-CN': '离队', 'en-US': 'left' },
} satisfies Record<string, L>;

definePersonalData({
  module: 'squads',
  async export(db, userId, locale) {
    const l = (k: keyof typeof LABELS) => LABELS[k][locale];
    const f = (k: keyof typeof LABELS, value: PersonalField['value']) => ({ label: l(k), value });
    const squads = await repo.squadsCounselledBy(db, userId);
    const members = await repo.membersRecordedBy(
      db,
      squads.map((s) => s.id),
      userId,
    );
    const sep = locale === 'zh-CN' ? '，' : ', ';
    const items = squads.map((s) => {
      const item: PersonalField[] = [
        f('squad', s.name),
        f('school', s.schoolName),
        f('status', STATUS[s.status][locale]),
        f('phone', s.counsellorPhone),
        f('appliedAt', chinaDateTime(s.createdAt)),
      ];
      if (s.description) item.push(f('description', s.description));
      if (s.decidedAt) item.push(f('decidedAt', chinaDateTime(s.decidedAt)));
      const mine = members.filter((m) => m.squadId === s.id);
      if (mine.length)
        item.push(
          f(
            'members',
            mine.map((m) => ({
              label: m.name,
              value: `${GRADE[m.grade as keyof typeof GRADE]?.[locale] ?? ''}${sep}${l('joined')} ${m.joinedOn}${m.leftOn ? `${sep}${l('left')} ${m.leftOn}` : ''}`,
            })),
          ),
        );
      return item;
    });
    return [{ module: 'squads', key: 'counselled', title: l('title'), items }];
  },
  async erase(tx, userId) {
    const squads = await repo.squadsCounselledBy(tx, userId);
    await repo.eraseCounsellorPhone(tx, userId);
    for (const s of squads)
      if (s.status === 'PENDING' || s.status === 'APPROVED')
        await notify(
          tx,
          await repo.schoolKeepers(tx, s.organisationId, userId),
          SQUAD_COUNSELLOR_GONE,
          {
            squadId: s.id,
            squadName: s.name,
          },
        );
  },
});
