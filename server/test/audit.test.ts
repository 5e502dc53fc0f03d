import crypto from 'node:crypto';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditHead,
  chainHash,
  checkAuditAnchor,
  currentAuditKey,
  verifyAuditChain,
} from '../src/platform/audit.ts';
import { loadAuditKey } from '../src/platform/audit-key.ts';
import {
  ADULT,
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
  uniqueName,
} from './helpers.ts';

type Verification = {
  ok: boolean;
  rows: number;
  problems: { seq: number | null; problem: string }[];
};

async function allowTampering(env: TestEnv, on: boolean) {
  if (env.handle.dialect === 'sqlite') {
    if (on) {
      await sql`drop trigger if exists audit_log_no_update`.execute(env.handle.db);
      await sql`drop trigger if exists audit_log_no_delete`.execute(env.handle.db);
      await sql`drop trigger if exists audit_personal_no_update`.execute(env.handle.db);
    } else {
      await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(
        env.handle.db,
      );
      await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(
        env.handle.db,
      );
      await sql`create trigger audit_personal_no_update before update on audit_personal begin select raise(abort, 'audit_personal is erase-only'); end`.execute(
        env.handle.db,
      );
    }
  } else {
    const verb = on ? 'disable' : 'enable';
    await sql
      .raw(`alter table audit_log ${verb} trigger audit_log_no_change`)
      .execute(env.handle.db);
    await sql
      .raw(`alter table audit_personal ${verb} trigger audit_personal_no_update`)
      .execute(env.handle.db);
  }
}

const GENESIS = '0'.repeat(64);
type ChainFields = Parameters<typeof chainHash>[2];
type Recompute = (prevHash: string, row: ChainFields) => string;

/**
 * What someone with write access to the database does: rewrites one row's detail and recomputes
 * every hash from there on, and the recorded head, with the hash function they have.
 */
async function rewriteAndRechain(env: TestEnv, seq: number, recompute: Recompute) {
  const db = env.handle.db;
  const rows = await db.selectFrom('auditLog').selectAll().orderBy('seq').execute();
  let prev = GENESIS;
  let head = { seq: 0, hash: GENESIS };
  for (const r of rows) {
    if (r.seq >= seq) {
      const detail = r.seq === seq ? '{"name":"篡改后的名称"}' : r.detail;
      const hash = recompute(prev, { ...r, detail });
      await db
        .updateTable('auditLog')
        .set({ detail, prevHash: prev, hash })
        .where('seq', '=', r.seq)
        .execute();
      prev = hash;
    } else prev = r.hash;
    head = { seq: r.seq, hash: prev };
  }
  await db
    .updateTable('settings')
    .set({ value: JSON.stringify(head) })
    .where('key', '=', 'audit.head')
    .execute();
}

/** Puts the rows and the head back as they were (the next test starts from an intact chain). */
async function snapshotChain(env: TestEnv) {
  const db = env.handle.db;
  const rows = await db
    .selectFrom('auditLog')
    .select(['seq', 'detail', 'prevHash', 'hash'])
    .orderBy('seq')
    .execute();
  const head = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'audit.head')
    .executeTakeFirstOrThrow();
  return async () => {
    await allowTampering(env, true);
    for (const r of rows)
      await db
        .updateTable('auditLog')
        .set({ detail: r.detail, prevHash: r.prevHash, hash: r.hash })
        .where('seq', '=', r.seq)
        .execute();
    await db.updateTable('settings').set(head).where('key', '=', 'audit.head').execute();
    await allowTampering(env, false);
  };
}

