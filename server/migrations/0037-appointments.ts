import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * 首席科学传播专家: appointment schemes are data (who appoints, the title, the term, the duty and
 * who is eligible); an appointment is a dated title held by a person, made from a nomination the
 * review engine confirmed or entered by the office; 科学传播专家工作室 are organisations set up
 * around an appointee (`studios`).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('appointment_schemes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('honorific', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('term_years', 'integer', (c) => c.notNull())
    .addColumn('renewable', 'integer', (c) => c.notNull())
    .addColumn('min_led_per_year', 'integer', (c) => c.notNull())
    .addColumn('min_rank', 'text')
    .addColumn('min_years_popularising', 'integer', (c) => c.notNull())
    .addColumn('duties', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scheme_id', 'text', (c) => c.notNull().references('appointment_schemes.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('nominating_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('review_item_id', 'text', (c) => c.unique())
    .addColumn('batch', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('renewed_from_id', 'text', (c) => c.unique())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdraw_reason', 'text')
    .addColumn('certificate_code', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('appointments_scheme_status')
    .on('appointments')
    .columns(['scheme_id', 'status', 'end_date'])
    .execute();
  await db.schema
    .createIndex('appointments_person')
    .on('appointments')
    .columns(['user_id', 'status'])
    .execute();
  await db.schema
    .createTable('studios')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('studios_person').on('studios').columns(['user_id']).execute();
}
