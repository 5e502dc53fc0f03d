import { createHash, createHmac, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { currentAuditKey } from '../src/platform/audit.ts';
import { newId } from '../src/platform/ids.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

const GENESIS = '0'.repeat(64);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Detail keys that name a person (as platform/audit.ts at the time). */
const PERSONAL_KEYS = [
  'username',
  'displayName',
  'email',
  'phone',
  'guardianName',
  'guardianContact',
];

interface OldRow {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  organisationId: string | null;
  ip: string | null;
  detail: string;
  prevHash: string;
  hash: string;
}

/** The chain before this migration: plain SHA-256, the IP among the chained fields. */
function oldHash(prevHash: string, r: OldRow): string {
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

/** The keyed chain (as platform/audit.ts chainHash at the time). */
function newHash(key: Buffer, prevHash: string, fields: unknown[]): string {
  return createHmac('sha256', key)
    .update(prevHash + JSON.stringify(fields))
    .digest('hex');
}

const digest = (auditId: string, part: string, value: string, salt: string) =>
  sha256(JSON.stringify([salt, auditId, part, value]));

/** Names in a detail: top-level personal keys, and a user.update's contact fields in `patch`. */
function splitDetail(action: string, detail: Record<string, unknown>) {
  const kept: Record<string, unknown> = {};
  const personal: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(detail)) {
    if (PERSONAL_KEYS.includes(k)) personal[k] = v;
    else kept[k] = v;
  }
  if (action === 'user.update' && kept.patch && typeof kept.patch === 'object') {
    const patch: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(kept.patch as Record<string, unknown>)) {
      if (PERSONAL_KEYS.includes(k)) personal[k] = v;
      else patch[k] = v;
    }
    kept.patch = patch;
  }
  return { kept, personal };
}

interface Rechained {
  seq: number;
  detail: string;
  ipDigest: string | null;
  personalDigest: string | null;
  prevHash: string;
  hash: string;
}

/** One statement per batch on PostgreSQL (UPDATE … FROM VALUES); SQLite's updates are cheap. */
async function writeRechained(db: AnyDb, dialect: 'sqlite' | 'postgres', rows: Rechained[]) {
  if (dialect === 'sqlite') {
    for (const r of rows)
      await db
        .updateTable('audit_log')
        .set({
          detail: r.detail,
          ipDigest: r.ipDigest,
          personalDigest: r.personalDigest,
          prevHash: r.prevHash,
          hash: r.hash,
        })
        .where('seq', '=', r.seq)
        .execute();
    return;
  }
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows
      .slice(i, i + 1000)
      .map(
        (r) =>
          sql`(${r.seq}::integer, ${r.detail}, ${r.ipDigest}::text, ${r.personalDigest}::text, ${r.prevHash}, ${r.hash})`,
      );
    await sql`update audit_log set detail = v.detail, ip_digest = v.ip_digest,
      personal_digest = v.personal_digest, prev_hash = v.prev_hash, hash = v.hash
      from (values ${sql.join(values)}) as v(seq, detail, ip_digest, personal_digest, prev_hash, hash)
      where audit_log.seq = v.seq`.execute(db);
  }
}

async function dropTriggers(db: AnyDb, dialect: 'sqlite' | 'postgres') {
  if (dialect === 'sqlite') {
    await sql`drop trigger if exists audit_log_no_update`.execute(db);
    await sql`drop trigger if exists audit_log_no_delete`.execute(db);
  } else {
    await sql`drop trigger if exists audit_log_no_change on audit_log`.execute(db);
  }
}

