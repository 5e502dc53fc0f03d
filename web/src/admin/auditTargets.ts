/**
 * The kinds of thing the audit log records actions on (scripts/audit-actions.test.ts checks this
 * list against the server), and the console page each one is seen on.
 */
export const AUDIT_ENTITY_TYPES = [
  'work',
  'collection',
  'media',
  'base',
  'reviewCall',
  'reviewItem',
  'reviewNotice',
  'organisation',
  'user',
  'reference',
  'division',
  'searchTerm',
  'search',
  'policyDocument',
  'setting',
  'job',
  'calendarDay',
  'activity',
  'campaign',
  'squad',
  'squadMember',
  'facility',
  'volunteer',
  'volunteerRole',
  'volunteerShift',
  'volunteerHours',
  'certificate',
  'appointment',
  'appointmentScheme',
  'trainingCourse',
  'trainingEnrolment',
  'expertInvitation',
  'incident',
  'debunk',
  'rumourReport',
  'hotspotAlert',
  'system',
] as const;

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** The console page showing this entity: its own page where it has one, else its list. */
export function auditTarget(type: string, id: string | null): string | null {
  const own: Record<string, string> = {
    work: 'works',
    collection: 'collections',
    base: 'bases',
    reviewCall: 'reviews',
    reviewItem: 'review-items',
    squad: 'squads',
    facility: 'facilities',
    trainingCourse: 'training',
    incident: 'incidents',
    debunk: 'debunks',
    hotspotAlert: 'hotspots',
  };
  if (own[type] && id) return `/admin/${own[type]}/${encodeURIComponent(id)}`;
  const list: Record<string, string> = {
    media: 'media',
    organisation: 'organisations',
    user: 'users',
    reference: 'reference',
    division: 'reference',
    searchTerm: 'search-terms',
    policyDocument: 'privacy',
    setting: 'privacy',
    job: 'jobs',
    certificate: 'certificates',
    appointment: 'appointments',
    appointmentScheme: 'appointments?tab=schemes',
    trainingEnrolment: 'training',
    expertInvitation: 'experts?tab=invitations',
    rumourReport: 'rumour-reports',
  };
  return list[type] ? `/admin/${list[type]}` : null;
}
