import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Check-in modes: an activity checks a ticket in once (the default), once per Beijing day (a
 * multi-day exhibition), or at every entry. A day's check-in is one row per registration and day,
 * its primary key keeping two devices from both checking the same ticket in on one day.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('activities')
    .addColumn('check_in_mode', 'text', (c) => c.notNull().defaultTo('ONCE'))
    .execute();
  await db.schema
    .createTable('check_in_days')
    .addColumn('registration_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('check_in_days_pk', ['registration_id', 'day'])
    .addForeignKeyConstraint('check_in_days_fk', ['registration_id'], 'registrations', ['id'])
    .execute();
}
