import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { FACILITIES_MESSAGES } from './messages.ts';

const FacilitiesListPage = lazyPage(
  () => import('./FacilitiesList.tsx'),
  'FacilitiesListPage',
  FACILITIES_MESSAGES,
);
const FacilityEditorPage = lazyPage(
  () => import('./FacilityEditor.tsx'),
  'FacilityEditorPage',
  FACILITIES_MESSAGES,
);

/** 科普开放日: facilities, their partner schools and open days, and the figures of open days held. */
export const FACILITIES_SECTIONS: ConsoleSection[] = [
  {
    path: 'facilities',
    allowed: (me) => me.abilities.console,
    render: () => <FacilitiesListPage />,
    menu: { group: 'activities', labelKey: 'facility.menu', order: 35, end: true },
  },
  {
    path: 'facilities/new',
    allowed: (me) => me.abilities.console,
    render: (me) => <FacilityEditorPage me={me} />,
  },
  {
    path: 'facilities/:id',
    allowed: (me) => me.abilities.console,
    render: (me) => <FacilityEditorPage me={me} />,
  },
];
