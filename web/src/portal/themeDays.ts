import type { ReferenceItem } from '../api/types.ts';
import type { MessageKey, Params } from '../i18n/index.tsx';

export interface UpcomingDay {
  code: string;
  nameZh: string;
  nameEn: string;
  date: Date;
  daysLeft: number;
}

export interface RecurringDay {
  code: string;
  nameZh: string;
  nameEn: string;
  rule: { key: MessageKey; params: Params };
}

type Rule = { type?: unknown; month?: unknown; day?: unknown; [k: string]: unknown };

const ruleOf = (item: ReferenceItem): Rule => (item.data.rule ?? {}) as Rule;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Whether the theme day is still observed this year (e.g. 全国科普日 ended in 2024). */
function currentIn(item: ReferenceItem, year: number): boolean {
  const validTo = num(item.data.validTo);
  const firstYear = num(item.data.firstYear);
  return (validTo === null || validTo >= year) && (firstYear === null || firstYear <= year + 1);
}

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());

/** The next `count` FIXED theme days from today (today included), soonest first. */
export function upcomingFixed(items: ReferenceItem[], today: Date, count: number): UpcomingDay[] {
  const base = startOfDay(today);
  const out: UpcomingDay[] = [];
  for (const item of items) {
    const rule = ruleOf(item);
    const month = num(rule.month);
    const day = num(rule.day);
    if (rule.type !== 'FIXED' || month === null || day === null || !item.active) continue;
    let date = new Date(base.getFullYear(), month - 1, day);
    if (date < base) date = new Date(base.getFullYear() + 1, month - 1, day);
    if (!currentIn(item, date.getFullYear())) continue;
    const daysLeft = Math.round((date.getTime() - base.getTime()) / 86_400_000);
    out.push({ code: item.code, nameZh: item.nameZh, nameEn: item.nameEn, date, daysLeft });
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft).slice(0, count);
}

/** Theme days and weeks whose date is not a fixed day, with a readable rule. */
export function recurringOthers(items: ReferenceItem[], today: Date): RecurringDay[] {
  const out: RecurringDay[] = [];
  for (const item of items) {
    const rule = ruleOf(item);
    if (rule.type === 'FIXED' || !item.active || !currentIn(item, today.getFullYear())) continue;
    const month = num(rule.month) ?? 0;
    const n = num(rule.n) ?? 0;
    let described: RecurringDay['rule'];
    switch (rule.type) {
      case 'WHOLE_MONTH':
        described = { key: 'rule.wholeMonth', params: { month } };
        break;
      case 'FIXED_RANGE':
        described = {
          key: 'rule.fixedRange',
          params: {
            month,
            day: num(rule.day) ?? 0,
            endMonth: num(rule.endMonth) ?? month,
            endDay: num(rule.endDay) ?? 0,
          },
        };
        break;
      case 'WEEK_OF_MONTH':
        described = { key: 'rule.weekOfMonth', params: { month, n } };
        break;
      case 'NTH_REST_DAY':
        described = { key: 'rule.nthRestDay', params: { month, n } };
        break;
      default:
        described = { key: 'rule.other', params: {} };
    }
    out.push({ code: item.code, nameZh: item.nameZh, nameEn: item.nameEn, rule: described });
  }
  return out;
}
