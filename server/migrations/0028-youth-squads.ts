import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * 李四光中队 (youth squads): a squad belongs to a school and has a counsellor; the school's
 * provincial department approves it. Members are minors, recorded only with a guardian's consent
 * and only name and grade (the guardian's contact, never the child's). The activities a squad
 * attends and the counsellor's yearly summary make its yearly record.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('squads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('counsellor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('counsellor_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('approver_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('squads_org').on('squads').column('organisation_id').execute();
  await db.schema
    .createIndex('squads_status')
    .on('squads')
    .columns(['status', 'approver_id'])
    .execute();
  await db.schema
    .createTable('squad_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('squad_id', 'text', (c) => c.notNull().references('squads.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('guardian_name', 'text', (c) => c.notNull())
    .addColumn('guardian_contact', 'text')
    .addColumn('guardian_consent_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('joined_on', 'text', (c) => c.notNull())
    .addColumn('left_on', 'text')
    .execute();
  await db.schema
    .createIndex('squad_members_squad')
    .on('squad_members')
    .column('squad_id')
    .execute();
  await db.schema
    .createTable('squad_activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('squad_id', 'text', (c) => c.notNull().references('squads.id'))
    .addColumn('activity_id', 'text', (c) => c.references('activities.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('participants', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('squad_activities_squad')
    .on('squad_activities')
    .columns(['squad_id', 'held_on'])
    .execute();
  await db.schema
    .createTable('squad_years')
    .addColumn('squad_id', 'text', (c) => c.notNull().references('squads.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('squad_years_pk', ['squad_id', 'year'])
    .execute();
}
