import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { type AuditVerification, auditHead, verifyAuditChain } from '../audit.ts';
import { type LoadedAuditKey, loadAuditKey } from '../audit-key.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { MIGRATION_NAMES } from '../db/migrate.ts';
import { runTool } from './backup.ts';
import {
  BackupError,
  type BackupManifest,
  bilingual,
  copyHashed,
  countRows,
  FORMAT,
  KEY_COPY,
  listFiles,
  MANIFEST,
  pgEnv,
  sha256File,
  signManifest,
} from './manifest.ts';

export interface RestoreResult {
  ms: number;
  manifest: BackupManifest;
  tables: number;
  rows: number;
  files: number;
  bytes: number;
  /** Tables whose row count differs from the manifest's (or that one side lacks). */
  countMismatches: { table: string; expected: number | null; found: number | null }[];
  headMatches: boolean;
  /** Null when no audit key was found to check the chain with. */
  audit: AuditVerification | null;
  /** The backup's key copy, installed where the configuration looks for the key. */
  keyInstalled: string | null;
  ok: boolean;
}

const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, MANIFEST);
  let m: BackupManifest;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(
      bilingual(`不是 Kepu 备份目录（读不到 ${MANIFEST}）：${dir}`, `not a Kepu backup: ${file}`),
    );
  }
  if (m.format !== FORMAT || !Array.isArray(m.files) || typeof m.tables !== 'object')
    throw new BackupError(
      bilingual(`无法识别的备份格式：${m.format}`, `unknown backup format: ${m.format}`),
    );
  for (const f of m.files)
    if (!SAFE_PATH.test(f.path) || f.path.split('/').includes('..'))
      throw new BackupError(
        bilingual(`备份清单含非法路径：${f.path}`, `manifest names a bad path: ${f.path}`),
      );
  return m;
}

/** The target is empty: no table in the database and no file in the files folder. */
async function assertEmptyTarget(config: Config): Promise<void> {
  const refuse = (zh: string, en: string) =>
    new BackupError(
      bilingual(`只能恢复到空的数据目录和空数据库：${zh}`, `restore needs an empty target: ${en}`),
    );
  if (config.database.kind === 'sqlite') {
    const file = config.database.file;
    if (fs.existsSync(file) && fs.statSync(file).size > 0) {
      const db = new SQLite(file, { readonly: true });
      try {
        const n = db
          .prepare("select count(*) as n from sqlite_master where type = 'table'")
          .get() as {
          n: number;
        };
        if (n.n > 0)
          throw refuse(`数据库 ${file} 已有数据表`, `the database ${file} already has tables`);
      } finally {
        db.close();
      }
    }
  } else {
    const client = new pg.Client({ connectionString: config.database.url });
    await client.connect();
    try {
      const r = await client.query<{ n: string }>(
        "select count(*) as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
      );
      if (Number(r.rows[0]!.n) > 0)
        throw refuse(
          '目标 PostgreSQL 数据库已有数据表',
          'the PostgreSQL database already has tables',
        );
    } finally {
      await client.end();
    }
  }
  const stored = await listFiles(path.join(config.dataDir, 'files'));
  if (stored.length > 0)
    throw refuse(
      `文件目录 ${path.join(config.dataDir, 'files')} 不为空（${stored.length} 个文件）`,
      `the files folder ${path.join(config.dataDir, 'files')} holds ${stored.length} files`,
    );
}

/** Every file the manifest names, present with its size and sha256; nothing else is read. */
async function verifyChecksums(dir: string, m: BackupManifest): Promise<void> {
  const bad: string[] = [];
  for (const f of m.files) {
    const file = path.join(dir, f.path);
    if (!fs.existsSync(file)) {
      bad.push(`${f.path}（缺失 / missing）`);
      continue;
    }
    const got = await sha256File(file);
    if (got.size !== f.size || got.sha256 !== f.sha256)
      bad.push(`${f.path}（校验和不符 / checksum mismatch）`);
  }
  if (!m.files.some((f) => f.path === m.database))
    bad.push(`${m.database}（清单未列出 / not in the manifest）`);
  if (bad.length)
    throw new BackupError(
      `${bilingual('备份已损坏或被改动，未写入任何数据', 'backup corrupt or altered, nothing written')}:\n  ${bad.slice(0, 20).join('\n  ')}${bad.length > 20 ? `\n  … +${bad.length - 20}` : ''}`,
    );
}

function targetKey(config: Config): LoadedAuditKey | null {
  try {
    return loadAuditKey(config, { create: false });
  } catch {
    return null;
  }
}

/**
 * Restores a backup into an empty database and data folder: refuses a non-empty target, checks
 * every checksum (and the manifest's signature when a key is at hand) before writing anything,
 * restores the database and the files, then compares the row counts and the audit head with the
 * manifest and verifies the audit chain under the key.
 */
