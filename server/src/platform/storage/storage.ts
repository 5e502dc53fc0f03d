import type { Readable } from 'node:stream';

/** Byte range, both ends inclusive (as in an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded files live. Keys are relative paths of our own making (`media/ab/<id>/original`),
 * never a user's file name. The local folder is the default back end; an S3-compatible one can
 * implement the same interface.
 */
export interface Storage {
  /** A scratch file path for an upload in progress (local back end: under `tmp/`). */
  scratchPath(): string;
  /** Moves a finished scratch file to its key, atomically (rename). */
  commit(scratch: string, key: string): Promise<void>;
  /** Writes bytes to a key atomically (scratch file, fsync, rename). */
  put(key: string, data: Buffer): Promise<void>;
  /** Size in bytes, or null when absent. */
  size(key: string): Promise<number | null>;
  /** Reads the whole object or a byte range. */
  read(key: string, range?: ByteRange): Readable;
  /** Removes keys; absent keys are not an error. */
  remove(keys: string[]): Promise<void>;
  /** Removes leftover scratch files (from uploads cut off by a crash). */
  sweepScratch(olderThanMs: number): Promise<number>;
  /** Whether files can be stored now, checked cheaply (for /api/health; nothing is written). */
  isWritable(): Promise<boolean>;
}

/**
 * The files folder cannot be written (read-only disk or mount, permissions, full disk, folder
 * gone or replaced by a file): the server's circumstances, answered 503 STORAGE_UNAVAILABLE and
 * logged for the operator with the path and errno. The client never sees the path.
 */
export class StorageUnavailableError extends Error {
  constructor(
    /** What was being done: 'write', 'commit', 'mkdir'. */
    readonly op: string,
    readonly path: string,
    /** The errno name, e.g. EROFS, EACCES, ENOSPC. */
    readonly errno: string,
    options?: { cause: unknown },
  ) {
    super(`files folder not writable: ${op} ${path}: ${errno}`, options);
  }
}

/** Errno names that mean "this folder cannot take files now", not a bad key or a bug. */
const UNWRITABLE = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENOTDIR',
  'ENOENT',
  'EEXIST',
  'EISDIR',
  'EIO',
]);

/** A file system error on a write path, as StorageUnavailableError when it is one; else as is. */
export function asStorageError(e: unknown, op: string, path: string): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNWRITABLE.has(code)
    ? new StorageUnavailableError(op, path, code, { cause: e })
    : e;
}
