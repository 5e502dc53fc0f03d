import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { type LoadedAuditKey, loadAuditKey } from '../audit-key.ts';
import type { Config } from '../config.ts';
import { VERSION } from '../version.ts';
import {
  BackupError,
  type BackupManifest,
  bilingual,
  copyHashed,
  countRows,
  FORMAT,
  fsyncFile,
  KEY_COPY,
  listFiles,
  MANIFEST,
  type ManifestFile,
  pgEnv,
  sha256File,
  signManifest,
} from './manifest.ts';

interface Snapshot {
  database: string;
  tables: Record<string, number>;
  migrations: string[];
  auditHead: { seq: number; hash: string } | null;
}

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
  ms: number;
  bytes: number;
  /** Where the audit key is kept (to be saved apart from the backup). */
  key: Pick<LoadedAuditKey, 'source' | 'file'> | null;
}

/** Runs a PostgreSQL client tool; its stderr becomes the error's message. */
export function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new BackupError(
              bilingual(
                `找不到 ${cmd}：请安装 PostgreSQL 客户端工具（Debian 软件包 postgresql-client，版本不低于服务器）并确保其在 PATH 中`,
                `${cmd} not found: install the PostgreSQL client tools (Debian package postgresql-client, at least the server's version) and put them on the PATH`,
              ),
            )
          : e,
      ),
    );
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new BackupError(
              bilingual(`${cmd} 失败（退出码 ${code}）`, `${cmd} failed (exit ${code})`) +
                `\n${stderr.trim()}`,
            ),
          ),
    );
  });
}

/** SQLite: the online backup API on a connection of its own, all pages in one read snapshot. */
async function snapshotSqlite(file: string, dir: string): Promise<Snapshot> {
  if (file === ':memory:' || !fs.existsSync(file))
    throw new BackupError(
      bilingual(`找不到数据库文件：${file}`, `database file not found: ${file}`),
    );
  const dest = path.join(dir, 'kepu.sqlite');
  const src = new SQLite(file, { fileMustExist: true });
  try {
    src.pragma('busy_timeout = 5000');
    // The first step only opens the backup; returning the largest step then copies every page
    // in one step, under one read transaction: a consistent snapshot that, in WAL mode, never
    // blocks the platform's writers (a backup in small steps restarts whenever they write).
    await src.backup(dest, { progress: () => 0x7fffffff });
  } finally {
    src.close();
  }
  const snap = new SQLite(dest);
  try {
    // A self-contained file: no -wal beside it in the backup folder.
    snap.pragma('journal_mode = DELETE');
    const query = async (text: string) => snap.prepare(text).all() as Record<string, unknown>[];
    return { database: 'kepu.sqlite', ...(await describeSnapshot('sqlite', query)) };
  } finally {
    snap.close();
  }
}

/**
 * PostgreSQL: a repeatable-read transaction exports its snapshot; the row counts and the audit
 * head are read in it, and pg_dump dumps exactly that snapshot (`--snapshot`), so the manifest
 * and the dump agree while the platform keeps writing.
 */
async function snapshotPostgres(url: string, dir: string): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const exported = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const query = async (text: string) => (await client.query(text)).rows;
    const described = await describeSnapshot('postgres', query);
    const dest = path.join(dir, 'kepu.dump');
    await runTool(
      'pg_dump',
      ['--format=custom', `--snapshot=${exported.rows[0]!.id}`, `--file=${dest}`],
      pgEnv(url),
    );
    await client.query('commit');
    await fsyncFile(dest);
    return { database: 'kepu.dump', ...described };
  } finally {
    await client.end();
  }
}

