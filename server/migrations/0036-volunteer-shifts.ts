import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Volunteer shifts and hours: an activity session opens roles (讲解, 引导, 安全 …) with places,
 * `taken` held by the database as the sessions' places are; a verified volunteer of the host
 * signs up (one live shift per person and session), the host confirms, checks them in on arrival
 * and out on departure. Hours are a ledger: a shift's hours (one row per shift) and manual entries
 * the host approves, summed per person, host and province by year.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('volunteer_roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('activity_sessions.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('places', 'integer', (c) => c.notNull())
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('volunteer_roles_session')
    .on('volunteer_roles')
    .columns(['session_id'])
    .execute();
  await db.schema
    .createIndex('volunteer_roles_activity')
    .on('volunteer_roles')
    .columns(['activity_id'])
    .execute();
  await db.schema
    .createTable('volunteer_shifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('role_id', 'text', (c) => c.notNull().references('volunteer_roles.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('activity_sessions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('arrived_at', 'text')
    .addColumn('departed_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One live shift per person and session: two sign-ups at once, one wins.
  await sql`create unique index volunteer_shifts_live on volunteer_shifts (session_id, user_id) where status in ('PENDING', 'CONFIRMED')`.execute(
    db,
  );
  await db.schema
    .createIndex('volunteer_shifts_role')
    .on('volunteer_shifts')
    .columns(['role_id', 'status'])
    .execute();
  await db.schema
    .createIndex('volunteer_shifts_user')
    .on('volunteer_shifts')
    .columns(['user_id'])
    .execute();
  await db.schema
    .createTable('volunteer_hours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('shift_id', 'text', (c) => c.references('volunteer_shifts.id'))
    .addColumn('worked_on', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('volunteer_hours_shift')
    .on('volunteer_hours')
    .column('shift_id')
    .unique()
    .execute();
  await db.schema
    .createIndex('volunteer_hours_user_day')
    .on('volunteer_hours')
    .columns(['user_id', 'worked_on'])
    .execute();
  await db.schema
    .createIndex('volunteer_hours_org_day')
    .on('volunteer_hours')
    .columns(['organisation_id', 'status', 'worked_on'])
    .execute();
}
