import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { CertificateTable } from '#platform/db/schema.ts';
import { inSubtrees } from '#platform/db/subtree.ts';

export type CertificateRow = CertificateTable & { orgPath: string };

/** Rows per INSERT of a batch (17 columns: far under either database's parameter limit). */
export const INSERT_CHUNK = 200;

function withOrg(db: Executor) {
  return db
    .selectFrom('certificates')
    .innerJoin('organisations', 'organisations.id', 'certificates.organisationId')
    .selectAll('certificates')
    .select('organisations.path as orgPath');
}

export const findById = (db: Executor, id: string) =>
  withOrg(db).where('certificates.id', '=', id).executeTakeFirst();

export const findByCode = (db: Executor, code: string) =>
  withOrg(db).where('certificates.code', '=', code).executeTakeFirst();

/** The certificates already issued for these (source, holder) pairs. */
export async function findBySources(
  db: Executor,
  sourceType: string,
  pairs: { sourceId: string; holderId: string }[],
): Promise<CertificateRow[]> {
  const out: CertificateRow[] = [];
  for (let i = 0; i < pairs.length; i += INSERT_CHUNK) {
    const chunk = pairs.slice(i, i + INSERT_CHUNK);
    const sourceIds = [...new Set(chunk.map((p) => p.sourceId))];
    const holderIds = [...new Set(chunk.map((p) => p.holderId))];
    const rows = await withOrg(db)
      .where('certificates.sourceType', '=', sourceType)
      .where('certificates.sourceId', 'in', sourceIds)
      .where('certificates.holderId', 'in', holderIds)
      .execute();
    const wanted = new Set(chunk.map((p) => `${p.sourceId}\n${p.holderId}`));
    out.push(...rows.filter((r) => wanted.has(`${r.sourceId}\n${r.holderId}`)));
  }
  return out;
}

/** Codes among these that are taken already. */
export async function takenCodes(db: Executor, codes: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await db
      .selectFrom('certificates')
      .select('code')
      .where('code', 'in', codes.slice(i, i + 500))
      .execute();
    for (const r of rows) taken.add(r.code);
  }
  return taken;
}

/** Inserts in chunks; a row whose (source, holder) exists already is skipped (a parallel issue). */
export async function insertMany(db: Executor, rows: CertificateTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await db
      .insertInto('certificates')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['sourceType', 'sourceId', 'holderId']).doNothing())
      .execute();
}

export async function namesOfUsers(db: Executor, ids: string[]) {
  const out = new Map<string, { displayName: string; username: string; active: boolean }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'displayName', 'username', 'status'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows)
      out.set(r.id, {
        displayName: r.displayName,
        username: r.username,
        active: r.status !== 'DELETED',
      });
  }
  return out;
}

export const organisation = (db: Executor, id: string) =>
  db
    .selectFrom('organisations')
    .select(['id', 'name', 'path', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();

export async function revoke(
  db: Executor,
  id: string,
  by: string | null,
  reason: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('certificates')
    .set({ revokedAt: at, revokedBy: by, revokeReason: reason })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listOfHolder(db: Executor, holderId: string, page: number, pageSize: number) {
  // An exported 科普 record (RECORD) is verified by its code but is not a certificate held.
  const base = withOrg(db)
    .where('certificates.holderId', '=', holderId)
    .where('certificates.kind', '!=', 'RECORD');
  const [items, total] = await Promise.all([
    base
      .orderBy('certificates.issuedAt', 'desc')
      .orderBy('certificates.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('certificates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('holderId', '=', holderId)
      .where('kind', '!=', 'RECORD')
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export interface IssuedFilter {
  /** Subtree roots of the issuers the reader may see; 'ALL' for platform administrators. */
  scope: 'ALL' | string[];
  /** Only this organisation's subtree. */
  underPath?: string;
  q?: string;
  status?: 'VALID' | 'REVOKED';
}

export async function listIssued(db: Executor, f: IssuedFilter, page: number, pageSize: number) {
  let base = db
    .selectFrom('certificates')
    .innerJoin('organisations', 'organisations.id', 'certificates.organisationId')
    .where('certificates.kind', '!=', 'RECORD');
  if (f.scope !== 'ALL') {
    const roots = f.scope;
    base = base.where((eb) => inSubtrees(eb, roots));
  }
  if (f.underPath) {
    const p = f.underPath;
    base = base.where((eb) => inSubtrees(eb, [p]));
  }
  if (f.status === 'VALID') base = base.where('certificates.revokedAt', 'is', null);
  if (f.status === 'REVOKED') base = base.where('certificates.revokedAt', 'is not', null);
  if (f.q) {
    const q = f.q;
    base = base.where((eb) =>
      eb.or([
        containsText('certificates.holderName', q),
        containsText('certificates.title', q),
        containsText('certificates.code', q.toUpperCase()),
      ]),
    );
  }
  const [items, total] = await Promise.all([
    base
      .selectAll('certificates')
      .select('organisations.path as orgPath')
      .orderBy('certificates.issuedAt', 'desc')
      .orderBy('certificates.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export const allOfHolder = (db: Executor, holderId: string) =>
  db
    .selectFrom('certificates')
    .selectAll()
    .where('holderId', '=', holderId)
    .orderBy('issuedAt')
    .execute();

export const deleteOfHolder = (db: Executor, holderId: string) =>
  db.deleteFrom('certificates').where('holderId', '=', holderId).execute();
