import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Feedback on an attended activity (issue 12 §7): one per registration that was checked in — a
 * rating 1–5 that counts at once, and a comment that waits for the host's staff before it is
 * public (comment_status NONE | PENDING | APPROVED | REJECTED). And what a notification's e-mail
 * attaches (a ticket's .ics): `notifications.mail_attachment_ref`, read by the kind's own
 * `attachments()` when the mail job runs (nothing of it is stored).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('activity_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text', (c) => c.notNull().references('registrations.id'))
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('comment_status', 'text', (c) => c.notNull())
    .addColumn('moderation_reason', 'text')
    .addColumn('moderated_by', 'text')
    .addColumn('moderated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // one feedback per registration
  await db.schema
    .createIndex('activity_feedback_registration')
    .on('activity_feedback')
    .column('registration_id')
    .unique()
    .execute();
  // the public page's approved comments and the per-activity figures
  await db.schema
    .createIndex('activity_feedback_activity')
    .on('activity_feedback')
    .columns(['activity_id', 'comment_status'])
    .execute();
  await db.schema.alterTable('notifications').addColumn('mail_attachment_ref', 'text').execute();
}