async function describeSnapshot(
  dialect: 'sqlite' | 'postgres',
  query: (text: string) => Promise<Record<string, unknown>[]>,
): Promise<Omit<Snapshot, 'database'>> {
  const tables = await countRows(dialect, query);
  const migrations = tables.kepu_migrations
    ? (await query('select name from kepu_migrations order by name')).map((r) => String(r.name))
    : [];
  const [head] = tables.audit_log
    ? await query('select seq, hash from audit_log order by seq desc limit 1')
    : [];
  return {
    tables,
    migrations,
    auditHead: head ? { seq: Number(head.seq), hash: String(head.hash) } : null,
  };
}

async function prepareEmptyDir(dir: string): Promise<void> {
  if (fs.existsSync(dir) && (await fsp.readdir(dir)).length > 0)
    throw new BackupError(
      bilingual(
        `备份目录不为空：${dir}（请指定新目录，例如带日期的子目录）`,
        `backup folder is not empty: ${dir} (name a new one, e.g. a dated subfolder)`,
      ),
    );
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
}

function tryLoadKey(config: Config): LoadedAuditKey | null {
  try {
    return loadAuditKey(config, { create: false });
  } catch {
    return null;
  }
}

/**
 * A consistent online backup into an empty folder: the database snapshot first, then the stored
 * files (immutable once stored: every file a snapshot row names is already there), then
 * `manifest.json` with versions, row counts, the audit head and the sha256 of every file.
 * The audit key is copied only when asked (`withAuditKey`): it belongs apart from backups.
 */
export async function takeBackup(
  config: Config,
  dir: string,
  opts: { withAuditKey?: boolean } = {},
): Promise<BackupResult> {
  const started = Date.now();
  const target = path.resolve(dir);
  const key = tryLoadKey(config);
  if (opts.withAuditKey && !key)
    throw new BackupError(
      bilingual(
        `找不到审计密钥，无法随备份复制：${config.auditKeyFile}`,
        `no audit key to copy: ${config.auditKeyFile}`,
      ),
    );
  if (config.database.kind === 'postgres') await runTool('pg_dump', ['--version'], process.env);
  await prepareEmptyDir(target);

  const snap =
    config.database.kind === 'sqlite'
      ? await snapshotSqlite(config.database.file, target)
      : await snapshotPostgres(config.database.url, target);
  const files: ManifestFile[] = [
    { path: snap.database, ...(await sha256File(path.join(target, snap.database))) },
  ];

  // Stored files, after the snapshot; scratch uploads (tmp/) are not the platform's files.
  const root = path.join(config.dataDir, 'files');
  const vanished: string[] = [];
  for (const rel of await listFiles(root, ['tmp'])) {
    try {
      const copied = await copyHashed(path.join(root, rel), path.join(target, 'files', rel));
      files.push({ path: `files/${rel}`, ...copied });
    } catch (e) {
      // Deleted since the snapshot (a file no longer in use): the snapshot may still name it.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') vanished.push(rel);
      else throw e;
    }
  }

  if (opts.withAuditKey && key) {
    const copy = path.join(target, KEY_COPY);
    fs.writeFileSync(copy, `${key.key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    files.push({ path: KEY_COPY, ...(await sha256File(copy)) });
  }

  const unsigned: Omit<BackupManifest, 'signature'> = {
    format: FORMAT,
    kepuVersion: VERSION,
    createdAt: new Date(started).toISOString(),
    dialect: config.database.kind,
    migrations: snap.migrations,
    database: snap.database,
    tables: snap.tables,
    auditHead: snap.auditHead,
    files,
    auditKeyIncluded: !!opts.withAuditKey,
    vanished,
  };
  const manifest: BackupManifest = {
    ...unsigned,
    signature: key ? signManifest(key.key, unsigned) : null,
  };
  const tmp = path.join(target, `${MANIFEST}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await fsyncFile(tmp);
  fs.renameSync(tmp, path.join(target, MANIFEST));
  return {
    dir: target,
    manifest,
    ms: Date.now() - started,
    bytes: files.reduce((n, f) => n + f.size, 0),
    key: key ? { source: key.source, file: key.file } : null,
  };
}
