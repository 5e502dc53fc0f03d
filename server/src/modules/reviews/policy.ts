import {
  type Actor,
  definePolicies,
  hasRoleOn,
  isPlatformAdmin,
  type Resource,
  type Role,
} from '#platform/policy.ts';

/**
 * The unit that acts at one stage step, derived by the service from the call's configuration and
 * the organisation trees (never from what a unit says of itself): the stage's configured
 * organisation, else for the recommendation the applicant's provincial department (administrative
 * tree) or 部属单位 (departmental tree) above it, else the organiser.
 */
export interface StageResource extends Resource {
  /** The acting unit's path: the admins and editors (`roles`) of its subtree act. */
  orgPath: string;
  roles: readonly Role[];
  /** The application's unit: people holding a role on it or below never act on it. */
  applicantPath?: string | null;
  /** A configured recommender acts only on applicants inside its own subtree. */
  insideOnly?: boolean;
}

/** One check for every stage step: the acting unit's staff, never the applicant's own side. */
function actsAtStage(actor: Actor, r: Resource): boolean {
  const s = r as StageResource;
  if (!s.orgPath) return false;
  const applicant = s.applicantPath;
  if (applicant) {
    if (s.insideOnly && !applicant.startsWith(s.orgPath)) return false;
    // An admin of the applicant (or of a unit below it) never recommends, checks or decides its
    // own application, whatever their unit is labelled and whatever else they hold.
    if (actor.grants.some((g) => g.orgPath?.startsWith(applicant))) return false;
  }
  return hasRoleOn(actor, s.roles?.length ? s.roles : ['ORG_ADMIN', 'EDITOR'], s.orgPath);
}

/**
 * Reviews. The organiser's admins and editors run a call (resource.orgPath: the organiser);
 * an applicant organisation's members apply (orgPath: the applicant; ownerId: the submitter);
 * each stage step (recommend, formal check, decide, 公示) is checked against a StageResource;
 * experts score what they are assigned (checked in the service).
 */
definePolicies({
  'review.manage': (actor, r) => hasRoleOn(actor, ['ORG_ADMIN', 'EDITOR'], r.orgPath ?? ''),
  'review.apply': (actor, r) =>
    (!!r.ownerId && r.ownerId === actor.userId) ||
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'review.recommend': actsAtStage,
  'review.formalCheck': actsAtStage,
  'review.decide': actsAtStage,
  'review.notice': actsAtStage,
  'review.list': (actor) => actor.grants.length > 0,
  'review.score': (actor) =>
    isPlatformAdmin(actor) || actor.grants.some((g) => g.role === 'REVIEWER'),
});
