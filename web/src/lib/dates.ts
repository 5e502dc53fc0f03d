import type { Lang } from '../api/client.ts';

const DATE: Intl.DateTimeFormatOptions = {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
};

/** A timestamp's day in Beijing time, written the way the UI language writes dates. */
export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, DATE).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as written in the UI language. */
export function formatCalendarDate(ymd: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { ...DATE, timeZone: 'UTC' }).format(
    new Date(`${ymd}T00:00:00Z`),
  );
}

/** Today's calendar date in China (UTC+8), YYYY-MM-DD, as calls and notices count their days. */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A timestamp's time of day in Beijing time (HH:mm), e.g. when a lock or a key ends. */
export function formatTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** A timestamp's day and time in Beijing time, without seconds. */
export function formatDayTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, {
    ...DATE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** An instant from a Beijing wall-clock date (YYYY-MM-DD) and time (HH:mm). */
export function chinaInstant(date: string, time: string): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString();
}

/** An instant as Beijing date and time parts. */
export function chinaParts(iso: string): { date: string; time: string } {
  const s = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return { date: s.slice(0, 10), time: s.slice(11, 16) };
}

/** An instant as Beijing `YYYY-MM-DD HH:mm`. */
export function chinaWhen(iso: string): string {
  const p = chinaParts(iso);
  return `${p.date} ${p.time}`;
}
