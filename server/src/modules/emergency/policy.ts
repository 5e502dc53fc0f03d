import { definePolicies, hasRoleOn } from '#platform/policy.ts';

const STAFF = ['ORG_ADMIN', 'EDITOR'] as const;

/**
 * 应急科普. An incident belongs to the unit that opened it (the ministry's office or a provincial
 * department) and is run with the province's department: `homePaths` are both units' paths, and
 * staff (administrators, editors) over either run the response. Duty experts act on an incident
 * because they are on its duty list (the service checks that), not by a role. A reserve item is a
 * work: its unit's staff keep it.
 */
definePolicies({
  /** Open an incident in the name of the unit at `orgPath`. */
  'incident.open': (actor, r) => hasRoleOn(actor, [...STAFF], r.orgPath ?? ''),
  'incident.manage': (actor, r) => (r.homePaths ?? []).some((p) => hasRoleOn(actor, [...STAFF], p)),
  /** The console's incident list and statistics: anyone with a role (scoped in the query). */
  'incident.console': (actor) => actor.grants.length > 0,
  'reserve.manage': (actor, r) => hasRoleOn(actor, [...STAFF], r.orgPath ?? ''),
  'reserve.console': (actor) => actor.grants.length > 0,
});
