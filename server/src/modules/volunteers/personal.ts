/**
 * What the volunteers module keeps about a person, for the account's export and deletion
 * (`definePersonalData`): the registration (skills, availability, regions, emergency contact,
 * guardian), the hosts asked, shifts and hours. Erasure deletes the registration and the host
 * links; shifts and hours lose the person (the host's yearly totals keep their figures).
 */
import type { VolunteerHostStatus } from '#platform/db/schema.ts';
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
    ];
    return sections;
  },
  async erase(tx, userId) {
    await tx.deleteFrom('volunteerHosts').where('userId', '=', userId).execute();
    await tx.deleteFrom('volunteers').where('userId', '=', userId).execute();
  },
});
