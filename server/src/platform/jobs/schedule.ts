/**
 * When a recurring job runs next. No cron library is installed (croner is not in node_modules and
 * we add no packages), and two shapes cover every schedule we have: once a day at a time of day
 * in China (UTC+8 all year, no daylight saving, so a fixed offset is exact), or every so often.
 */
export type ScheduleSpec = { dailyAt: `${number}:${number}` } | { everyMs: number };

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The first run strictly after `afterMs` (epoch ms). */
export function nextOccurrence(spec: ScheduleSpec, afterMs: number): number {
  if ('everyMs' in spec) {
    if (!(spec.everyMs >= 1000)) throw new Error('everyMs must be at least 1000');
    return afterMs + spec.everyMs;
  }
  const m = /^(\d{1,2}):(\d{2})$/.exec(spec.dailyAt);
  const hours = Number(m?.[1]);
  const minutes = Number(m?.[2]);
  if (!m || hours > 23 || minutes > 59) throw new Error(`bad dailyAt: ${spec.dailyAt}`);
  const local = afterMs + CHINA_OFFSET_MS;
  const dayStart = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  let at = dayStart + (hours * 60 + minutes) * 60_000;
  if (at <= local) at += DAY_MS;
  return at - CHINA_OFFSET_MS;
}
