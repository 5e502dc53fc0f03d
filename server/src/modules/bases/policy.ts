import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * Bases: the host organisation's admins and editors keep the profile (resource.orgPath: the host);
 * the naming organiser's admins and editors change the status (orgPath: the authority).
 */
definePolicies({
  'base.edit': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN', 'EDITOR'], r.orgPath ?? ''),
  'base.govern': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN', 'EDITOR'], r.orgPath ?? ''),
  'base.list': (actor) => actor.grants.length > 0,
  /** The legacy import template: whoever may import legacy bases for some organisation. */
  'base.importTemplate': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role)),
});
