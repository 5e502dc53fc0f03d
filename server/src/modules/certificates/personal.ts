/**
 * What the certificates module keeps about a holder, for the account's export and deletion. The
 * export lists the certificates as printed; deleting the account deletes them (a code then
 * verifies as unknown: the name printed on it is the person's data).
 */
import type { Locale } from '#platform/i18n.ts';
import { chinaDateTime } from '#platform/ids.ts';
import { definePersonalData } from '#platform/personal-data.ts';
import * as repo from './repo.ts';

type L = Record<Locale, string>;
const LABELS = {
  title: { 'zh-CN': '我的证书', 'en-US': 'My certificates' },
  certificate: { 'zh-CN': '证书', 'en-US': 'Certificate' },
  holderName: { 'zh-CN': '持证人', 'en-US': 'Holder' },
  lines: { 'zh-CN': '证明内容', 'en-US': 'Certified' },
  issuer: { 'zh-CN': '发证单位', 'en-US': 'Issued by' },
  issuedAt: { 'zh-CN': '发证时间', 'en-US': 'Issued at' },
  code: { 'zh-CN': '验证码', 'en-US': 'Verification code' },
  revokedAt: { 'zh-CN': '撤销时间', 'en-US': 'Revoked at' },
  revokeReason: { 'zh-CN': '撤销理由', 'en-US': 'Reason for revoking' },
} satisfies Record<string, L>;

definePersonalData({
  module: 'certificates',
  async export(db, userId, locale) {
    const l = (k: keyof typeof LABELS) => LABELS[k][locale];
    const rows = await repo.allOfHolder(db, userId);
    if (!rows.length) return [];
    return [
      {
        module: 'certificates',
        key: 'certificates',
        title: l('title'),
        items: rows.map((r) => [
          { label: l('certificate'), value: r.title },
          { label: l('holderName'), value: r.holderName },
          { label: l('lines'), value: (JSON.parse(r.lines) as string[]).join('；') },
          { label: l('issuer'), value: r.organisationName },
          { label: l('issuedAt'), value: chinaDateTime(r.issuedAt) },
          { label: l('code'), value: r.code },
          ...(r.revokedAt
            ? [
                { label: l('revokedAt'), value: chinaDateTime(r.revokedAt) },
                { label: l('revokeReason'), value: r.revokeReason },
              ]
            : []),
        ]),
      },
    ];
  },
  async erase(tx, userId) {
    await repo.deleteOfHolder(tx, userId);
  },
});
