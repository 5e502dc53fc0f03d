import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { BASES_MESSAGES } from './messages.ts';

const BasesListPage = lazyPage(() => import('./BasesConsole.tsx'), 'BasesListPage', BASES_MESSAGES);
const BaseDetailPage = lazyPage(
  () => import('./BasesConsole.tsx'),
  'BaseDetailPage',
  BASES_MESSAGES,
);
const BaseDashboardPage = lazyPage(
  () => import('./Dashboard.tsx'),
  'BaseDashboardPage',
  BASES_MESSAGES,
);

/** Bases (科普基地): the list, one base, and the figures; listed with the reviews that name them. */
export const BASES_SECTIONS: ConsoleSection[] = [
  {
    path: 'bases',
    allowed: (me) => me.abilities.console,
    render: (me) => <BasesListPage me={me} />,
    menu: { group: 'reviews', labelKey: 'base.title', order: 40, end: true },
  },
  {
    path: 'bases/dashboard',
    allowed: (me) => me.abilities.console,
    render: () => <BaseDashboardPage />,
    menu: { group: 'reviews', labelKey: 'dash.title', order: 50 },
  },
  {
    path: 'bases/:id',
    allowed: (me) => me.abilities.console,
    render: () => <BaseDetailPage />,
  },
];
