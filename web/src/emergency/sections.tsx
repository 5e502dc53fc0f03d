import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { EMERGENCY_MESSAGES } from './messages.ts';

const IncidentsPage = lazyPage(
  () => import('./Incidents.tsx'),
  'IncidentsPage',
  EMERGENCY_MESSAGES,
);
const IncidentBoardPage = lazyPage(
  () => import('./IncidentBoard.tsx'),
  'IncidentBoardPage',
  EMERGENCY_MESSAGES,
);
const ReservePage = lazyPage(() => import('./Reserve.tsx'), 'ReservePage', EMERGENCY_MESSAGES);

type Me = Parameters<ConsoleSection['allowed']>[0];
const anyRole = (me: Me) => me.abilities.platformAdmin || me.grants.length > 0;
const staff = (me: Me) =>
  me.abilities.platformAdmin ||
  me.grants.some((g) => g.role === 'EDITOR' || g.role === 'ORG_ADMIN');

/**
 * 应急科普: the responses (staff run them; duty experts — reviewers — act on the ones they are
 * called to) and the content reserve (kept by the units' staff).
 */
export const EMERGENCY_SECTIONS: ConsoleSection[] = [
  {
    path: 'incidents',
    allowed: anyRole,
    render: () => <IncidentsPage />,
    menu: { group: 'emergency', labelKey: 'admin.incidentsMenu', order: 10, end: true },
  },
  { path: 'incidents/:id', allowed: anyRole, render: () => <IncidentBoardPage /> },
  {
    path: 'reserve',
    allowed: staff,
    render: () => <ReservePage />,
    menu: { group: 'emergency', labelKey: 'admin.reserveMenu', order: 20, end: true },
  },
];
