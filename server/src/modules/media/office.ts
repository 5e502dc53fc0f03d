import fsp from 'node:fs/promises';

/** A Word or Excel file, as its content shows it to be. */
export interface OfficeType {
  mime: string;
  ext: 'docx' | 'xlsx' | 'doc' | 'xls';
}

export const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** OLE compound file (legacy .doc / .xls): D0 CF 11 E0 A1 B1 1A E1. */
export const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const OOXML: Record<'word' | 'xl', OfficeType> = {
  word: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
  },
  xl: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
};

/**
 * The names in a zip's central directory (the end record is within the last 64 KiB + 22 bytes),
 * or null when the directory cannot be read.
 */
export function zipEntryNames(buf: Buffer): string[] | null {
  const from = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    if (at + 46 + nameLength > buf.length) return null;
    names.push(buf.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * A Word (.docx) or Excel (.xlsx) file: a zip whose directory holds `[Content_Types].xml` and
 * the main part (`word/document.xml` or `xl/workbook.xml`), without macros (`vbaProject.bin`).
 * Anything else — a renamed zip, a macro-enabled file — is null.
 */
export function ooxmlType(buf: Buffer): OfficeType | null {
  if (!ZIP_SIGNATURE.every((v, i) => buf[i] === v)) return null;
  const names = zipEntryNames(buf);
  if (!names?.includes('[Content_Types].xml')) return null;
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return null;
  const word = names.includes('word/document.xml');
  const xl = names.includes('xl/workbook.xml');
  if (word === xl) return null;
  return OOXML[word ? 'word' : 'xl'];
}

const utf16 = (s: string) => Buffer.from(s, 'utf16le');

/**
 * A legacy Word (.doc) or Excel (.xls) file: an OLE compound file whose directory names the
 * `WordDocument` or `Workbook` (`Book` in Excel 5) stream, and no macro storage.
 */
export function cfbType(buf: Buffer): OfficeType | null {
  if (!CFB_SIGNATURE.every((v, i) => buf[i] === v)) return null;
  if (buf.includes(utf16('_VBA_PROJECT')) || buf.includes(utf16('Macros'))) return null;
  const word = buf.includes(utf16('WordDocument'));
  const xl = buf.includes(utf16('Workbook')) || buf.includes(utf16('Book\0'));
  if (word === xl) return null;
  return word
    ? { mime: 'application/msword', ext: 'doc' }
    : { mime: 'application/vnd.ms-excel', ext: 'xls' };
}

/** What an uploaded zip or compound file is, read whole (documents are at most 50 MB). */
export async function officeTypeOf(file: string): Promise<OfficeType | null> {
  const buf = await fsp.readFile(file);
  return ooxmlType(buf) ?? cfbType(buf);
}
