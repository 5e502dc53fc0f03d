import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/** Science bases (科普基地): the designation and profile, and every status change. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('bases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // NATIONAL | MINISTRY | PROVINCIAL | LEGACY_LAND | LEGACY_OCEAN | LEGACY_SURVEYING
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('sectors', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text')
    .addColumn('longitude', 'real')
    .addColumn('latitude', 'real')
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('facilities', 'text', (c) => c.notNull())
    // JSON: [{ name, phone, email }]
    .addColumn('contacts', 'text', (c) => c.notNull())
    .addColumn('cover_id', 'text', (c) => c.references('media.id'))
    // JSON: media ids
    .addColumn('gallery', 'text', (c) => c.notNull())
    // ACTIVE | RECTIFICATION | REVOKED | EXPIRED | LEGACY_PENDING | MIGRATED | RETIRED
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('naming_doc_no', 'text')
    .addColumn('named_at', 'text')
    .addColumn('batch_year', 'integer')
    .addColumn('valid_until', 'text')
    .addColumn('rectify_by', 'text')
    .addColumn('application_id', 'text', (c) => c.references('review_items.id').unique())
    // The organiser that named it (its admins change the status: rectification, revocation).
    .addColumn('authority_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('bases_status_tier')
    .on('bases')
    .columns(['status', 'tier'])
    .execute();
  await db.schema.createIndex('bases_host').on('bases').column('host_org_id').execute();

  await db.schema
    .createTable('base_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('base_id', 'text', (c) => c.notNull().references('bases.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('base_events_base').on('base_events').column('base_id').execute();
}
