import zlib from 'node:zlib';
import { AppError } from '../errors.ts';
import { type ArchiveLimits, formatBytes, limitBroken, refuse, tooLarge } from './limits.ts';

/** One file of a checked archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated: nothing else is read. */
  method: 0 | 8;
  compressedSize: number;
  uncompressedSize: number;
  crc: number;
  /** Where its local header starts, and its bytes after it. */
  localOffset: number;
  dataOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const notZip = () =>
  new AppError('FILE_TYPE_REFUSED', {
    reason: {
      'zh-CN':
        '不是 xlsx 工作簿：文件内容不是 zip 压缩包（旧版 .xls 或加密的工作簿请另存为 .xlsx）',
      'en-US':
        'Not an xlsx workbook: the content is not a zip archive (save an old .xls or an encrypted workbook as .xlsx)',
    },
  });

/** A name that could escape a folder or hide what it is. */
function isUnsafeName(name: string): boolean {
  return (
    name.length === 0 ||
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[a-zA-Z]:/.test(name) ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
    /[\u0000-\u001f\u007f]/.test(name) ||
    name.split('/').some((s) => s === '..' || s === '.')
  );
}

/**
 * Reads an archive's central directory and checks it before a single byte is inflated: entry
 * count, names (no absolute path, no `..`, no encryption), methods, sizes (each and in total),
 * compression ratios, and that every entry's local header agrees with the directory and no two
 * entries share bytes (overlapping entries are how the smallest bombs are built). The sizes are
 * the archive's claims; `inflateEntry` holds each entry to its claim.
 */
export function inspectZip(bytes: Buffer, limits: ArchiveLimits): ZipEntry[] {
  if (bytes.length > limits.maxBytes)
    throw tooLarge({ 'zh-CN': '文件大小', 'en-US': 'the file' }, formatBytes(limits.maxBytes));
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL) throw notZip();
  // The end record is the last 22 bytes plus a comment of at most 65,535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD && i + 22 + bytes.readUInt16LE(i + 20) === bytes.length) {
      end = i;
      break;
    }
  }
  if (end < 0) throw notZip();
  const disk = bytes.readUInt16LE(end + 4);
  const cdDisk = bytes.readUInt16LE(end + 6);
  const onDisk = bytes.readUInt16LE(end + 8);
  const count = bytes.readUInt16LE(end + 10);
  const cdSize = bytes.readUInt32LE(end + 12);
  const cdOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw refuse('ZIP64 格式的压缩包不受支持', 'ZIP64 archives are not supported');
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count)
    throw refuse('分卷压缩包不受支持', 'Split archives are not supported');
  if (count > limits.maxEntries)
    throw limitBroken(
      { 'zh-CN': '压缩包内的文件数', 'en-US': 'the number of files in the archive' },
      limits.maxEntries,
    );
  if (cdOffset + cdSize > end) throw refuse('压缩包目录已损坏', 'The archive directory is damaged');

  const entries: ZipEntry[] = [];
  let total = 0;
  let totalCompressed = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cdOffset + cdSize || bytes.readUInt32LE(p) !== CENTRAL)
      throw refuse('压缩包目录已损坏', 'The archive directory is damaged');
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const crc = bytes.readUInt32LE(p + 16);
    const compressedSize = bytes.readUInt32LE(p + 20);
    const uncompressedSize = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const localOffset = bytes.readUInt32LE(p + 42);
    const name = bytes.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    p += 46 + nameLength + extraLength + commentLength;
    if (p > cdOffset + cdSize) throw refuse('压缩包目录已损坏', 'The archive directory is damaged');
    if (isUnsafeName(name))
      throw refuse(
        `压缩包内的文件名“${name.slice(0, 80)}”不安全（绝对路径或含“..”）`,
        `The archive holds an unsafe file name "${name.slice(0, 80)}" (absolute or with "..")`,
      );
    if (flags & 0x41)
      throw refuse(
        '压缩包内的文件已加密，请去掉密码后另存为 .xlsx',
        'The archive holds encrypted files; remove the password and save as .xlsx',
      );
    if (method !== 0 && method !== 8)
      throw refuse(
        `压缩包使用了不支持的压缩方式（${method}）`,
        `The archive uses an unsupported compression method (${method})`,
      );
    if (method === 0 && compressedSize !== uncompressedSize)
      throw refuse('压缩包目录已损坏', 'The archive directory is damaged');
    if (
      uncompressedSize > limits.ratioFloorBytes &&
      uncompressedSize > compressedSize * limits.maxRatio
    )
      throw bomb(name, uncompressedSize, compressedSize, limits.maxRatio);
    total += uncompressedSize;
    totalCompressed += compressedSize;
    if (uncompressedSize > limits.maxEntryBytes || total > limits.maxUncompressedBytes)
      throw tooLarge(
        { 'zh-CN': '解压后的大小', 'en-US': 'the uncompressed size' },
        formatBytes(
          uncompressedSize > limits.maxEntryBytes
            ? limits.maxEntryBytes
            : limits.maxUncompressedBytes,
        ),
      );
    // The local header must name the same file; its own extra field decides where data starts.
    if (localOffset + 30 > cdOffset || bytes.readUInt32LE(localOffset) !== LOCAL)
      throw refuse('压缩包目录已损坏', 'The archive directory is damaged');
    const localName = bytes.subarray(
      localOffset + 30,
      localOffset + 30 + bytes.readUInt16LE(localOffset + 26),
    );
    if (localName.toString('utf8') !== name)
      throw refuse('压缩包目录已损坏', 'The archive directory is damaged');
    const dataOffset =
      localOffset +
      30 +
      bytes.readUInt16LE(localOffset + 26) +
      bytes.readUInt16LE(localOffset + 28);
    if (dataOffset + compressedSize > cdOffset)
      throw refuse('压缩包目录已损坏', 'The archive directory is damaged');
    entries.push({
      name,
      method,
      compressedSize,
      uncompressedSize,
      crc,
      localOffset,
      dataOffset,
    });
  }
  if (total > limits.ratioFloorBytes && total > totalCompressed * limits.maxRatio)
    throw bomb('(全部 / all)', total, totalCompressed, limits.maxRatio);
  // No two entries may share bytes.
  const byOffset = [...entries].sort((a, b) => a.dataOffset - b.dataOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]!;
    if (prev.dataOffset + prev.compressedSize > byOffset[i]!.localOffset)
      throw refuse(
        '压缩包内的文件相互重叠（疑似压缩炸弹）',
        'Files in the archive overlap (a zip bomb)',
      );
  }
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  if (names.size !== entries.length)
    throw refuse('压缩包内有重名的文件', 'The archive holds two files of the same name');
  return entries;
}

