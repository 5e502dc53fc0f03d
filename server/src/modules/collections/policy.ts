import { definePolicies, hasRoleOn } from '#platform/policy.ts';

/**
 * Collections and series (专题 / 系列): the curating unit's editors and admins write, order and publish
 * them; its members may look. resource.orgPath is the curating unit.
 */
definePolicies({
  'collection.manage': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'collection.read': (actor, r) =>
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'collection.list': (actor) => actor.grants.length > 0,
});
