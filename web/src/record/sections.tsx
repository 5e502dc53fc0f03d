import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { RECORD_MESSAGES } from './messages.ts';

const RecordPage = lazyPage(() => import('./RecordPage.tsx'), 'RecordPage', RECORD_MESSAGES);

/** 我的科普档案: everyone with a console has one (the server checks whose record is read). */
export const RECORD_SECTIONS: ConsoleSection[] = [
  {
    path: 'record',
    allowed: () => true,
    render: () => <RecordPage />,
    menu: { group: 'people', labelKey: 'rec.menu', order: 25 },
  },
];
