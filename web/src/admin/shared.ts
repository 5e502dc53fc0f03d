import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, call } from '../api/client.ts';
import type { Me, Organisation, Role } from '../api/types.ts';

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

/**
 * The units where the person holds one of these roles, as select options (every organisation
 * for a platform admin): where they may write, upload, curate or organise.
 */
export function useUnitsWithRole(me: Me, roles: readonly Role[]) {
  const orgs = useOrganisations();
  return useMemo(() => {
    if (me.abilities.platformAdmin) return orgOptions(orgs.data);
    const seen = new Map<string, string>();
    for (const g of me.grants)
      if (roles.includes(g.role) && g.organisationId)
        seen.set(g.organisationId, g.organisationName ?? g.organisationId);
    return [...seen].map(([value, name]) => ({ value, label: name, name }));
  }, [me, orgs.data, roles]);
}
