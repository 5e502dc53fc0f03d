import { SYSTEM_MESSAGES } from './messages.ts';
import type { ConsoleSection } from './sections.ts';
import { lazyPage } from './sections.ts';

const OrganisationsPage = lazyPage(
  () => import('./Organisations.tsx'),
  'OrganisationsPage',
  SYSTEM_MESSAGES,
);
const UsersPage = lazyPage(() => import('./Users.tsx'), 'UsersPage', SYSTEM_MESSAGES);
const JoinRequestsPage = lazyPage(
  () => import('./JoinRequests.tsx'),
  'JoinRequestsPage',
  SYSTEM_MESSAGES,
);
const ReferencePage = lazyPage(() => import('./Reference.tsx'), 'ReferencePage', SYSTEM_MESSAGES);
const PrivacyAdminPage = lazyPage(
  () => import('./Privacy.tsx'),
  'PrivacyAdminPage',
  SYSTEM_MESSAGES,
);
const SiteSettingsPage = lazyPage(
  () => import('./SiteSettings.tsx'),
  'SiteSettingsPage',
  SYSTEM_MESSAGES,
);
const SearchTermsPage = lazyPage(
  () => import('./SearchTerms.tsx'),
  'SearchTermsPage',
  SYSTEM_MESSAGES,
);
const AuditPage = lazyPage(() => import('./Audit.tsx'), 'AuditPage', SYSTEM_MESSAGES);
const JobsPage = lazyPage(() => import('./Jobs.tsx'), 'JobsPage', SYSTEM_MESSAGES);
const InboxPage = lazyPage(() => import('../lib/Inbox.tsx'), 'InboxPage', SYSTEM_MESSAGES);

/**
 * The platform's own administration: organisations, people (with their invitations, a panel of
 * the people page), reference lists, privacy documents, search terms and the audit trail.
 */
export const SYSTEM_SECTIONS: ConsoleSection[] = [
  {
    path: 'organisations',
    allowed: (me) => me.abilities.manageOrganisations,
    render: (me) => <OrganisationsPage me={me} />,
    menu: { group: 'system', labelKey: 'admin.orgs', order: 10 },
  },
  {
    path: 'users',
    allowed: (me) => me.abilities.manageUsers,
    render: (me) => <UsersPage me={me} />,
    menu: { group: 'system', labelKey: 'admin.users', order: 20 },
  },
  {
    path: 'join-requests',
    allowed: (me) => me.abilities.manageUsers,
    render: () => <JoinRequestsPage />,
    menu: { group: 'system', labelKey: 'admin.joinRequests', order: 25 },
  },
  {
    path: 'reference',
    allowed: (me) => me.abilities.manageReference,
    render: () => <ReferencePage />,
    menu: { group: 'system', labelKey: 'admin.reference', order: 30 },
  },
  {
    path: 'privacy',
    allowed: (me) => me.abilities.platformAdmin,
    render: () => <PrivacyAdminPage />,
    menu: { group: 'system', labelKey: 'admin.privacy', order: 40 },
  },
  {
    path: 'site',
    allowed: (me) => me.abilities.platformAdmin,
    render: () => <SiteSettingsPage />,
    menu: { group: 'system', labelKey: 'admin.site', order: 45 },
  },
  {
    path: 'search-terms',
    allowed: (me) => me.abilities.platformAdmin,
    render: () => <SearchTermsPage />,
    menu: { group: 'system', labelKey: 'admin.searchTerms', order: 50 },
  },
  {
    path: 'audit',
    allowed: (me) => me.abilities.readAudit,
    render: () => <AuditPage />,
    menu: { group: 'system', labelKey: 'admin.audit', order: 60 },
  },
  {
    path: 'jobs',
    allowed: (me) => me.abilities.platformAdmin,
    render: () => <JobsPage />,
    menu: { group: 'system', labelKey: 'admin.jobs', order: 70 },
  },
  {
    // Everyone's messages, reached from the header's bell (the portal has the same page).
    path: 'notifications',
    allowed: () => true,
    render: () => <InboxPage />,
  },
];
