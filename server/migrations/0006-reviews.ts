import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/** The review engine: calls, applications (items), experts, assignments, scores, 公示. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('review_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    // DRAFT | OPEN | CLOSED
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    // JSON: { fields: [...], attachments: [...] }
    .addColumn('form', 'text', (c) => c.notNull())
    // JSON: [{ key, label, weight, min, max, commentRequired }]
    .addColumn('rubric', 'text', (c) => c.notNull())
    // JSON: [{ kind, deadline }]
    .addColumn('stages', 'text', (c) => c.notNull())
    .addColumn('blind', 'integer', (c) => c.notNull())
    .addColumn('reviewers_per_item', 'integer', (c) => c.notNull())
    .addColumn('aggregation', 'text', (c) => c.notNull())
    .addColumn('normalize', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('review_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull().references('review_calls.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    // OPEN | CLOSED
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('review_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull().references('review_calls.id'))
    .addColumn('applicant_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('submitted_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('sectors', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('aggregate', 'real')
    .addColumn('rank', 'integer')
    .addColumn('notice_id', 'text', (c) => c.references('review_notices.id'))
    .addColumn('submitted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('review_items_call_status')
    .on('review_items')
    .columns(['call_id', 'status'])
    .execute();
  await db.schema
    .createIndex('review_items_applicant')
    .on('review_items')
    .column('applicant_org_id')
    .execute();

  await db.schema
    .createTable('review_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('review_items.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('organisation_id', 'text')
    .addColumn('opinion', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_events_item').on('review_events').column('item_id').execute();

  await db.schema
    .createTable('expert_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('sectors', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('expert_ties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('expert_ties_user').on('expert_ties').column('user_id').execute();

  await db.schema
    .createTable('review_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('review_items.id'))
    .addColumn('call_id', 'text', (c) => c.notNull().references('review_calls.id'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    // ASSIGNED | SUBMITTED | RECUSED
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    // JSON { criterionKey: score }, { criterionKey: comment }
    .addColumn('scores', 'text')
    .addColumn('comments', 'text')
    .addColumn('total', 'real')
    .addColumn('submitted_at', 'text')
    .addColumn('recusal_reason', 'text')
    .execute();
  await db.schema
    .createIndex('review_assignments_unique')
    .on('review_assignments')
    .columns(['item_id', 'reviewer_id', 'round'])
    .unique()
    .execute();
  await db.schema
    .createIndex('review_assignments_reviewer')
    .on('review_assignments')
    .columns(['reviewer_id', 'status'])
    .execute();

  await db.schema
    .createTable('review_exclusions')
    .addColumn('item_id', 'text', (c) => c.notNull().references('review_items.id'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    // SAME_ORG | ANCESTOR_ORG | DESCENDANT_ORG | DECLARED_TIE | CO_AUTHOR | RECUSED
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_exclusions_pk', ['item_id', 'reviewer_id', 'reason'])
    .execute();

  await db.schema
    .createTable('review_objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('review_notices.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('review_items.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    // RECEIVED | HANDLED
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('handling', 'text')
    // UPHELD | DISMISSED
    .addColumn('outcome', 'text')
    .addColumn('handled_by', 'text')
    .addColumn('handled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('review_objections_notice')
    .on('review_objections')
    .column('notice_id')
    .execute();
}
