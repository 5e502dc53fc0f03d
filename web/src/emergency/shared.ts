import type { MessageKey } from '../i18n/index.tsx';

/** Minutes as people say them: 45 分钟, 2 小时 5 分, 3 天 4 小时. */
export function durationText(minutes: number, lang: string): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (lang === 'en-US') {
    if (d) return `${d} d ${h} h`;
    if (h) return m ? `${h} h ${m} min` : `${h} h`;
    return `${m} min`;
  }
  if (d) return h ? `${d} 天 ${h} 小时` : `${d} 天`;
  if (h) return m ? `${h} 小时 ${m} 分` : `${h} 小时`;
  return `${m} 分钟`;
}

export const STATUS_CLASS = {
  ACTIVE: 'state-tag state-tag-warn',
  CLOSED: 'state-tag state-tag-plain',
} as const;

export const key = (k: string) => k as MessageKey;
