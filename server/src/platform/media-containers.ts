/**
 * Writers of the two containers Kepu makes itself rather than through a library: a PDF (numbered
 * objects, then the cross-reference table) and a binary glTF (a JSON chunk and a BIN chunk). The
 * demo world draws its files with them, the tests their fixtures.
 */

/** A PDF of the given objects, numbered from 1 (object 1 the catalogue), with its xref table. */
export function pdfFromObjects(objects: readonly string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * A one-page PDF of `width`×`height` points whose page draws `content` (PDF operators, Latin-1),
 * with Helvetica as font /F1.
 */
export function onePagePdf(content: string, width: number, height: number): Buffer {
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

const pad4 = (b: Buffer, fill: number) =>
  Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4, fill)]);

/**
 * A GLB (glTF 2.0 binary): the header, the JSON chunk (padded with spaces) and the BIN chunk
 * (padded with zeros) holding buffer 0.
 */
export function glb(gltf: object, bin: Buffer): Buffer {
  const json = pad4(Buffer.from(JSON.stringify(gltf), 'utf8'), 0x20);
  const data = pad4(bin, 0);
  const header = Buffer.alloc(12);
  header.write('glTF', 0, 'latin1');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + 8 + json.length + 8 + data.length, 8);
  const jsonHead = Buffer.alloc(8);
  jsonHead.writeUInt32LE(json.length, 0);
  jsonHead.writeUInt32LE(0x4e4f534a, 4);
  const binHead = Buffer.alloc(8);
  binHead.writeUInt32LE(data.length, 0);
  binHead.writeUInt32LE(0x004e4942, 4);
  return Buffer.concat([header, jsonHead, json, binHead, data]);
}
