import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * The working calendar (工作日历): days that differ from Monday–Friday, as the State Council
 * announces them each year — public holidays on weekdays (HOLIDAY) and the weekend days worked
 * in exchange (WORKDAY, 调休). Platform administrators keep it; public-notice periods count
 * working days over it.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('calendar_days')
    // YYYY-MM-DD
    .addColumn('date', 'text', (c) => c.primaryKey())
    // HOLIDAY | WORKDAY
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