async function createTriggers(db: AnyDb, dialect: 'sqlite' | 'postgres') {
  if (dialect === 'sqlite') {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(
      db,
    );
    await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(
      db,
    );
    await sql`create trigger audit_personal_no_update before update on audit_personal begin select raise(abort, 'audit_personal is erase-only'); end`.execute(
      db,
    );
  } else {
    await sql`create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(
      db,
    );
    await sql`create function audit_personal_erase_only() returns trigger language plpgsql as $$ begin raise exception 'audit_personal is erase-only'; end $$`.execute(
      db,
    );
    await sql`create trigger audit_personal_no_update before update on audit_personal for each row execute function audit_personal_erase_only()`.execute(
      db,
    );
  }
}

/**
 * The audit chain becomes HMAC-SHA-256 under a key kept outside the database, and the personal
 * part of each row (IP, names) moves to `audit_personal`, erasable, the chain covering a salted
 * digest of it. Existing rows are re-chained once under the key (the append-only triggers are
 * dropped and recreated around it); the old chain is checked first and the re-chaining is itself
 * recorded (`audit.rechain`, with the old head and whether the old chain was intact), so that a
 * tampering before the upgrade is not laundered silently.
 */
export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const work = async (tx: AnyDb) => {
    await tx.schema
      .createTable('audit_personal')
      .addColumn('audit_id', 'text', (c) => c.notNull())
      .addColumn('part', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text')
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('salt', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_personal_pk', ['audit_id', 'part'])
      .execute();
    // Erasure finds a person's parts by this index.
    await tx.schema
      .createIndex('audit_personal_subject')
      .on('audit_personal')
      .column('subject_id')
      .execute();
    await tx.schema.alterTable('audit_log').addColumn('ip_digest', 'text').execute();
    await tx.schema.alterTable('audit_log').addColumn('personal_digest', 'text').execute();
    await dropTriggers(tx, dialect);

    const key = () => currentAuditKey();
    const oldProblems: number[] = [];
    let oldPrev = GENESIS;
    let prev = GENESIS;
    let count = 0;
    let last: OldRow | null = null;
    // Paged by seq and written in batches: a deployment may hold millions of rows.
    for (;;) {
      const page = (await tx
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', last?.seq ?? 0)
        .orderBy('seq')
        .limit(2000)
        .execute()) as OldRow[];
      if (page.length === 0) break;
      const updates: Rechained[] = [];
      const personalRows: {
        auditId: string;
        part: string;
        subjectId: string | null;
        value: string;
        salt: string;
      }[] = [];
      for (const r of page) {
        if (r.prevHash !== oldPrev || oldHash(r.prevHash, r) !== r.hash) oldProblems.push(r.seq);
        oldPrev = r.hash;
        const { kept, personal } = splitDetail(r.action, JSON.parse(r.detail));
        const detail = JSON.stringify(kept);
        const aboutUser = r.entityType === 'user' ? r.entityId : null;
        const parts: { part: string; subjectId: string | null; value: string; salt: string }[] = [];
        if (r.ip)
          parts.push({
            part: 'ip',
            subjectId: r.actorId ?? aboutUser,
            value: r.ip,
            salt: randomBytes(16).toString('hex'),
          });
        if (Object.keys(personal).length)
          parts.push({
            part: 'detail',
            subjectId: aboutUser ?? r.actorId,
            value: JSON.stringify(personal),
            salt: randomBytes(16).toString('hex'),
          });
        const dig = (part: string) => {
          const p = parts.find((x) => x.part === part);
          return p ? digest(r.id, part, p.value, p.salt) : null;
        };
        const ipDigest = dig('ip');
        const personalDigest = dig('detail');
        const hash = newHash(key(), prev, [
          r.id,
          r.at,
          r.actorId,
          r.action,
          r.entityType,
          r.entityId,
          r.organisationId,
          detail,
          ipDigest,
          personalDigest,
        ]);
        updates.push({ seq: r.seq, detail, ipDigest, personalDigest, prevHash: prev, hash });
        for (const p of parts) personalRows.push({ auditId: r.id, ...p });
        prev = hash;
        last = r;
        count++;
      }
      await writeRechained(tx, dialect, updates);
      for (let i = 0; i < personalRows.length; i += 500)
        await tx
          .insertInto('audit_personal')
          .values(personalRows.slice(i, i + 500))
          .execute();
    }
    if (last) {
      const oldHead = await tx
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'audit.head')
        .executeTakeFirst();
      const previousHead = oldHead ? JSON.parse(oldHead.value as string) : null;
      if (previousHead && previousHead.hash !== last.hash) oldProblems.push(previousHead.seq);

      // The re-chaining, recorded as the chain's next row.
      const at = new Date().toISOString();
      const id = newId();
      const detail = JSON.stringify({
        rows: count,
        algorithm: 'HMAC-SHA-256',
        previousHead,
        previousChainIntact: oldProblems.length === 0,
        previousProblems: oldProblems.slice(0, 100),
      });
      const fields = [id, at, null, 'audit.rechain', 'audit', null, null, detail, null, null];
      const hash = newHash(key(), prev, fields);
      const inserted = await tx
        .insertInto('audit_log')
        .values({
          id,
          at,
          actorId: null,
          action: 'audit.rechain',
          entityType: 'audit',
          entityId: null,
          organisationId: null,
          ip: null,
          detail,
          ipDigest: null,
          personalDigest: null,
          prevHash: prev,
          hash,
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      const value = JSON.stringify({ seq: inserted.seq, hash });
      await tx
        .insertInto('settings')
        .values({ key: 'audit.head', value, updatedAt: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: at }))
        .execute();
    }
    // The IP now lives in audit_personal only.
    await tx.schema.alterTable('audit_log').dropColumn('ip').execute();
    await createTriggers(tx, dialect);
  };
  // Kysely runs PostgreSQL's migrations in a transaction, not SQLite's.
  if (dialect === 'sqlite') await db.transaction().execute(work);
  else await work(db);
}
