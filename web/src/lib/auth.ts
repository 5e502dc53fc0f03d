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

export async function logout(qc: QueryClient): Promise<void> {
  try {
    await call(api.POST('/api/auth/logout'));
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  setCsrfToken(null);
  qc.setQueryData(ME_KEY, null);
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
}
