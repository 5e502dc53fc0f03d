import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * A rumour report's screenshot (issue 14 §3): one image per report, sent with the report by
 * anyone (no account, so not a media file of a unit), decided by content and kept re-encoded as
 * JPEG without metadata; for the office only.
 */
export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('rumour_report_screenshots')
    .addColumn('report_id', 'text', (c) => c.primaryKey().references('rumour_reports.id'))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
