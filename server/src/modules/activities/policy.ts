import { definePolicies, hasRoleOn, isPlatformAdmin } from '#platform/policy.ts';

/**
 * Activities: the host unit's editors and administrators (and those above it in the tree) create,
 * edit, publish and cancel; another province's staff cannot touch them. Campaigns are kept by the
 * ministry's office (resource.orgPath: the path of the ministry or one of its offices the actor
 * holds a role on — the service tries each). resource.orgPath: the host unit.
 */
definePolicies({
  'activity.create': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'activity.read': (actor, r) =>
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'activity.update': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'activity.publish': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'activity.cancel': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  /** Who registered, and deciding registrations that need approval: the host's editors. */
  'registration.manage': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  /** Approving or refusing attendees' comments before they are public: the host's editors. */
  'feedback.moderate': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  /** Scanning tickets at the door: any staff member of the host. */
  'activity.checkIn': (actor, r) =>
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  /** Approving activities of a campaign that requires it: the office, as for campaigns. */
  'activity.review': (actor, r) =>
    isPlatformAdmin(actor) || (!!r.orgPath && hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath)),
  /** The console list: anyone with a role somewhere sees their units' activities. */
  'activity.list': (actor) => isPlatformAdmin(actor) || actor.grants.length > 0,
  'campaign.manage': (actor, r) =>
    isPlatformAdmin(actor) || (!!r.orgPath && hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath)),
});
