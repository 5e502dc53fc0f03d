import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * Works: creators (any member of the owning unit) write and edit their own drafts; the unit's
 * editors submit, publish and withdraw; reviewers (experts) check — never their own work.
 * resource.orgPath is the owning unit; resource.ownerId the creator.
 */
definePolicies({
  'work.create': (actor, r) => hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'work.read': (actor, r) =>
    r.ownerId === actor.userId ||
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN', 'REVIEWER'], r.orgPath ?? ''),
  'work.editDraft': (actor, r) =>
    r.ownerId === actor.userId || hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'work.submit': (actor, r) =>
    r.ownerId === actor.userId || hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'work.check': (actor, r) =>
    r.ownerId !== actor.userId &&
    (isPlatformAdmin(actor) || actor.grants.some((g) => g.role === 'REVIEWER')),
  'work.publish': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'work.withdraw': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'work.list': (actor) => actor.grants.length > 0,
  /** The import template: whoever may create works in some unit. */
  'work.importTemplate': (actor) =>
    isPlatformAdmin(actor) ||
    actor.grants.some((g) => ['MEMBER', 'EDITOR', 'ORG_ADMIN'].includes(g.role)),
});
