import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { COLLECTIONS_MESSAGES } from './messages.ts';
import { canManageCollections } from './shared.ts';

const CollectionsListPage = lazyPage(
  () => import('./CollectionsList.tsx'),
  'CollectionsListPage',
  COLLECTIONS_MESSAGES,
);
const CollectionEditPage = lazyPage(
  () => import('./CollectionEdit.tsx'),
  'CollectionEditPage',
  COLLECTIONS_MESSAGES,
);

/** Collections (专题): the list, a new one, and one collection's editor. */
export const COLLECTIONS_SECTIONS: ConsoleSection[] = [
  {
    path: 'collections',
    allowed: (me) => me.abilities.console,
    render: (me) => <CollectionsListPage me={me} />,
    menu: { group: 'works', labelKey: 'collections.title', order: 50 },
  },
  {
    path: 'collections/new',
    allowed: canManageCollections,
    render: (me) => <CollectionEditPage me={me} />,
  },
  {
    path: 'collections/:id',
    allowed: (me) => me.abilities.console,
    // Its own key: after saving a new collection the editor reloads it from its address.
    render: (me) => <CollectionEditPage key="edit" me={me} />,
  },
];
