import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { DEBUNKS_MESSAGES } from './messages.ts';

const ListPage = lazyPage(() => import('./Admin.tsx'), 'DebunksAdminPage', DEBUNKS_MESSAGES);
const EditorPage = lazyPage(() => import('./Editor.tsx'), 'DebunkEditorPage', DEBUNKS_MESSAGES);
const ReportsPage = lazyPage(() => import('./Reports.tsx'), 'RumourReportsPage', DEBUNKS_MESSAGES);

const staff = (me: Parameters<ConsoleSection['allowed']>[0]) =>
  me.abilities.platformAdmin || me.grants.length > 0;
const editors = (me: Parameters<ConsoleSection['allowed']>[0]) =>
  me.abilities.platformAdmin ||
  me.grants.some((g) => g.role === 'EDITOR' || g.role === 'ORG_ADMIN');

/** 辟谣: units keep their entries; the office triages the public's rumour reports (the server checks). */
export const DEBUNKS_SECTIONS: ConsoleSection[] = [
  {
    path: 'debunks',
    allowed: staff,
    render: () => <ListPage />,
    menu: { group: 'emergency', labelKey: 'debunksAdmin.menu', order: 40, end: true },
  },
  { path: 'debunks/new', allowed: editors, render: () => <EditorPage /> },
  { path: 'debunks/:id', allowed: staff, render: () => <EditorPage /> },
  {
    path: 'rumour-reports',
    allowed: editors,
    render: () => <ReportsPage />,
    menu: { group: 'emergency', labelKey: 'debunksAdmin.reportsMenu', order: 50, end: true },
  },
];
