import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/** Cooperation between bases (shared exhibits, joint activities), often across regions. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('base_cooperations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('base_id', 'text', (c) => c.notNull().references('bases.id'))
    .addColumn('partner_base_id', 'text', (c) => c.notNull().references('bases.id'))
    // SHARED_EXHIBIT | JOINT_ACTIVITY | EXCHANGE | OTHER
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('base_cooperations_base')
    .on('base_cooperations')
    .column('base_id')
    .execute();
  await db.schema
    .createIndex('base_cooperations_partner')
    .on('base_cooperations')
    .column('partner_base_id')
    .execute();
}
