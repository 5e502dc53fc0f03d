import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Hotspot early warning (issue 14 §4). `hotspot_signals`: hourly aggregates without personal
 * data — the UTC hour (`YYYY-MM-DDTHH`), the kind (SEARCH, ZERO_RESULT, WORK_VIEW,
 * RUMOUR_REPORT, QUERY), the normalised term, the province ('' unknown) and a count, written by
 * upserts (`count = count + n`). `hotspot_alerts`: what the detector raised, with its evidence
 * (JSON) and what the office did (dismissed with a reason, content asked for, linked to an
 * incident — `incident_id` is text, checked against incidents by the service).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('hotspot_signals')
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('division', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('hotspot_signals_pk', ['hour', 'kind', 'term', 'division'])
    .execute();
  // A candidate's history: its rows over four weeks without reading every other term.
  await db.schema
    .createIndex('hotspot_signals_term')
    .on('hotspot_signals')
    .columns(['term', 'hour'])
    .execute();
  await db.schema
    .createTable('hotspot_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('related_terms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('division', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('observed', 'integer', (c) => c.notNull())
    .addColumn('expected', 'real', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('theme_day', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'text')
    .addColumn('dismissed_by', 'text', (c) => c.references('users.id'))
    .addColumn('dismiss_reason', 'text')
    .addColumn('content_requested_at', 'text')
    .addColumn('content_requested_by', 'text', (c) => c.references('users.id'))
    .addColumn('content_request_note', 'text')
    .addColumn('incident_id', 'text')
    .addColumn('linked_at', 'text')
    .addColumn('linked_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('hotspot_alerts_raised')
    .on('hotspot_alerts')
    .columns(['raised_at', 'id'])
    .execute();
  await db.schema
    .createIndex('hotspot_alerts_division')
    .on('hotspot_alerts')
    .columns(['division', 'raised_at'])
    .execute();
  await db.schema
    .createIndex('hotspot_alerts_term')
    .on('hotspot_alerts')
    .columns(['term', 'division', 'raised_at'])
    .execute();
  for (const col of ['dismissed_by', 'content_requested_by', 'linked_by'])
    await db.schema.createIndex(`hotspot_alerts_${col}`).on('hotspot_alerts').column(col).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('hotspot_alerts').execute();
  await db.schema.dropTable('hotspot_signals').execute();
}
