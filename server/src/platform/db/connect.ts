import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  Kysely,
  type KyselyConfig,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { type Config, DEFAULT_SQLITE_CACHE_MIB } from '../config.ts';
import type { Database } from './schema.ts';
import { RetryingSqliteDriver } from './sqlite-driver.ts';
import { WriteCount } from './writes.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or an open transaction: repos take this and never decide about transactions. */
export type Executor = Db | Tx;
export type DialectName = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

const WRITES = new WeakMap<Db, WriteCount>();

/** The count of this process's writes through a handle's `db` (see writes.ts). */
export function writeCountOf(db: Db): WriteCount {
  const writes = WRITES.get(db);
  if (!writes) throw new Error('not a database handle opened by openDatabase');
  return writes;
}

// PostgreSQL returns int8 (count(*)) as a string; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** How long a write waits for a lock held by someone else before it fails (503 DATABASE_BUSY). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** The SQLite driver of each open SQLite database, for the health probe (`probeDatabase`). */
const sqliteDrivers = new WeakMap<Db, RetryingSqliteDriver>();

/** openDatabase's options as the configuration sets them (busy timeout, SQLite's page cache). */
export function databaseOptions(config: Config) {
  return { busyTimeoutMs: config.dbBusyTimeoutMs, sqliteCacheMiB: config.sqliteCacheMiB };
}

/**
 * Opens the configured database with the pragmas DESIGN.md fixes for SQLite. `log`: Kysely's
 * query log (the search profiler times each statement with it). `busyTimeoutMs`: how long a
 * write waits for a lock another connection holds (SQLite's busy timeout, PostgreSQL's
 * lock_timeout; `KEPU_DB_BUSY_TIMEOUT_MS`). `sqliteCacheMiB`: SQLite's page cache
 * (`KEPU_SQLITE_CACHE_MIB`).
 */
export function openDatabase(
  database: Config['database'],
  options: { log?: KyselyConfig['log']; busyTimeoutMs?: number; sqliteCacheMiB?: number } = {},
): DbHandle {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const writes = new WriteCount();
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      // Set when each connection starts: the data is cached or on SSD, so a random read costs
      // little more than a sequential one (the planner keeps to the GIN and date indexes), and
      // this application's short queries are never worth JIT compilation. A statement waiting
      // for a lock (a row another client keeps locked, the audit chain's advisory lock) gives
      // up after the busy timeout (55P03, answered 503), instead of waiting for ever.
      // statement_timeout is left to the operator (ALTER ROLE … SET statement_timeout): the
      // same connections run migrations and imports, whose statements may rightly take minutes.
      options: `-c random_page_cost=1.1 -c jit=off -c lock_timeout=${busyTimeoutMs}`,
      // A pool whose ten connections all stay busy, or a server that does not answer, fails the
      // request (503) rather than queueing it for ever.
      connectionTimeoutMillis: Math.max(10_000, 2 * busyTimeoutMs),
    });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin(), writes],
      ...(options.log ? { log: options.log } : {}),
    });
    WRITES.set(db, writes);
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (database.file !== ':memory:')
    fs.mkdirSync(path.dirname(path.resolve(database.file)), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a transaction acknowledged to a client survives a crash or power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // The page cache (SQLite's default is 2 MiB): search reads rows all over the index and the
  // catalogue, and from the OS cache each read is a system call. Memory is taken only as pages
  // are read. How much is worth its memory: ARCHITECTURE, "Memory".
  const cacheKiB = (options.sqliteCacheMiB ?? DEFAULT_SQLITE_CACHE_MIB) * 1024;
  sqlite.pragma(`cache_size = -${cacheKiB}`);
  // The busy timeout is the driver's: it waits on timers, not in SQLite's busy handler.
  const driver = new RetryingSqliteDriver(sqlite, busyTimeoutMs);
  const db = new Kysely<Database>({
    dialect: new (class extends SqliteDialect {
      override createDriver() {
        return driver;
      }
    })({ database: sqlite }),
    plugins: [new CamelCasePlugin(), writes],
    ...(options.log ? { log: options.log } : {}),
  });
  sqliteDrivers.set(db, driver);
  WRITES.set(db, writes);
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Serializes writers of a chain (the audit log) inside a transaction. SQLite has one writer at a
 * time already; PostgreSQL takes a transaction-scoped advisory lock.
 */
export async function lockChain(tx: Tx, dialect: DialectName, name: string): Promise<void> {
  if (dialect === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(tx);
}

/** At most this long, a health check waits for SQLite's write lock. */
const PROBE_WAIT_MS = 1000;

/**
 * Cheap probe for /api/health: can the database be reached, and written now? SQLite: the write
 * lock can be taken within a second (or the busy timeout, if shorter) — nothing is written.
 * PostgreSQL: the server answers and is not a read-only standby or read-only by configuration
 * (row locks are per row there: a lock held by one client does not make the database unwritable).
 */
export async function probeDatabase(db: Db): Promise<{ reachable: boolean; writable: boolean }> {
  const driver = sqliteDrivers.get(db);
  if (driver) {
    const writable = await driver.probeWriteLock(Math.min(PROBE_WAIT_MS, driver.busyTimeoutMs));
    // A database that cannot take the write lock may still answer reads.
    return { reachable: writable || (await pingDatabase(db)), writable };
  }
  try {
    const { rows } = await sql<{ writable: boolean }>`
      select not pg_is_in_recovery() and current_setting('transaction_read_only') = 'off'
        as writable`.execute(db);
    return { reachable: true, writable: rows[0]?.writable === true };
  } catch {
    return { reachable: false, writable: false };
  }
}

/** Cheap liveness probe: the database answers a query. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
