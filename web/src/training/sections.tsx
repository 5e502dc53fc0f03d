import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { TRAINING_MESSAGES } from './messages.ts';

const CoursesPage = lazyPage(() => import('./CoursesAdmin.tsx'), 'CoursesPage', TRAINING_MESSAGES);
const CourseEditorPage = lazyPage(
  () => import('./CourseEditor.tsx'),
  'CourseEditorPage',
  TRAINING_MESSAGES,
);
const CourseManagePage = lazyPage(
  () => import('./CourseManage.tsx'),
  'CourseManagePage',
  TRAINING_MESSAGES,
);
const NominatePage = lazyPage(() => import('./Nominate.tsx'), 'NominatePage', TRAINING_MESSAGES);

const editors = (me: Parameters<ConsoleSection['allowed']>[0]) =>
  me.abilities.platformAdmin ||
  me.grants.some((g) => g.role === 'EDITOR' || g.role === 'ORG_ADMIN');
const unitAdmins = (me: Parameters<ConsoleSection['allowed']>[0]) =>
  me.abilities.platformAdmin || me.grants.some((g) => g.role === 'ORG_ADMIN');

/** 科普能力提升培训: organisers keep courses; units' administrators nominate their people. */
export const TRAINING_SECTIONS: ConsoleSection[] = [
  {
    path: 'training',
    allowed: editors,
    render: () => <CoursesPage />,
    menu: { group: 'people', labelKey: 'trainingAdmin.menu', order: 60, end: true },
  },
  { path: 'training/new', allowed: editors, render: () => <CourseEditorPage /> },
  { path: 'training/:id/edit', allowed: editors, render: () => <CourseEditorPage /> },
  { path: 'training/:id', allowed: editors, render: () => <CourseManagePage /> },
  {
    path: 'training-nominations',
    allowed: unitAdmins,
    render: () => <NominatePage />,
    menu: { group: 'people', labelKey: 'trainingAdmin.nominateMenu', order: 65, end: true },
  },
];
