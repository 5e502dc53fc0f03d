import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Certificates anyone can verify (issue 13 §5): what was printed, kept as data, so that the
 * public verification page shows exactly that.
 * - `code`: the verification code (KP-XXXX-XXXX-XXXX, 60 random bits from an alphabet without
 *   look-alikes), unique;
 * - `kind`: TRAINING | VOLUNTEER_HOURS | APPOINTMENT | AWARD;
 * - `holder_id` + `holder_name` (the name as printed), `title`, `lines` (JSON array of the
 *   certified lines, zh-CN text as printed);
 * - `organisation_id` + `organisation_name` (the issuer as printed), `issued_at`, `issued_by`;
 * - `source_type` + `source_id`: what it came from (a course enrolment, an appointment …), unique
 *   with the holder, so that issuing again for the same source returns the same certificate;
 * - `revoked_at`, `revoked_by`, `revoke_reason`.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('holder_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('organisation_name', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text')
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema
    .createIndex('certificates_code')
    .on('certificates')
    .columns(['code'])
    .unique()
    .execute();
  await db.schema
    .createIndex('certificates_source_holder')
    .on('certificates')
    .columns(['source_type', 'source_id', 'holder_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('certificates_holder')
    .on('certificates')
    .columns(['holder_id', 'issued_at'])
    .execute();
  await db.schema
    .createIndex('certificates_organisation')
    .on('certificates')
    .columns(['organisation_id', 'issued_at'])
    .execute();
}
