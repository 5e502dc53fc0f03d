import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * 科普能力提升培训 (issue 13 §4): a course of an organising unit (syllabus and materials as JSON,
 * places held by the database in `taken`), its sessions with a check-in code, places per
 * province for courses by nomination, enrolments (one live one per person and course; score,
 * completion and the participant's evaluation on the row), and attendance from check-in.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('syllabus', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('material_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('enrolment_mode', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enrol_opens_at', 'text', (c) => c.notNull())
    .addColumn('enrol_closes_at', 'text', (c) => c.notNull())
    .addColumn('min_sessions', 'integer', (c) => c.notNull())
    .addColumn('pass_score', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_courses_org')
    .on('training_courses')
    .columns(['organisation_id', 'year'])
    .execute();
  await db.schema
    .createIndex('training_courses_status')
    .on('training_courses')
    .columns(['status', 'year'])
    .execute();
  await db.schema
    .createTable('training_quotas')
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('places', 'integer', (c) => c.notNull())
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('training_quotas_pk', ['course_id', 'division_code'])
    .execute();
  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('check_in_code', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_sessions_course')
    .on('training_sessions')
    .columns(['course_id', 'position'])
    .execute();
  await db.schema
    .createTable('training_enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('nominated_by', 'text', (c) => c.references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('division_code', 'text')
    .addColumn('score', 'integer')
    .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('certificate_id', 'text')
    .addColumn('rating', 'integer')
    .addColumn('comment', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One live enrolment per person and course: two requests at once, one wins.
  await sql`create unique index training_enrolments_live on training_enrolments (course_id, user_id) where status in ('PENDING', 'APPROVED')`.execute(
    db,
  );
  await db.schema
    .createIndex('training_enrolments_course')
    .on('training_enrolments')
    .columns(['course_id', 'status'])
    .execute();
  await db.schema
    .createIndex('training_enrolments_user')
    .on('training_enrolments')
    .columns(['user_id'])
    .execute();
  await db.schema
    .createTable('training_attendance')
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('training_enrolments.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('present', 'integer', (c) => c.notNull())
    .addColumn('checked_in_at', 'text')
    .addColumn('corrected_by', 'text')
    .addColumn('correction_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['enrolment_id', 'session_id'])
    .execute();
}
