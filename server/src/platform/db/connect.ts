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
import type { Config } from '../config.ts';
import type { Database } from './schema.ts';

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

// PostgreSQL returns int8 (count(*)) as a string; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * Opens the configured database with the pragmas DESIGN.md fixes for SQLite. `log`: Kysely's
 * query log (the search profiler times each statement with it).
 */
export function openDatabase(
  database: Config['database'],
  options: { log?: KyselyConfig['log'] } = {},
): DbHandle {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      // Set when each connection starts: the data is cached or on SSD, so a random read costs
      // little more than a sequential one (the planner keeps to the GIN and date indexes), and
      // this application's short queries are never worth JIT compilation.
      options: '-c random_page_cost=1.1 -c jit=off',
    });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin()],
      ...(options.log ? { log: options.log } : {}),
    });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (database.file !== ':memory:')
    fs.mkdirSync(path.dirname(path.resolve(database.file)), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a transaction acknowledged to a client survives a crash or power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 128 MiB page cache (the default is 2 MiB): search reads rows all over the index and the
  // catalogue; from the OS cache each read is a system call (measured: 12 ms → 2.5 ms to read
  // the facets of 7000 matches at 100k works). Memory is taken only as pages are read.
  sqlite.pragma('cache_size = -131072');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    plugins: [new CamelCasePlugin()],
    ...(options.log ? { log: options.log } : {}),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * better-sqlite3 compiles a statement on every prepare(); Kysely prepares every query. Reusing
 * compiled statements (one connection, queries never interleave) saves most of that work.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (source: string) => {
        let stmt = cache.get(source);
        if (stmt) {
          cache.delete(source); // re-insert: Map order doubles as LRU order
        } else {
          stmt = prepare(source);
          if (cache.size >= size) cache.delete(cache.keys().next().value!);
        }
        cache.set(source, stmt);
        return stmt;
      };
    },
  });
}

/**
 * Serializes writers of a chain (the audit log) inside a transaction. SQLite has one writer at a
 * time already; PostgreSQL takes a transaction-scoped advisory lock.
 */
export async function lockChain(tx: Tx, dialect: DialectName, name: string): Promise<void> {
  if (dialect === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(tx);
}

/** Cheap liveness probe for /api/health. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
