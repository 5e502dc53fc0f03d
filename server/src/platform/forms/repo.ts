/**
 * The form engine's SQL: existence of what an answer refers to, and the typed value table.
 * Reading `divisions`, `organisations`, `users` and `media` here is existence only (is there such
 * a one?); whether the person may use it stays with the module that owns the form.
 */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import type { FormValueTable } from '#platform/db/schema.ts';

export type FormValueRow = {
  [K in keyof FormValueTable]: K extends 'num' ? number | null : FormValueTable[K];
};

/** The divisions among these codes still in force: code → level. */
export async function divisionLevels(
  db: Executor,
  codes: string[],
  today: string,
): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('divisions')
    .select(['code', 'level'])
    .where('code', 'in', codes)
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', today)]))
    .execute();
  return new Map(rows.map((r) => [r.code, r.level]));
}

/** Which of these ids are active organisations. */
export async function activeOrganisationIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', ids)
    .where('active', '=', 1)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Which of these ids are people whose account is not deleted. */
export async function existingPersonIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', ids)
    .where('status', '!=', 'DELETED')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The media kind of each of these ids that exists. */
export async function mediaKinds(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('media').select(['id', 'kind']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/** Replaces an owner's values with these (in the caller's transaction). */
export async function replaceFormValues(
  db: Executor,
  ownerType: string,
  ownerId: string,
  rows: FormValueRow[],
): Promise<void> {
  await db
    .deleteFrom('formValues')
    .where('ownerType', '=', ownerType)
    .where('ownerId', '=', ownerId)
    .execute();
  // 8 parameters a row: 100 rows stay under SQLite's 999-variable limit.
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('formValues')
      .values(rows.slice(i, i + 100))
      .execute();
}

/** An owner's typed values, in field order (tests and exports). */
export async function listFormValues(
  db: Executor,
  ownerType: string,
  ownerId: string,
): Promise<FormValueRow[]> {
  const rows = await db
    .selectFrom('formValues')
    .select([
      'ownerType',
      'ownerId',
      'fieldKey',
      'rowIndex',
      'columnKey',
      'text',
      'date',
      sql<number | null>`cast(num as double precision)`.as('num'),
    ])
    .where('ownerType', '=', ownerType)
    .where('ownerId', '=', ownerId)
    .orderBy('fieldKey')
    .orderBy('rowIndex')
    .orderBy('columnKey')
    .execute();
  return rows;
}

/**
 * Sum, count, smallest and largest of a number field over every owner of a type (or the given
 * owners); `columnKey` names a table's column. Served by the (owner type, field key) index.
 */
export async function sumFormNumbers(
  db: Executor,
  q: { ownerType: string; fieldKey: string; columnKey?: string; ownerIds?: string[] },
): Promise<{ sum: number; count: number; min: number | null; max: number | null }> {
  const row = await db
    .selectFrom('formValues')
    .select([
      sql<number | null>`cast(sum(num) as double precision)`.as('sum'),
      sql<number>`count(num)`.as('count'),
      sql<number | null>`cast(min(num) as double precision)`.as('min'),
      sql<number | null>`cast(max(num) as double precision)`.as('max'),
    ])
    .where('ownerType', '=', q.ownerType)
    .where('fieldKey', '=', q.fieldKey)
    .where('columnKey', '=', q.columnKey ?? '')
    .$if(q.ownerIds !== undefined, (qb) => qb.where('ownerId', 'in', q.ownerIds ?? []))
    .executeTakeFirstOrThrow();
  return { sum: row.sum ?? 0, count: Number(row.count), min: row.min, max: row.max };
}

/** Sum of a number field grouped by the text of another field of the same owner (e.g. by 省). */
export async function sumFormNumbersBy(
  db: Executor,
  q: { ownerType: string; fieldKey: string; byFieldKey: string },
): Promise<{ key: string | null; sum: number }[]> {
  const rows = await db
    .selectFrom('formValues as v')
    .leftJoin('formValues as g', (j) =>
      j
        .onRef('g.ownerType', '=', 'v.ownerType')
        .onRef('g.ownerId', '=', 'v.ownerId')
        .on('g.fieldKey', '=', q.byFieldKey)
        .on('g.rowIndex', '=', 0)
        .on('g.columnKey', '=', ''),
    )
    .select(['g.text as key', sql<number>`cast(sum(v.num) as double precision)`.as('sum')])
    .where('v.ownerType', '=', q.ownerType)
    .where('v.fieldKey', '=', q.fieldKey)
    .where('v.columnKey', '=', '')
    .groupBy('g.text')
    .orderBy('g.text')
    .execute();
  return rows.map((r) => ({ key: r.key, sum: Number(r.sum) }));
}

/** Names of divisions (current or retired: an old answer keeps its name). */
export async function divisionNames(db: Executor, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Names of organisations. */
export async function organisationNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Display names of people. */
export async function personNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'displayName'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
