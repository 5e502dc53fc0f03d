import { definePolicies, hasRoleOn } from '#platform/policy.ts';

/**
 * Open-day facilities: the unit running the facility (its editors and administrators, or those
 * above it) keeps the profile, the partner schools and the open days; anyone with a role sees
 * the open-day figures of the units in their reach.
 */
definePolicies({
  'facility.manage': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'facility.list': (actor) => actor.grants.length > 0,
});
