/** Names people read: hazard types and divisions in the locale (never a code on screen). */
import type { Executor } from '#platform/db/connect.ts';
import { divisionName } from '#platform/division-names.ts';
import type { Locale } from '#platform/i18n.ts';

export async function hazardNames(db: Executor, locale: Locale): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('referenceItems')
    .select(['code', 'nameZh', 'nameEn'])
    .where('kind', '=', 'HAZARD_TYPE')
    .orderBy('sort')
    .execute();
  return new Map(rows.map((r) => [r.code, locale === 'en-US' ? r.nameEn : r.nameZh]));
}

/** Province, city and county of each code, joined as people write them: 湖南省长沙市岳麓区. */
export async function divisionLabels(
  db: Executor,
  codes: readonly string[],
  locale: Locale,
): Promise<Map<string, string>> {
  const chain = (c: string) => [
    ...new Set([`${c.slice(0, 2)}0000`, `${c.slice(0, 4)}00`, c].filter((x) => x !== '000000')),
  ];
  const all = [...new Set(codes.flatMap(chain))];
  if (all.length === 0) return new Map();
  const rows = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('code', 'in', all)
    .execute();
  const name = new Map(rows.map((r) => [r.code, divisionName(r.code, r.name, locale)]));
  return new Map(
    codes.map((c) => {
      const parts = chain(c)
        .map((x) => name.get(x))
        .filter((x): x is string => !!x);
      const label = locale === 'en-US' ? parts.reverse().join(', ') : parts.join('');
      return [c, label || c];
    }),
  );
}
