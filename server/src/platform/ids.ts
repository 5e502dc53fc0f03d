import { createHash, randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * Random bytes for ids, drawn 4 KiB at a time (as crypto.randomUUID caches its own): one system
 * call per 256 ids instead of one per id, which showed in every request's profile (each request
 * gets an id). Ids are not secrets; tokens (newToken) draw their own bytes.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;
function random16(): Buffer {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const b = Buffer.allocUnsafe(16);
  pool.copy(b, 0, poolAt, poolAt + 16);
  poolAt += 16;
  return b;
}

/**
 * UUIDv7: time-ordered, so ids sort by creation and b-tree inserts stay local. Within one process
 * they are strictly increasing (RFC 9562 §6.2, method 1: a 12-bit counter in rand_a), so two rows
 * written in the same millisecond keep their order when sorted by id.
 */
export function newId(now?: number): string {
  const b = random16();
  let ms = now ?? Date.now();
  if (now === undefined) {
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        ms = lastMs + 1;
        counter = b[6]! & 0x07;
      }
    } else counter = ((b[6]! & 0x07) << 8) | b[7]!;
    lastMs = ms;
    b[7] = counter & 0xff;
    b[6] = 0x70 | ((counter >> 8) & 0x0f);
  } else b[6] = 0x70 | (b[6]! & 0x0f);
  b.writeUIntBE(ms, 0, 6);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A secret token with `bytes` of randomness, URL-safe. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function nowIso(now = Date.now()): string {
  return new Date(now).toISOString();
}

/** China's calendar year as instants: [1 Jan 00:00 +08:00, the next 1 Jan). */
export function chinaYearRange(year: number): { from: string; to: string } {
  const start = (y: number) => new Date(Date.UTC(y, 0, 1) - 8 * 3_600_000).toISOString();
  return { from: start(year), to: start(year + 1) };
}

/** Today's calendar date in China (UTC+8), YYYY-MM-DD: call and notice dates are dates there. */
export function todayInChina(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) as written in Chinese documents: 2026年5月1日. */
export function chineseDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The China (UTC+8) date of an instant, as written in Chinese documents: 2026年5月1日. */
export function chineseDate(iso: string): string {
  return chineseDay(todayInChina(Date.parse(iso)));
}

/** An instant as China's (UTC+8) date and time, `2026-05-01 09:00`, for exports and messages. */
export function chinaDateTime(iso: string): string;
export function chinaDateTime(iso: string | null): string | null;
export function chinaDateTime(iso: string | null): string | null {
  if (!iso) return null;
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** An instant as China's wall-clock time for a sentence: zh 12月6日 09:30, en 6 Dec 09:30. */
export function chinaTimeText(iso: string, locale: 'zh-CN' | 'en-US' = 'zh-CN'): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  if (locale === 'zh-CN') return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}`;
  const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${hm}`;
}
