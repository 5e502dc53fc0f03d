import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * Join requests: anyone signed in asks to join a unit; the administrators of the unit's subtree
 * (its own, and those above it in the tree) see and decide them — never their own request.
 * resource.orgPath: the unit asked; resource.ownerId: who asks.
 */
definePolicies({
  'join.list': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => g.role === 'ORG_ADMIN'),
  'join.decide': (actor, r) =>
    r.ownerId !== actor.userId && hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
});
