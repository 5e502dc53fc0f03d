import { definePolicies, isPlatformAdmin } from '#platform/policy.ts';

/**
 * The expert directory (科普专家库). An expert (a person holding the REVIEWER role) keeps their
 * own profile; the platform office and units' administrators and editors list the directory
 * (to run calls and pick reviewers).
 */
definePolicies({
  'expert.profile': (actor) => actor.grants.some((g) => g.role === 'REVIEWER'),
  'expert.list': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role)),
});
