import { createHmac, randomBytes } from 'node:crypto';
import type { AuditAction } from './audit-actions.ts';
import { type DialectName, type Executor, lockChain, type Tx } from './db/connect.ts';
import { newId, nowIso, sha256 } from './ids.ts';

/** Who did it and from where: passed from the route into every service call that writes. */
export interface RequestContext {
  actorId: string | null;
  ip: string | null;
  dialect: DialectName;
}

export interface AuditEntry {
  /** One of `AUDIT_ACTIONS` (the console has a sentence for each). */
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  organisationId?: string | null;
  detail?: Record<string, unknown>;
  /**
   * Personal data about the row's person (names, contacts): kept apart in `audit_personal`,
   * erased with their account; the chain covers a salted digest of it.
   */
  personal?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
const HEAD_KEY = 'audit.head';

/**
 * Detail keys that name or reach a person: moved to the personal part even when a caller puts
 * them in `detail`, so that no name lands in the chained, unerasable columns.
 */
export const PERSONAL_DETAIL_KEYS = [
  'username',
  'displayName',
  'email',
  'phone',
  'guardianName',
  'guardianContact',
] as const;

// The key the chain is signed with: set once at startup (buildApp, the CLI) from the
// configuration, never stored in the database. Module-level because every service writes audit
// rows through recordAudit(tx, ctx, entry) and the key is one per deployment.
let auditKey: Buffer | null = null;

/** Sets the audit chain's HMAC key for this process (from `loadAuditKey(config)`). */
export function setAuditKey(key: Buffer): void {
  auditKey = key;
}

/** The key set by `setAuditKey`; writing or checking the chain without one is refused. */
export function currentAuditKey(): Buffer {
  if (!auditKey)
    throw new Error('audit key not loaded: call setAuditKey(loadAuditKey(config).key) at startup');
  return auditKey;
}

export interface ChainedFields {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  organisationId: string | null;
  detail: string;
  ipDigest: string | null;
  personalDigest: string | null;
}

/**
 * HMAC-SHA-256 under the audit key over every chained field in a fixed order and the previous
 * row's hash: whoever can write the database but lacks the key cannot recompute the chain.
 */
export function chainHash(key: Buffer, prevHash: string, r: ChainedFields): string {
  const fields = [
    r.id,
    r.at,
    r.actorId,
    r.action,
    r.entityType,
    r.entityId,
    r.organisationId,
    r.detail,
    r.ipDigest,
    r.personalDigest,
  ];
  return createHmac('sha256', key)
    .update(prevHash + JSON.stringify(fields))
    .digest('hex');
}

/** Salted digest of one personal part, bound to its row: erasing the part leaves the digest. */
export function personalDigest(auditId: string, part: string, value: string, salt: string) {
  return sha256(JSON.stringify([salt, auditId, part, value]));
}

interface PersonalPart {
  part: 'ip' | 'detail';
  subjectId: string | null;
  value: string;
  salt: string;
}

/**
 * The personal parts of a row: the IP belongs to the actor (or, before sign-in, to the user the
 * row is about); names in the detail belong to the user the row is about (else the actor).
 */
function personalParts(
  row: { actorId: string | null; entityType: string; entityId: string | null },
  ip: string | null,
  personal: Record<string, unknown> | null,
): PersonalPart[] {
  const aboutUser = row.entityType === 'user' ? row.entityId : null;
  const parts: PersonalPart[] = [];
  const salt = () => randomBytes(16).toString('hex');
  if (ip) parts.push({ part: 'ip', subjectId: row.actorId ?? aboutUser, value: ip, salt: salt() });
  if (personal && Object.keys(personal).length > 0)
    parts.push({
      part: 'detail',
      subjectId: aboutUser ?? row.actorId,
      value: JSON.stringify(personal),
      salt: salt(),
    });
  return parts;
}

/** Splits an entry's detail into what the chain keeps as is and what is personal. */
function splitDetail(entry: AuditEntry): {
  detail: Record<string, unknown>;
  personal: Record<string, unknown>;
} {
  const detail: Record<string, unknown> = {};
  const personal: Record<string, unknown> = {};
  const keys: readonly string[] = PERSONAL_DETAIL_KEYS;
  for (const [k, v] of Object.entries(entry.detail ?? {})) {
    if (keys.includes(k)) {
      if (v !== undefined) personal[k] = v;
    } else detail[k] = v;
  }
  for (const [k, v] of Object.entries(entry.personal ?? {})) if (v !== undefined) personal[k] = v;
  return { detail, personal };
}

/**
 * Appends an audit row inside the caller's transaction, chained to the previous row's hash, and
 * moves the recorded head, so that a deleted tail row is noticed too. The IP and the personal
 * detail go to `audit_personal`; the row keeps their salted digests.
 */
export async function recordAudit(tx: Tx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const key = currentAuditKey();
  await lockChain(tx, ctx.dialect, 'audit_log');
  const head = await tx
    .selectFrom('settings')
    .select('value')
    .where('key', '=', HEAD_KEY)
    .executeTakeFirst();
  const prevHash = head ? (JSON.parse(head.value) as { hash: string }).hash : GENESIS;
  const { detail, personal } = splitDetail(entry);
  const base = {
    id: newId(),
    at: nowIso(),
    actorId: ctx.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    organisationId: entry.organisationId ?? null,
    detail: JSON.stringify(detail),
  };
  const parts = personalParts(base, ctx.ip, personal);
  const digestOf = (part: PersonalPart['part']) => {
    const p = parts.find((x) => x.part === part);
    return p ? personalDigest(base.id, p.part, p.value, p.salt) : null;
  };
  const row: ChainedFields = {
    ...base,
    ipDigest: digestOf('ip'),
    personalDigest: digestOf('detail'),
  };
  const hash = chainHash(key, prevHash, row);
  const inserted = await tx
    .insertInto('auditLog')
    .values({ ...row, prevHash, hash })
    .returning('seq')
    .executeTakeFirstOrThrow();
  if (parts.length)
    await tx
      .insertInto('auditPersonal')
      .values(parts.map((p) => ({ auditId: row.id, ...p })))
      .execute();
  const value = JSON.stringify({ seq: inserted.seq, hash });
  await tx
    .insertInto('settings')
    .values({ key: HEAD_KEY, value, updatedAt: row.at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: row.at }))
    .execute();
}