export async function restoreBackup(config: Config, dir: string): Promise<RestoreResult> {
  const started = Date.now();
  const source = path.resolve(dir);
  const m = readManifest(source);
  if (m.dialect !== config.database.kind)
    throw new BackupError(
      bilingual(
        `备份来自 ${m.dialect}，目标数据库是 ${config.database.kind}：请按 DATABASE_URL 选择同类数据库`,
        `the backup is of ${m.dialect}, the target is ${config.database.kind}`,
      ),
    );
  const unknown = m.migrations.filter((name) => !MIGRATION_NAMES.includes(name));
  if (unknown.length)
    throw new BackupError(
      bilingual(
        `备份来自更新的 Kepu 版本（${m.kepuVersion}，迁移 ${unknown.join(', ')}）：请先升级`,
        `the backup is from a newer Kepu (${m.kepuVersion}, migrations ${unknown.join(', ')}): upgrade first`,
      ),
    );
  await assertEmptyTarget(config);
  await verifyChecksums(source, m);

  // The key: the target's own (KEPU_AUDIT_KEY or the key file), else the backup's copy.
  let key = targetKey(config)?.key ?? null;
  const keyCopy = m.auditKeyIncluded ? path.join(source, KEY_COPY) : null;
  if (!key && keyCopy) key = Buffer.from(fs.readFileSync(keyCopy, 'utf8').trim(), 'hex');
  if (key && m.signature) {
    const { signature, ...unsigned } = m;
    if (signManifest(key, unsigned) !== signature)
      throw new BackupError(
        bilingual(
          '备份清单的签名与审计密钥不符（清单被改动，或密钥不是本平台的），未写入任何数据',
          'the manifest signature does not match the audit key (manifest altered, or not this platform’s key); nothing written',
        ),
      );
  }

  // Writing starts here.
  if (config.database.kind === 'sqlite') {
    const file = config.database.file;
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    for (const leftover of [file, `${file}-wal`, `${file}-shm`])
      fs.rmSync(leftover, { force: true });
    const tmp = `${file}.restoring`;
    fs.rmSync(tmp, { force: true });
    await copyChecked(source, m, m.database, tmp);
    fs.renameSync(tmp, file);
  } else {
    const env = pgEnv(config.database.url);
    await runTool(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${env.PGDATABASE}`,
        path.join(source, m.database),
      ],
      env,
    );
  }
  let bytes = m.files.find((f) => f.path === m.database)!.size;
  let files = 0;
  for (const f of m.files) {
    if (!f.path.startsWith('files/')) continue;
    await copyChecked(source, m, f.path, path.join(config.dataDir, f.path));
    bytes += f.size;
    files++;
  }
  let keyInstalled: string | null = null;
  if (keyCopy && !targetKey(config)) {
    fs.mkdirSync(path.dirname(config.auditKeyFile), { recursive: true, mode: 0o700 });
    fs.copyFileSync(keyCopy, config.auditKeyFile, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(config.auditKeyFile, 0o600);
    keyInstalled = config.auditKeyFile;
  }

  // The checks: row counts and the audit head as in the manifest, and the chain intact.
  const handle = openDatabase(config.database);
  try {
    const query = async (text: string) =>
      (await sql.raw<Record<string, unknown>>(text).execute(handle.db)).rows;
    const found = await countRows(config.database.kind, query);
    const names = new Set([...Object.keys(m.tables), ...Object.keys(found)]);
    const countMismatches = [...names]
      .filter((t) => m.tables[t] !== found[t])
      .map((t) => ({ table: t, expected: m.tables[t] ?? null, found: found[t] ?? null }));
    const head = await auditHead(handle.db);
    const headMatches = JSON.stringify(head) === JSON.stringify(m.auditHead);
    const audit = key ? await verifyAuditChain(handle.db, key) : null;
    return {
      ms: Date.now() - started,
      manifest: m,
      tables: Object.keys(found).length,
      rows: Object.values(found).reduce((a, b) => a + b, 0),
      files,
      bytes,
      countMismatches,
      headMatches,
      audit,
      keyInstalled,
      ok: countMismatches.length === 0 && headMatches && !!audit?.ok,
    };
  } finally {
    await handle.close();
  }
}

/** Copies one file of the backup and checks the copy's sha256 once more (no change since). */
async function copyChecked(dir: string, m: BackupManifest, rel: string, to: string) {
  const entry = m.files.find((f) => f.path === rel)!;
  const copied = await copyHashed(path.join(dir, rel), to);
  if (copied.sha256 !== entry.sha256) {
    await fsp.rm(to, { force: true });
    throw new BackupError(
      bilingual(`恢复过程中备份文件被改动：${rel}`, `backup file changed during restore: ${rel}`),
    );
  }
}
