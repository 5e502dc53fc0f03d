import { definePolicies, hasRoleOn } from '#platform/policy.ts';

/**
 * Media: members of a unit upload files for it and see the unit's library; the uploader and the
 * unit's editors rename and delete. Files used by something on the portal are public (service).
 * resource.orgPath is the owning unit; resource.ownerId the uploader.
 */
definePolicies({
  'media.upload': (actor, r) =>
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'media.read': (actor, r) =>
    r.ownerId === actor.userId ||
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN', 'REVIEWER'], r.orgPath ?? ''),
  'media.edit': (actor, r) =>
    r.ownerId === actor.userId || hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'media.list': (actor) => actor.grants.length > 0,
});
