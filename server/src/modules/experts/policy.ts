import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * The expert directory (科普专家库). An expert (a person holding the REVIEWER role) keeps their
 * own profile; the platform office and units' administrators and editors search the directory
 * (to run calls, pick reviewers and find speakers); the administrators of the unit an expert
 * names (resource.orgPath; the units above it too, as for the unit's people) verify the profile —
 * not another unit, not a sibling province.
 */
definePolicies({
  'expert.profile': (actor) => actor.grants.some((g) => g.role === 'REVIEWER'),
  'expert.list': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role)),
  'expert.verify': (actor, r) => !!r.orgPath && hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath),
  // E-mail invitations into a unit (resource.orgPath): what its administrators could grant by
  // hand (REVIEWER on the unit, as `grant.manage`), so only their own subtree.
  'expert.invite': (actor, r) => !!r.orgPath && hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath),
  'expert.invitations': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => g.role === 'ORG_ADMIN'),
});
