import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/** Media (uploaded files and their derived versions), links to what uses them, collections (专题 and 系列). */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // IMAGE | PDF | VIDEO | MODEL — decided by the file's content, never by its name.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('duration_ms', 'integer')
    // JSON: { original, thumb?, display?, poster? } → storage keys.
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('media_org_created')
    .on('media')
    .columns(['organisation_id', 'created_at'])
    .execute();

  // Who uses a file: a work's cover or attachment, a collection's cover. `public` is kept by the owner
  // (1 while the owner is on the portal), so serving a file never needs the owner's rules.
  await db.schema
    .createTable('media_links')
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id'))
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_links_pk', ['owner_type', 'owner_id', 'role', 'media_id'])
    .execute();
  await db.schema
    .createIndex('media_links_media')
    .on('media_links')
    .columns(['media_id', 'public'])
    .execute();

  await db.schema
    .alterTable('works')
    .addColumn('cover_id', 'text', (c) => c.references('media.id'))
    .execute();
  await db.schema
    .alterTable('works')
    .addColumn('media_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  await db.schema
    .createIndex('works_status_published')
    .on('works')
    .columns(['status', 'published_at'])
    .execute();

  await db.schema
    .createTable('collections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // TOPIC (专题) | SERIES (系列)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('cover_id', 'text', (c) => c.references('media.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    // DRAFT | PUBLISHED | ARCHIVED
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('featured', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('collections_status_featured')
    .on('collections')
    .columns(['status', 'featured', 'published_at'])
    .execute();
  await db.schema
    .createTable('collection_items')
    .addColumn('collection_id', 'text', (c) =>
      c.notNull().references('collections.id').onDelete('cascade'),
    )
    .addColumn('work_id', 'text', (c) => c.notNull().references('works.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('collection_items_pk', ['collection_id', 'work_id'])
    .execute();
  await db.schema
    .createIndex('collection_items_work')
    .on('collection_items')
    .column('work_id')
    .execute();
}