/**
 * Erases what the audit log holds about a person (their IPs, names in details), keeping the
 * rows, the bare user id and the digests, so that the chain still verifies (PIPL 删除权).
 */
export async function erasePersonalAuditData(tx: Executor, userId: string): Promise<number> {
  const r = await tx.deleteFrom('auditPersonal').where('subjectId', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export type AuditProblem =
  | 'hash_mismatch'
  | 'broken_link'
  | 'tail_missing'
  | 'personal_mismatch'
  | 'anchor_missing'
  | 'anchor_mismatch';

export interface AuditVerification {
  ok: boolean;
  rows: number;
  problems: { seq: number | null; problem: AuditProblem }[];
}

/**
 * Recomputes the chain under the key; reports every row whose content or link changed, a
 * personal part that no longer matches its digest, and a missing tail.
 */
export async function verifyAuditChain(
  db: Executor,
  key: Buffer = currentAuditKey(),
): Promise<AuditVerification> {
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
    if (page.length === 0) break;
    const personal = await db
      .selectFrom('auditPersonal')
      .innerJoin('auditLog', 'auditLog.id', 'auditPersonal.auditId')
      .select([
        'auditPersonal.auditId',
        'auditPersonal.part',
        'auditPersonal.value',
        'auditPersonal.salt',
      ])
      .where('auditLog.seq', '>', lastSeq)
      .where('auditLog.seq', '<=', page[page.length - 1]!.seq)
      .execute();
    const partsOf = new Map<string, typeof personal>();
    for (const p of personal) partsOf.set(p.auditId, [...(partsOf.get(p.auditId) ?? []), p]);
    for (const r of page) {
      const { seq, prevHash, hash } = r;
      if (prevHash !== prev) problems.push({ seq, problem: 'broken_link' });
      if (chainHash(key, prevHash, r) !== hash) problems.push({ seq, problem: 'hash_mismatch' });
      for (const p of partsOf.get(r.id) ?? []) {
        const expected = p.part === 'ip' ? r.ipDigest : r.personalDigest;
        if (personalDigest(r.id, p.part, p.value, p.salt) !== expected)
          problems.push({ seq, problem: 'personal_mismatch' });
      }
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

/** The chain's last row (seq and HMAC): an operator records it elsewhere as an anchor. */
export async function auditHead(db: Executor): Promise<{ seq: number; hash: string } | null> {
  const row = await db
    .selectFrom('auditLog')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Checks a recorded anchor (`seq:hash`) is still on the chain: together with an intact chain,
 * no row up to it was rewritten, even by someone holding the key.
 */
export async function checkAuditAnchor(
  db: Executor,
  anchor: { seq: number; hash: string },
): Promise<AuditProblem | null> {
  const row = await db
    .selectFrom('auditLog')
    .select('hash')
    .where('seq', '=', anchor.seq)
    .executeTakeFirst();
  if (!row) return 'anchor_missing';
  return row.hash === anchor.hash.toLowerCase() ? null : 'anchor_mismatch';
}
