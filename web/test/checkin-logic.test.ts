import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  checkedInNow,
  type DoorList,
  decodeQr,
  judge,
  type QueuedScan,
  registrationIdOf,
} from '../src/activities/checkin-logic.ts';

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const codeFor = (id: string) =>
  `K1.${Buffer.from(id.replaceAll('-', ''), 'hex').toString('base64url')}.AAAAAAAAAAAAAAAA`;

/** A QR code drawn as a camera frame would be: black modules on white, 4 px each, a quiet zone. */
function frameOf(text: string) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const scale = 4;
  const quiet = 4;
  const size = (qr.modules.size + quiet * 2) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const r = Math.floor(y / scale) - quiet;
      const c = Math.floor(x / scale) - quiet;
      const dark =
        r >= 0 && c >= 0 && r < qr.modules.size && c < qr.modules.size && qr.modules.get(r, c);
      if (dark) data.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
    }
  return { data, size };
}

function list(mode: DoorList['activity']['checkInMode'], extra: Partial<DoorList> = {}): DoorList {
  return {
    activity: { id: 'a', title: '矿物晶体展', checkInMode: mode },
    sessions: [
      { id: 's1', startsAt: '2026-12-06T01:00:00.000Z', endsAt: '2026-12-06T09:00:00.000Z' },
      { id: 's2', startsAt: '2026-12-13T01:00:00.000Z', endsAt: '2026-12-13T09:00:00.000Z' },
    ],
    items: [
      {
        registrationId: ID,
        sessionId: 's1',
        userName: '王小明',
        quantity: 1,
        checkedInAt: null,
        lastCheckInAt: null,
        ticketCode: codeFor(ID),
      },
    ],
    members: [],
    cancelled: [],
    generatedAt: '2026-12-06T00:00:00.000Z',
    ...extra,
  };
}
const scan = (at: string, outcome: QueuedScan['outcome'] = 'CHECKED_IN'): QueuedScan => ({
  activityId: 'a',
  sessionId: 's1',
  code: codeFor(ID),
  scannedAt: at,
  deviceId: 'd',
  registrationId: ID,
  outcome,
  synced: false,
});

describe('check-in on the device', () => {
  it('reads a ticket’s QR code from a camera frame (qrcode draws it, jsqr reads it)', () => {
    const code = codeFor(ID);
    const { data, size } = frameOf(code);
    expect(decodeQr(data, size, size)).toBe(code);
    expect(registrationIdOf(decodeQr(data, size, size)!)).toBe(ID);
    expect(decodeQr(new Uint8ClampedArray(size * size * 4).fill(255), size, size)).toBeNull();
  });

  it('tells a ticket’s registration from its code, and refuses a malformed one', () => {
    expect(registrationIdOf(codeFor(ID))).toBe(ID);
    expect(registrationIdOf('K1.short.AAAAAAAAAAAAAAAA')).toBeNull();
    expect(registrationIdOf('hello')).toBeNull();
  });

  it('judges scans offline by the mode: once, once per Beijing day, every entry', () => {
    const morning = '2026-12-06T01:00:00.000Z'; // 09:00 Beijing
    const evening = '2026-12-06T12:00:00.000Z'; // 20:00 Beijing
    const nextDay = '2026-12-06T16:30:00.000Z'; // 00:30 the next Beijing day
    const code = codeFor(ID);
    expect(judge(list('ONCE'), 's1', code, morning, []).outcome).toBe('CHECKED_IN');
    expect(judge(list('ONCE'), 's1', code, nextDay, [scan(morning)]).outcome).toBe('ALREADY');
    expect(judge(list('DAILY'), 's1', code, evening, [scan(morning)]).outcome).toBe('ALREADY');
    expect(judge(list('DAILY'), 's1', code, nextDay, [scan(morning)]).outcome).toBe('CHECKED_IN');
    expect(judge(list('EVERY'), 's1', code, evening, [scan(morning)]).outcome).toBe('CHECKED_IN');
  });

  it('refuses another session’s ticket, a cancelled one and one not on the list, by name', () => {
    const code = codeFor(ID);
    const at = '2026-12-06T01:00:00.000Z';
    expect(judge(list('ONCE'), 's2', code, at, []).outcome).toBe('WRONG_SESSION');
    const cancelled = list('ONCE', {
      items: [],
      cancelled: [{ registrationId: ID, sessionId: 's1' }],
    });
    expect(judge(cancelled, 's1', code, at, []).outcome).toBe('CANCELLED');
    expect(judge(list('ONCE', { items: [] }), 's1', code, at, []).outcome).toBe('NOT_LISTED');
    expect(judge(list('ONCE'), 's1', 'nonsense', at, []).outcome).toBe('INVALID');
  });

  it('lists who is checked in, this device’s unsynced scans marked as waiting', () => {
    const at = '2026-12-06T01:00:00.000Z';
    const rows = checkedInNow(list('ONCE'), 's1', [scan(at)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ at, pending: true, name: '王小明', places: 1 });
    expect(checkedInNow(list('ONCE'), 's2', [scan(at)])).toEqual([]);
  });

  it('a group member’s own ticket checks in once, by name; the group counts its members', () => {
    const GROUP = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60';
    const M1 = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a61';
    const M2 = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a62';
    const member = (memberId: string, seq: number, name: string) => ({
      memberId,
      registrationId: GROUP,
      sessionId: 's1',
      name,
      seq,
      groupLabel: '雅礼中学 初一（2）班',
      ownTicket: true,
      ticketCode: codeFor(memberId),
      checkedInAt: null,
    });
    const l = list('DAILY', {
      items: [
        {
          registrationId: GROUP,
          sessionId: 's1',
          userName: '刘老师',
          quantity: 2,
          checkedInAt: null,
          lastCheckInAt: null,
          ticketCode: null,
        },
      ],
      members: [member(M1, 1, '赵小一'), member(M2, 2, '')],
    });
    const at = '2026-12-06T01:00:00.000Z';
    expect(judge(l, 's1', codeFor(M1), at, [])).toMatchObject({
      outcome: 'CHECKED_IN',
      name: '赵小一',
    });
    expect(judge(l, 's2', codeFor(M2), at, [])).toMatchObject({
      outcome: 'WRONG_SESSION',
      name: '#2',
    });
    const mine = { ...scan(at), code: codeFor(M1), registrationId: M1 };
    // Once, even on a daily activity; the group's registration is not listed as present.
    expect(judge(l, 's1', codeFor(M1), '2026-12-07T01:00:00.000Z', [mine]).outcome).toBe('ALREADY');
    expect(checkedInNow(l, 's1', [mine])).toEqual([
      { key: M1, name: '赵小一', group: '雅礼中学 初一（2）班', places: 1, at, pending: true },
    ]);
  });
});
