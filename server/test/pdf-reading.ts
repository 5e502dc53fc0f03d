/**
 * Reading a PDF the way a person's tools would: its text (pdf.js, through unpdf) and its images'
 * pixels, and QR codes among them decoded with a real decoder (jsQR). Used by the certificates'
 * tests (server and e2e).
 */
import jsQR from 'jsqr';
import { extractImages, extractText, getDocumentProxy } from 'unpdf';

// pdf.js decodes images with ArrayBuffer#transferToFixedLength (Node 21+); Node 20 needs this.
const AB = ArrayBuffer.prototype as unknown as Record<string, unknown>;
AB.transferToFixedLength ??= function (this: ArrayBuffer, length?: number) {
  const n = length ?? this.byteLength;
  const copy = new ArrayBuffer(n);
  new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(n, this.byteLength)));
  return copy;
};

/** The PDF's text (all pages, joined) and the pixels of its images as RGBA. */
export async function readPdf(bytes: Uint8Array) {
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(doc, { mergePages: true });
  const images = await extractImages(doc, 1);
  return { text: text as string, pages: doc.numPages, images };
}

/** Decodes every QR code among a PDF page's images. */
export function decodeQr(images: Awaited<ReturnType<typeof extractImages>>): string[] {
  const out: string[] = [];
  for (const img of images) {
    const rgba = new Uint8ClampedArray(img.width * img.height * 4);
    for (let i = 0; i < img.width * img.height; i++) {
      for (let c = 0; c < 3; c++)
        rgba[i * 4 + c] = img.channels === 1 ? img.data[i]! : img.data[i * img.channels + c]!;
      rgba[i * 4 + 3] = 255;
    }
    const qr = jsQR(rgba, img.width, img.height);
    if (qr) out.push(qr.data);
  }
  return out;
}

/**
 * Glyphs drawn blank in each embedded font: every glyph of a subset but .notdef should have an
 * outline, bar a space. A corrupt subset (the @pdf-lib/fontkit fork's short `loca`) prints most
 * Chinese characters blank while the text still extracts, so the text alone cannot tell.
 */
export async function blankGlyphsPerFont(bytes: Uint8Array): Promise<number[]> {
  const { PDFDocument, PDFDict, PDFName, PDFRawStream, decodePDFRawStream } = await import(
    'pdf-lib'
  );
  const fontkit = await import('fontkit');
  const doc = await PDFDocument.load(bytes);
  const out: number[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    const file = obj.lookup(PDFName.of('FontFile2'));
    if (!(file instanceof PDFRawStream)) continue;
    const font = fontkit.create(
      Buffer.from(decodePDFRawStream(file).decode()),
    ) as import('fontkit').Font;
    let blank = 0;
    for (let id = 1; id < font.numGlyphs; id++) {
      let drawn = false;
      try {
        drawn = font.getGlyph(id).path.commands.length > 0;
      } catch {
        // A glyph that cannot even be read is not drawn either.
      }
      if (!drawn) blank++;
    }
    out.push(blank);
  }
  return out;
}
