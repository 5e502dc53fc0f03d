import { definePolicies, hasRoleOn, ROLES } from '#platform/policy.ts';

/** Who may do what with organisations; resource.orgPath is the organisation (or the parent, for create). */
definePolicies({
  'organisation.read': (actor, r) => hasRoleOn(actor, ROLES, r.orgPath ?? ''),
  'organisation.create': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  // Kind and division code carry powers: the service checks this on the PARENT's path for them.
  'organisation.update': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'organisation.move': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'organisation.deactivate': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  // Who works in a unit (names only): for its own people, e.g. to credit a colleague as an author.
  'organisation.members': (actor, r) =>
    hasRoleOn(actor, ['ORG_ADMIN', 'EDITOR', 'MEMBER'], r.orgPath ?? ''),
});
