import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import type { Me } from '../api/types.ts';
import { EXPERTS_MESSAGES } from './messages.ts';

const ExpertProfilePage = lazyPage(
  () => import('./ExpertProfile.tsx'),
  'ExpertProfilePage',
  EXPERTS_MESSAGES,
);
const ExpertDirectoryPage = lazyPage(
  () => import('./Directory.tsx'),
  'ExpertDirectoryPage',
  EXPERTS_MESSAGES,
);
const ExpertDetailPage = lazyPage(
  () => import('./Directory.tsx'),
  'ExpertDetailPage',
  EXPERTS_MESSAGES,
);

const isExpert = (me: Me) => me.grants.some((g) => g.role === 'REVIEWER');
/** The office and units' administrators and editors (the server checks again). */
const readsDirectory = (me: Me) =>
  me.abilities.platformAdmin || me.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role));

/** 科普人才: the expert directory and the expert's own profile. */
export const EXPERTS_SECTIONS: ConsoleSection[] = [
  {
    path: 'experts',
    allowed: readsDirectory,
    render: () => <ExpertDirectoryPage />,
    menu: { group: 'people', labelKey: 'ex.menu', order: 10, end: true },
  },
  {
    path: 'experts/:userId',
    allowed: readsDirectory,
    render: () => <ExpertDetailPage />,
  },
  {
    path: 'expert-profile',
    allowed: isExpert,
    render: () => <ExpertProfilePage />,
    menu: { group: 'people', labelKey: 'ex.profile', order: 20 },
  },
];
