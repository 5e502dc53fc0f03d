import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import type { SearchTermTable } from '#platform/db/schema.ts';

export type TermRow = SearchTermTable;

export async function listTerms(
  db: Executor,
  kind?: 'WORD' | 'SYNONYM' | 'NARROWER',
): Promise<TermRow[]> {
  return db
    .selectFrom('searchTerms')
    .selectAll()
    .$if(!!kind, (q) => q.where('kind', '=', kind!))
    .orderBy('kind')
    .orderBy('term')
    .execute();
}

/** Terms stored, active or not (terms are never deleted). */
export async function countTerms(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('searchTerms')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findTerm(db: Executor, id: string): Promise<TermRow | undefined> {
  return db.selectFrom('searchTerms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTermByText(
  db: Executor,
  kind: string,
  term: string,
): Promise<TermRow | undefined> {
  return db
    .selectFrom('searchTerms')
    .selectAll()
    .where('kind', '=', kind as TermRow['kind'])
    .where('term', '=', term)
    .executeTakeFirst();
}

export async function insertTerm(db: Executor, row: TermRow, ifMissing = false): Promise<void> {
  await db
    .insertInto('searchTerms')
    .values(row)
    .$if(ifMissing, (q) => q.onConflict((oc) => oc.columns(['kind', 'term']).doNothing()))
    .execute();
}

export async function updateTerm(db: Executor, id: string, patch: Partial<TermRow>): Promise<void> {
  await db.updateTable('searchTerms').set(patch).where('id', '=', id).execute();
}

/** Zero-result queries since `since`, most frequent first. */
export async function zeroResultQueries(
  db: Executor,
  since: string,
  limit: number,
  offset: number,
) {
  const base = db
    .selectFrom('searchQueries')
    .where('results', '=', 0)
    .where('normalized', '!=', '')
    .where('at', '>=', since);
  const [rows, count] = await Promise.all([
    base
      .select([
        'normalized as q',
        sql<number>`count(*)`.as('count'),
        sql<string>`max(at)`.as('lastAt'),
      ])
      .groupBy('normalized')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy(sql`max(at)`, 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom(base.select('normalized').groupBy('normalized').as('g'))
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, count: Number(r.count) })), total: Number(count.n) };
}
