import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * Certificates: issued and revoked by the issuing organisation's administrators (ORG_ADMIN on it
 * or a unit above it) or platform administrators (resource.orgPath: the issuer); read (the PDF)
 * by those and by the holder (ownerId). Other modules issue through the service API after their
 * own checks (a course's completion, an appointment).
 */
definePolicies({
  'certificate.issue': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'certificate.revoke': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'certificate.read': (actor, r) =>
    r.ownerId === actor.userId || hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath ?? ''),
  'certificate.list': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => g.role === 'ORG_ADMIN'),
});
