import { definePolicies, hasRoleOn } from '#platform/policy.ts';
import type { MediaResource } from './access.ts';

/**
 * Media: members of a unit upload files for it and see the unit's library; the uploader and the
 * unit's editors rename and delete, and may make it public (use it on something published).
 * Files used by something on the portal are public (service); a module using a file may let
 * further readers in (access.ts: an application's organiser and reviewers).
 * resource.orgPath is the owning unit; resource.ownerId the uploader.
 */
definePolicies({
  'media.upload': (actor, r) =>
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'media.read': (actor, r) =>
    r.ownerId === actor.userId ||
    (r as MediaResource).grantedByUse === true ||
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN', 'REVIEWER'], r.orgPath ?? ''),
  'media.edit': (actor, r) =>
    r.ownerId === actor.userId || hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'media.publish': (actor, r) =>
    r.ownerId === actor.userId || hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'media.list': (actor) => actor.grants.length > 0,
});
