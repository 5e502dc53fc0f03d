/**
 * What the volunteers module keeps about a person, for the account's export and deletion
 * (`definePersonalData`): the registration (skills, availability, regions, emergency contact,
 * guardian), the hosts asked, shifts and hours. Erasure deletes the registration and the host
 * links; shifts and hours lose the person (the host's yearly totals keep their figures).
 */
import { sql } from 'kysely';
import type { VolunteerHostStatus, VolunteerHoursStatus } from '#platform/db/schema.ts';
import type { Locale } from '#platform/i18n.ts';
import { chinaDateTime } from '#platform/ids.ts';
import { definePersonalData, type PersonalSection } from '#platform/personal-data.ts';
import { type Availability, hostLinks, regionsNamed } from './service.ts';

type L = Record<Locale, string>;

const STATUS: Record<VolunteerHostStatus, L> = {
  PENDING: { 'zh-CN': '待审核', 'en-US': 'Waiting for verification' },
  VERIFIED: { 'zh-CN': '已确认', 'en-US': 'Verified' },
  DECLINED: { 'zh-CN': '未通过', 'en-US': 'Declined' },
};

const HOURS_STATUS: Record<VolunteerHoursStatus, L> = {
  PENDING: { 'zh-CN': '待认定', 'en-US': 'Waiting for approval' },
  APPROVED: { 'zh-CN': '已认定', 'en-US': 'Approved' },
  DECLINED: { 'zh-CN': '未认定', 'en-US': 'Declined' },
};

const LABELS = {
  title: { 'zh-CN': '科普志愿者登记', 'en-US': 'Volunteer registration' },
  skills: { 'zh-CN': '技能特长', 'en-US': 'Skills' },
  availability: { 'zh-CN': '可服务时间', 'en-US': 'Availability' },
  regions: { 'zh-CN': '服务地区', 'en-US': 'Regions' },
  emergency: { 'zh-CN': '紧急联系人', 'en-US': 'Emergency contact' },
  guardian: { 'zh-CN': '监护人', 'en-US': 'Guardian' },
  registeredAt: { 'zh-CN': '登记时间', 'en-US': 'Registered at' },
  hosts: { 'zh-CN': '服务单位', 'en-US': 'Host organisations' },
  host: { 'zh-CN': '单位', 'en-US': 'Organisation' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  note: { 'zh-CN': '说明', 'en-US': 'Note' },
  weekdays: { 'zh-CN': '工作日', 'en-US': 'weekdays' },
  weekends: { 'zh-CN': '周末', 'en-US': 'weekends' },
  holidays: { 'zh-CN': '节假日', 'en-US': 'holidays' },
  hoursTitle: { 'zh-CN': '志愿服务时长', 'en-US': 'Volunteer hours' },
  day: { 'zh-CN': '日期', 'en-US': 'Date' },
  hours: { 'zh-CN': '小时', 'en-US': 'Hours' },
  what: { 'zh-CN': '服务内容', 'en-US': 'What was done' },
} satisfies Record<string, L>;

const parse = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

definePersonalData({
  module: 'volunteers',
  async export(db, userId, locale) {
    const l = (k: keyof typeof LABELS) => LABELS[k][locale];
    const v = await db
      .selectFrom('volunteers')
      .selectAll()
      .where('userId', '=', userId)
      .executeTakeFirst();
    if (!v) return [];
    const a = parse<Availability>(v.availability, {
      weekdays: false,
      weekends: false,
      holidays: false,
      note: '',
    });
    const when = (['weekdays', 'weekends', 'holidays'] as const).filter((k) => a[k]).map(l);
    const sep = locale === 'zh-CN' ? '、' : ', ';
    const regions = await regionsNamed(db, parse<string[]>(v.regions, []), locale);
    const sections: PersonalSection[] = [
      {
        module: 'volunteers',
        key: 'registration',
        title: l('title'),
        items: [
          [
            { label: l('skills'), value: parse<string[]>(v.skills, []).join(sep) },
            {
              label: l('availability'),
              value: [...when, ...(a.note ? [a.note] : [])].join(sep),
            },
            { label: l('regions'), value: regions.map((r) => r.name).join(sep) },
            { label: l('emergency'), value: `${v.emergencyName} ${v.emergencyPhone}` },
            {
              label: l('guardian'),
              value: v.guardianName ? `${v.guardianName} ${v.guardianContact ?? ''}`.trim() : null,
            },
            { label: l('registeredAt'), value: chinaDateTime(v.createdAt) },
          ],
        ],
      },
      {
        module: 'volunteers',
        key: 'hosts',
        title: l('hosts'),
        items: (await hostLinks(db, userId)).map((h) => [
          { label: l('host'), value: h.organisationName },
          { label: l('status'), value: STATUS[h.status][locale] },
          { label: l('note'), value: h.decisionNote },
        ]),
      },
      {
        module: 'volunteers',
        key: 'hours',
        title: l('hoursTitle'),
        items: (
          await db
            .selectFrom('volunteerHours as h')
            .innerJoin('organisations as o', 'o.id', 'h.organisationId')
            .select(['h.workedOn', 'h.minutes', 'h.what', 'h.status', 'o.name'])
            .where('h.userId', '=', userId)
            .orderBy('h.workedOn')
            .orderBy('h.id')
            .execute()
        ).map((h) => [
          { label: l('day'), value: h.workedOn },
          { label: l('host'), value: h.name },
          { label: l('hours'), value: Math.round((h.minutes / 60) * 10) / 10 },
          { label: l('what'), value: h.what },
          { label: l('status'), value: HOURS_STATUS[h.status][locale] },
        ]),
      },
    ];
    return sections;
  },
  async erase(tx, userId, ec) {
    // Coming shifts end and their places go back; past shifts and hours keep the bare id, so
    // the hosts' totals keep their figures; what a manual entry said is blanked.
    const live = await tx
      .selectFrom('volunteerShifts as v')
      .innerJoin('activitySessions as s', 's.id', 'v.sessionId')
      .select(['v.id', 'v.roleId'])
      .where('v.userId', '=', userId)
      .where('v.status', 'in', ['PENDING', 'CONFIRMED'])
      .where('s.startsAt', '>', new Date(ec.nowMs).toISOString())
      .orderBy('v.id')
      .execute();
    for (const v of live) {
      await tx
        .updateTable('volunteerShifts')
        .set({ status: 'CANCELLED' })
        .where('id', '=', v.id)
        .execute();
      await tx
        .updateTable('volunteerRoles')
        .set({ taken: sql`taken - 1` })
        .where('id', '=', v.roleId)
        .execute();
    }
    await tx
      .updateTable('volunteerHours')
      .set({ what: '' })
      .where('userId', '=', userId)
      .where('shiftId', 'is', null)
      .execute();
    await tx.deleteFrom('volunteerHosts').where('userId', '=', userId).execute();
    await tx.deleteFrom('volunteers').where('userId', '=', userId).execute();
  },
});
