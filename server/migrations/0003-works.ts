import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/** Works (科普作品), their versions and science checks. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('works')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    // Sanitized HTML (platform/richtext.ts); never served as anything but escaped or sanitized.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('sectors', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('audiences', 'text', (c) => c.notNull())
    .addColumn('theme_days', 'text', (c) => c.notNull())
    .addColumn('regions', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('licence', 'text')
    .addColumn('source', 'text')
    .addColumn('isbn', 'text')
    .addColumn('issn', 'text')
    .addColumn('publication_date', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    // The version a science check passed, and the version the public sees.
    .addColumn('checked_version', 'integer')
    .addColumn('published_version', 'integer')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('works_org_status')
    .on('works')
    .columns(['organisation_id', 'status'])
    .execute();
  await db.schema
    .createIndex('works_status_updated')
    .on('works')
    .columns(['status', 'updated_at'])
    .execute();
  await db.schema.createIndex('works_created_by').on('works').column('created_by').execute();

  await db.schema
    .createTable('work_versions')
    .addColumn('work_id', 'text', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_versions_pk', ['work_id', 'version'])
    .execute();

  await db.schema
    .createTable('science_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_id', 'text', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('comments', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('science_checks_work')
    .on('science_checks')
    .columns(['work_id', 'version'])
    .execute();
}
