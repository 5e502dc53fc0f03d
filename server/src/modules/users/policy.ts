import { definePolicies, hasRoleOn, hasRoleOnAll, isPlatformAdmin } from '#platform/policy.ts';

/**
 * People are managed from their home: an organisation administrator may see a person's contact
 * data, edit, disable, reset or grant roles to them only when every home unit of the person (their
 * primary unit, or else every unit they hold a role in) lies inside the administrator's subtrees.
 * Platform administrators are managed by platform administrators only. A person from elsewhere
 * joins a unit by accepting an invitation (resource.homePaths, resource.platformAdmin).
 */
definePolicies({
  'user.list': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => g.role === 'ORG_ADMIN'),
  // Seeing that a person holds a role in one's unit (name, roles; no contact data).
  'user.read': (actor, r) =>
    r.ownerId === actor.userId ||
    hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? '') ||
    (!r.platformAdmin && hasRoleOnAll(actor, ['ORG_ADMIN'], r.homePaths ?? [])),
  'user.manage': (actor, r) =>
    isPlatformAdmin(actor) ||
    (!r.platformAdmin && hasRoleOnAll(actor, ['ORG_ADMIN'], r.homePaths ?? [])),
  'user.create': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  // A role on the unit (resource.orgPath): revoking it, or inviting someone to it.
  'grant.manage': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'grant.managePlatformAdmin': (actor) => isPlatformAdmin(actor),
  'user.resetTotp': (actor) => isPlatformAdmin(actor),
});
