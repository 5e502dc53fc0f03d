import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { WORKS_MESSAGES } from './messages.ts';
import { canCreateWorks, isReviewer } from './shared.ts';

const WorksListPage = lazyPage(() => import('./WorksList.tsx'), 'WorksListPage', WORKS_MESSAGES);
const WorkFormPage = lazyPage(() => import('./WorkForm.tsx'), 'WorkFormPage', WORKS_MESSAGES);
const WorkDetailPage = lazyPage(() => import('./WorkDetail.tsx'), 'WorkDetailPage', WORKS_MESSAGES);

/** Works in the console: the list, the science-check queue, writing and reading a work. */
export const WORKS_SECTIONS: ConsoleSection[] = [
  {
    path: 'works',
    allowed: (me) => me.abilities.console,
    render: (me) => <WorksListPage me={me} />,
    menu: { group: 'works', labelKey: 'works.title', order: 10, end: true },
  },
  {
    path: 'works/awaiting',
    allowed: isReviewer,
    // Its own key: leaving the full list for the queue starts with fresh filters.
    render: (me) => <WorksListPage key="awaiting" me={me} awaiting />,
    menu: { group: 'works', labelKey: 'works.awaiting', order: 20 },
  },
  {
    path: 'works/new',
    allowed: canCreateWorks,
    render: (me) => <WorkFormPage me={me} />,
    menu: { group: 'works', labelKey: 'works.create', order: 30 },
  },
  {
    path: 'works/:id',
    allowed: (me) => me.abilities.console,
    render: () => <WorkDetailPage />,
  },
  {
    path: 'works/:id/edit',
    allowed: (me) => me.abilities.console,
    render: (me) => <WorkFormPage key="edit" me={me} />,
  },
];
