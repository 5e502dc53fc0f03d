import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * 科普开放日 (plan §五(二), issue 12 §5): labs, engineering centres, field stations and major
 * facilities open to the public on open days, with fixed ties to schools and communities.
 * - `facilities`: the facility's public profile (kind, unit, place, what a visit shows, safety
 *   notes a teacher must acknowledge, the largest group it receives, how many days its partners
 *   see new slots first);
 * - `facility_partners`: its partner schools and communities (organisations);
 * - an open day is an activity tied to its facility (`activities.facility_id`), its slots the
 *   sessions; `activity_sessions.partners_until`: until then only partners book the slot;
 * - `activity_groups.safety_ack_at`: when the teacher acknowledged the facility's safety notes.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('facilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    // KEY_LAB | ENGINEERING_CENTER | FIELD_STATION | MAJOR_FACILITY | OTHER
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visit_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('safety_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('division_code', 'text')
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'real')
    .addColumn('lng', 'real')
    .addColumn('group_max', 'integer')
    .addColumn('partner_days', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('facilities_organisation')
    .on('facilities')
    .columns(['organisation_id'])
    .execute();
  await db.schema
    .createIndex('facilities_public')
    .on('facilities')
    .columns(['published', 'division_code'])
    .execute();
  await db.schema
    .createTable('facility_partners')
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('facility_partners_pk', ['facility_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('facility_partners_organisation')
    .on('facility_partners')
    .columns(['organisation_id'])
    .execute();
  await db.schema
    .alterTable('activities')
    .addColumn('facility_id', 'text', (c) => c.references('facilities.id'))
    .execute();
  await db.schema
    .createIndex('activities_facility')
    .on('activities')
    .columns(['facility_id'])
    .execute();
  await db.schema.alterTable('activity_sessions').addColumn('partners_until', 'text').execute();
  await db.schema.alterTable('activity_groups').addColumn('safety_ack_at', 'text').execute();
}
