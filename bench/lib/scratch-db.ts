/**
 * Shared by the benches that build a corpus: a fresh scratch database (a SQLite file in a temp
 * folder, or a PostgreSQL database made under BENCH_PG_URL / KEPU_TEST_PG_URL), an importer with
 * the right to bring published works, and generated works written as import JSONL.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../server/src/platform/config.ts';
import type { DbHandle } from '../../server/src/platform/db/connect.ts';
import { generateWorks } from '../corpus-generator.ts';

export interface ScratchDatabase {
  database: Config['database'];
  /** The database as DATABASE_URL names it (sqlite:FILE or the postgres URL). */
  url: string;
  /** Bytes on disk (the SQLite folder with its WAL, or pg_database_size). */
  size: () => Promise<number>;
  drop: () => Promise<void>;
}

/** The admin URL a scratch PostgreSQL database is made under. */
export function adminPgUrl(): string {
  const admin = process.env.BENCH_PG_URL ?? process.env.KEPU_TEST_PG_URL;
  if (!admin) throw new Error('set BENCH_PG_URL (or KEPU_TEST_PG_URL) for PostgreSQL');
  return admin;
}

/** A fresh empty database; `prefix` names the folder or database (kepu_sb → kepu_sb_1a2b3c4d). */
export async function scratchDatabase(
  kind: 'sqlite' | 'postgres',
  prefix = 'kepu_sb',
): Promise<ScratchDatabase> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replaceAll('_', '-')}-`));
    const file = path.join(dir, 'b.sqlite');
    return {
      database: { kind: 'sqlite', file },
      url: `sqlite:${file}`,
      size: async () =>
        fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = adminPgUrl();
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    database: { kind: 'postgres', url: url.toString() },
    url: url.toString(),
    size: async () => {
      const d = new pg.Client({ connectionString: url.toString() });
      await d.connect();
      const r = await d.query('select pg_database_size(current_database()) as n');
      await d.end();
      return Number(r.rows[0].n);
    },
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

/** The PostgreSQL server's version and cache settings (the figures depend on them). */
export async function describePostgres(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query(
    "select version() as v, current_setting('shared_buffers') as b, current_setting('work_mem') as w",
  );
  await c.end();
  return `PostgreSQL ${String(r.rows[0].v).split(' ')[1]}: shared_buffers ${r.rows[0].b}, work_mem ${r.rows[0].w}`;
}

/**
 * A user `bench` with PLATFORM_ADMIN (an import of published works is an office's: it needs an
 * administrator); returns the user's id.
 */
export async function createImporter(handle: DbHandle): Promise<string> {
  const at = new Date().toISOString();
  const userId = crypto.randomUUID();
  await handle.db
    .insertInto('users')
    .values({
      id: userId,
      username: 'bench',
      displayName: '基准',
      email: null,
      phone: null,
      passwordHash: null,
      locale: 'zh-CN',
      birthYear: null,
      guardianName: null,
      guardianContact: null,
      guardianConsentAt: null,
      totpSecret: null,
      totpEnabledAt: null,
      status: 'ACTIVE',
      passwordChangedAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  await handle.db
    .insertInto('roleGrants')
    .values({
      id: crypto.randomUUID(),
      userId,
      role: 'PLATFORM_ADMIN',
      organisationId: null,
      grantedBy: null,
      createdAt: at,
    })
    .execute();
  return userId;
}

/**
 * `count` generated works (the stream for `seed`), all published, as import JSONL in files of at
 * most `perFile` rows (an import file holds at most 200,000 lines): `fileFor(0)`, `fileFor(1)` …
 * Returns the files and their total size in bytes.
 */
export async function writeWorksJsonl(
  fileFor: (index: number) => string,
  count: number,
  seed: number,
  perFile = count,
): Promise<{ files: string[]; bytes: number }> {
  const files: string[] = [];
  let out: fs.WriteStream | null = null;
  const close = async () => {
    if (out) await new Promise((r) => out!.end(r));
    out = null;
  };
  let i = 0;
  for (const w of generateWorks(count, seed)) {
    if (i++ % perFile === 0) {
      await close();
      files.push(fileFor(files.length));
      out = fs.createWriteStream(files.at(-1)!);
    }
    // Three sources say ARTICLE, which is no WORK_TYPE code (an import refuses it): 期刊/文章.
    const type = w.subtype === 'ARTICLE' ? 'PERIODICAL_ARTICLE' : w.subtype;
    const line = `${JSON.stringify({ title: w.title, summary: w.excerpt, body: w.body, type, sectors: w.sectors, topics: w.topics, status: 'PUBLISHED', publishedAt: w.publishedAt })}\n`;
    if (!out!.write(line)) await new Promise<void>((r) => out!.once('drain', () => r()));
  }
  await close();
  return { files, bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0) };
}
