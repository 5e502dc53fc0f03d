/**
 * What the appointments module keeps about a person, for the account's export and deletion: the
 * appointments held (title, batch, 文号, term, status). Erasure deletes them and the studio links
 * (the studio, an organisation, stays with its unit); the certificates module deletes the 聘书.
 */

import type { AppointmentStatus } from '#platform/db/schema.ts';
import type { Locale } from '#platform/i18n.ts';
import { definePersonalData } from '#platform/personal-data.ts';
import * as repo from './repo.ts';

type L = Record<Locale, string>;

export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, L> = {
  ACTIVE: { 'zh-CN': '在聘', 'en-US': 'In term' },
  EXPIRED: { 'zh-CN': '已届满', 'en-US': 'Term over' },
  RENEWED: { 'zh-CN': '已续聘', 'en-US': 'Renewed' },
  WITHDRAWN: { 'zh-CN': '已撤销', 'en-US': 'Withdrawn' },
};

const LABELS = {
  title: { 'zh-CN': '聘任', 'en-US': 'Appointments' },
  honorific: { 'zh-CN': '称号', 'en-US': 'Title' },
  batch: { 'zh-CN': '批次', 'en-US': 'Batch' },
  docNo: { 'zh-CN': '文号', 'en-US': 'Document no.' },
  term: { 'zh-CN': '聘期', 'en-US': 'Term' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  reason: { 'zh-CN': '撤销原因', 'en-US': 'Reason withdrawn' },
} satisfies Record<string, L>;

definePersonalData({
  module: 'appointments',
  async export(db, userId, locale) {
    const l = (k: keyof typeof LABELS) => LABELS[k][locale];
    const rows = await repo.allOfPerson(db, userId);
    if (rows.length === 0) return [];
    return [
      {
        module: 'appointments',
        key: 'appointments',
        title: l('title'),
        items: rows.map((a) => [
          { label: l('honorific'), value: a.honorific },
          { label: l('batch'), value: a.batch },
          { label: l('docNo'), value: a.docNo },
          { label: l('term'), value: `${a.startDate} – ${a.endDate}` },
          { label: l('status'), value: APPOINTMENT_STATUS_LABELS[a.status][locale] },
          { label: l('reason'), value: a.withdrawReason },
        ]),
      },
    ];
  },
  async erase(tx, userId) {
    await tx.deleteFrom('studios').where('userId', '=', userId).execute();
    // Renewals point at the term they follow: unlink before the rows go.
    const mine = (await repo.allOfPerson(tx, userId)).map((a) => a.id);
    if (mine.length) {
      await tx
        .updateTable('appointments')
        .set({ renewedFromId: null })
        .where('id', 'in', mine)
        .execute();
      await tx.deleteFrom('appointments').where('id', 'in', mine).execute();
    }
  },
});
