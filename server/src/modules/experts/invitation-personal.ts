/**
 * Invitations to the expert directory as personal data: those mailed to the person's address and
 * those they accepted are in the account export; deleting the account blanks the invitations they
 * accepted (no link to the person, no address or name left).
 */
import type { Locale } from '#platform/i18n.ts';
import { chinaDateTime, nowIso } from '#platform/ids.ts';
import { definePersonalData } from '#platform/personal-data.ts';
import type { InvitationStatus } from './invitation-schema.ts';
import * as repo from './invitations-repo.ts';

type L = Record<Locale, string>;
const LABEL = {
  section: { 'zh-CN': '专家库邀请', 'en-US': 'Invitations to the expert directory' },
  unit: { 'zh-CN': '邀请单位', 'en-US': 'Inviting unit' },
  inviter: { 'zh-CN': '邀请人', 'en-US': 'Invited by' },
  email: { 'zh-CN': '收件地址', 'en-US': 'Sent to' },
  name: { 'zh-CN': '称呼', 'en-US': 'Addressed as' },
  message: { 'zh-CN': '留言', 'en-US': 'Message' },
  at: { 'zh-CN': '邀请时间', 'en-US': 'Invited on' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
} satisfies Record<string, L>;
const STATUS: Record<InvitationStatus, L> = {
  PENDING: { 'zh-CN': '待接受', 'en-US': 'Waiting' },
  ACCEPTED: { 'zh-CN': '已接受', 'en-US': 'Accepted' },
  EXPIRED: { 'zh-CN': '已过期', 'en-US': 'Expired' },
  REVOKED: { 'zh-CN': '已撤销', 'en-US': 'Revoked' },
};

const statusOf = (r: { acceptedAt: string | null; revokedAt: string | null; expiresAt: string }) =>
  r.acceptedAt
    ? 'ACCEPTED'
    : r.revokedAt
      ? 'REVOKED'
      : r.expiresAt <= nowIso()
        ? 'EXPIRED'
        : 'PENDING';

definePersonalData({
  module: 'expert-invitations',
  async export(db, userId, locale) {
    const user = await db
      .selectFrom('users')
      .select('email')
      .where('id', '=', userId)
      .executeTakeFirst();
    const rows = await repo.invitationsOfPerson(db, userId, user?.email ?? null);
    if (rows.length === 0) return [];
    return [
      {
        module: 'expert-invitations',
        key: 'invitations',
        title: LABEL.section[locale],
        items: rows.map((r) => [
          { label: LABEL.unit[locale], value: r.organisationName },
          { label: LABEL.inviter[locale], value: r.invitedByName },
          { label: LABEL.email[locale], value: r.email },
          { label: LABEL.name[locale], value: r.name },
          { label: LABEL.message[locale], value: r.message },
          { label: LABEL.at[locale], value: chinaDateTime(r.createdAt) },
          { label: LABEL.status[locale], value: STATUS[statusOf(r)][locale] },
        ]),
      },
    ];
  },
  async erase(tx, userId) {
    await repo.eraseAcceptor(tx, userId);
  },
});
