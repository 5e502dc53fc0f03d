import { type RawBuilder, sql } from 'kysely';
import type { DialectName } from '../db/connect.ts';
import type { SearchFilters } from './types.ts';

/** `value` is one element of the JSON array in `column`, per dialect. */
function jsonContains(dialect: DialectName, column: string, value: string): RawBuilder<unknown> {
  return dialect === 'sqlite'
    ? sql`exists (select 1 from json_each(${sql.ref(column)}) where value = ${value})`
    : sql`${sql.ref(column)}::jsonb ? ${value}`;
}

/** The WHERE conditions for the filters on the alias `d` (search_documents). */
export function filterConditions(dialect: DialectName, f: SearchFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (f.type) parts.push(sql`d.type = ${f.type}`);
  if (f.sector) parts.push(jsonContains(dialect, 'd.sectors', f.sector));
  if (f.topic) parts.push(jsonContains(dialect, 'd.topics', f.topic));
  if (f.audience) parts.push(jsonContains(dialect, 'd.audiences', f.audience));
  if (f.region) parts.push(sql`substr(d.region, 1, 2) = ${f.region.slice(0, 2)}`);
  if (f.year !== undefined) parts.push(sql`d.year = ${f.year}`);
  return sql.join(parts, sql` and `);
}

/** Facet counts over the filtered matches `f`, as one UNION ALL query. */
export function facetQuery(dialect: DialectName): RawBuilder<unknown> {
  const each = (col: string) =>
    dialect === 'sqlite'
      ? sql`json_each(${sql.ref(col)}) as j`
      : sql`jsonb_array_elements_text(${sql.ref(col)}::jsonb) as j(value)`;
  return sql`
    select 'type' as facet, f.type as value, count(*) as n from f group by f.type
    union all select 'sector', j.value, count(*) from f, ${each('f.sectors')} group by j.value
    union all select 'topic', j.value, count(*) from f, ${each('f.topics')} group by j.value
    union all select 'audience', j.value, count(*) from f, ${each('f.audiences')} group by j.value
    union all select 'region', substr(f.region, 1, 2) || '0000', count(*) from f where f.region is not null group by substr(f.region, 1, 2)
    union all select 'year', cast(f.year as text), count(*) from f where f.year is not null group by f.year`;
}
