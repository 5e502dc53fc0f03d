import { type QueryClient, useQuery } from '@tanstack/react-query';
import { ApiError, api, call, setCsrfToken } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export type { Me };

export const ME_KEY = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await call(api.GET('/api/auth/me'));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

/**
 * The logged-in user (null when logged out). Asked even when the browser says it is offline
 * (`offlineFirst`): the check-in page's service worker answers with the last copy, and elsewhere
 * the page shows that the server cannot be reached instead of waiting for ever.
 */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: fetchMe,
    staleTime: 60_000,
    retry: false,
    networkMode: 'offlineFirst',
  });
}

/** After login, registration, setup or TOTP confirmation: remember who we are now. */
export function rememberMe(qc: QueryClient, me: Me): void {
  setCsrfToken(me.csrfToken);
  qc.setQueryData(ME_KEY, me);
}

const FLASH_KEY = 'kepu.flash';
/** What a sign-out may leave to be said on the page that opens after it. */
const FLASHES = ['me.loggedOut', 'me.deleted'] as const;
export type Flash = (typeof FLASHES)[number];

/**
 * Signs out and loads `to` afresh. A full load, not a route change: nothing of this person's
 * session stays in the page's memory (queries, forms, the CSRF token), and no page's login guard
 * can race the way out (a guard that saw "logged out" before the route changed would send the
 * person to the login page instead of `to`). `flash` is said once on the page that opens.
 */
export async function signOut(to: string, flash?: Flash): Promise<void> {
  try {
    await call(api.POST('/api/auth/logout'));
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  leaveSession(to, flash);
}

/** After the server has ended the session (sign-out, account deletion): load `to` afresh. */
export function leaveSession(to: string, flash?: Flash): void {
  setCsrfToken(null);
  if (flash) sessionStorage.setItem(FLASH_KEY, flash);
  window.location.replace(to);
}

/** The message a sign-out left for the page that opens after it (read once). */
export function takeFlash(): Flash | null {
  const key = sessionStorage.getItem(FLASH_KEY);
  if (key) sessionStorage.removeItem(FLASH_KEY);
  return FLASHES.find((f) => f === key) ?? null;
}
