import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { recordAudit, setAuditKey, verifyAuditChain } from '../src/platform/audit.ts';
import { type DbHandle, openDatabase } from '../src/platform/db/connect.ts';
import { migrateTo, migrateToLatest } from '../src/platform/db/migrate.ts';
import { DIALECTS, freshDatabase } from './helpers.ts';

const GENESIS = '0'.repeat(64);
const sha256 = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

interface OldRow {
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

const ADMIN = '0190a000-0000-7000-8000-000000000001';
const PERSON = '0190a000-0000-7000-8000-000000000002';

/** Rows as Kepu wrote them before 0012: the IP and usernames among the SHA-256-chained fields. */
function oldRows(): OldRow[] {
  const row = (n: number, r: Partial<OldRow> & Pick<OldRow, 'action' | 'entityType'>) => ({
    id: `0190a000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
    at: `2025-03-0${n}T08:00:00.000Z`,
    actorId: null,
    entityId: null,
    organisationId: null,
    ip: null,
    detail: '{}',
    ...r,
  });
  return [
    row(1, { action: 'organisation.create', entityType: 'organisation', detail: '{"seed":true}' }),
    row(2, {
      action: 'admin.createByCli',
      entityType: 'user',
      entityId: ADMIN,
      detail: '{"username":"office"}',
    }),
    row(3, {
      action: 'account.login',
      entityType: 'user',
      entityId: ADMIN,
      actorId: ADMIN,
      ip: '192.0.2.10',
    }),
    row(4, {
      action: 'user.create',
      entityType: 'user',
      entityId: PERSON,
      actorId: ADMIN,
      ip: '192.0.2.10',
      detail: '{"username":"zhangsan","role":"EDITOR"}',
    }),
    row(5, {
      action: 'user.update',
      entityType: 'user',
      entityId: PERSON,
      actorId: ADMIN,
      ip: '192.0.2.10',
      detail: '{"patch":{"displayName":"张三","status":"ACTIVE"}}',
    }),
    row(6, {
      action: 'account.register',
      entityType: 'user',
      entityId: PERSON,
      actorId: PERSON,
      ip: '198.51.100.7',
      detail: '{"username":"zhangsan","guardianConsent":false}',
    }),
  ];
}

/** Writes the rows with the old chain; `tamper` edits one row's detail after it was chained. */
async function writeOldChain(h: DbHandle, rows: OldRow[], tamper?: number) {
  let prev = GENESIS;
  let head = { seq: 0, hash: GENESIS };
  for (const [i, r] of rows.entries()) {
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
    const hash = sha256(prev + JSON.stringify(fields));
    const detail = i === tamper ? '{"seed":false}' : r.detail;
    await sql`insert into audit_log (id, at, actor_id, action, entity_type, entity_id, organisation_id, ip, detail, prev_hash, hash)
      values (${r.id}, ${r.at}, ${r.actorId}, ${r.action}, ${r.entityType}, ${r.entityId}, ${r.organisationId}, ${r.ip}, ${detail}, ${prev}, ${hash})`.execute(
      h.db,
    );
    prev = hash;
    head = { seq: i + 1, hash };
  }
  await h.db
    .insertInto('settings')
    .values({ key: 'audit.head', value: JSON.stringify(head), updatedAt: rows.at(-1)!.at })
    .execute();
  return head;
}

describe.each(DIALECTS)('migration 0012 (audit key) on %s', (dialect) => {
  async function withOldDatabase(fn: (h: DbHandle) => Promise<void>) {
    const { database, drop } = await freshDatabase(dialect);
    const handle = openDatabase(database);
    try {
      await migrateTo(handle, '0011-search-work-types');
      await fn(handle);
    } finally {
      await handle.close();
      await drop();
    }
  }

  it('re-chains existing rows under the key, moves IPs and names out, and records itself', () =>
    withOldDatabase(async (h) => {
      const rows = oldRows();
      const oldHead = await writeOldChain(h, rows);
      const key = crypto.randomBytes(32);
      setAuditKey(key);
      expect((await migrateToLatest(h))[0]).toBe('0012-audit-key');

      const verified = await verifyAuditChain(h.db, key);
      expect(verified).toEqual({ ok: true, rows: rows.length + 1, problems: [] });
      expect((await verifyAuditChain(h.db, crypto.randomBytes(32))).ok).toBe(false);

      const log = await h.db.selectFrom('auditLog').selectAll().orderBy('seq').execute();
      const rechain = log.at(-1)!;
      expect(rechain.action).toBe('audit.rechain');
      expect(JSON.parse(rechain.detail)).toEqual({
        rows: rows.length,
        algorithm: 'HMAC-SHA-256',
        previousHead: oldHead,
        previousChainIntact: true,
        previousProblems: [],
      });
      // The chained columns hold no IP and no name any more; the ip column is gone.
      const raw = JSON.stringify(log);
      for (const secret of ['192.0.2.10', '198.51.100.7', 'zhangsan', '张三', 'office'])
        expect(raw.includes(secret), secret).toBe(false);
      expect(log[0]).not.toHaveProperty('ip');
      expect(JSON.parse(log[4]!.detail)).toEqual({ patch: { status: 'ACTIVE' } });
      expect(JSON.parse(log[3]!.detail)).toEqual({ role: 'EDITOR' });

      const personal = await h.db
        .selectFrom('auditPersonal')
        .select(['auditId', 'part', 'subjectId', 'value'])
        .orderBy('auditId')
        .orderBy('part')
        .execute();
      const id = (n: number) => rows[n - 1]!.id;
      expect(personal).toEqual([
        { auditId: id(2), part: 'detail', subjectId: ADMIN, value: '{"username":"office"}' },
        { auditId: id(3), part: 'ip', subjectId: ADMIN, value: '192.0.2.10' },
        { auditId: id(4), part: 'detail', subjectId: PERSON, value: '{"username":"zhangsan"}' },
        { auditId: id(4), part: 'ip', subjectId: ADMIN, value: '192.0.2.10' },
        { auditId: id(5), part: 'detail', subjectId: PERSON, value: '{"displayName":"张三"}' },
        { auditId: id(5), part: 'ip', subjectId: ADMIN, value: '192.0.2.10' },
        { auditId: id(6), part: 'detail', subjectId: PERSON, value: '{"username":"zhangsan"}' },
        { auditId: id(6), part: 'ip', subjectId: PERSON, value: '198.51.100.7' },
      ]);

      // Append-only again, the personal part erase-only; new rows continue the keyed chain.
      await expect(h.db.updateTable('auditLog').set({ action: 'x' }).execute()).rejects.toThrow(
        /append-only/,
      );
      await expect(h.db.deleteFrom('auditLog').execute()).rejects.toThrow(/append-only/);
      await expect(h.db.updateTable('auditPersonal').set({ value: 'x' }).execute()).rejects.toThrow(
        /erase-only/,
      );
      await h.db
        .transaction()
        .execute((tx) =>
          recordAudit(
            tx,
            { actorId: ADMIN, ip: '192.0.2.10', dialect },
            { action: 'organisation.update', entityType: 'organisation', detail: { patch: {} } },
          ),
        );
      expect(await verifyAuditChain(h.db, key)).toEqual({
        ok: true,
        rows: rows.length + 2,
        problems: [],
      });
    }));

  it('notes a chain already broken before the upgrade instead of laundering it', () =>
    withOldDatabase(async (h) => {
      const rows = oldRows();
      await writeOldChain(h, rows, 0);
      const key = crypto.randomBytes(32);
      setAuditKey(key);
      await migrateToLatest(h);
      expect((await verifyAuditChain(h.db, key)).ok).toBe(true);
      const rechain = await h.db
        .selectFrom('auditLog')
        .select('detail')
        .where('action', '=', 'audit.rechain')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(rechain.detail)).toMatchObject({
        previousChainIntact: false,
        previousProblems: [1],
      });
    }));
});
