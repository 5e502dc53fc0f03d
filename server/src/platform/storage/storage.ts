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
}
