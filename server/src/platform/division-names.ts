import type { Locale } from '#platform/i18n.ts';

/**
 * The official English names of the province-level divisions (GB/T 2260 PP0000), as the State
 * Council's English pages write them: pinyin for most, the established names for 内蒙古 (Inner
 * Mongolia), the autonomous regions' short forms (Guangxi, Ningxia, Xinjiang, Xizang), and
 * Hong Kong, Macao, Taiwan. Lower levels have no English in the packaged data.
 */
const PROVINCES_EN: Record<string, string> = {
  '110000': 'Beijing',
  '120000': 'Tianjin',
  '130000': 'Hebei',
  '140000': 'Shanxi',
  '150000': 'Inner Mongolia',
  '210000': 'Liaoning',
  '220000': 'Jilin',
  '230000': 'Heilongjiang',
  '310000': 'Shanghai',
  '320000': 'Jiangsu',
  '330000': 'Zhejiang',
  '340000': 'Anhui',
  '350000': 'Fujian',
  '360000': 'Jiangxi',
  '370000': 'Shandong',
  '410000': 'Henan',
  '420000': 'Hubei',
  '430000': 'Hunan',
  '440000': 'Guangdong',
  '450000': 'Guangxi',
  '460000': 'Hainan',
  '500000': 'Chongqing',
  '510000': 'Sichuan',
  '520000': 'Guizhou',
  '530000': 'Yunnan',
  '540000': 'Xizang',
  '610000': 'Shaanxi',
  '620000': 'Gansu',
  '630000': 'Qinghai',
  '640000': 'Ningxia',
  '650000': 'Xinjiang',
  '710000': 'Taiwan',
  '810000': 'Hong Kong',
  '820000': 'Macao',
};

/** A division's English name, where it has one (province level). */
export function divisionNameEn(code: string): string | null {
  return PROVINCES_EN[code] ?? null;
}

/** The name of the province a division code lies in, in the locale (Chinese as stored). */
export function provinceName(
  divisionCode: string | null,
  stored: string | null,
  locale: Locale,
): string | null {
  if (!stored) return null;
  if (locale !== 'en-US' || !divisionCode) return stored;
  return PROVINCES_EN[`${divisionCode.slice(0, 2)}0000`] ?? stored;
}

/** A division's name in the locale: English where known, else the Chinese name. */
export function divisionName(code: string, stored: string, locale: Locale): string {
  return (locale === 'en-US' && PROVINCES_EN[code]) || stored;
}
