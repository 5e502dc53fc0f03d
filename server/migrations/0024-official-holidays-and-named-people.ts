import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * The working calendar's 2025 and 2026 days as the State Council General Office announced them
 * (国办发明电〔2024〕12号 of 12 November 2024; the 2026 notice of 4 November 2025): public
 * holidays that fall on weekdays, and the weekend days worked in exchange (调休). Reference data:
 * the platform office still edits or removes any of them on 网站设置; a day already entered is
 * kept as it is.
 */
const OFFICIAL_DAYS: [date: string, kind: 'HOLIDAY' | 'WORKDAY', name: string][] = [
  ['2025-01-01', 'HOLIDAY', '元旦'],
  ['2025-01-26', 'WORKDAY', '春节调休'],
  ['2025-01-28', 'HOLIDAY', '春节'],
  ['2025-01-29', 'HOLIDAY', '春节'],
  ['2025-01-30', 'HOLIDAY', '春节'],
  ['2025-01-31', 'HOLIDAY', '春节'],
  ['2025-02-03', 'HOLIDAY', '春节'],
  ['2025-02-04', 'HOLIDAY', '春节'],
  ['2025-02-08', 'WORKDAY', '春节调休'],
  ['2025-04-04', 'HOLIDAY', '清明节'],
  ['2025-04-27', 'WORKDAY', '劳动节调休'],
  ['2025-05-01', 'HOLIDAY', '劳动节'],
  ['2025-05-02', 'HOLIDAY', '劳动节'],
  ['2025-05-05', 'HOLIDAY', '劳动节'],
  ['2025-06-02', 'HOLIDAY', '端午节'],
  ['2025-09-28', 'WORKDAY', '国庆节、中秋节调休'],
  ['2025-10-01', 'HOLIDAY', '国庆节、中秋节'],
  ['2025-10-02', 'HOLIDAY', '国庆节、中秋节'],
  ['2025-10-03', 'HOLIDAY', '国庆节、中秋节'],
  ['2025-10-06', 'HOLIDAY', '国庆节、中秋节'],
  ['2025-10-07', 'HOLIDAY', '国庆节、中秋节'],
  ['2025-10-08', 'HOLIDAY', '国庆节、中秋节'],
  ['2025-10-11', 'WORKDAY', '国庆节、中秋节调休'],
  ['2026-01-01', 'HOLIDAY', '元旦'],
  ['2026-01-02', 'HOLIDAY', '元旦'],
  ['2026-01-04', 'WORKDAY', '元旦调休'],
  ['2026-02-14', 'WORKDAY', '春节调休'],
  ['2026-02-16', 'HOLIDAY', '春节'],
  ['2026-02-17', 'HOLIDAY', '春节'],
  ['2026-02-18', 'HOLIDAY', '春节'],
  ['2026-02-19', 'HOLIDAY', '春节'],
  ['2026-02-20', 'HOLIDAY', '春节'],
  ['2026-02-23', 'HOLIDAY', '春节'],
  ['2026-02-28', 'WORKDAY', '春节调休'],
  ['2026-04-06', 'HOLIDAY', '清明节'],
  ['2026-05-01', 'HOLIDAY', '劳动节'],
  ['2026-05-04', 'HOLIDAY', '劳动节'],
  ['2026-05-05', 'HOLIDAY', '劳动节'],
  ['2026-05-09', 'WORKDAY', '劳动节调休'],
  ['2026-06-19', 'HOLIDAY', '端午节'],
  ['2026-09-20', 'WORKDAY', '国庆节调休'],
  ['2026-09-25', 'HOLIDAY', '中秋节'],
  ['2026-10-01', 'HOLIDAY', '国庆节'],
  ['2026-10-02', 'HOLIDAY', '国庆节'],
  ['2026-10-05', 'HOLIDAY', '国庆节'],
  ['2026-10-06', 'HOLIDAY', '国庆节'],
  ['2026-10-07', 'HOLIDAY', '国庆节'],
  ['2026-10-10', 'WORKDAY', '国庆节调休'],
];

/**
 * Also: a notification may name a person (`about_user_id`: 张三 申请加入…), so erasing that
 * person's account removes it from every inbox.
 */
export async function up(db: AnyDb): Promise<void> {
  const at = new Date().toISOString();
  await db
    .insertInto('calendar_days')
    .values(OFFICIAL_DAYS.map(([date, kind, name]) => ({ date, kind, name, updated_at: at })))
    .onConflict((oc) => oc.column('date').doNothing())
    .execute();
  await db.schema.alterTable('notifications').addColumn('about_user_id', 'text').execute();
  await db.schema
    .createIndex('notifications_about_user')
    .on('notifications')
    .column('about_user_id')
    .execute();
}
