import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Who led an activity (issue 13 §2 duty compliance, §6 the person's record): `activity_leaders`
 * — `activity_id`, `user_id`, `role` LEAD (负责专家) | SPEAKER (主讲), `position` (the order
 * shown). One row per person and activity. The person's 科普 record keeps its exported
 * snapshots as certificates of kind RECORD (no new table: `certificates.kind` is text).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('activity_leaders')
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('activity_leaders_pk', ['activity_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('activity_leaders_user')
    .on('activity_leaders')
    .columns(['user_id', 'activity_id'])
    .execute();
}
