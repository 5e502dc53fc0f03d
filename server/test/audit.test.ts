import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type Verification = {
  ok: boolean;
  rows: number;
  problems: { seq: number | null; problem: string }[];
};

async function allowTampering(env: TestEnv, on: boolean) {
  if (env.handle.dialect === 'sqlite') {
    if (on) {
      await sql`drop trigger audit_log_no_update`.execute(env.handle.db);
      await sql`drop trigger audit_log_no_delete`.execute(env.handle.db);
    }
  } else {
    await sql
      .raw(`alter table audit_log ${on ? 'disable' : 'enable'} trigger audit_log_no_change`)
      .execute(env.handle.db);
  }
}

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
    const today = new Date().toISOString().slice(0, 10);
    const dated = await admin.get<{ total: number }>(`/api/audit?from=${today}&to=${today}`);
    expect(dated.body.total).toBeGreaterThanOrEqual(6);
    const none = await admin.get<{ total: number }>('/api/audit?from=2000-01-01&to=2000-01-02');
    expect(none.body.total).toBe(0);
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
    expect([...actions]).toEqual(['organisation.create']);
    expect(ws.rowCount).toBeGreaterThanOrEqual(6);
  });

  it('is for the platform office only', async () => {
    const org = await buildOrganisation(admin, env.rootId);
    const { agent } = await buildUserWithRole(env, admin, 'ORG_ADMIN', org.id);
    expect((await agent.get('/api/audit')).status).toBe(403);
    expect((await agent.get('/api/audit/export')).status).toBe(403);
    expect((await agent.get('/api/audit/verify')).status).toBe(403);
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
