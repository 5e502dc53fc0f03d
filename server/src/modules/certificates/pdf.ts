/**
 * The certificate as a PDF (A4 landscape): 证书, the holder, the title, the certified lines, the
 * issuer, the date in Chinese, the verification code and a QR code to `/verify/<code>`.
 * Chinese text is set in Noto Sans SC, shipped through npm (`@expo-google-fonts/noto-sans-sc`,
 * SIL OFL 1.1) and embedded as a subset of the characters used, so a PDF stays small.
 * CPU-heavy (font subsetting): called on the certificate PDF pool's worker threads (pdf-pool.ts),
 * never on the request thread.
 */

import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as upstream from 'fontkit';
import { degrees, PDFDocument, type PDFFont, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

/** What is printed: the same data the public verification page shows. */
export interface CertificatePrint {
  code: string;
  holderName: string;
  title: string;
  lines: string[];
  organisationName: string;
  /** The date as printed, in Chinese: 2026年12月6日. */
  dateText: string;
  /** `<public URL>/verify/<code>`: the QR code's content. */
  verifyUrl: string;
  /** Printed across the page when the certificate was revoked (with the date). */
  revokedText: string | null;
}

const require = createRequire(import.meta.url);
let fonts: { regular: Uint8Array; bold: Uint8Array } | null = null;

/** The font files, read once per thread from the npm package (never fetched at run time). */
export function certificateFonts() {
  fonts ??= {
    regular: fs.readFileSync(
      require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    ),
    bold: fs.readFileSync(
      require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
    ),
  };
  return fonts;
}

/** The QR code of a verification address as PNG bytes (also what the PDF embeds). */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}

export const INK = rgb(0.13, 0.16, 0.2);
export const ACCENT = rgb(0.55, 0.12, 0.1);
export const MUTED = rgb(0.38, 0.4, 0.44);

/** Breaks text into lines no wider than `width` (CJK breaks anywhere; Latin words stay whole). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  const tokens = text.match(/[A-Za-z0-9.,:;!?'"()\-/%]+|\s+|./gu) ?? [];
  let line = '';
  for (const t of tokens) {
    const next = line + t;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      out.push(line.trimEnd());
      line = t.trimStart();
    } else line = next;
  }
  if (line.trim()) out.push(line.trimEnd());
  return out;
}

/**
 * Upstream fontkit for pdf-lib instead of the @pdf-lib/fontkit fork: the fork's subsetter
 * corrupts TrueType CJK subsets (a short `loca` without padding: most Chinese glyphs print
 * blank while the text still extracts), fixed upstream in fontkit 1.8. fontkit 2 encodes a
 * subset at once (`encode()`); pdf-lib reads it as a stream (`encodeStream()`), given here.
 */
export const fontkit = {
  create(data: Uint8Array) {
    const font = upstream.create(Buffer.from(data)) as upstream.Font;
    const createSubset = font.createSubset.bind(font);
    return Object.assign(font, {
      createSubset() {
        const subset = createSubset();
        return Object.assign(subset, {
          encodeStream() {
            const out = new EventEmitter();
            queueMicrotask(() => {
              try {
                out.emit('data', subset.encode());
                out.emit('end');
              } catch (e) {
                out.emit('error', e);
              }
            });
            return out;
          },
        });
      },
    });
  },
};

export async function renderCertificatePdf(c: CertificatePrint): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit as never);
  doc.setTitle(`${c.title} · ${c.holderName}`);
  doc.setSubject(`证书 ${c.code}`);
  doc.setProducer('Kepu');
  doc.setCreator('Kepu 自然资源科普服务平台');
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const { regular, bold } = certificateFonts();
  const font = await doc.embedFont(regular, { subset: true });
  const heavy = await doc.embedFont(bold, { subset: true });
  const W = 841.89;
  const H = 595.28;
  const page = doc.addPage([W, H]);

  // Frame: an outer and an inner border.
  page.drawRectangle({
    x: 22,
    y: 22,
    width: W - 44,
    height: H - 44,
    borderColor: ACCENT,
    borderWidth: 3,
  });
  page.drawRectangle({
    x: 32,
    y: 32,
    width: W - 64,
    height: H - 64,
    borderColor: ACCENT,
    borderWidth: 0.8,
  });

  const centre = (text: string, f: PDFFont, size: number, y: number, color = INK) => {
    const w = f.widthOfTextAtSize(text, size);
    page.drawText(text, { x: (W - w) / 2, y, size, font: f, color });
  };

  centre('证书', heavy, 46, H - 110, ACCENT);
  let y = H - 160;
  for (const l of wrap(c.title, heavy, 20, W - 200)) {
    centre(l, heavy, 20, y);
    y -= 28;
  }
  y -= 14;
  centre(c.holderName, heavy, 30, y);
  y -= 20;
  page.drawLine({
    start: { x: W / 2 - 120, y },
    end: { x: W / 2 + 120, y },
    thickness: 0.6,
    color: MUTED,
  });
  y -= 34;
  for (const text of c.lines) {
    for (const l of wrap(text, font, 15, W - 220)) {
      if (y < 150) break;
      centre(l, font, 15, y);
      y -= 23;
    }
  }

  // The issuer and the date, bottom right.
  const right = W - 80;
  const orgLines = wrap(c.organisationName, heavy, 15, 300);
  let by = 118 + (orgLines.length - 1) * 20;
  for (const l of orgLines) {
    page.drawText(l, {
      x: right - heavy.widthOfTextAtSize(l, 15),
      y: by,
      size: 15,
      font: heavy,
      color: INK,
    });
    by -= 20;
  }
  page.drawText(c.dateText, {
    x: right - font.widthOfTextAtSize(c.dateText, 14),
    y: 92,
    size: 14,
    font,
    color: INK,
  });

  // The QR code and the verification code, bottom left.
  const qr = await doc.embedPng(await qrPng(c.verifyUrl));
  const qrSize = 92;
  page.drawImage(qr, { x: 60, y: 56, width: qrSize, height: qrSize });
  page.drawText('验证码', { x: 164, y: 124, size: 10, font, color: MUTED });
  page.drawText(c.code, { x: 164, y: 104, size: 15, font: heavy, color: INK });
  const hint = `扫码或访问 ${c.verifyUrl} 验证`;
  for (const [i, l] of wrap(hint, font, 9, 300).entries())
    page.drawText(l, { x: 164, y: 84 - i * 12, size: 9, font, color: MUTED });

  if (c.revokedText) {
    const size = 40;
    const w = heavy.widthOfTextAtSize(c.revokedText, size);
    page.drawText(c.revokedText, {
      x: (W - w * 0.87) / 2,
      y: H / 2 - 120,
      size,
      font: heavy,
      color: rgb(0.8, 0.1, 0.1),
      opacity: 0.55,
      rotate: degrees(30),
    });
  }
  return doc.save({ useObjectStreams: true });
}
