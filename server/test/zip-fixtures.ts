import zlib from 'node:zlib';

/** One file of a hand-built zip: its bytes as stored (deflated or not) and what it claims. */
export interface ZipFile {
  name: string;
  /** The bytes as they go in the archive. */
  stored: Buffer;
  method: 0 | 8;
  crc: number;
  /** The uncompressed size written in the headers (a bomb may lie). */
  size: number;
  flags?: number;
}

/** A file deflated now. */
export function deflated(name: string, text: string | Buffer): ZipFile {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return {
    name,
    stored: zlib.deflateRawSync(data),
    method: 8,
    crc: zlib.crc32(data),
    size: data.length,
  };
}

/**
 * `head`, then `count` bytes of `fill`, then `tail`, deflated as one stream without ever holding
 * the whole text (a zip bomb: a megabyte that inflates to a gigabyte).
 */
export async function deflatedRun(
  name: string,
  head: string,
  fill: number,
  count: number,
  tail: string,
): Promise<ZipFile> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1 << 20, fill);
  const h = Buffer.from(head);
  const t = Buffer.from(tail);
  let crc = zlib.crc32(h);
  const write = (b: Buffer) =>
    new Promise<void>((resolve) => {
      if (deflate.write(b)) resolve();
      else deflate.once('drain', resolve);
    });
  await write(h);
  for (let left = count; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = zlib.crc32(piece, crc);
    await write(piece);
  }
  crc = zlib.crc32(t, crc);
  deflate.end(t);
  await ended;
  return {
    name,
    stored: Buffer.concat(out),
    method: 8,
    crc,
    size: h.length + count + t.length,
  };
}

/** A zip archive of these files (local headers, data, central directory, end record). */
export function buildZip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE((f.flags ?? 0) | 0x0800, 6);
    local.writeUInt16LE(f.method, 8);
    local.writeUInt32LE(f.crc >>> 0, 14);
    local.writeUInt32LE(f.stored.length, 18);
    local.writeUInt32LE(f.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, f.stored);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE((f.flags ?? 0) | 0x0800, 8);
    cd.writeUInt16LE(f.method, 10);
    cd.writeUInt32LE(f.crc >>> 0, 16);
    cd.writeUInt32LE(f.stored.length, 20);
    cd.writeUInt32LE(f.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + f.stored.length;
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** The opening of a one-sheet worksheet, up to the first cell's inline text. */
export const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>';
export const SHEET_TAIL = '</t></is></c></row></sheetData></worksheet>';

/** A minimal valid xlsx (one sheet, inline strings) around this worksheet part. */
export function xlsxShell(sheet: ZipFile, extra: ZipFile[] = []): Buffer {
  return buildZip([
    deflated('[Content_Types].xml', CONTENT_TYPES),
    deflated('_rels/.rels', RELS),
    deflated('xl/workbook.xml', WORKBOOK),
    deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    sheet,
    ...extra,
  ]);
}

/** A worksheet of these rows, every cell an inline string. */
export function sheetOf(rows: string[][]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = rows
    .map(
      (r, i) =>
        `<row r="${i + 1}">${r.map((v) => `<c t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

/**
 * The bomb: a valid xlsx whose one cell holds `size` bytes of "A" (1 GiB by default), about
 * a megabyte on the wire. `declared` is the size the headers claim (a lying bomb claims little).
 */
export async function xlsxBomb(size = 1 << 30, declared?: number): Promise<Buffer> {
  const sheet = await deflatedRun('xl/worksheets/sheet1.xml', SHEET_HEAD, 0x41, size, SHEET_TAIL);
  if (declared !== undefined) sheet.size = declared;
  return xlsxShell(sheet);
}
