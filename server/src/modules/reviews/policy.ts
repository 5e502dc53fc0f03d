import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * Reviews. The organiser's admins and editors run a call (resource.orgPath: the organiser);
 * an applicant organisation's members apply (orgPath: the applicant); the admins and editors of
 * the applicant's provincial department or 部属单位 recommend (orgPath: that recommender);
 * experts score what they are assigned (checked in the service).
 */
definePolicies({
  'review.manage': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN', 'EDITOR'], r.orgPath ?? ''),
  'review.apply': (actor, r) =>
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'review.recommend': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN', 'EDITOR'], r.orgPath ?? ''),
  'review.list': (actor) => actor.grants.length > 0,
  'review.score': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => g.role === 'REVIEWER'),
  'expert.profile': (actor) => actor.grants.some((g) => g.role === 'REVIEWER'),
  'expert.list': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role)),
});
