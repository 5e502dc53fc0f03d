import { createHmac, timingSafeEqual } from 'node:crypto';
import { currentAuditKey } from '#platform/audit.ts';

/**
 * Ticket codes: the registration id (compact) and an HMAC of it under a key derived from the
 * server's secret key (the audit key: its file, or KEPU_AUDIT_KEY), so a code cannot be made up
 * or guessed from another, and check-in needs no lookup to refuse a forged one.
 * Form: `K1.<22 chars id>.<16 chars mac>` (base64url).
 */
function ticketKey(): Buffer {
  return createHmac('sha256', currentAuditKey()).update('kepu/activity-ticket/v1').digest();
}

const mac = (id: string) =>
  createHmac('sha256', ticketKey()).update(id).digest().subarray(0, 12).toString('base64url');

export function ticketCodeFor(registrationId: string): string {
  const idPart = Buffer.from(registrationId.replaceAll('-', ''), 'hex').toString('base64url');
  return `K1.${idPart}.${mac(registrationId)}`;
}

/** The registration id a genuine code names, or null. */
export function verifyTicketCode(code: string): string | null {
  const m = /^K1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{16})$/.exec(code);
  if (!m) return null;
  const hex = Buffer.from(m[1]!, 'base64url').toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const want = Buffer.from(mac(id));
  const got = Buffer.from(m[2]!);
  return want.length === got.length && timingSafeEqual(want, got) ? id : null;
}
