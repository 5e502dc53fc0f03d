import fs from 'node:fs/promises';
import {
  formatBytes,
  limitBroken,
  refuse,
  tooLarge,
  XLSX_LIMITS,
  type XlsxLimits,
} from './limits.ts';
import { inflateEntry, inspectZip, type ZipEntry } from './zip.ts';

/** A cell as the importers see it: text, number, boolean, date (a number in a date format). */
export type CellValue = string | number | boolean | Date | null;

/** One row of the sheet that holds a value: its number in the sheet and its cells, A first. */
export interface SheetRow {
  row: number;
  cells: CellValue[];
}

const P = '(?:[\\w.-]+:)?'; // an optional namespace prefix (x:row)
const ATTR = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const CELL = new RegExp(
  `<${P}c(?=[\\s/>])((?:[^>"'/]|"[^"]*"|'[^']*')*)(?:/>|>([\\s\\S]*?)</${P}c>)`,
  'g',
);
const VALUE = new RegExp(`<${P}v(?:\\s[^>]*)?>([\\s\\S]*?)</${P}v>`);
const INLINE = new RegExp(`<${P}is(?:\\s[^>]*)?>([\\s\\S]*?)</${P}is>`);
const TEXT = new RegExp(`<${P}t(?:\\s[^>/]*)?(?:/>|>([\\s\\S]*?)</${P}t>)`, 'g');
const PHONETIC = new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g');
/** Built-in number formats that show a date or a time (ECMA-376 §18.8.30, with the CJK ones). */
const DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);
/** Parts such as styles and relationships are read whole; a sheet is read a row at a time. */
const SMALL_PART_BYTES = 16 * 1024 * 1024;

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(ATTR)) out[m[1]!.replace(/^.*:/, '')] = m[2] ?? m[3] ?? '';
  return out;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities, then the `_xHHHH_` escapes spreadsheets use for control characters. */
