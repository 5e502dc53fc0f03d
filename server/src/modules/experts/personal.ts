/**
 * What the expert directory keeps about a person, for the account's export and deletion
 * (`definePersonalData`): the profile in words (never codes), the declared ties, and whether and
 * since when the page is public. Deletion removes the profile, its filter tags and ties, takes the
 * photo off the portal and the page out of site search. Review assignments stay with the reviews.
 */
import { divisionFullNames } from '#platform/forms/present.ts';
import type { Locale } from '#platform/i18n.ts';
import { chinaDateTime } from '#platform/ids.ts';
import { definePersonalData, type PersonalField } from '#platform/personal-data.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { publishLinks } from '../media/service.ts';
import { referenceNames } from '../reference/service.ts';
import * as repo from './repo.ts';

type L = Record<Locale, string>;
const RANK: Record<string, L> = {
  SENIOR: { 'zh-CN': '正高级', 'en-US': 'Full senior title' },
  ASSOCIATE: { 'zh-CN': '副高级', 'en-US': 'Associate senior title' },
  INTERMEDIATE: { 'zh-CN': '中级', 'en-US': 'Intermediate title' },
  JUNIOR: { 'zh-CN': '初级', 'en-US': 'Junior title' },
  OTHER: { 'zh-CN': '其他', 'en-US': 'Other' },
};
const SERVICE: Record<string, L> = {
  REVIEW: { 'zh-CN': '评审', 'en-US': 'Reviews' },
  LECTURE: { 'zh-CN': '科普讲座', 'en-US': 'Talks' },
  MEDIA: { 'zh-CN': '媒体采访', 'en-US': 'Media interviews' },
  EMERGENCY: { 'zh-CN': '应急科普', 'en-US': 'Emergency response' },
};
const AVAILABILITY: Record<string, L> = {
  AVAILABLE: { 'zh-CN': '可以接受邀请', 'en-US': 'Available' },
  LIMITED: { 'zh-CN': '时间有限', 'en-US': 'Limited time' },
  UNAVAILABLE: { 'zh-CN': '暂不接受邀请', 'en-US': 'Not available for now' },
};
const TIE: Record<string, L> = {
  FORMER_EMPLOYER: { 'zh-CN': '曾任职', 'en-US': 'Former employer' },
  PART_TIME: { 'zh-CN': '兼职', 'en-US': 'Part-time post' },
  FAMILY: { 'zh-CN': '亲属任职', 'en-US': 'Family member works there' },
  COLLABORATOR: { 'zh-CN': '合作关系', 'en-US': 'Collaborator' },
  OTHER: { 'zh-CN': '其他', 'en-US': 'Other' },
};
const LABEL = {
  section: { 'zh-CN': '专家资料', 'en-US': 'Expert profile' },
  title: { 'zh-CN': '职称', 'en-US': 'Title' },
  rank: { 'zh-CN': '职称级别', 'en-US': 'Rank' },
  org: { 'zh-CN': '所在单位', 'en-US': 'Organization' },
  domains: { 'zh-CN': '领域、主题与灾害类型', 'en-US': 'Sectors, topics and hazards' },
  regions: { 'zh-CN': '熟悉的地区', 'en-US': 'Regions' },
  languages: { 'zh-CN': '工作语言', 'en-US': 'Languages' },
  services: { 'zh-CN': '可以参与', 'en-US': 'Available for' },
  availability: { 'zh-CN': '近期安排', 'en-US': 'Availability' },
  bio: { 'zh-CN': '简介', 'en-US': 'About me' },
  publications: { 'zh-CN': '论著', 'en-US': 'Publications' },
  public: { 'zh-CN': '公开主页', 'en-US': 'Public page' },
  publicSince: { 'zh-CN': '自 {at} 起公开', 'en-US': 'Public since {at}' },
  private: { 'zh-CN': '不公开', 'en-US': 'Not public' },
  verified: { 'zh-CN': '单位核实', 'en-US': 'Verified by the organization' },
  ties: { 'zh-CN': '关联单位', 'en-US': 'Declared ties' },
} satisfies Record<string, L>;

const list = (json: string | null | undefined) => (json ? (JSON.parse(json) as string[]) : []);

definePersonalData({
  module: 'experts',
  async export(db, userId, locale) {
    const found = await repo.expertProfileOf(db, userId);
    const p = found?.profile;
    if (!found || !p) return [];
    const [names, places] = await Promise.all([
      referenceNames(db, ['SECTOR', 'TOPIC', 'HAZARD_TYPE']),
      divisionFullNames(db, list(p.regions), locale),
    ]);
    const name = (kind: string, codes: string[]) =>
      codes.map((c) => names.get(`${kind}:${c}`) ?? c);
    const pubs = (
      JSON.parse(p.publications) as { title: string; year: number | null; venue: string }[]
    ).map((x) => [x.title, x.venue, x.year].filter(Boolean).join('，'));
    const fields: PersonalField[] = [
      { label: LABEL.title[locale], value: p.title },
      { label: LABEL.rank[locale], value: p.rank ? (RANK[p.rank]?.[locale] ?? '') : '' },
      { label: LABEL.org[locale], value: p.organisationName ?? '' },
      {
        label: LABEL.domains[locale],
        value: [
          ...name('SECTOR', list(p.sectors)),
          ...name('TOPIC', list(p.topics)),
          ...name('HAZARD_TYPE', list(p.hazards)),
        ].join('、'),
      },
      {
        label: LABEL.regions[locale],
        value: list(p.regions)
          .map((c) => places.get(c) ?? c)
          .join('、'),
      },
      { label: LABEL.languages[locale], value: list(p.languages).join('、') },
      {
        label: LABEL.services[locale],
        value: list(p.services)
          .map((s) => SERVICE[s]?.[locale] ?? s)
          .join('、'),
      },
      {
        label: LABEL.availability[locale],
        value: [AVAILABILITY[p.availability]?.[locale], p.availabilityNote, p.availableUntil]
          .filter(Boolean)
          .join(' · '),
      },
      { label: LABEL.bio[locale], value: p.bio },
      { label: LABEL.publications[locale], value: pubs.join('；') },
      {
        label: LABEL.public[locale],
        value: p.publicConsentAt
          ? LABEL.publicSince[locale].replace('{at}', chinaDateTime(p.publicConsentAt))
          : LABEL.private[locale],
      },
      {
        label: LABEL.verified[locale],
        value: p.verifiedAt
          ? `${p.verifiedOrgName ?? ''} ${p.verifiedByName ?? ''} ${chinaDateTime(p.verifiedAt)}`.trim()
          : '',
      },
      {
        label: LABEL.ties[locale],
        value: found.ties
          .map((t) => `${t.organisationName}（${TIE[t.kind]?.[locale] ?? ''}）`)
          .join('、'),
      },
    ];
    return [{ module: 'experts', key: 'profile', title: LABEL.section[locale], items: [fields] }];
  },
  async erase(tx, userId, { ctx, db }) {
    await publishLinks(tx, { type: 'expert', id: userId }, false);
    await repo.eraseExpert(tx, userId);
    await searchEngineFor(db, ctx.dialect).index(tx, 'expert', [userId]);
  },
});
