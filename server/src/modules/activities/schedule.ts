import rrulePkg from 'rrule';
import { fieldError } from '#platform/errors.ts';

const { RRule } = rrulePkg;

/** China time is UTC+8 all year: a fixed shift gives wall-clock recurrence exactly. */
const CHINA = 8 * 3_600_000;
export const MAX_SESSIONS = 200;

/**
 * The starts of a recurring schedule: the RRULE read in China wall-clock time from the first
 * start (so BYDAY=SA means a Saturday in China even for a 07:00 start), exceptions left out.
 * More than 200 (or an unbounded rule) is a field error: sessions are rows, materialised now.
 */
export function expandRecurrence(firstStart: string, rule: string, exdates: string[]): string[] {
  let options: Partial<rrulePkg.Options>;
  try {
    options = RRule.parseString(rule.replace(/^RRULE:/i, ''));
  } catch {
    throw fieldError('recurrence.rrule', '重复规则格式有误', 'is not a valid RRULE');
  }
  if (options.freq === undefined)
    throw fieldError('recurrence.rrule', '重复规则缺少 FREQ', 'needs FREQ');
  const dtstart = new Date(Date.parse(firstStart) + CHINA);
  const r = new RRule({ ...options, dtstart });
  const starts = r.all((_d, i) => i <= MAX_SESSIONS);
  if (starts.length > MAX_SESSIONS)
    throw fieldError(
      'recurrence.rrule',
      `重复规则最多生成 ${MAX_SESSIONS} 场（请用 COUNT 或 UNTIL 限定）`,
      `must give at most ${MAX_SESSIONS} sessions (bound it with COUNT or UNTIL)`,
    );
  const skip = new Set(exdates.map((d) => Date.parse(d)));
  return starts
    .map((d) => d.getTime() - CHINA)
    .filter((t) => !skip.has(t))
    .map((t) => new Date(t).toISOString());
}
