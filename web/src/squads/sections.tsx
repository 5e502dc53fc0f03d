import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { SQUADS_MESSAGES } from './messages.ts';

const SquadsListPage = lazyPage(
  () => import('./SquadsList.tsx'),
  'SquadsListPage',
  SQUADS_MESSAGES,
);
const SquadApplyPage = lazyPage(
  () => import('./SquadApply.tsx'),
  'SquadApplyPage',
  SQUADS_MESSAGES,
);
const SquadDetailPage = lazyPage(
  () => import('./SquadDetail.tsx'),
  'SquadDetailPage',
  SQUADS_MESSAGES,
);

/** 李四光中队: schools apply and keep their squads; provincial departments approve. */
export const SQUADS_SECTIONS: ConsoleSection[] = [
  {
    path: 'squads',
    allowed: (me) => me.abilities.console,
    render: () => <SquadsListPage />,
    menu: { group: 'activities', labelKey: 'squad.menu', order: 40, end: true },
  },
  {
    path: 'squads/new',
    allowed: (me) => me.abilities.console,
    render: () => <SquadApplyPage />,
  },
  {
    path: 'squads/:id',
    allowed: (me) => me.abilities.console,
    render: () => <SquadDetailPage />,
  },
];
