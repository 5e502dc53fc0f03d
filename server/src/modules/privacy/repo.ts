import type { Executor } from '#platform/db/connect.ts';
import type { ConsentTable, PolicyDocumentTable } from '#platform/db/schema.ts';
import { nowIso } from '#platform/ids.ts';
import type { PolicyKind } from './schema.ts';

export async function currentDocument(db: Executor, kind: PolicyKind) {
  return db
    .selectFrom('policyDocuments')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listVersions(db: Executor, kind: PolicyKind) {
  return db
    .selectFrom('policyDocuments')
    .leftJoin('users', 'users.id', 'policyDocuments.publishedBy')
    .selectAll('policyDocuments')
    .select('users.displayName as publishedByName')
    .where('policyDocuments.kind', '=', kind)
    .orderBy('policyDocuments.version', 'desc')
    .limit(200)
    .execute();
}

export async function insertDocument(db: Executor, row: PolicyDocumentTable) {
  await db.insertInto('policyDocuments').values(row).execute();
}

export async function insertConsents(db: Executor, rows: ConsentTable[]) {
  if (rows.length) await db.insertInto('consents').values(rows).execute();
}

/** The newest version of each kind the person accepted. */
export async function acceptedVersions(db: Executor, userId: string) {
  const rows = await db
    .selectFrom('consents')
    .select(['kind', (eb) => eb.fn.max('version').as('version')])
    .where('userId', '=', userId)
    .groupBy('kind')
    .execute();
  return new Map(rows.map((r) => [r.kind, Number(r.version)]));
}

export async function consentsOf(db: Executor, userId: string) {
  return db
    .selectFrom('consents')
    .select(['kind', 'version', 'at'])
    .where('userId', '=', userId)
    .orderBy('at')
    .execute();
}

export async function getSetting(db: Executor, key: string) {
  const r = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return r?.value;
}

export async function putSetting(db: Executor, key: string, value: string) {
  const at = nowIso();
  await db
    .insertInto('settings')
    .values({ key, value, updatedAt: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: at }))
    .execute();
}
