import type { MediaKind } from '#platform/db/schema.ts';

export interface Sniffed {
  kind: MediaKind;
  mime: string;
  ext: string;
}

/** What a refused file turned out to be, for the message. */
export type Refused = 'HTML' | 'SVG' | 'XML' | 'SCRIPT' | 'ARCHIVE' | 'QUICKTIME' | 'UNKNOWN';

/** Bytes needed to decide. */
export const SNIFF_BYTES = 4096;

const startsWith = (b: Buffer, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Buffer, from: number, to: number) => b.subarray(from, to).toString('latin1');

/** ISO base media (MP4, MOV, AVIF…): `size ftyp brand`. */
function ftypBrand(b: Buffer): string | null {
  return b.length >= 12 && ascii(b, 4, 8) === 'ftyp' ? ascii(b, 8, 12) : null;
}

const MP4_BRANDS = /^(isom|iso[2-9]|mp4[12v]|avc1|dash|m4v |msnv|f4v |mmp4|3gp[4-6])$/;

/**
 * Decides a file's type from its first bytes — the name and the declared Content-Type are never
 * trusted. Accepted: JPEG, PNG, GIF, WebP, AVIF, PDF, MP4, WebM, glTF (binary or JSON).
 */
export function sniff(head: Buffer): Sniffed | { refused: Refused } {
  if (startsWith(head, [0xff, 0xd8, 0xff]))
    return { kind: 'IMAGE', mime: 'image/jpeg', ext: 'jpg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'IMAGE', mime: 'image/png', ext: 'png' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')
    return { kind: 'IMAGE', mime: 'image/gif', ext: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP')
    return { kind: 'IMAGE', mime: 'image/webp', ext: 'webp' };
  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'PDF', mime: 'application/pdf', ext: 'pdf' };
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]))
    return { kind: 'VIDEO', mime: 'video/webm', ext: 'webm' };
  const brand = ftypBrand(head);
  if (brand) {
    if (brand === 'avif' || brand === 'avis')
      return { kind: 'IMAGE', mime: 'image/avif', ext: 'avif' };
    if (MP4_BRANDS.test(brand)) return { kind: 'VIDEO', mime: 'video/mp4', ext: 'mp4' };
    if (brand === 'qt  ') return { refused: 'QUICKTIME' };
    return { refused: 'UNKNOWN' };
  }
  if (ascii(head, 0, 4) === 'glTF' && head.readUInt32LE(4) === 2)
    return { kind: 'MODEL', mime: 'model/gltf-binary', ext: 'glb' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x1f, 0x8b]))
    return { refused: 'ARCHIVE' };

  // Text: strip a BOM and leading space, then look at what it starts with.
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  // JSON can only be a glTF model here; the processor parses it whole and checks `asset`.
  if (text.startsWith('{')) return { kind: 'MODEL', mime: 'model/gltf+json', ext: 'gltf' };
  if (/<svg[\s>]/.test(text.slice(0, 1024))) return { refused: 'SVG' };
  if (
    /^<(!doctype\s+html|html|head|body|script|iframe|meta|title|div|p|a|img|!--)[\s>/]/.test(text)
  )
    return { refused: 'HTML' };
  if (/<(html|script|body)[\s>]/.test(text.slice(0, 1024))) return { refused: 'HTML' };
  if (text.startsWith('<?xml')) return { refused: 'XML' };
  if (text.startsWith('#!')) return { refused: 'SCRIPT' };
  return { refused: 'UNKNOWN' };
}