function decodeText(s: string): string {
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (all, e: string) => {
      if (e[0] !== '#') return ENTITIES[e] ?? all;
      const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : all;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** The text of a string item (`<si>`, `<is>`): its runs, without phonetic hints. */
function textOf(xml: string): string {
  let out = '';
  for (const m of xml.replace(PHONETIC, '').matchAll(TEXT)) out += decodeText(m[1] ?? '');
  return out;
}

/** A1 → 1, AB7 → 28. */
function columnOf(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** A number format's code shows a date when it has date letters outside quotes and brackets. */
function isDateCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare);
}

/**
 * Elements named `tag` in streamed XML, each as its own text, one at a time: only the element
 * being read is held (refused past `maxChars`), never the whole part.
 */
async function* elements(
  chunks: AsyncIterable<Buffer>,
  tag: string,
  maxChars: number,
  tooBig: () => Error,
): AsyncGenerator<string> {
  const open = new RegExp(`<(${P})${tag}(?=[\\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>`, 'g');
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let searchFrom = 0;
  const drain = function* (): Generator<string> {
    let pos = 0;
    for (;;) {
      open.lastIndex = pos;
      const m = open.exec(buf);
      if (!m) {
        // Keep what may be the start of a tag cut by the chunk: from the last "<" (never inside
        // an attribute value in XML), unless it has grown absurdly long.
        const lt = buf.lastIndexOf('<');
        if (lt >= pos && buf.length - lt > 65_536) throw tooBig();
        pos = lt >= pos ? lt : buf.length;
        break;
      }
      if (m[0].endsWith('/>')) {
        yield m[0];
        pos = open.lastIndex;
        continue;
      }
      const close = `</${m[1]}${tag}>`;
      const at = buf.indexOf(close, Math.max(open.lastIndex, searchFrom));
      if (at < 0) {
        if (buf.length - m.index > maxChars) throw tooBig();
        pos = m.index;
        searchFrom = buf.length - close.length;
        break;
      }
      yield buf.slice(m.index, at + close.length);
      pos = at + close.length;
      searchFrom = 0;
    }
    searchFrom = Math.max(0, searchFrom - pos);
    buf = buf.slice(pos);
  };
  for await (const chunk of chunks) {
    buf += decoder.decode(chunk, { stream: true });
    yield* drain();
  }
  buf += decoder.decode();
  yield* drain();
}

async function readWhole(bytes: Buffer, entry: ZipEntry): Promise<string> {
  if (entry.uncompressedSize > SMALL_PART_BYTES)
    throw tooLarge(
      { 'zh-CN': `“${entry.name}”`, 'en-US': `"${entry.name}"` },
      formatBytes(SMALL_PART_BYTES),
    );
  const parts: Buffer[] = [];
  for await (const c of inflateEntry(bytes, entry)) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

/** Relationship targets by id, resolved against the folder of the part that owns them. */
function relationships(xml: string, base: string): Map<string, { target: string; type: string }> {
  const out = new Map<string, { target: string; type: string }>();
  for (const m of xml.matchAll(new RegExp(`<${P}Relationship\\b[^>]*>`, 'g'))) {
    const a = attrs(m[0]);
    if (!a.Id || !a.Target || a.TargetMode === 'External') continue;
    const segments = a.Target.startsWith('/') ? [] : base.split('/').filter(Boolean);
    for (const s of a.Target.split('/')) {
      if (s === '..') segments.pop();
      else if (s && s !== '.') segments.push(s);
    }
    out.set(a.Id, { target: segments.join('/'), type: a.Type ?? '' });
  }
  return out;
}

const notWorkbook = (zh: string, en: string) =>
  refuse(`不是有效的 xlsx 工作簿：${zh}`, `not a valid xlsx workbook: ${en}`);

/**
 * The rows of a workbook's first sheet, streamed: the archive is checked first (`inspectZip`),
 * then the sheet is inflated and parsed a row at a time, so memory holds the shared strings and
 * one row, not the workbook. Rows past `maxRows`, a value past `maxColumns`, a row over
 * `maxRowChars` stop the reading with a 422 naming the limit; the caller has written nothing yet.
 */
export async function* readXlsxRows(
  bytes: Buffer,
  limits: XlsxLimits = XLSX_LIMITS,
): AsyncGenerator<SheetRow> {
  const entries = new Map(inspectZip(bytes, limits).map((e) => [e.name.toLowerCase(), e]));
  const part = (name: string) => entries.get(name.toLowerCase());
  const root = part('_rels/.rels');
  const office = root
    ? [...relationships(await readWhole(bytes, root), '').values()].find((r) =>
        r.type.endsWith('/officeDocument'),
      )?.target
    : undefined;
  const workbookName = office ?? 'xl/workbook.xml';
  const workbook = part(workbookName);
  if (!workbook) throw notWorkbook('压缩包中没有工作簿', 'the archive holds no workbook');
  const folder = workbookName.split('/').slice(0, -1).join('/');
  const slash = workbookName.lastIndexOf('/');
  const relsName = `${folder}${folder ? '/' : ''}_rels/${workbookName.slice(slash + 1)}.rels`;
  const rels = part(relsName);
  const links = rels ? relationships(await readWhole(bytes, rels), folder) : new Map();
  const workbookXml = await readWhole(bytes, workbook);
  const date1904 = /<(?:[\w.-]+:)?workbookPr\b[^>]*date1904\s*=\s*["'](?:1|true)["']/.test(
    workbookXml,
  );
  const firstSheet = new RegExp(`<${P}sheet\\b[^>]*>`).exec(workbookXml);
  const sheetTarget = firstSheet ? links.get(attrs(firstSheet[0]).id ?? '')?.target : undefined;
  const sheet = sheetTarget ? part(sheetTarget) : undefined;
  if (!sheet) throw notWorkbook('工作簿没有工作表', 'the workbook has no sheet');
  const linked = (kind: string) =>
    [...links.values()].find((l) => l.type.endsWith(`/${kind}`))?.target;

  // Which cell formats are dates.
  const dateStyles = new Set<number>();
  const stylesPart = part(linked('styles') ?? '');
  if (stylesPart) {
    const xml = await readWhole(bytes, stylesPart);
    const custom = new Map<number, string>();
    for (const m of xml.matchAll(new RegExp(`<${P}numFmt\\b[^>]*>`, 'g'))) {
      const a = attrs(m[0]);
      custom.set(Number(a.numFmtId), decodeText(a.formatCode ?? ''));
    }
    const xfs = new RegExp(`<${P}cellXfs\\b[\\s\\S]*?</${P}cellXfs>`).exec(xml)?.[0] ?? '';
    let i = 0;
    for (const m of xfs.matchAll(new RegExp(`<${P}xf\\b[^>]*>`, 'g'))) {
      const id = Number(attrs(m[0]).numFmtId ?? 0);
      const code = custom.get(id);
      if (code !== undefined ? isDateCode(code) : DATE_FORMATS.has(id)) dateStyles.add(i);
      i++;
    }
  }

  const rowTooBig = () =>
    limitBroken(
      { 'zh-CN': '一行的字符数', 'en-US': 'the characters of one row' },
      limits.maxRowChars,
    );
  const shared: string[] = [];
  const stringsPart = part(linked('sharedStrings') ?? '');
  if (stringsPart)
    for await (const si of elements(
      inflateEntry(bytes, stringsPart),
      'si',
      limits.maxRowChars,
      rowTooBig,
    ))
      shared.push(textOf(si));

  let rows = 0;
  let lastRow = 0;
  for await (const xml of elements(
    inflateEntry(bytes, sheet),
    'row',
    limits.maxRowChars,
    rowTooBig,
  )) {
    const head = xml.slice(0, xml.indexOf('>') + 1);
    const r = Number(attrs(head).r) || lastRow + 1;
    lastRow = r;
    const cells: CellValue[] = [];
    let col = 0;
    let hasValue = false;
    for (const m of xml.matchAll(CELL)) {
      const a = attrs(m[1] ?? '');
      col = a.r ? columnOf(a.r) : col + 1;
      const inner = m[2] ?? '';
      const raw = VALUE.exec(inner)?.[1];
      let v: CellValue = null;
      switch (a.t) {
        case 's':
          v = raw === undefined ? null : (shared[Number(raw)] ?? null);
          break;
        case 'inlineStr': {
          const is = INLINE.exec(inner)?.[1];
          v = is === undefined ? null : textOf(is);
          break;
        }
        case 'str':
        case 'e':
          v = raw === undefined ? null : decodeText(raw);
          break;
        case 'b':
          v = raw === undefined ? null : raw.trim() === '1' || raw.trim() === 'true';
          break;
        case 'd': {
          const d = raw === undefined ? null : new Date(decodeText(raw));
          v = d && !Number.isNaN(d.getTime()) ? d : null;
          break;
        }
        default: {
          if (raw === undefined || raw.trim() === '') break;
          const n = Number(raw);
          if (Number.isNaN(n)) v = decodeText(raw);
          else if (dateStyles.has(Number(a.s ?? 0)))
            v = new Date(Math.round((n - (date1904 ? 24107 : 25569)) * 86_400_000));
          else v = n;
        }
      }
      if (v === null || v === '') continue;
      if (col < 1 || col > limits.maxColumns)
        throw limitBroken(
          { 'zh-CN': '工作表的列数', 'en-US': 'the number of columns' },
          limits.maxColumns,
        );
      cells[col - 1] = v;
      hasValue = true;
    }
    if (!hasValue) continue;
    if (++rows > limits.maxRows)
      throw limitBroken({ 'zh-CN': '工作表的行数', 'en-US': 'the number of rows' }, limits.maxRows);
    yield { row: r, cells };
  }
}

/** A workbook file from disk, refused (413) before reading when it is larger than allowed. */
export async function readXlsxFile(
  file: string,
  limits: XlsxLimits = XLSX_LIMITS,
): Promise<Buffer> {
  const { size } = await fs.stat(file);
  if (size > limits.maxBytes)
    throw tooLarge({ 'zh-CN': '文件大小', 'en-US': 'the file' }, formatBytes(limits.maxBytes));
  return fs.readFile(file);
}
