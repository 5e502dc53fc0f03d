import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { canCreateWorks } from '../works/shared.ts';

const MediaLibraryPage = lazyPage(() => import('./MediaLibrary.tsx'), 'MediaLibraryPage');

/** The media library, for those who write works; listed with the works. */
export const MEDIA_SECTIONS: ConsoleSection[] = [
  {
    path: 'media',
    allowed: canCreateWorks,
    render: (me) => <MediaLibraryPage me={me} />,
    menu: { group: 'works', labelKey: 'media.library', order: 40 },
  },
];
