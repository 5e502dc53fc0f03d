import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * 科普志愿者. resource.orgPath: the host organisation. A volunteer is verified (or declined) by
 * an ORG_ADMIN of exactly that organisation — not a unit above it, not a sibling, not a platform
 * administrator (the host answers for the people it takes on). The host's shifts and hours are
 * kept by its editors and administrators and those above it (as its activities are); its staff
 * (members too) check volunteers in and out at the door, as they scan tickets.
 */
definePolicies({
  'volunteer.verify': (actor, r) =>
    actor.grants.some(
      (g) => g.role === 'ORG_ADMIN' && g.orgPath !== null && g.orgPath === r.orgPath,
    ),
  /** Lists of applications, shifts, hours and totals: anyone with a role somewhere (scoped). */
  'volunteer.console': (actor) => actor.grants.length > 0,
  'volunteer.manage': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'volunteer.checkIn': (actor, r) =>
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  /** Hours certificates of a host: its administrators or those above it (as certificates are). */
  'volunteer.certify': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  /** Totals of the hosts in the actor's reach (a province's staff, the office). */
  'volunteer.totals': (actor) => actor.grants.length > 0,
});

definePolicies({
  /** The star thresholds: the platform's administrators (科普工作办公室). */
  'volunteer.settings': (actor) => isPlatformAdmin(actor),
});
