import { todayInChina } from '#platform/ids.ts';

/**
 * The demo's calendar: every date is counted from the day the demo is seeded (Beijing time), so a
 * fresh start always shows an open call, a recent 公示 and bases named a few years ago.
 */
export interface DemoClock {
  today: string;
  /** The date `days` from today (negative: in the past), YYYY-MM-DD. */
  day(days: number): string;
  /** The year of that date. */
  year(days: number): number;
  addYears(date: string, years: number): string;
}

export function demoClock(now = Date.now()): DemoClock {
  const today = todayInChina(now);
  const base = Date.parse(`${today}T00:00:00Z`);
  const day = (days: number) => new Date(base + days * 86_400_000).toISOString().slice(0, 10);
  return {
    today,
    day,
    year: (days) => Number(day(days).slice(0, 4)),
    addYears(date, years) {
      const d = new Date(`${date}T00:00:00Z`);
      d.setUTCFullYear(d.getUTCFullYear() + years);
      return d.toISOString().slice(0, 10);
    },
  };
}

/** A 文号 as the ministry writes it: 自然资发〔2024〕118号. */
export const docNo = (prefix: string, year: number, n: number) => `${prefix}〔${year}〕${n}号`;

/** A Beijing date (YYYY-MM-DD) and time (HH:MM) as an instant. */
export const beijingInstant = (date: string, time: string) =>
  new Date(`${date}T${time}:00+08:00`).toISOString();
