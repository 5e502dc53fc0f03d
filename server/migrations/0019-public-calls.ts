import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Calls the public can find: who may apply (plain text) and the templates to download (media ids,
 * JSON), beside the call's rich-text description. Join requests: a signed-in person asks to join a
 * unit; an administrator of the unit (or above it) approves with a role, or declines.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('review_calls')
    .addColumn('eligibility', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('review_calls')
    .addColumn('templates', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  await db.schema
    .createTable('join_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // PENDING | APPROVED | DECLINED | WITHDRAWN
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  // One pending request per person, held by the database (two tabs sending at once: one wins).
  await db.schema
    .createIndex('join_requests_one_pending')
    .on('join_requests')
    .column('user_id')
    .unique()
    .where(sql<boolean>`status = 'PENDING'`)
    .execute();
  await db.schema
    .createIndex('join_requests_org_status')
    .on('join_requests')
    .columns(['organisation_id', 'status'])
    .execute();
}
