import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * 应急科普 (issue 14 §1–§2): an incident (hazard, grade, division, who opened it and when, the
 * first published explainer and when), the duty experts called for it (notified, acknowledged),
 * its explainers (works drafted for it, from a reserve item or from scratch, approved by a duty
 * expert) and the content reserve (works kept ready for hazard types and provinces, reviewed
 * yearly).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    // The province's department (when the platform has one): it runs the response with the owner.
    .addColumn('region_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('hazard', 'text', (c) => c.notNull())
    .addColumn('grade_kind', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('response_level', 'text')
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.references('users.id'))
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .addColumn('close_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('first_explainer_at', 'text')
    .addColumn('first_explainer_id', 'text', (c) => c.references('works.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incidents_status')
    .on('incidents')
    .columns(['status', 'opened_at'])
    .execute();
  await db.schema
    .createIndex('incidents_province')
    .on('incidents')
    .columns(['province_code', 'opened_at'])
    .execute();
  await db.schema
    .createTable('incident_duty')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('matched_by', 'text', (c) => c.notNull())
    .addColumn('notified_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addPrimaryKeyConstraint('incident_duty_pk', ['incident_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('incident_duty_user')
    .on('incident_duty')
    .columns(['user_id', 'incident_id'])
    .execute();
  await db.schema
    .createTable('incident_explainers')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('work_id', 'text', (c) => c.notNull().references('works.id'))
    .addColumn('reserve_work_id', 'text', (c) => c.references('works.id'))
    .addColumn('drafted_by', 'text', (c) => c.references('users.id'))
    .addColumn('drafted_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .addColumn('published_at', 'text')
    .addPrimaryKeyConstraint('incident_explainers_pk', ['incident_id', 'work_id'])
    .execute();
  await db.schema
    .createIndex('incident_explainers_work')
    .on('incident_explainers')
    .columns(['work_id'])
    .execute();
  await db.schema
    .createTable('reserve_items')
    .addColumn('work_id', 'text', (c) => c.primaryKey().references('works.id'))
    .addColumn('hazards', 'text', (c) => c.notNull())
    .addColumn('provinces', 'text', (c) => c.notNull())
    .addColumn('formats', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
    .addColumn('review_due', 'text', (c) => c.notNull())
    .addColumn('reminded_for', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reserve_items_due')
    .on('reserve_items')
    .columns(['review_due'])
    .execute();
  // One row per (item, hazard, province or '00' for nationwide): what matching and coverage read.
  await db.schema
    .createTable('reserve_tags')
    .addColumn('work_id', 'text', (c) => c.notNull().references('reserve_items.work_id'))
    .addColumn('hazard', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reserve_tags_pk', ['hazard', 'province', 'work_id'])
    .execute();
  await db.schema
    .createIndex('reserve_tags_work')
    .on('reserve_tags')
    .columns(['work_id'])
    .execute();
}
