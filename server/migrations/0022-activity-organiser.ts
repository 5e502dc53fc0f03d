import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * The organiser's side of activities: a no-show mark on a confirmed registration whose session has
 * ended without a check-in, and campaigns whose activities the ministry's office approves before
 * they are public (an activity then waits in PENDING_REVIEW; `activities.status` is plain text).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('registrations').addColumn('no_show_at', 'text').execute();
  await db.schema
    .alterTable('campaigns')
    .addColumn('requires_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('activities').addColumn('review_note', 'text').execute();
}
