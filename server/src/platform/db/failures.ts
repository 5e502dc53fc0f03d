/**
 * Database failures that are the server's circumstances, not a bug nor the client's mistake: a
 * lock held elsewhere past the busy timeout, a server that cannot be reached, a read-only or full
 * disk. The error handler answers them 503 with Retry-After instead of a 500.
 */
export type DatabaseFailure = 'DATABASE_BUSY' | 'DATABASE_UNAVAILABLE';

// PostgreSQL SQLSTATEs: lock_not_available (lock_timeout), query_canceled (statement_timeout),
// serialization_failure, deadlock_detected — worth trying again shortly.
const PG_BUSY = new Set(['55P03', '57014', '40001', '40P01']);
// too_many_connections, admin/crash shutdown, cannot_connect_now, read_only_sql_transaction (a
// standby), disk_full, and the whole connection-exception class 08.
const PG_UNAVAILABLE = new Set(['53300', '57P01', '57P02', '57P03', '25006', '53100']);
// The network below the PostgreSQL client.
const NET_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** The 503 a database error deserves, or null when it is something else (a bug: 500). */
export function databaseFailureOf(e: unknown): DatabaseFailure | null {
  if (!e || typeof e !== 'object') return null;
  const code = String((e as { code?: unknown }).code ?? '');
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return 'DATABASE_BUSY';
  if (/^SQLITE_(READONLY|CANTOPEN|IOERR|FULL)/.test(code)) return 'DATABASE_UNAVAILABLE';
  if (PG_BUSY.has(code)) return 'DATABASE_BUSY';
  if (PG_UNAVAILABLE.has(code) || /^08/.test(code)) return 'DATABASE_UNAVAILABLE';
  // Node reports a refused connection to every address of a name as an AggregateError.
  const codes = [
    code,
    ...((e as { errors?: { code?: unknown }[] }).errors ?? []).map((x) => x.code),
  ];
  if (codes.some((c) => NET_UNAVAILABLE.has(String(c)))) return 'DATABASE_UNAVAILABLE';
  const message = String((e as { message?: unknown }).message ?? '');
  // pg-pool: all ten connections stayed in use for connectionTimeoutMillis.
  if (message === 'timeout exceeded when trying to connect') return 'DATABASE_BUSY';
  // pg: the server went away mid-query, or did not answer the connection in time.
  if (/^Connection terminated/.test(message)) return 'DATABASE_UNAVAILABLE';
  return null;
}
