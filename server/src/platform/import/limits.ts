import { AppError } from '../errors.ts';

/** What an archive may hold before anything in it is inflated. */
export interface ArchiveLimits {
  /** The archive itself (the request body or the file). */
  maxBytes: number;
  maxEntries: number;
  /** Any one entry, and all of them together, as the directory claims them. */
  maxEntryBytes: number;
  maxUncompressedBytes: number;
  /** Compression ratio (uncompressed : compressed) of an entry and of the whole archive. */
  maxRatio: number;
  /** Entries (and archives) smaller than this are not held to the ratio: tiny parts vary. */
  ratioFloorBytes: number;
}

/** An xlsx import's limits: the archive's, then the first sheet's. */
export interface XlsxLimits extends ArchiveLimits {
  /** Rows holding a value (the header included). */
  maxRows: number;
  /** The last column holding a value. */
  maxColumns: number;
  /** Characters of one row's XML (a row, or a shared string, is the unit read at a time). */
  maxRowChars: number;
}

/** A JSON Lines import's limits. */
export interface JsonlLimits {
  maxBytes: number;
  maxLines: number;
  maxLineBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Defaults for a workbook read in memory. A real xlsx deflates its XML 5–30 times; a run of one
 * byte deflates about 1,000 times, so 100:1 over a megabyte is a bomb, not a sheet.
 */
export const XLSX_LIMITS: XlsxLimits = {
  maxBytes: 10 * MiB,
  maxEntries: 1_000,
  maxEntryBytes: 64 * MiB,
  maxUncompressedBytes: 128 * MiB,
  maxRatio: 100,
  ratioFloorBytes: MiB,
  maxRows: 10_000,
  maxColumns: 100,
  maxRowChars: 1_000_000,
};

export const JSONL_LIMITS: JsonlLimits = {
  maxBytes: 256 * MiB,
  maxLines: 200_000,
  maxLineBytes: MiB,
};

/** 10 MiB, 512 KiB, 300 B. */
export function formatBytes(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} B`;
}

type Both = { 'zh-CN': string; 'en-US': string };

/** 413 naming what is too large and the limit. */
export const tooLarge = (what: Both, limit: string) =>
  new AppError('IMPORT_TOO_LARGE', { what, limit });

/** 422 naming the broken limit. */
export const limitBroken = (what: Both, limit: number | string) =>
  new AppError('IMPORT_LIMIT', {
    what,
    limit: typeof limit === 'number' ? limit.toLocaleString('en-US') : limit,
  });

/** 422 with a reason in both languages (a bomb, a damaged or unsafe archive). */
export const refuse = (zh: string, en: string) =>
  new AppError('IMPORT_REFUSED', { reason: { 'zh-CN': zh, 'en-US': en } });
