import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * 科普志愿者: a signed-in person registers as a volunteer (skills, availability, regions, an
 * emergency contact; a minor with a guardian's consent) and asks one or more host organisations
 * to take them on; each host's own administrator verifies or declines (`volunteer_hosts`).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('volunteers')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('availability', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('regions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('emergency_name', 'text', (c) => c.notNull())
    .addColumn('emergency_phone', 'text', (c) => c.notNull())
    .addColumn('guardian_name', 'text')
    .addColumn('guardian_contact', 'text')
    .addColumn('guardian_consent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('volunteer_hosts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('volunteer_hosts_person_org')
    .on('volunteer_hosts')
    .columns(['user_id', 'organisation_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('volunteer_hosts_org_status')
    .on('volunteer_hosts')
    .columns(['organisation_id', 'status'])
    .execute();
}
