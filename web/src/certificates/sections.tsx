import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { CERTIFICATES_MESSAGES } from './messages.ts';

const IssuedCertificatesPage = lazyPage(
  () => import('./IssuedCertificates.tsx'),
  'IssuedCertificatesPage',
  CERTIFICATES_MESSAGES,
);

/** Certificates: the issuing units' administrators see and revoke what their units issued. */
export const CERTIFICATES_SECTIONS: ConsoleSection[] = [
  {
    path: 'certificates',
    allowed: (me) => me.abilities.platformAdmin || me.grants.some((g) => g.role === 'ORG_ADMIN'),
    render: () => <IssuedCertificatesPage />,
    menu: { group: 'people', labelKey: 'certAdmin.menu', order: 90, end: true },
  },
];
