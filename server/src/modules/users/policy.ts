import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * Users are managed by organisation admins over the organisations where the user holds a role
 * (resource.orgPath: one of them, or the organisation of a role being granted or revoked).
 */
definePolicies({
  'user.list': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => g.role === 'ORG_ADMIN'),
  'user.read': (actor, r) =>
    r.ownerId === actor.userId || hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'user.create': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'user.update': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'grant.manage': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'grant.managePlatformAdmin': (actor) => isPlatformAdmin(actor),
});
