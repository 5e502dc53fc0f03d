import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * 辟谣 (issue 14 §3): a debunk entry of an owning unit (claims, experts and sources as JSON; the
 * verifying authority as text), its status DETECTED → VERIFYING → DEBUNKED | CONFIRMED | PARTIAL,
 * published (a work of type DEBUNK carries it in the library); rumour reports from the public
 * (contact kept for the office only), triaged, merged into another report, linked to a debunk.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('debunks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('claims', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('authority', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('expert_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sources', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('hazard', 'text')
    .addColumn('division_code', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('work_id', 'text', (c) => c.references('works.id'))
    .addColumn('published_at', 'text')
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('debunks_published')
    .on('debunks')
    .columns(['published_at', 'id'])
    .execute();
  await db.schema.createIndex('debunks_org').on('debunks').columns(['organisation_id']).execute();
  await db.schema.createIndex('debunks_work').on('debunks').columns(['work_id']).execute();
  await db.schema
    .createTable('rumour_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('link', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hazard', 'text')
    .addColumn('division_code', 'text')
    .addColumn('contact', 'text')
    .addColumn('reporter_id', 'text', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('duplicate_of', 'text', (c) => c.references('rumour_reports.id'))
    .addColumn('debunk_id', 'text', (c) => c.references('debunks.id'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('handled_by', 'text', (c) => c.references('users.id'))
    .addColumn('handled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rumour_reports_status')
    .on('rumour_reports')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('rumour_reports_debunk')
    .on('rumour_reports')
    .columns(['debunk_id'])
    .execute();
  await db.schema
    .createIndex('rumour_reports_reporter')
    .on('rumour_reports')
    .columns(['reporter_id'])
    .execute();
}
