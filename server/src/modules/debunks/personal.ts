/**
 * What the debunks module keeps about a person: the rumour reports they sent while signed in
 * (text, where seen, the contact they left, how far it got). Erasure cuts the reports from the
 * person and blanks the contact; the report's text stays for the office's counts.
 */
import type { RumourReportStatus } from '#platform/db/schema.ts';
import type { Locale } from '#platform/i18n.ts';
import { chinaDateTime } from '#platform/ids.ts';
import { definePersonalData } from '#platform/personal-data.ts';

type L = Record<Locale, string>;

const STATUS: Record<RumourReportStatus, L> = {
  NEW: { 'zh-CN': '待处理', 'en-US': 'New' },
  TRIAGED: { 'zh-CN': '核查中', 'en-US': 'Being checked' },
  LINKED: { 'zh-CN': '已辟谣', 'en-US': 'Answered by a debunk' },
  DUPLICATE: { 'zh-CN': '重复举报', 'en-US': 'Duplicate' },
  REJECTED: { 'zh-CN': '不予处理', 'en-US': 'Not taken up' },
};

const LABELS = {
  title: { 'zh-CN': '谣言举报', 'en-US': 'Rumour reports' },
  text: { 'zh-CN': '举报内容', 'en-US': 'Report' },
  platform: { 'zh-CN': '发现平台', 'en-US': 'Seen on' },
  link: { 'zh-CN': '链接', 'en-US': 'Link' },
  contact: { 'zh-CN': '联系方式', 'en-US': 'Contact' },
  status: { 'zh-CN': '处理状态', 'en-US': 'Status' },
  at: { 'zh-CN': '举报时间', 'en-US': 'Reported at' },
} satisfies Record<string, L>;

definePersonalData({
  module: 'debunks',
  async export(db, userId, locale) {
    const l = (k: keyof typeof LABELS) => LABELS[k][locale];
    const rows = await db
      .selectFrom('rumourReports')
      .select(['text', 'platform', 'link', 'contact', 'status', 'createdAt'])
      .where('reporterId', '=', userId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    return [
      {
        module: 'debunks',
        key: 'rumourReports',
        title: l('title'),
        items: rows.map((r) => [
          { label: l('text'), value: r.text },
          { label: l('platform'), value: r.platform },
          { label: l('link'), value: r.link },
          { label: l('contact'), value: r.contact },
          { label: l('status'), value: STATUS[r.status][locale] },
          { label: l('at'), value: chinaDateTime(r.createdAt) },
        ]),
      },
    ];
  },
  async erase(tx, userId) {
    // A screenshot may show the person's own chats: it goes with them.
    await tx
      .deleteFrom('rumourReportScreenshots')
      .where('reportId', 'in', (eb) =>
        eb.selectFrom('rumourReports').select('id').where('reporterId', '=', userId),
      )
      .execute();
    await tx
      .updateTable('rumourReports')
      .set({ reporterId: null, contact: null })
      .where('reporterId', '=', userId)
      .execute();
  },
});
