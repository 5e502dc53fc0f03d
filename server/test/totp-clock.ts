import { totpCode } from '../src/platform/auth/totp.ts';

/**
 * The server accepts each TOTP time step once (RFC 6238 §5.2), so a test that signs in twice
 * within 30 seconds needs a code of a later step. This hands out codes of the current or next
 * step, never one handed out before for the same secret, and waits for the clock when both are
 * spent.
 */
const lastStep = new Map<string, number>();

export async function freshTotpCode(secret: string): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const last = lastStep.get(secret) ?? Number.NEGATIVE_INFINITY;
    for (const step of [now, now + 1]) {
      if (step > last) {
        lastStep.set(secret, step);
        return totpCode(secret, step * 30_000);
      }
    }
    await new Promise((r) => setTimeout(r, (now + 1) * 30_000 - Date.now() + 50));
  }
}