const fieldsOf = (r: ChainFields) =>
  JSON.stringify([
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
  ]);

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    for (let i = 0; i < 5; i++)
      await buildOrganisation(admin, env.rootId, { name: `审计测试单位${i}` });
  });
  afterAll(() => env.close());

  it('refuses UPDATE and DELETE in the database itself', async () => {
    await expect(
      env.handle.db.updateTable('auditLog').set({ action: 'x' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(env.handle.db.deleteFrom('auditLog').execute()).rejects.toThrow(/append-only/);
  });

  it('lists with filters, newest first, naming the actor', async () => {
    const res = await admin.get<{
      items: { action: string; actorName: string | null; detail: { name?: string } }[];
      total: number;
    }>('/api/audit?action=organisation.create&pageSize=3');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items[0]!.detail.name).toBe('审计测试单位4');
    expect(res.body.items[0]!.actorName).toMatch(/^admin/);
    const prefix = await admin.get<{ items: { action: string }[] }>(
      '/api/audit?action=account.&pageSize=100',
    );
    expect(prefix.body.items.length).toBeGreaterThan(0);
    expect(prefix.body.items.every((e) => e.action.startsWith('account.'))).toBe(true);
    // The filter's days are Beijing days (UTC+8 all year): after 16:00 UTC it is already tomorrow.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const dated = await admin.get<{ total: number }>(`/api/audit?from=${today}&to=${today}`);
    expect(dated.body.total).toBeGreaterThanOrEqual(6);
    const none = await admin.get<{ total: number }>('/api/audit?from=2000-01-01&to=2000-01-02');
    expect(none.body.total).toBe(0);
  });

  it('names who (name and username) and on what (its current name), and finds by actor name', async () => {
    type Page = {
      items: {
        action: string;
        actorId: string | null;
        actorName: string | null;
        actorUsername: string | null;
        entityId: string | null;
        entityLabel: string | null;
      }[];
      total: number;
    };
    const org = await buildOrganisation(admin, env.rootId, { name: '改名前的单位' });
    expect(
      (await admin.patch(`/api/organisations/${org.id}`, { name: '改名后的单位' })).status,
    ).toBe(200);
    const res = await admin.get<Page>(`/api/audit?entityId=${org.id}`);
    expect(res.body.items.map((e) => e.action)).toEqual([
      'organisation.update',
      'organisation.create',
    ]);
    // Both entries name the organisation as it is called now, not by its id.
    expect(res.body.items.map((e) => e.entityLabel)).toEqual(['改名后的单位', '改名后的单位']);
    const [first] = res.body.items;
    expect(first!.actorUsername).toMatch(/^admin/);
    const me = await env.handle.db
      .selectFrom('users')
      .select('displayName')
      .where('id', '=', first!.actorId!)
      .executeTakeFirstOrThrow();
    expect(first!.actorName).toBe(me.displayName);

    // Free text finds the actor by name or username; someone else's name finds none of theirs.
    const byName = await admin.get<Page>(
      `/api/audit?q=${encodeURIComponent(first!.actorUsername!)}&pageSize=100`,
    );
    expect(byName.body.total).toBeGreaterThan(0);
    expect(byName.body.items.every((e) => e.actorId === first!.actorId)).toBe(true);
    const nobody = await admin.get<Page>(`/api/audit?q=${encodeURIComponent('无此人姓名')}`);
    expect(nobody.body.total).toBe(0);

    // A user entry is labelled with the person's name.
    const { userId } = await buildUserWithRole(env, admin, 'EDITOR', org.id);
    const created = await admin.get<Page>(`/api/audit?action=user.create&entityId=${userId}`);
    expect(created.body.items[0]!.entityLabel).toBeTruthy();
    expect(created.body.items[0]!.entityLabel).not.toBe(userId);
  });

  it('takes the from and to days in Beijing time', async () => {
    const rows = await env.handle.db
      .selectFrom('auditLog')
      .select(['at'])
      .orderBy('seq', 'desc')
      .limit(1)
      .execute();
    const at = new Date(rows[0]!.at);
    const beijingDay = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const dayBefore = new Date(at.getTime() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const same = await admin.get<{ items: { at: string }[] }>(
      `/api/audit?from=${beijingDay}&to=${beijingDay}&pageSize=1`,
    );
    expect(same.body.items[0]?.at).toBe(rows[0]!.at);
    const before = await admin.get<{ items: { at: string }[] }>(
      `/api/audit?to=${dayBefore}&pageSize=100`,
    );
    expect(before.body.items.every((e) => e.at < rows[0]!.at)).toBe(true);
    const later = new Date(Date.parse(`${beijingDay}T00:00:00+08:00`)).toISOString();
    expect(before.body.items.every((e) => e.at < later)).toBe(true);
  });

  it('exports the filtered log as xlsx', async () => {
    const res = await admin.get('/api/audit/export?action=organisation.create');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(
      encodeURIComponent('审计日志.xlsx'),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(5).value).toBe('操作');
    const actions = new Set<string>();
    ws.eachRow((row, n) => {
      if (n > 1) actions.add(String(row.getCell(5).value));
    });
    // The words the console shows, never the code: no cell holds an action code.
    expect([...actions]).toEqual(['新建组织']);
    expect(ws.getRow(2).getCell(6).value).toBe('组织');
    ws.eachRow((row) =>
      row.eachCell((cell) => expect(String(cell.value)).not.toMatch(/^organisation\.create$/)),
    );
    expect(ws.rowCount).toBeGreaterThanOrEqual(6);

    const en = await admin.get('/api/audit/export?action=organisation.create', {
      'accept-language': 'en-US,en;q=0.9',
    });
    const enWb = new ExcelJS.Workbook();
    await enWb.xlsx.load(en.body as unknown as ArrayBuffer);
    const enWs = enWb.worksheets[0]!;
    expect(enWs.getRow(1).getCell(5).value).toBe('Action');
    expect(enWs.getRow(2).getCell(5).value).toBe('Organisation created');
    expect(String(en.headers['content-disposition'])).toContain('audit-log.xlsx');
  });

  it('carries the action and the kind in words for the console', async () => {
    const res = await admin.get<{ items: { actionLabel: string; entityKind: string }[] }>(
      '/api/audit?action=organisation.create&pageSize=1',
    );
    expect(res.body.items[0]).toMatchObject({ actionLabel: '新建组织', entityKind: '组织' });
  });

  it('is for the platform office only', async () => {
    const org = await buildOrganisation(admin, env.rootId);
    const { agent } = await buildUserWithRole(env, admin, 'ORG_ADMIN', org.id);
    expect((await agent.get('/api/audit')).status).toBe(403);
    expect((await agent.get('/api/audit/export')).status).toBe(403);
    expect((await agent.get('/api/audit/verify')).status).toBe(403);
  });

  it('signs the chain with the key from the data dir (0600), not a key in the database', async () => {
    const k = loadAuditKey(env.config, { create: false });
    expect(k.source).toBe('file');
    expect(k.file).toBe(`${env.config.dataDir}/audit.key`);
    expect(fs.statSync(k.file).mode & 0o777).toBe(0o600);
    expect(k.key.equals(currentAuditKey())).toBe(true);
    const hex = k.key.toString('hex');
    const settings = await env.handle.db.selectFrom('settings').select('value').execute();
    expect(settings.some((s) => s.value.includes(hex))).toBe(false);
    expect((await verifyAuditChain(env.handle.db, k.key)).ok).toBe(true);
    // Under any other key no row checks out.
    const other = await verifyAuditChain(env.handle.db, crypto.randomBytes(32));
    expect(other.ok).toBe(false);
    expect(other.problems.filter((p) => p.problem === 'hash_mismatch')).toHaveLength(other.rows);
  });

  it('reports a row rewritten with the chain recomputed by plain SHA-256 or under a wrong key', async () => {
    const restore = await snapshotChain(env);
    const rows = await env.handle.db.selectFrom('auditLog').select('seq').orderBy('seq').execute();
    const target = rows[4]!.seq;
    const attacks: [string, Recompute][] = [
      [
        'sha256',
        (prev, r) =>
          crypto
            .createHash('sha256')
            .update(prev + fieldsOf(r))
            .digest('hex'),
      ],
      ['wrong key', (prev, r) => chainHash(crypto.randomBytes(32), prev, r)],
    ];
    for (const [name, recompute] of attacks) {
      await allowTampering(env, true);
      await rewriteAndRechain(env, target, recompute);
      await allowTampering(env, false);
      const res = await admin.get<Verification>('/api/audit/verify');
      expect(res.body.ok, name).toBe(false);
      // Every recomputed row is reported: the links hold, the signatures do not.
      expect(res.body.problems, name).toContainEqual({ seq: target, problem: 'hash_mismatch' });
      expect(res.body.problems.every((p) => p.problem === 'hash_mismatch')).toBe(true);
      expect(res.body.problems).toHaveLength(rows.length - 4);
      await restore();
      expect((await admin.get<Verification>('/api/audit/verify')).body.ok).toBe(true);
    }
  });

  it('catches, by a recorded anchor, even a rewrite re-signed with the key', async () => {
    const restore = await snapshotChain(env);
    const anchor = (await auditHead(env.handle.db))!;
    expect(await checkAuditAnchor(env.handle.db, anchor)).toBeNull();
    const rows = await env.handle.db.selectFrom('auditLog').select('seq').orderBy('seq').execute();
    await allowTampering(env, true);
    await rewriteAndRechain(env, rows[2]!.seq, (prev, r) => chainHash(currentAuditKey(), prev, r));
    await allowTampering(env, false);
    expect((await verifyAuditChain(env.handle.db)).ok).toBe(true);
    expect(await checkAuditAnchor(env.handle.db, anchor)).toBe('anchor_mismatch');
    expect(
      await checkAuditAnchor(env.handle.db, { seq: anchor.seq + 1000, hash: anchor.hash }),
    ).toBe('anchor_missing');
    await restore();
    expect(await checkAuditAnchor(env.handle.db, anchor)).toBeNull();
  });

  it('reports a rewritten IP or name in the personal part', async () => {
    const part = await env.handle.db
      .selectFrom('auditPersonal')
      .innerJoin('auditLog', 'auditLog.id', 'auditPersonal.auditId')
      .select(['auditPersonal.auditId', 'auditPersonal.value', 'auditLog.seq'])
      .where('auditPersonal.part', '=', 'ip')
      .orderBy('auditLog.seq')
      .executeTakeFirstOrThrow();
    await allowTampering(env, true);
    const set = (value: string) =>
      env.handle.db
        .updateTable('auditPersonal')
        .set({ value })
        .where('auditId', '=', part.auditId)
        .where('part', '=', 'ip')
        .execute();
    await set('198.51.100.9');
    const res = await admin.get<Verification>('/api/audit/verify');
    expect(res.body.problems).toEqual([{ seq: part.seq, problem: 'personal_mismatch' }]);
    await set(part.value);
    await allowTampering(env, false);
    await expect(set('198.51.100.9')).rejects.toThrow(/erase-only/);
    expect((await admin.get<Verification>('/api/audit/verify')).body.ok).toBe(true);
  });

  it('erases a deleted account’s names and IPs from the audit log; the chain still verifies', async () => {
    const ip = '203.0.113.77';
    const username = uniqueName('erase');
    const displayName = `待注销${username}`;
    const person = new Agent(env.app, ip);
    const reg = await person.post<{ user: { id: string } }>('/api/auth/register', {
      ...ADULT,
      username,
      password: PASSWORD,
      displayName: '公众用户',
    });
    expect(reg.status).toBe(201);
    const userId = reg.body.user.id;
    expect((await person.patch('/api/me', { displayName })).status).toBe(200);
    // A failed sign-in with the person's name from another address, and the admin's own rows.
    await new Agent(env.app, '198.51.100.20').post('/api/auth/login', {
      username,
      password: 'not-the-password',
    });
    await buildOrganisation(admin, env.rootId);
    const before = await admin.get<{
      items: { action: string; ip: string | null; detail: Record<string, unknown> }[];
    }>(`/api/audit?entityId=${userId}&pageSize=50`);
    const register = before.body.items.find((e) => e.action === 'account.register')!;
    expect(register.ip).toBe(ip);
    expect(register.detail.username).toBe(username);

    expect((await person.del('/api/me', { password: PASSWORD })).status).toBe(200);

    const raw = JSON.stringify([
      await env.handle.db.selectFrom('auditLog').selectAll().execute(),
      await env.handle.db.selectFrom('auditPersonal').selectAll().execute(),
    ]);
    for (const secret of [username, displayName, ip, '198.51.100.20'])
      expect(raw.includes(secret), secret).toBe(false);
    expect(raw).toContain(userId);
    // Others' personal parts stay: the admin's address on the rows the admin wrote.
    expect(raw).toContain('127.0.0.1');
    const after = await admin.get<{
      items: {
        action: string;
        entityId: string;
        ip: string | null;
        personalErased: boolean;
        detail: Record<string, unknown>;
      }[];
    }>(`/api/audit?entityId=${userId}&pageSize=50`);
    expect(after.body.items.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'account.register',
        'account.update',
        'account.loginFailed',
        'account.delete',
      ]),
    );
    for (const e of after.body.items) {
      expect(e.ip).toBeNull();
      expect(e.detail.username).toBeUndefined();
      expect(e.personalErased).toBe(true);
    }
    const verified = await admin.get<Verification>('/api/audit/verify');
    expect(verified.body.ok).toBe(true);
  });

  it('verifies an intact chain, then reports an edited row, a deleted row and a deleted tail', async () => {
    const intact = await admin.get<Verification>('/api/audit/verify');
    expect(intact.body.ok).toBe(true);
    expect(intact.body.rows).toBeGreaterThan(10);
    await allowTampering(env, true);
    const rows = await env.handle.db.selectFrom('auditLog').select('seq').orderBy('seq').execute();
    const edited = rows[3]!.seq;
    const deleted = rows[6]!.seq;
    await env.handle.db
      .updateTable('auditLog')
      .set({ detail: '{"name":"篡改"}' })
      .where('seq', '=', edited)
      .execute();
    await env.handle.db.deleteFrom('auditLog').where('seq', '=', deleted).execute();
    const last = await env.handle.db
      .selectFrom('auditLog')
      .select('seq')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    await env.handle.db.deleteFrom('auditLog').where('seq', '=', last.seq).execute();
    await allowTampering(env, false);
    const broken = await admin.get<Verification>('/api/audit/verify');
    expect(broken.body.ok).toBe(false);
    expect(broken.body.problems).toEqual(
      expect.arrayContaining([
        { seq: edited, problem: 'hash_mismatch' },
        { seq: rows[7]!.seq, problem: 'broken_link' },
        { seq: last.seq, problem: 'tail_missing' },
      ]),
    );
  });
});
