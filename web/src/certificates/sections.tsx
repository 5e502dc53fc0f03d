import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { CERTIFICATES_MESSAGES } from './messages.ts';

const IssuedCertificatesPage = lazyPage(
  () => import('./IssuedCertificates.tsx'),
  'IssuedCertificatesPage',
  CERTIFICATES_MESSAGES,
);

/** Who may issue certificates somewhere: administrators of a unit (the server decides per unit). */
export const issuesCertificates: ConsoleSection['allowed'] = (me) =>
  me.abilities.platformAdmin || me.grants.some((g) => g.role === 'ORG_ADMIN');

/** Certificates: the issuing units' administrators see and revoke what their units issued. */
export const CERTIFICATES_SECTIONS: ConsoleSection[] = [
  {
    path: 'certificates',
    allowed: issuesCertificates,
    render: () => <IssuedCertificatesPage />,
    menu: { group: 'people', labelKey: 'certAdmin.menu', order: 90, end: true },
  },
];
