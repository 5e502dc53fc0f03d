import { type DialectName, type Executor, lockChain, type Tx } from './db/connect.ts';
import { newId, nowIso, sha256 } from './ids.ts';

/** Who did it and from where: passed from the route into every service call that writes. */
export interface RequestContext {
  actorId: string | null;
  ip: string | null;
  dialect: DialectName;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  organisationId?: string | null;
  detail?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
const HEAD_KEY = 'audit.head';

interface ChainedFields {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  organisationId: string | null;
  ip: string | null;
  detail: string;
}

/** The hash covers every field in a fixed order, and the previous row's hash. */
function hashRow(prevHash: string, r: ChainedFields): string {
  const fields = [
    r.id,
    r.at,
    r.actorId,
    r.action,
    r.entityType,
    r.entityId,
    r.organisationId,
    r.ip,
    r.detail,
  ];
  return sha256(prevHash + JSON.stringify(fields));
}

/**
 * Appends an audit row inside the caller's transaction, chained to the previous row's hash, and
 * moves the recorded head, so that a deleted tail row is noticed too.
 */
export async function recordAudit(tx: Tx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await lockChain(tx, ctx.dialect, 'audit_log');
  const head = await tx
    .selectFrom('settings')
    .select('value')
    .where('key', '=', HEAD_KEY)
    .executeTakeFirst();
  const prevHash = head ? (JSON.parse(head.value) as { hash: string }).hash : GENESIS;
  const row = {
    id: newId(),
    at: nowIso(),
    actorId: ctx.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    organisationId: entry.organisationId ?? null,
    ip: ctx.ip,
    detail: JSON.stringify(entry.detail ?? {}),
  };
  const hash = hashRow(prevHash, row);
  const inserted = await tx
    .insertInto('auditLog')
    .values({ ...row, prevHash, hash })
    .returning('seq')
    .executeTakeFirstOrThrow();
  const value = JSON.stringify({ seq: inserted.seq, hash });
  await tx
    .insertInto('settings')
    .values({ key: HEAD_KEY, value, updatedAt: row.at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: row.at }))
    .execute();
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  problems: { seq: number | null; problem: 'hash_mismatch' | 'broken_link' | 'tail_missing' }[];
}

/** Recomputes the chain; reports every row whose content or link changed and a missing tail. */
export async function verifyAuditChain(db: Executor): Promise<AuditVerification> {
  const problems: AuditVerification['problems'] = [];
  let prev = GENESIS;
  let rows = 0;
  let lastSeq = 0;
  const pageSize = 5000;
  for (;;) {
    const page = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>', lastSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of page) {
      const { seq, prevHash, hash } = r;
      if (prevHash !== prev) problems.push({ seq, problem: 'broken_link' });
      if (hashRow(prevHash, r) !== hash) problems.push({ seq, problem: 'hash_mismatch' });
      prev = hash;
      lastSeq = seq;
      rows++;
    }
    if (page.length < pageSize) break;
  }
  const head = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', HEAD_KEY)
    .executeTakeFirst();
  if (head) {
    const h = JSON.parse(head.value) as { seq: number; hash: string };
    if (h.hash !== prev) problems.push({ seq: h.seq, problem: 'tail_missing' });
  } else if (rows > 0) {
    problems.push({ seq: null, problem: 'tail_missing' });
  }
  return { ok: problems.length === 0, rows, problems };
}
