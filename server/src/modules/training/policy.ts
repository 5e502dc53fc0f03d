import { definePolicies, hasRoleOn } from '#platform/policy.ts';

/**
 * 科普能力提升培训. resource.orgPath: the organising unit for a course, the nominating unit for a
 * nomination. The organiser's editors and administrators (and those above it) keep its courses;
 * issuing the certificates in the unit's name is for its administrators; a unit's
 * administrators (or those above it) nominate the unit's people.
 */
definePolicies({
  /** The console's course list: anyone with a role somewhere (scoped to their subtrees). */
  'training.console': (actor) => actor.grants.length > 0,
  'training.manage': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'training.complete': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'training.nominate': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
});
