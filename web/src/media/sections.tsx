import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { canCreateWorks } from '../works/shared.ts';
import { MEDIA_MESSAGES } from './messages.ts';

const MediaLibraryPage = lazyPage(
  () => import('./MediaLibrary.tsx'),
  'MediaLibraryPage',
  MEDIA_MESSAGES,
);

/** The media library, for those who write works; listed with the works. */
export const MEDIA_SECTIONS: ConsoleSection[] = [
  {
    path: 'media',
    allowed: canCreateWorks,
    render: (me) => <MediaLibraryPage me={me} />,
    menu: { group: 'works', labelKey: 'media.library', order: 40 },
  },
];
