import type { ConsoleSection } from './sections.ts';
import { lazyPage } from './sections.ts';

const OrganisationsPage = lazyPage(() => import('./Organisations.tsx'), 'OrganisationsPage');
const UsersPage = lazyPage(() => import('./Users.tsx'), 'UsersPage');
const ReferencePage = lazyPage(() => import('./Reference.tsx'), 'ReferencePage');
const PrivacyAdminPage = lazyPage(() => import('./Privacy.tsx'), 'PrivacyAdminPage');
const SearchTermsPage = lazyPage(() => import('./SearchTerms.tsx'), 'SearchTermsPage');
const AuditPage = lazyPage(() => import('./Audit.tsx'), 'AuditPage');
const JobsPage = lazyPage(() => import('./Jobs.tsx'), 'JobsPage');
const InboxPage = lazyPage(() => import('../lib/Inbox.tsx'), 'InboxPage');

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
