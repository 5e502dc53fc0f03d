import { definePolicies, isPlatformAdmin } from '#platform/policy.ts';

/**
 * 热点预警. The office (platform administrators, administrators and editors of the ministry and of
 * its 科普工作办公室)
 * sees and acts on every alert; a provincial department's administrators and editors (and those
 * of units inside the province) see and act on their province's alerts — the scope is applied by
 * the service (another province's alert is a 404). The thresholds are the platform's.
 */
definePolicies({
  'hotspot.manage': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role)),
  'hotspot.settings': (actor) => isPlatformAdmin(actor),
});
