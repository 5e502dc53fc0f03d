import type { Executor } from '#platform/db/connect.ts';
import type { DivisionTable, ReferenceItemTable } from '#platform/db/schema.ts';

export type ReferenceRow = ReferenceItemTable;

export async function listItems(
  db: Executor,
  kind: string,
  includeInactive: boolean,
): Promise<ReferenceRow[]> {
  return db
    .selectFrom('referenceItems')
    .selectAll()
    .where('kind', '=', kind)
    .$if(!includeInactive, (q) => q.where('active', '=', 1))
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

export async function findItem(
  db: Executor,
  kind: string,
  code: string,
): Promise<ReferenceRow | undefined> {
  return db
    .selectFrom('referenceItems')
    .selectAll()
    .where('kind', '=', kind)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function insertItem(db: Executor, row: ReferenceRow): Promise<void> {
  await db.insertInto('referenceItems').values(row).execute();
}

/** Seeding: insert or leave alone (admins' edits win over the seed). */
export async function insertItemIfMissing(db: Executor, row: ReferenceRow): Promise<void> {
  await db
    .insertInto('referenceItems')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'code']).doNothing())
    .execute();
}

export async function updateItem(
  db: Executor,
  id: string,
  patch: Partial<ReferenceRow>,
): Promise<void> {
  await db.updateTable('referenceItems').set(patch).where('id', '=', id).execute();
}

export async function listDivisions(
  db: Executor,
  parentCode: string | null,
  includeRetired: boolean,
  today: string,
): Promise<DivisionTable[]> {
  return db
    .selectFrom('divisions')
    .selectAll()
    .$if(parentCode === null, (q) => q.where('level', '=', 1))
    .$if(parentCode !== null, (q) => q.where('parentCode', '=', parentCode!))
    .$if(!includeRetired, (q) =>
      q.where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', today)])),
    )
    .orderBy('code')
    .execute();
}

/** Which of these division codes exist (current or retired). */
export async function existingDivisionCodes(db: Executor, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('divisions').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

export async function findDivision(db: Executor, code: string): Promise<DivisionTable | undefined> {
  return db.selectFrom('divisions').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertDivision(db: Executor, row: DivisionTable): Promise<void> {
  await db.insertInto('divisions').values(row).execute();
}

export async function updateDivision(db: Executor, code: string, patch: Partial<DivisionTable>) {
  await db.updateTable('divisions').set(patch).where('code', '=', code).execute();
}

export async function countDivisions(db: Executor): Promise<number> {
  const rows = await db
    .selectFrom('divisions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(rows.n);
}

export async function insertDivisions(db: Executor, rows: DivisionTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('divisions')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}

/** Kind, code and Chinese name of every item of these kinds (search keywords' look-up). */
export async function listItemNames(db: Executor, kinds: string[]) {
  return db
    .selectFrom('referenceItems')
    .select(['kind', 'code', 'nameZh'])
    .where('kind', 'in', kinds)
    .execute();
}
