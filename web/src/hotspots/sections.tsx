import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { HOTSPOT_MESSAGES } from './messages.ts';

const AlertsPage = lazyPage(() => import('./Alerts.tsx'), 'HotspotAlertsPage', HOTSPOT_MESSAGES);
const AlertPage = lazyPage(() => import('./AlertDetail.tsx'), 'HotspotAlertPage', HOTSPOT_MESSAGES);

/** The office and provincial departments' administrators and editors (scoped by the server). */
const staff = (me: Parameters<ConsoleSection['allowed']>[0]) =>
  me.abilities.platformAdmin ||
  me.grants.some((g) => g.role === 'EDITOR' || g.role === 'ORG_ADMIN');

/** 热点预警. */
export const HOTSPOT_SECTIONS: ConsoleSection[] = [
  {
    path: 'hotspots',
    allowed: staff,
    render: () => <AlertsPage />,
    menu: { group: 'emergency', labelKey: 'hotspots.menu', order: 30, end: true },
  },
  { path: 'hotspots/:id', allowed: staff, render: () => <AlertPage /> },
];
