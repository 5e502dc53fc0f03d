import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import type { Me } from '../api/types.ts';
import { APPOINTMENTS_MESSAGES } from './messages.ts';

const AppointmentsPage = lazyPage(
  () => import('./Appointments.tsx'),
  'AppointmentsPage',
  APPOINTMENTS_MESSAGES,
);
const MyAppointmentsPage = lazyPage(
  () => import('./MyAppointments.tsx'),
  'MyAppointmentsPage',
  APPOINTMENTS_MESSAGES,
);

/** The office and units' administrators and editors (the server checks again and scopes). */
const readsList = (me: Me) =>
  me.abilities.platformAdmin || me.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role));
const isExpert = (me: Me) => me.grants.some((g) => g.role === 'REVIEWER');

/** 首席科学传播专家: appointments, schemes and duty for the office; the appointee's own page. */
export const APPOINTMENTS_SECTIONS: ConsoleSection[] = [
  {
    path: 'appointments',
    allowed: readsList,
    render: () => <AppointmentsPage />,
    menu: { group: 'people', labelKey: 'appt.menu', order: 15, end: true },
  },
  {
    path: 'my-appointments',
    allowed: isExpert,
    render: () => <MyAppointmentsPage />,
    menu: { group: 'people', labelKey: 'appt.mineMenu', order: 25 },
  },
];
