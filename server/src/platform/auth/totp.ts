import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit TOTP secret, base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** RFC 6238 code (SHA-1, 30 s, 6 digits) for the step containing `timeMs`. */
export function totpCode(secret: string, timeMs = Date.now(), stepOffset = 0): string {
  const counter = Math.floor(timeMs / 30_000) + stepOffset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const offset = h[h.length - 1]! & 0x0f;
  const bin = (h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return bin.toString().padStart(6, '0');
}

/**
 * The time step a code belongs to (the current one or one either side, for clock drift), or null.
 * The caller accepts a step once (RFC 6238 §5.2): a code seen before is refused.
 */
export function matchTotpStep(secret: string, code: string, timeMs = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = Math.floor(timeMs / 30_000);
  let found: number | null = null;
  for (const offset of [-1, 0, 1]) {
    const expected = Buffer.from(totpCode(secret, timeMs, offset));
    // Every step is compared (no early exit), so timing does not tell which one matched.
    if (timingSafeEqual(expected, Buffer.from(code))) found = now + offset;
  }
  return found;
}

/** Accepts the current code or one step either side (clock drift); no replay check. */
export function verifyTotp(secret: string, code: string, timeMs = Date.now()): boolean {
  return matchTotpStep(secret, code, timeMs) !== null;
}

export function otpauthUrl(secret: string, account: string, issuer = 'Kepu 科普平台'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
