import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHead, verifyAuditChain } from '../src/platform/audit.ts';
import { loadAuditKey } from '../src/platform/audit-key.ts';
import type { BackupManifest } from '../src/platform/backup/manifest.ts';
import { countRows } from '../src/platform/backup/manifest.ts';
import type { Config } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import {
  type Agent,
  buildOrganisation,
  buildPlatformAdmin,
  createTestEnv,
  DIALECTS,
  freshDatabase,
  type TestEnv,
} from './helpers.ts';
import { png } from './media-fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The CLI in a process of its own (the platform keeps running in this one). */
function kepu(
  args: string[],
  target: { dataDir: string; database: Config['database'] },
  extra: Record<string, string> = {},
): Promise<{ status: number | null; out: string }> {
  const { KEPU_AUDIT_KEY: _k, KEPU_AUDIT_KEY_FILE: _f, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], {
    cwd: ROOT,
    env: {
      ...inherited,
      LOG_LEVEL: 'silent',
      KEPU_DATA_DIR: target.dataDir,
      DATABASE_URL:
        target.database.kind === 'sqlite' ? `sqlite:${target.database.file}` : target.database.url,
      ...extra,
    },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, out })));
}

/** A fresh, empty database and data dir (dropped after the file's tests). */
async function emptyTarget(dialect: 'sqlite' | 'postgres', cleanups: (() => Promise<void>)[]) {
  const { database, drop } = await freshDatabase(dialect);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-restore-'));
  cleanups.push(async () => {
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { database, dataDir };
}

/** Opens a restored target and reads its row counts, audit head and chain under `key`. */
async function inspect(target: { database: Config['database'] }, key: Buffer) {
  const h = openDatabase(target.database);
  try {
    const query = async (text: string) =>
      (await sql.raw<Record<string, unknown>>(text).execute(h.db)).rows;
    return {
      tables: await countRows(h.dialect, query),
      head: await auditHead(h.db),
      chain: await verifyAuditChain(h.db, key),
      orgNames: (await h.db.selectFrom('organisations').select('name').execute()).map(
        (o) => o.name,
      ),
      createdInAudit: (
        await h.db
          .selectFrom('auditLog')
          .select('detail')
          .where('action', '=', 'organisation.create')
          .execute()
      ).map((r) => (JSON.parse(r.detail) as { name: string }).name),
    };
  } finally {
    await h.close();
  }
}

const readManifest = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;

describe.each(DIALECTS)('backup and restore on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let mediaFile: string;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-backups-'));
  const backupDir = path.join(work, 'b1');
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    const org = await buildOrganisation(admin, env.rootId);
    const up = await admin.upload<{ id: string }>(
      `/api/media?organisationId=${org.id}&name=${encodeURIComponent('备份.png')}`,
      await png(64, 48),
    );
    expect(up.status).toBe(201);
    const stored = (
      fs.readdirSync(path.join(env.config.dataDir, 'files'), { recursive: true }) as string[]
    ).filter(
      (f) =>
        !f.startsWith('tmp') && fs.statSync(path.join(env.config.dataDir, 'files', f)).isFile(),
    );
    expect(stored.length).toBeGreaterThan(0);
    mediaFile = stored[0]!;
  });
  afterAll(async () => {
    await env.close();
    for (const c of cleanups) await c();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('takes a consistent backup under write load and restores it elsewhere, verified', async () => {
    const key = loadAuditKey(env.config, { create: false }).key;
    let stop = false;
    let running = false;
    let duringBackup = 0;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const res = await admin.post('/api/organisations', {
          parentId: env.rootId,
          type: 'OTHER',
          name: `备份压测-${w}-${i}`,
        });
        expect(res.status).toBe(201);
        if (running) duringBackup++;
      }
    };
    const writers = [0, 1].map(writer);
    await new Promise((r) => setTimeout(r, 300));
    running = true;
    const started = Date.now();
    const backup = await kepu(['backup', backupDir], env.config);
    const backupMs = Date.now() - started;
    running = false;
    stop = true;
    await Promise.all(writers);
    expect(backup.status, backup.out).toBe(0);
    expect(duringBackup).toBeGreaterThan(0);
    expect(backup.out).toContain(`备份完成 / backup done: ${backupDir}`);
    expect(backup.out).toContain('审计密钥不在备份中，请另行保存');
    expect(backup.out).toContain(env.config.auditKeyFile);

    const m = readManifest(backupDir);
    expect(m.dialect).toBe(dialect);
    expect(m.migrations).toEqual(expect.arrayContaining(['0012-audit-key', '0013-account-safety']));
    expect(m.auditKeyIncluded).toBe(false);
    expect(fs.existsSync(path.join(backupDir, 'audit.key'))).toBe(false);
    expect(m.files.map((f) => f.path)).toContain(`files/${mediaFile}`);
    expect(m.signature).toMatch(/^[0-9a-f]{64}$/);
    // Writes went on both before and after the snapshot.
    const live = await inspect(env.config, key);
    const loadRows = (names: string[]) => names.filter((n) => n.startsWith('备份压测')).length;
    expect(m.tables.organisations).toBeLessThan(live.tables.organisations!);
    expect(m.tables.organisations).toBeGreaterThan(
      live.tables.organisations! - loadRows(live.orgNames),
    );

    // Restore elsewhere: an empty database and data dir; the operator brings the key kept apart.
    const target = await emptyTarget(dialect, cleanups);
    fs.copyFileSync(env.config.auditKeyFile, path.join(target.dataDir, 'audit.key'));
    const t0 = Date.now();
    const restored = await kepu(['restore', backupDir], target);
    const restoreMs = Date.now() - t0;
    expect(restored.status, restored.out).toBe(0);
    expect(restored.out).toContain('恢复校验通过 / restore verified');

    const got = await inspect(target, key);
    expect(got.tables).toEqual(m.tables);
    expect(got.head).toEqual(m.auditHead);
    expect(got.chain.ok).toBe(true);
    expect(got.chain.rows).toBe(m.tables.audit_log);
    // One transaction each: every organisation in the snapshot has its audit row, and no more.
    expect(got.createdInAudit.filter((n) => n.startsWith('备份压测')).sort()).toEqual(
      got.orgNames.filter((n) => n.startsWith('备份压测')).sort(),
    );
    expect(
      fs
        .readFileSync(path.join(target.dataDir, 'files', mediaFile))
        .equals(fs.readFileSync(path.join(env.config.dataDir, 'files', mediaFile))),
    ).toBe(true);
    const verify = await kepu(['audit', 'verify'], target);
    expect(verify.status, verify.out).toBe(0);
    expect(verify.out).toContain(`audit log intact: ${m.tables.audit_log} rows`);

    const bytes = m.files.reduce((n, f) => n + f.size, 0);
    const inner = (out: string) => /, (\d+) ms\n/.exec(out)?.[1];
    console.log(
      `backup drill (${dialect}): ${Object.values(m.tables).reduce((a, b) => a + b, 0)} rows, ${m.files.length} files, ${(bytes / 1024).toFixed(0)} KiB; backup ${inner(backup.out)} ms, restore ${inner(restored.out)} ms (CLI with process start: ${backupMs} / ${restoreMs} ms); ${duringBackup} writes during the backup`,
    );
  }, 240_000);

  it('refuses a tampered backup before writing anything', async () => {
    const tampered = path.join(work, 'tampered');
    fs.cpSync(backupDir, tampered, { recursive: true });
    const file = path.join(tampered, 'files', mediaFile);
    const bytes = fs.readFileSync(file);
    const at = bytes.length >> 1;
    bytes[at] = bytes[at]! ^ 0x01;
    fs.writeFileSync(file, bytes);
    const target = await emptyTarget(dialect, cleanups);
    const r = await kepu(['restore', tampered], target);
    expect(r.status).toBe(1);
    expect(r.out).toContain('备份已损坏或被改动，未写入任何数据');
    expect(r.out).toContain(`files/${mediaFile}（校验和不符 / checksum mismatch）`);
    // Nothing written: no table, no file.
    const h = openDatabase(target.database);
    try {
      const query = async (text: string) =>
        (await sql.raw<Record<string, unknown>>(text).execute(h.db)).rows;
      expect(await countRows(h.dialect, query)).toEqual({});
    } finally {
      await h.close();
    }
    expect(fs.existsSync(path.join(target.dataDir, 'files'))).toBe(false);
  }, 120_000);

  it('refuses to restore into a database or files folder that is not empty', async () => {
    const intoLive = await kepu(['restore', backupDir], env.config);
    expect(intoLive.status).toBe(1);
    expect(intoLive.out).toContain('只能恢复到空的数据目录和空数据库');
    const target = await emptyTarget(dialect, cleanups);
    fs.mkdirSync(path.join(target.dataDir, 'files', 'media'), { recursive: true });
    fs.writeFileSync(path.join(target.dataDir, 'files', 'media', 'stray'), 'x');
    const intoFiles = await kepu(['restore', backupDir], target);
    expect(intoFiles.status).toBe(1);
    expect(intoFiles.out).toContain('不为空（1 个文件）');
  }, 120_000);

  it.runIf(dialect === 'postgres')(
    'says clearly that pg_dump is missing from the PATH, and writes nothing',
    async () => {
      const dir = path.join(work, 'no-pg-dump');
      // A PATH without the PostgreSQL tools (node itself is started by its full path).
      const bare = fs.mkdtempSync(path.join(work, 'path-'));
      const r = await kepu(['backup', dir], env.config, { PATH: bare });
      expect(r.status).toBe(1);
      expect(r.out).toContain('找不到 pg_dump：请安装 PostgreSQL 客户端工具');
      expect(r.out).toContain('pg_dump not found: install the PostgreSQL client tools');
      expect(fs.existsSync(dir)).toBe(false);
    },
    120_000,
  );

  it('copies the audit key only when asked, with a warning, and restore installs it', async () => {
    const dir = path.join(work, 'with-key');
    const b = await kepu(['backup', dir, '--with-audit-key'], env.config);
    expect(b.status, b.out).toBe(0);
    expect(b.out).toContain('警告：审计密钥已复制到备份目录');
    const copy = path.join(dir, 'audit.key');
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(copy, 'utf8')).toBe(fs.readFileSync(env.config.auditKeyFile, 'utf8'));
    expect(await kepu(['backup', dir], env.config)).toMatchObject({ status: 1 });
    const target = await emptyTarget(dialect, cleanups);
    const r = await kepu(['restore', dir], target);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(`已安装备份中的审计密钥 / installed the backup's audit key`);
    expect(fs.statSync(path.join(target.dataDir, 'audit.key')).mode & 0o777).toBe(0o600);
  }, 120_000);
});
