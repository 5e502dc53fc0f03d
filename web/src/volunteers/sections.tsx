import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { VOLUNTEERS_MESSAGES } from './messages.ts';

const VolunteersAdminPage = lazyPage(
  () => import('./VolunteersAdmin.tsx'),
  'VolunteersAdminPage',
  VOLUNTEERS_MESSAGES,
);

/** 科普志愿者: hosts verify volunteers, open roles, check them in and out, approve hours. */
export const VOLUNTEERS_SECTIONS: ConsoleSection[] = [
  {
    path: 'volunteers',
    allowed: (me) => me.abilities.console,
    render: () => <VolunteersAdminPage />,
    menu: { group: 'people', labelKey: 'vol.menu', order: 30, end: true },
  },
];
