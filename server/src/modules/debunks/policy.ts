import { definePolicies, hasRoleOn } from '#platform/policy.ts';

/**
 * 辟谣. resource.orgPath: the owning unit of a debunk (the office or a provincial department);
 * for rumour reports, a path of the office (MINISTRY / MINISTRY_OFFICE: the service asks for any).
 * A unit's editors and administrators (and those above it) keep its debunks; drafts are seen only
 * there. The office triages the public's rumour reports and exports the rumour board.
 */
definePolicies({
  /** The console list: anyone with a role somewhere (scoped to their subtrees). */
  'debunk.console': (actor) => actor.grants.length > 0,
  'debunk.manage': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
  'debunk.read': (actor, r) =>
    hasRoleOn(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN', 'REVIEWER'], r.orgPath ?? ''),
  'rumourReport.triage': (actor, r) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], r.orgPath ?? ''),
});
