import type SQLite from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  type TransactionSettings,
} from 'kysely';

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, …): another connection holds a lock. */
export const isSqliteBusy = (e: unknown): boolean =>
  /^SQLITE_BUSY/.test(String((e as { code?: unknown } | null)?.code ?? ''));

/** The pause before the n-th retry: SQLite's own busy handler's steps (1, 2, 5, … 100 ms). */
const BACKOFF_MS = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

const STATEMENT_CACHE_SIZE = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kysely's SQLite driver (one better-sqlite3 connection behind a mutex), changed in two ways so
 * that a write lock held by another process is waited for, up to `busyTimeoutMs`, and only then
 * fails with SQLITE_BUSY:
 *
 * - A transaction begins IMMEDIATE (it takes the write lock first), unless it is declared
 *   `setAccessMode('read only')`. Kysely's plain `BEGIN` is DEFERRED: a transaction that reads
 *   and then writes must upgrade its read lock, and SQLite refuses that upgrade at once, without
 *   calling the busy handler (waiting could deadlock) — writes failed in milliseconds.
 * - The wait happens on timers, not in SQLite's busy handler: better-sqlite3 is synchronous, so
 *   `busy_timeout` would freeze the whole process (every request) while it waits. The connection
 *   is opened with `busy_timeout = 0`; a busy lock is retried with SQLite's own back-off, and the
 *   connection is handed to other queries between tries (reads go on while a write waits).
 */
export class RetryingSqliteDriver implements Driver {
  readonly #mutex = new ConnectionMutex();
  readonly #db: SQLite.Database;
  readonly #connection: RetryingSqliteConnection;

  constructor(
    db: SQLite.Database,
    readonly busyTimeoutMs: number,
  ) {
    this.#db = db;
    this.#db.pragma('busy_timeout = 0');
    this.#connection = new RetryingSqliteConnection(db, (fn) => this.#untilFree(fn));
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(_c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const begin = settings.accessMode === 'read only' ? 'begin deferred' : 'begin immediate';
    await this.#untilFree(() => this.#db.exec(begin));
  }

  async commitTransaction(): Promise<void> {
    this.#db.exec('commit');
  }

  async rollbackTransaction(): Promise<void> {
    this.#db.exec('rollback');
  }

  async savepoint(_c: DatabaseConnection, name: string): Promise<void> {
    this.#db.exec(`savepoint ${savepointName(name)}`);
  }

  async rollbackToSavepoint(_c: DatabaseConnection, name: string): Promise<void> {
    this.#db.exec(`rollback to ${savepointName(name)}`);
  }

  async releaseSavepoint(_c: DatabaseConnection, name: string): Promise<void> {
    this.#db.exec(`release ${savepointName(name)}`);
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.#db.close();
  }

  /**
   * Whether the write lock can be had within `waitMs` (for /api/health): takes the connection,
   * begins IMMEDIATE and rolls back at once. False when another process holds the lock that long
   * or the file cannot be written at all (read-only file or folder).
   */
  async probeWriteLock(waitMs: number): Promise<boolean> {
    await this.#mutex.lock();
    try {
      await this.#untilFree(() => this.#db.exec('begin immediate'), waitMs);
      this.#db.exec('rollback');
      return true;
    } catch {
      return false;
    } finally {
      this.#mutex.unlock();
    }
  }

  /**
   * Runs `fn` (a statement that takes or needs a lock), retrying while the database is busy until
   * the deadline. The caller holds the connection; between tries it lets other callers use it.
   */
  async #untilFree<T>(fn: () => T, waitMs = this.busyTimeoutMs): Promise<T> {
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return fn();
      } catch (e) {
        const remaining = deadline - Date.now();
        if (!isSqliteBusy(e) || remaining <= 0) throw e;
        this.#mutex.unlock();
        await sleep(Math.min(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!, remaining));
        await this.#mutex.lock();
      }
    }
  }
}

function savepointName(name: string): string {
  if (!/^\w+$/.test(name)) throw new Error(`bad savepoint name ${name}`);
  return name;
}

class RetryingSqliteConnection implements DatabaseConnection {
  /** Compiled statements by SQL text, least recently used first (see `prepare`). */
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(
    private readonly db: SQLite.Database,
    private readonly untilFree: <T>(fn: () => T) => Promise<T>,
  ) {}

  /**
   * better-sqlite3 compiles a statement on every prepare(); Kysely prepares every query. Reusing
   * compiled statements (one connection, queries never interleave) saves most of that work.
   */
  private prepare(source: string): SQLite.Statement {
    let stmt = this.statements.get(source);
    if (stmt) {
      this.statements.delete(source); // re-insert: Map order doubles as LRU order
    } else {
      stmt = this.db.prepare(source);
      if (this.statements.size >= STATEMENT_CACHE_SIZE)
        this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(source, stmt);
    return stmt;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const run = (): QueryResult<R> => {
      const stmt = this.prepare(compiled.sql);
      const params = compiled.parameters as unknown[];
      if (stmt.reader) return { rows: stmt.all(params) as R[] };
      const { changes, lastInsertRowid } = stmt.run(params);
      return {
        numAffectedRows: BigInt(changes),
        insertId: BigInt(lastInsertRowid),
        rows: [],
      };
    };
    // A statement on its own (autocommit) may wait for the lock like a transaction's BEGIN does.
    // Inside a transaction it cannot: an IMMEDIATE one holds the write lock already, and a
    // read-only one that meets SQLITE_BUSY must give up (it would keep an older snapshot).
    if (this.db.inTransaction) return Promise.resolve(run());
    return this.untilFree(run);
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query))
      throw new Error('Sqlite driver only supports streaming of select queries');
    const stmt = this.prepare(compiled.sql);
    for (const row of stmt.iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/** One connection, one user at a time (as Kysely's own SQLite driver). */
class ConnectionMutex {
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#promise) await this.#promise;
    this.#promise = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  unlock(): void {
    const resolve = this.#resolve;
    this.#promise = undefined;
    this.#resolve = undefined;
    resolve?.();
  }
}
