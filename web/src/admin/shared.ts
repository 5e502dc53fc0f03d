import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client.ts';
import type { Organisation } from '../api/types.ts';

export const ORGS_KEY = ['organisations'] as const;

/** Every organisation in the caller's scope, in tree order (with depth). */
export function useOrganisations() {
  return useQuery({
    queryKey: ORGS_KEY,
    queryFn: () =>
      call(api.GET('/api/organisations', { params: { query: { pageSize: 1000 } } })).then(
        (p) => p.items,
      ),
  });
}

/** Select options with the tree shown by indentation. */
export function orgOptions(orgs: Organisation[] | undefined) {
  const minDepth = Math.min(...(orgs ?? []).map((o) => o.depth));
  return (orgs ?? []).map((o) => ({
    value: o.id,
    label: `${'\u3000'.repeat(Math.max(0, o.depth - minDepth))}${o.name}`,
    name: o.name,
  }));
}
