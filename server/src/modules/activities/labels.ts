/** Words for the activities module's codes, where more than one page or export shows them. */
import type { RegistrationStatus } from '#platform/db/schema.ts';
import type { Locale } from '#platform/i18n.ts';

/** A registration's status: the organiser's xlsx export and the person's own data export. */
export const REGISTRATION_STATUS: Record<RegistrationStatus, Record<Locale, string>> = {
  CONFIRMED: { 'zh-CN': '已确认', 'en-US': 'Confirmed' },
  WAITLISTED: { 'zh-CN': '候补中', 'en-US': 'On the waiting list' },
  OFFERED: { 'zh-CN': '候补转正待确认', 'en-US': 'A place is held for me to confirm' },
  PENDING_APPROVAL: { 'zh-CN': '待审核', 'en-US': 'Waiting for the host’s approval' },
  CANCELLED: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
  DECLINED: { 'zh-CN': '未通过', 'en-US': 'Declined' },
  EXPIRED: { 'zh-CN': '保留已过期', 'en-US': 'The held place expired' },
};
