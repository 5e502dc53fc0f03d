/** Working days (工作日): Monday to Friday, except the calendar's holidays, plus its 调休 workdays. */

export type DayKind = 'HOLIDAY' | 'WORKDAY';

/** The day `n` days after a YYYY-MM-DD date (n may be negative). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whether a date is worked: the calendar's word first, else Monday to Friday. */
export function isWorkingDay(date: string, exceptions: ReadonlyMap<string, DayKind>): boolean {
  const kind = exceptions.get(date);
  if (kind) return kind === 'WORKDAY';
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** How far ahead a count of working days may reach (a calendar of nothing but holidays ends). */
export const SEARCH_DAYS = 400;

/**
 * The last of `days` working days starting on `from` (counted when it is itself a working day):
 * 5 working days from Friday 4 December 2026 end on Thursday 10 December. Null when the calendar
 * holds fewer than `days` working days in the next SEARCH_DAYS days.
 */
export function workingDaysEnd(
  from: string,
  days: number,
  exceptions: ReadonlyMap<string, DayKind>,
): string | null {
  let counted = 0;
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const d = addDays(from, i);
    if (isWorkingDay(d, exceptions) && ++counted === days) return d;
  }
  return null;
}
