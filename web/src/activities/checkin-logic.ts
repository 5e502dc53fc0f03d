import jsQR from 'jsqr';
import type { Answer } from '../api/types.ts';

/**
 * The check-in page's rules that need no network: which registration a ticket code names, what a
 * scan means against the door list kept on the device, and reading a QR code from a camera frame.
 * The server decides again when the queue syncs; what is shown offline is marked as such.
 */
export type DoorList = Answer<'/api/activities/{id}/check-in-list', 'get'>;
export type DoorItem = DoorList['items'][number];
/** A member of a group booking on the door list (their own ticket, or the group's one QR). */
export type DoorMember = DoorList['members'][number];
export type CheckInMode = DoorList['activity']['checkInMode'];
export type ServerOutcome = Answer<
  '/api/activities/{id}/check-ins',
  'post'
>['results'][number]['outcome'];
/** What the page says about a scan: the server's outcomes, or NOT_LISTED (offline, not on the list). */
export type Outcome = ServerOutcome | 'NOT_LISTED';

/** The registration id a code of form `K1.<22 chars id>.<16 chars mac>` names (not its signature). */
export function registrationIdOf(code: string): string | null {
  const m = /^K1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{16})$/.exec(code.trim());
  if (!m) return null;
  const b64 = m[1]!.replaceAll('-', '+').replaceAll('_', '/');
  let bin: string;
  try {
    bin = atob(`${b64}==`);
  } catch {
    return null;
  }
  if (bin.length !== 16) return null;
  const hex = [...bin].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The Beijing day (YYYY-MM-DD) of an instant. */
export function beijingDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A scan this device made and keeps until the server has it. */
export interface QueuedScan {
  id?: number;
  activityId: string;
  sessionId: string;
  code: string;
  scannedAt: string;
  deviceId: string;
  registrationId: string | null;
  /** The outcome on this device (offline); the server's once synced. */
  outcome: Outcome;
  synced: boolean;
}

/**
 * A scan judged against the door list and this device's own earlier scans: the same rules as the
 * server (mode, session, cancelled), except that a forged code can only be told by the server.
 */
export function judge(
  list: DoorList,
  sessionId: string,
  code: string,
  at: string,
  ownScans: readonly QueuedScan[],
): { outcome: Outcome; item: DoorItem | null; name: string | null } {
  const id = registrationIdOf(code);
  if (!id) return { outcome: 'INVALID', item: null, name: null };
  if (list.cancelled.some((c) => c.registrationId === id))
    return { outcome: 'CANCELLED', item: null, name: null };
  // A member's own ticket: checked in once, whatever the activity's mode (as on the server).
  const member = (list.members ?? []).find((m) => m.ownTicket && m.memberId === id);
  if (member) {
    const name = memberName(member);
    if (member.sessionId !== sessionId) return { outcome: 'WRONG_SESSION', item: null, name };
    const repeat =
      !!member.checkedInAt ||
      ownScans.some((s) => s.registrationId === id && s.outcome === 'CHECKED_IN');
    return { outcome: repeat ? 'ALREADY' : 'CHECKED_IN', item: null, name };
  }
  const item = list.items.find((i) => i.registrationId === id) ?? null;
  if (!item) return { outcome: 'NOT_LISTED', item: null, name: null };
  const name = item.userName;
  if (item.sessionId !== sessionId) return { outcome: 'WRONG_SESSION', item, name };
  const mode = list.activity.checkInMode;
  if (mode === 'EVERY') return { outcome: 'CHECKED_IN', item, name };
  const earlier = [
    ...(item.lastCheckInAt ? [item.lastCheckInAt] : []),
    ...(item.checkedInAt ? [item.checkedInAt] : []),
    ...ownScans
      .filter((s) => s.registrationId === id && s.outcome === 'CHECKED_IN')
      .map((s) => s.scannedAt),
  ];
  const repeat =
    mode === 'DAILY' ? earlier.some((e) => beijingDay(e) === beijingDay(at)) : earlier.length > 0;
  return { outcome: repeat ? 'ALREADY' : 'CHECKED_IN', item, name };
}

/** A member as the door names them: the roster's name, else their number in the group. */
export function memberName(m: DoorMember): string {
  return m.name || `#${m.seq}`;
}

/** Who is checked in now (newest first): a person, a one-QR group, or a group's member. */
export interface Present {
  key: string;
  name: string;
  /** The group (school and class) for a member. */
  group: string | null;
  places: number;
  at: string;
  pending: boolean;
}

/**
 * Who is checked in now, by the list and this device's scans (newest first). A group with a
 * ticket per person is counted by its members, not by its registration.
 */
export function checkedInNow(
  list: DoorList,
  sessionId: string,
  ownScans: readonly QueuedScan[],
): Present[] {
  const out = new Map<string, Present>();
  const members = (list.members ?? []).filter((m) => m.ownTicket && m.sessionId === sessionId);
  const byMembers = new Set(members.map((m) => m.registrationId));
  const items = list.items.filter(
    (i) => i.sessionId === sessionId && !byMembers.has(i.registrationId),
  );
  const entry = (key: string, at: string, pending: boolean): Present | null => {
    const i = items.find((x) => x.registrationId === key);
    if (i) return { key, name: i.userName, group: null, places: i.quantity, at, pending };
    const m = members.find((x) => x.memberId === key);
    if (m) return { key, name: memberName(m), group: m.groupLabel, places: 1, at, pending };
    return null;
  };
  for (const i of items) {
    const at = i.lastCheckInAt ?? i.checkedInAt;
    if (at) out.set(i.registrationId, entry(i.registrationId, at, false)!);
  }
  for (const m of members)
    if (m.checkedInAt) out.set(m.memberId, entry(m.memberId, m.checkedInAt, false)!);
  for (const s of ownScans) {
    if (s.sessionId !== sessionId || s.outcome !== 'CHECKED_IN' || !s.registrationId) continue;
    const had = out.get(s.registrationId);
    const e = entry(s.registrationId, s.scannedAt, !s.synced);
    if (e && (!had || had.at < s.scannedAt)) out.set(s.registrationId, e);
  }
  return [...out.values()].sort((a, b) => b.at.localeCompare(a.at));
}

/** The text of a QR code in an RGBA frame (a canvas's ImageData), or null. */
export function decodeQr(data: Uint8ClampedArray, width: number, height: number): string | null {
  const hit = jsQR(data, width, height, { inversionAttempts: 'dontInvert' });
  return hit?.data ? hit.data : null;
}
