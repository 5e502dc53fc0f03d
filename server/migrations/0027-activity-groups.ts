import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Registration forms, guardian consent and group bookings (issue 12 §3):
 * - an activity's registration form (platform form fields as JSON; null: no form), whether it
 *   admits minors and whether it takes group bookings;
 * - a registration's guardian (name, contact, when they consented) for a minor, and the group
 *   booking it belongs to (a group's places are one registration of the teacher's);
 * - the one-live-registration index leaves group registrations out (a teacher may book two
 *   classes and register themself);
 * - group bookings (school, class, teacher's contact, places asked and approved, one QR or one
 *   per person) and their members (names from the roster, a ticket each).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('activities').addColumn('registration_form', 'text').execute();
  await db.schema
    .alterTable('activities')
    .addColumn('admits_minors', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('activities')
    .addColumn('groups_allowed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const col of ['guardian_name', 'guardian_contact', 'guardian_consent_at', 'group_id'])
    await db.schema.alterTable('registrations').addColumn(col, 'text').execute();
  await db.schema.dropIndex('registrations_one_live').execute();
  await db.schema
    .createIndex('registrations_one_live')
    .on('registrations')
    .columns(['session_id', 'user_id'])
    .unique()
    .where(
      sql<boolean>`status in ('CONFIRMED', 'WAITLISTED', 'OFFERED', 'PENDING_APPROVAL') and group_id is null`,
    )
    .execute();

  await db.schema
    .createTable('activity_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('activity_sessions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('school_organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('school_name', 'text', (c) => c.notNull())
    .addColumn('grade_class', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text', (c) => c.notNull())
    .addColumn('requested', 'integer', (c) => c.notNull())
    .addColumn('approved', 'integer', (c) => c.notNull().defaultTo(0))
    // PENDING | APPROVED | PARTIAL (some approved, the rest still asked for) | DECLINED | CANCELLED
    .addColumn('status', 'text', (c) => c.notNull())
    // GROUP: one QR for the group; PERSON: one per member
    .addColumn('ticket_mode', 'text', (c) => c.notNull().defaultTo('GROUP'))
    .addColumn('registration_id', 'text', (c) => c.references('registrations.id'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activity_groups_activity')
    .on('activity_groups')
    .columns(['activity_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('activity_groups_user')
    .on('activity_groups')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('group_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('activity_groups.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ticket_code', 'text')
    .addColumn('checked_in_at', 'text')
    .execute();
  await db.schema
    .createIndex('group_members_seq')
    .on('group_members')
    .columns(['group_id', 'seq'])
    .unique()
    .execute();
}
