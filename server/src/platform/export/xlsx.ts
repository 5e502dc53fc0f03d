import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface XlsxColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null;
}

/** One-sheet workbook with a bold, frozen header row; used by every list export. */
export async function buildXlsx<T>(
  sheetName: string,
  columns: XlsxColumn<T>[],
  rows: Iterable<T>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kepu';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(columns.map((c) => c.value(row)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 5987 filename for Chinese names in Content-Disposition. */
function attachment(filename: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Sends a workbook as a download named `filename`: every list export answers this way. */
export function sendXlsx(reply: FastifyReply, filename: string, workbook: Buffer) {
  return reply.type(XLSX_TYPE).header('content-disposition', attachment(filename)).send(workbook);
}
