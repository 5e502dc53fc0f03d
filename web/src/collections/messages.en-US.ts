import type { MessagesLike } from '../i18n/index.tsx';
import type { messages as zhCN } from './messages.zh-CN.ts';

export const messages: MessagesLike<typeof zhCN> = {
  'collectionStatus.DRAFT': 'Draft',
  'collectionStatus.PUBLISHED': 'Published',
  'collectionStatus.ARCHIVED': 'Archived',
  'collections.text':
    'Arrange published works into features or series, with a cover and an introduction, for the science channel.',
  'collections.create': 'New feature or series',
  'collections.empty': 'No features or series yet',
  'collections.allKinds': 'All kinds',
  'collections.kind': 'Kind',
  'collections.kindHelp':
    'A feature gathers works on one subject; a series is an ordered sequence.',
  'collections.fieldTitle': 'Title',
  'collections.intro': 'Introduction',
  'collections.unit': 'Curating unit',
  'collections.featured': 'Featured on the channel',
  'collections.featuredHelp': 'Featured collections come first on the science channel home.',
  'collections.works': 'Works',
  'collections.basics': 'Basics',
  'collections.items': 'Works',
  'collections.itemsText':
    'Only published works can be added. Put them in reading order; add a line of recommendation if you like.',
  'collections.noItems': 'No works added yet',
  'collections.noteFor': 'Note for “{title}”',
  'collections.notePlaceholder': 'Note (optional)',
  'collections.findWorks': 'Search published works',
  'collections.findResults': 'Works found',
  'collections.add': 'Add',
  'collections.addOne': 'Add “{title}”',
  'collections.saveItems': 'Save the list of works',
  'collections.itemsSaved': 'Saved: {n} works',
  'collections.publish': 'Publish',
  'collections.unpublish': 'Unpublish',
  'collections.archive': 'Archive',
  'collections.viewOnPortal': 'View on the portal',
  'collections.done.publish': 'Published on the science channel',
  'collections.done.unpublish': 'Unpublished',
  'collections.done.archive': 'Archived',
  'confirm.archiveCollection.title': 'Archive “{title}”?',
  'confirm.archiveCollection.body':
    'The collection leaves the portal and can no longer be edited or published again. Archiving cannot be undone.',
};
