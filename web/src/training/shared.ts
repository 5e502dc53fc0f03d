/** An instant from a Beijing date (YYYY-MM-DD) and time (HH:mm). */
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
