import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * The door list reads each registration's latest check-in from `check_in_scans` by
 * `registration_id` (a subquery per row of the list): without an index, every row of a
 * session's list scanned the activity's scans. Outcome second, as the list asks for CHECKED_IN.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('check_in_scans_registration')
    .on('check_in_scans')
    .columns(['registration_id', 'outcome', 'scanned_at'])
    .execute();
}
