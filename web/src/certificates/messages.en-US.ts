import type { MessagesLike } from '../i18n/index.tsx';
import type { messages as zh } from './messages.zh-CN.ts';

/** The certificates console pages (en-US). */
export const messages: MessagesLike<typeof zh> = {
  'certAdmin.title': 'Certificates my units issued',
  'certAdmin.text':
    'Certificates for training, volunteer hours, appointments and awards. Anyone can check one by the code or QR code printed on it on the verification page. A certificate issued in error can be revoked: the verification page then says it was revoked.',
  'certAdmin.find': 'Find',
  'certAdmin.search': 'Holder, certificate or code',
  'certAdmin.status': 'Status',
  'certAdmin.allStatuses': 'All',
  'certAdmin.statusValid': 'Valid',
  'certAdmin.statusRevoked': 'Revoked',
  'certAdmin.none': 'No certificates issued yet',
  'certAdmin.holder': 'Holder',
  'certAdmin.certificate': 'Certificate',
  'certAdmin.issuer': 'Issued by',
  'certAdmin.issuedAt': 'Issued at',
  'certAdmin.code': 'Code',
  'certAdmin.actions': 'Actions',
  'certAdmin.pdf': 'Download PDF',
  'certAdmin.revoke': 'Revoke',
  'certAdmin.revokeTitle': 'Revoke “{title}” of {name}?',
  'certAdmin.revokeBody':
    'Once revoked, anyone checking this certificate on the verification page sees that it was revoked, and printed or sent copies are no longer valid. This cannot be undone: to restore it, a new certificate must be issued.',
  'certAdmin.reason': 'Why (the holder sees it; it is not public)',
  'certAdmin.revokeAction': 'Revoke certificate',
  'certAdmin.revoked': 'The certificate was revoked',
  'certAdmin.total': '{n} in all',
};
