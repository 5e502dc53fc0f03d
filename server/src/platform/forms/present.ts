/** Answers for people to read: the names behind division codes, unit and person ids. */
import type { Executor } from '#platform/db/connect.ts';
import { divisionNameEn } from '#platform/division-names.ts';
import type { Locale } from '#platform/i18n.ts';
import * as repo from './repo.ts';
import { type Answers, type AnyField, kindOf } from './schema.ts';
import type { FormDefinitionLike } from './validate.ts';

/** Placeholder names of GB/T 2260 that a full name leaves out (北京市市辖区东城区 → 北京市东城区). */
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/**
 * value → name for every division, organisation and person answer (table cells too), so that a
 * page never shows a code or an id: 430111 → 湖南省长沙市雨花区 (in en-US: Yuhua District, Changsha
 * City, Hunan). `hide`: the names of units and people are replaced by this (a blind reviewer's view).
 */
export async function answerNames(
  db: Executor,
  definition: FormDefinitionLike,
  answers: Answers,
  options: { hide?: string; locale?: Locale } = {},
): Promise<Record<string, string>> {
  const wanted = {
    division: new Set<string>(),
    organisation: new Set<string>(),
    person: new Set<string>(),
  };
  const collect = (f: AnyField, v: unknown) => {
    const kind = kindOf(f);
    if (
      (kind === 'division' || kind === 'organisation' || kind === 'person') &&
      typeof v === 'string'
    )
      wanted[kind].add(v);
  };
  for (const f of definition.fields) {
    const v = answers[f.key];
    if (kindOf(f) === 'table' && Array.isArray(v))
      for (const row of v)
        for (const c of f.columns ?? [])
          collect(c, (row as Record<string, unknown> | null)?.[c.key]);
    else collect(f, v);
  }
  const [divisions, orgs, people] = await Promise.all([
    divisionFullNames(db, [...wanted.division], options.locale),
    repo.organisationNames(db, [...wanted.organisation]),
    repo.personNames(db, [...wanted.person]),
  ]);
  const out: Record<string, string> = Object.fromEntries(divisions);
  for (const [id, name] of [...orgs, ...people]) out[id] = options.hide ?? name;
  return out;
}

/**
 * Full names of division codes: 430111 → 湖南省长沙市雨花区 (en-US: Yuhua District, Changsha City,
 * Hunan). Unknown codes are left out.
 */
export async function divisionFullNames(
  db: Executor,
  codes: string[],
  locale?: Locale,
): Promise<Map<string, string>> {
  const chain = (code: string) =>
    [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code].filter(
      (c, i, a) => a.indexOf(c) === i,
    );
  const divisions = await repo.divisionNames(db, [...new Set(codes.flatMap(chain))]);
  const out = new Map<string, string>();
  for (const code of codes) {
    const parts = chain(code).flatMap((c) => {
      const n = divisions.get(c);
      if (!n || PLACEHOLDERS.has(n)) return [];
      return [locale === 'en-US' ? (divisionNameEn(c, n) ?? n) : n];
    });
    if (divisions.has(code))
      out.set(code, locale === 'en-US' ? parts.reverse().join(', ') : parts.join(''));
  }
  return out;
}
