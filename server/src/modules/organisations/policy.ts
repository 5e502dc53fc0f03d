import { definePolicies, hasRoleOn, isPlatformAdmin, ROLES } from '#platform/policy.ts';

/** Who may do what with organisations; resource.orgPath is the organisation (or the parent, for create). */
definePolicies({
  'organisation.read': (actor, r) => hasRoleOn(actor, ROLES, r.orgPath ?? ''),
  'organisation.create': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'organisation.update': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  // Kind and division code (they carry powers): resource.orgPath is the PARENT's, so a unit's own
  // administrator never relabels it; the root only by a platform administrator.
  'organisation.relabel': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'organisation.relabelRoot': (actor) => isPlatformAdmin(actor),
  'organisation.move': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'organisation.deactivate': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  // Who works in a unit (names only): for its own people, e.g. to credit a colleague as an author.
  'organisation.members': (actor, r) =>
    hasRoleOn(actor, ['ORG_ADMIN', 'EDITOR', 'MEMBER'], r.orgPath ?? ''),
});
