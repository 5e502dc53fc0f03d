/**
 * A person's 科普 record as a PDF (A4 portrait, as many pages as the tables need): 科普工作档案,
 * the person, the years, the totals, then one table per section (its header row repeated on a
 * new page; a capped section ends with 及其他 N 项), the verification code and a QR code to
 * `/verify/<code>` on the first page and the code on every page's footer. Chinese in Noto Sans SC,
 * the certificates' font and fontkit (certificates/pdf.ts). Rendered on the certificate PDF pool's
 * worker threads (certificates/pdf-pool.ts), never on the request thread.
 */
import { PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { ACCENT, certificateFonts, fontkit, INK, MUTED, qrPng, wrap } from '../certificates/pdf.ts';

export interface RecordSectionPrint {
  title: string;
  /** Column headers and their share of the width (sums to 1). */
  columns: { label: string; share: number }[];
  rows: string[][];
  /** Items left out past the cap (printed as 及其他 N 项). */
  more: number;
  /** Printed when there are no rows. */
  empty: string;
}

export interface RecordPrint {
  code: string;
  holderName: string;
  /** e.g. 2022年至2026年 */
  rangeText: string;
  /** The date it was exported, in Chinese. */
  dateText: string;
  verifyUrl: string;
  /** The totals, one line each (also what the verification page shows). */
  totals: string[];
  sections: RecordSectionPrint[];
}

const W = 595.28;
const H = 841.89;
const M = 48;
const BOTTOM = 60;

export async function renderRecordPdf(r: RecordPrint): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit as never);
  doc.setTitle(`科普工作档案 · ${r.holderName}`);
  doc.setSubject(`科普工作档案 ${r.code}`);
  doc.setProducer('Kepu');
  doc.setCreator('Kepu 自然资源科普服务平台');
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const { regular, bold } = certificateFonts();
  const font = await doc.embedFont(regular, { subset: true });
  const heavy = await doc.embedFont(bold, { subset: true });

  let page: PDFPage = doc.addPage([W, H]);
  let y = H - M;
  const text = (t: string, x: number, f: PDFFont, size: number, color = INK) =>
    page.drawText(t, { x, y, size, font: f, color });
  const newPage = () => {
    page = doc.addPage([W, H]);
    y = H - M;
  };
  const room = (h: number) => {
    if (y - h < BOTTOM) {
      newPage();
      return true;
    }
    return false;
  };

  // Title, person, years, the code and its QR code.
  text('科普工作档案', M, heavy, 26, ACCENT);
  y -= 40;
  text(r.holderName, M, heavy, 18);
  y -= 24;
  text(`时间范围：${r.rangeText}`, M, font, 11, MUTED);
  y -= 16;
  text(`导出日期：${r.dateText}`, M, font, 11, MUTED);
  const qr = await doc.embedPng(await qrPng(r.verifyUrl));
  page.drawImage(qr, { x: W - M - 86, y: H - M - 90, width: 86, height: 86 });
  page.drawText(`验证码 ${r.code}`, {
    x: W - M - 150,
    y: H - M - 104,
    size: 10,
    font: heavy,
    color: INK,
  });
  y -= 34;
  text('汇总', M, heavy, 14, ACCENT);
  y -= 20;
  for (const line of r.totals) {
    for (const l of wrap(line, font, 11, W - 2 * M)) {
      room(16);
      text(l, M + 8, font, 11);
      y -= 16;
    }
  }

  // Sections: a heading, the header row, the rows (wrapped in their cells).
  const width = W - 2 * M;
  for (const s of r.sections) {
    y -= 12;
    room(60);
    text(s.title, M, heavy, 14, ACCENT);
    y -= 20;
    const xs: number[] = [];
    let x = M;
    for (const c of s.columns) {
      xs.push(x);
      x += c.share * width;
    }
    const header = () => {
      s.columns.forEach((c, i) => {
        page.drawText(c.label, { x: xs[i]!, y, size: 10, font: heavy, color: MUTED });
      });
      y -= 6;
      page.drawLine({
        start: { x: M, y },
        end: { x: W - M, y },
        thickness: 0.5,
        color: MUTED,
      });
      y -= 14;
    };
    header();
    if (!s.rows.length) {
      text(s.empty, M, font, 10, MUTED);
      y -= 16;
      continue;
    }
    for (const row of s.rows) {
      const cells = row.map((cell, i) =>
        wrap(cell, font, 10, s.columns[i]!.share * width - 8).slice(0, 4),
      );
      const h = Math.max(1, ...cells.map((c) => c.length)) * 13 + 3;
      if (room(h)) {
        text(`${s.title}（续）`, M, heavy, 12, ACCENT);
        y -= 18;
        header();
      }
      cells.forEach((lines, i) => {
        lines.forEach((l, j) => {
          page.drawText(l, { x: xs[i]!, y: y - j * 13, size: 10, font, color: INK });
        });
      });
      y -= h;
    }
    if (s.more > 0) {
      room(16);
      text(`及其他 ${s.more} 项`, M, font, 10, MUTED);
      y -= 16;
    }
  }

  // Footer on every page: the code and the page number.
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const footer = `${r.holderName} · 科普工作档案 · 验证码 ${r.code} · 第 ${i + 1} 页，共 ${pages.length} 页`;
    p.drawText(footer, { x: M, y: 32, size: 8, font, color: MUTED });
  });
  return doc.save({ useObjectStreams: true });
}
