import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client.ts';

export type PolicyKind = 'PRIVACY' | 'TERMS';
export const POLICY_KINDS: readonly PolicyKind[] = ['PRIVACY', 'TERMS'];

export const policyKey = (kind: PolicyKind) => ['policy', kind] as const;

/** The current version of a privacy document (public; everyone reads the same text). */
export function usePolicy(kind: PolicyKind, enabled = true) {
  return useQuery({
    queryKey: policyKey(kind),
    queryFn: () => call(api.GET('/api/policies/{kind}', { params: { path: { kind } } })),
    enabled,
  });
}
