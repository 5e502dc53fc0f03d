import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * 首席科学传播专家. resource.orgPath: the scheme's appointing body (or, for a studio, the unit
 * setting it up). The appointing body's administrators keep its schemes; its administrators and
 * editors (and those above it) make, renew and withdraw appointments; the lists are open to
 * anyone holding ORG_ADMIN or EDITOR somewhere, scoped to the schemes and the appointees' units
 * in their reach (a province sees how its own experts stand). A unit's administrators set up a
 * 科学传播专家工作室 under their unit around an appointee.
 */
definePolicies({
  'appointment.scheme': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'appointment.manage': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN', 'EDITOR'], r.orgPath ?? ''),
  'appointment.list': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role)),
  'studio.create': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
});
