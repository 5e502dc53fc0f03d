import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Typed form values (platform/forms): every answer of a form, one row per value, beside the JSON
 * its owner keeps, so that statistics sum and group numbers in SQL over millions of answers.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('form_values')
    // Whose answers: a module's name for its rows ('reviewItem') and the row's id.
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('field_key', 'text', (c) => c.notNull())
    // A table's row, a multi-choice's or a file list's position; 0 for a single value.
    .addColumn('row_index', 'integer', (c) => c.notNull())
    // A table's column; coordinates: 'lng' / 'lat'; '' otherwise.
    .addColumn('column_key', 'text', (c) => c.notNull())
    // numeric: exact sums on PostgreSQL (SQLite keeps integers exact and others as REAL).
    .addColumn('num', 'numeric')
    .addColumn('text', 'text')
    // YYYY-MM-DD
    .addColumn('date', 'text')
    .addPrimaryKeyConstraint('form_values_pk', [
      'owner_type',
      'owner_id',
      'field_key',
      'row_index',
      'column_key',
    ])
    .execute();
  // SUM / GROUP BY of one field over every owner of a type: read from the index alone.
  await db.schema
    .createIndex('form_values_field')
    .on('form_values')
    .columns(['owner_type', 'field_key', 'column_key', 'num'])
    .execute();
}