function bomb(name: string, size: number, compressed: number, max: number): AppError {
  const ratio = Math.round(size / Math.max(1, compressed)).toLocaleString('en-US');
  return refuse(
    `“${name}”的压缩比为 ${ratio}:1，超过上限 ${max}:1（疑似压缩炸弹）`,
    `"${name}" is compressed ${ratio}:1, above the limit of ${max}:1 (a zip bomb)`,
  );
}

/**
 * An entry's bytes as they inflate, a chunk at a time: never more than the directory claimed
 * (the inflater stops at the first byte past it), and exactly that much with the right CRC.
 */
export async function* inflateEntry(bytes: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const raw = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  const lied = () =>
    refuse(
      `“${entry.name}”解压后与压缩包目录记载的大小（${formatBytes(entry.uncompressedSize)}）不符（疑似压缩炸弹）`,
      `"${entry.name}" does not inflate to the size its directory claims (${formatBytes(entry.uncompressedSize)}): a zip bomb`,
    );
  let crc = 0;
  let size = 0;
  if (entry.method === 0) {
    crc = zlib.crc32(raw);
    size = raw.length;
    yield raw;
  } else {
    const inflate = zlib.createInflateRaw();
    inflate.end(raw);
    try {
      for await (const chunk of inflate as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > entry.uncompressedSize) throw lied();
        crc = zlib.crc32(chunk, crc);
        yield chunk;
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw refuse(`“${entry.name}”无法解压，文件已损坏`, `"${entry.name}" cannot be inflated`);
    } finally {
      inflate.destroy();
    }
  }
  if (size !== entry.uncompressedSize) throw lied();
  if (crc >>> 0 !== entry.crc >>> 0)
    throw refuse(`“${entry.name}”校验和不符，文件已损坏`, `"${entry.name}" fails its checksum`);
}
