import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DialectName } from '../db/connect.ts';

export const MANIFEST = 'manifest.json';
export const FORMAT = 'kepu-backup/1';
/** The copy of the audit key, written only with `--with-audit-key`. */
export const KEY_COPY = 'audit.key';

export interface ManifestFile {
  /** Relative to the backup folder, `/`-separated. */
  path: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof FORMAT;
  kepuVersion: string;
  createdAt: string;
  dialect: DialectName;
  /** Applied migrations in the snapshot, in order. */
  migrations: string[];
  /** The database snapshot: `kepu.sqlite` (SQLite online backup) or `kepu.dump` (pg_dump -Fc). */
  database: string;
  /** Rows per table in the snapshot. */
  tables: Record<string, number>;
  auditHead: { seq: number; hash: string } | null;
  /** Every file of the backup but this manifest: the database, stored files, the key copy. */
  files: ManifestFile[];
  auditKeyIncluded: boolean;
  /** Stored files deleted between the database snapshot and their copy (unused by then). */
  vanished: string[];
  /** HMAC-SHA-256 of the rest under the audit key: a rewritten manifest is noticed. */
  signature: string | null;
}

/** A problem with the backup or its target: the message in both languages, for the console. */
export class BackupError extends Error {}

export const bilingual = (zh: string, en: string) => `${zh} / ${en}`;

/** The manifest's signature: HMAC over its JSON without the signature field. */
export function signManifest(key: Buffer, m: Omit<BackupManifest, 'signature'>): string {
  return createHmac('sha256', key).update(JSON.stringify(m)).digest('hex');
}

export async function sha256File(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Copies a file (never over an existing one), hashing the bytes as they pass, then fsyncs it. */
export async function copyHashed(
  from: string,
  to: string,
): Promise<{ size: number; sha256: string }> {
  await fsp.mkdir(path.dirname(to), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  // Opened first: a source that vanished leaves no empty copy behind.
  const input = fs.createReadStream(from);
  await new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await pipeline(
      input,
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      }),
      fs.createWriteStream(to, { flags: 'wx' }),
    );
  } catch (e) {
    await fsp.rm(to, { force: true });
    throw e;
  }
  await fsyncFile(to);
  return { size, sha256: hash.digest('hex') };
}

export async function fsyncFile(file: string): Promise<void> {
  const fh = await fsp.open(file, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Regular files under `root`, relative and `/`-separated, sorted; `skip` names top folders. */
export async function listFiles(root: string, skip: string[] = []): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, rel: string) {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && skip.includes(e.name)) continue;
      if (e.isDirectory()) await walk(path.join(dir, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  }
  await walk(root, '');
  return out.sort();
}

/**
 * libpq's environment for a postgres:// URL: pg_dump and pg_restore get the password this way,
 * not on their command line, where any user of the machine could read it.
 */
export function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGHOST: u.searchParams.get('host') ?? u.hostname.replace(/^\[|\]$/g, ''),
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const ssl = u.searchParams.get('sslmode');
  if (ssl) env.PGSSLMODE = ssl;
  return env;
}

/** A table name from a manifest, before it goes into SQL. */
export const SAFE_TABLE = /^[a-z_][a-z0-9_]{0,62}$/;

/** Tables and their row counts, one dialect's catalogue read through `query`. */
export async function countRows(
  dialect: DialectName,
  query: (text: string) => Promise<Record<string, unknown>[]>,
): Promise<Record<string, number>> {
  const names = (
    await query(
      dialect === 'sqlite'
        ? "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' and sql not like 'CREATE VIRTUAL TABLE%' order by name"
        : "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
    )
  ).map((r) => String(r.name));
  const out: Record<string, number> = {};
  for (const name of names) {
    if (!SAFE_TABLE.test(name)) continue;
    const [row] = await query(`select count(*) as n from "${name}"`);
    out[name] = Number(row?.n ?? 0);
  }
  return out;
}
