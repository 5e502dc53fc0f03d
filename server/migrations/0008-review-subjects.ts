import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * What an application is about when it is about something that exists (a base's annual report or
 * evaluation), and a call's settings for its subject (evaluation grades, rectification term).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('review_items').addColumn('subject_id', 'text').execute();
  await db.schema
    .createIndex('review_items_subject')
    .on('review_items')
    .columns(['subject_id', 'call_id'])
    .execute();
  await db.schema
    .alterTable('review_calls')
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}
