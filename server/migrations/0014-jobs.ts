import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Durable jobs (issue 10): queued, delayed and scheduled work kept in the database, claimed by one
 * app node at a time, retried with back-off, and kept with its last error when it gives up.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON
    .addColumn('payload', 'text', (c) => c.notNull())
    // QUEUED | RUNNING | SUCCEEDED | FAILED
    .addColumn('state', 'text', (c) => c.notNull())
    // Not before this instant (a delayed job, the next try after a failure, a schedule's next run).
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('dedupe_key', 'text')
    // The node running it and until when it may: a node that died leaves a lease that runs out.
    .addColumn('locked_by', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The claim: due queued jobs in run_at order; the console's list by state.
  await db.schema
    .createIndex('jobs_state_run_at')
    .on('jobs')
    .columns(['state', 'run_at'])
    .execute();
  // The console's unfiltered list, newest first, and a schedule's last run.
  await db.schema.createIndex('jobs_name_run_at').on('jobs').columns(['name', 'run_at']).execute();
  await db.schema.createIndex('jobs_run_at').on('jobs').column('run_at').execute();
  // One waiting or running job per (name, dedupe key): enqueueing it again is a no-op, across
  // nodes. Partial, so that finished jobs keep their key (a schedule reads its last run from it).
  await sql`create unique index jobs_dedupe on jobs (name, dedupe_key)
            where dedupe_key is not null and state in ('QUEUED', 'RUNNING')`.execute(db);
}
