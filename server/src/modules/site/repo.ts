import type { Executor } from '#platform/db/connect.ts';
import type { CalendarDayTable } from '#platform/db/schema.ts';
import { nowIso } from '#platform/ids.ts';

export async function getSetting(db: Executor, key: string) {
  const r = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return r?.value;
}

export async function putSetting(db: Executor, key: string, value: string) {
  const at = nowIso();
  await db
    .insertInto('settings')
    .values({ key, value, updatedAt: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: at }))
    .execute();
}

/** The calendar's days from `from` to `to` (inclusive), in order. */
export async function calendarDays(db: Executor, from: string, to: string) {
  return db
    .selectFrom('calendarDays')
    .select(['date', 'kind', 'name'])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .execute();
}

export async function findCalendarDay(db: Executor, date: string) {
  return db
    .selectFrom('calendarDays')
    .select(['date', 'kind', 'name'])
    .where('date', '=', date)
    .executeTakeFirst();
}

export async function putCalendarDay(db: Executor, row: Omit<CalendarDayTable, 'updatedAt'>) {
  const at = nowIso();
  await db
    .insertInto('calendarDays')
    .values({ ...row, updatedAt: at })
    .onConflict((oc) =>
      oc.column('date').doUpdateSet({ kind: row.kind, name: row.name, updatedAt: at }),
    )
    .execute();
}

/** Removes a day (it becomes an ordinary weekday or weekend day); false when none was there. */
export async function deleteCalendarDay(db: Executor, date: string): Promise<boolean> {
  const r = await db.deleteFrom('calendarDays').where('date', '=', date).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
