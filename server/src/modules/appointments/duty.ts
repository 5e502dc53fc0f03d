/**
 * Duty compliance (pure): how an appointee stands in a year against the scheme's minimum of
 * activities led. Only the part of the year the term covers asks for activities (an appointee of
 * November owes a sixth of the year's minimum, rounded up), and during the year only what the
 * days gone by ask (rounded down), so nobody is flagged in January.
 */
export type DutyStanding = 'MET' | 'ON_TRACK' | 'BEHIND';

export interface Duty {
  year: number;
  led: number;
  required: number;
  expectedByNow: number;
  standing: DutyStanding;
}

const DAY = 86_400_000;
const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;

/** Days of [from, to] (inclusive China dates) that fall in the year; 0 when none. */
function daysInYear(year: number, from: string, to: string) {
  const a = Math.max(dayNo(from), dayNo(`${year}-01-01`));
  const b = Math.min(dayNo(to), dayNo(`${year}-12-31`));
  return b < a ? 0 : b - a + 1;
}

export function dutyOf(
  a: { startDate: string; endDate: string },
  minPerYear: number,
  led: number,
  year: number,
  today: string,
): Duty {
  const yearDays = daysInYear(year, `${year}-01-01`, `${year}-12-31`);
  const covered = daysInYear(year, a.startDate, a.endDate);
  const required = Math.ceil((minPerYear * covered) / yearDays);
  // A year (or a term) that is over asks for all of it.
  const over = today > `${year}-12-31` || today > a.endDate;
  const gone = daysInYear(year, a.startDate, today);
  const expectedByNow = over
    ? required
    : Math.min(required, Math.floor((minPerYear * gone) / yearDays));
  const standing: DutyStanding =
    led >= required ? 'MET' : led >= expectedByNow ? 'ON_TRACK' : 'BEHIND';
  return { year, led, required, expectedByNow, standing };
}

/** The last day of a term of `years` from `start` (2026-12-07 + 5 years → 2031-12-06). */
export function termEnd(start: string, years: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February + n years lands on 1 March; the term still ends the day before.
  return new Date(next.getTime() - DAY).toISOString().slice(0, 10);
}

/** The day after a date. */
export const dayAfter = (d: string) => new Date((dayNo(d) + 1) * DAY).toISOString().slice(0, 10);
