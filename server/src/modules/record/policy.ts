import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * A person's 科普 record: the person themselves; ORG_ADMIN of one of the person's units (their
 * role grants' units and their expert profile's unit) or a unit above it; platform
 * administrators. Never another unit's administrator (404), an editor, or another person.
 */
definePolicies({
  'record.read': (actor, r) =>
    r.ownerId === actor.userId ||
    (r.homePaths ?? []).some((p) => hasRoleOn(actor, ['ORG_ADMIN'], p)) ||
    isPlatformAdmin(actor),
});
