import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * 李四光中队: a school's staff apply for its squads; the counsellor and the school's own editors
 * and administrators keep them (resource.orgPath: the school; not the units above it); the
 * school's provincial department approves (orgPath: the department; null: the ministry's office,
 * i.e. platform administrators). Members are minors: only the counsellor and the school's own
 * administrators see them (ownerId: the counsellor; orgId: the school) — not the units above it,
 * not platform administrators.
 */
definePolicies({
  'squad.apply': (actor, r) => hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'squad.manage': (actor, r) =>
    r.ownerId === actor.userId ||
    actor.grants.some(
      (g) =>
        ['EDITOR', 'ORG_ADMIN'].includes(g.role) && g.orgPath !== null && g.orgPath === r.orgPath,
    ),
  'squad.members': (actor, r) =>
    r.ownerId === actor.userId ||
    actor.grants.some(
      (g) => g.role === 'ORG_ADMIN' && g.orgPath !== null && g.orgPath === r.orgPath,
    ),
  'squad.decide': (actor, r) =>
    r.orgPath ? hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath) : isPlatformAdmin(actor),
  'squad.list': (actor) => actor.grants.length > 0,
});
