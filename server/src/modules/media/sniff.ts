import type { MediaKind } from '#platform/db/schema.ts';
import { CFB_SIGNATURE, ZIP_SIGNATURE } from './office.ts';

/**
 * The container ffprobe must confirm for a video or audio file (its demuxer name). MP4 and WebM
 * hold either a video or sound alone, so for them the streams found by ffprobe settle the kind.
 */
export type Container = 'mp4' | 'webm' | 'mp3' | 'ogg' | 'wav' | 'flac';

export interface Sniffed {
  kind: MediaKind;
  mime: string;
  ext: string;
  container?: Container;
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
/** iTunes audio and audiobook brands; an MP4 of another brand may hold only sound too. */
const M4A_BRANDS = /^(M4A |M4B )$/;

/** MP4 and WebM hold a video or sound alone; the other containers hold sound only. */
export const mayHoldVideo = (c: Container | undefined): c is 'mp4' | 'webm' =>
  c === 'mp4' || c === 'webm';

/** The type of an MP4 or WebM file of the given kind. */
export function avType(container: 'mp4' | 'webm', kind: 'VIDEO' | 'AUDIO'): Sniffed {
  const isAudio = kind === 'AUDIO';
  if (container === 'mp4')
    return isAudio
      ? { kind, mime: 'audio/mp4', ext: 'm4a', container }
      : { kind, mime: 'video/mp4', ext: 'mp4', container };
  return { kind, mime: isAudio ? 'audio/webm' : 'video/webm', ext: 'webm', container };
}

const audioType = (container: Container, mime: string, ext: string): Sniffed => ({
  kind: 'AUDIO',
  mime,
  ext,
  container,
});

// MPEG audio frame headers: bit rates (kbit/s) by version and layer, sample rates by version.
const MPEG_BITRATES = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MPEG_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

/** The length of the MPEG audio frame whose header is at `at`, or 0 when none is there. */
function mpegFrameLength(b: Buffer, at: number): number {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return 0;
  const version = (b[at + 1]! >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
  const layer = 4 - ((b[at + 1]! >> 1) & 3); // 4 is reserved (an AAC ADTS header)
  const rate = MPEG_RATES[version]?.[(b[at + 2]! >> 2) & 3];
  const table =
    version === 3
      ? [MPEG_BITRATES.v1l1, MPEG_BITRATES.v1l2, MPEG_BITRATES.v1l3][layer - 1]
      : [MPEG_BITRATES.v2l1, MPEG_BITRATES.v2l23, MPEG_BITRATES.v2l23][layer - 1];
  // Index 0 is "free format" (no length to check), 15 is forbidden.
  const kbps = table?.[b[at + 2]! >> 4];
  if (!rate || !kbps) return 0;
  const padding = (b[at + 2]! >> 1) & 1;
  if (layer === 1) return (Math.floor((12 * kbps * 1000) / rate) + padding) * 4;
  const perFrame = layer === 3 && version !== 3 ? 72 : 144;
  return Math.floor((perFrame * kbps * 1000) / rate) + padding;
}

/**
 * MP3: an ID3v2 tag (its size bytes are "syncsafe", high bit clear), or two MPEG audio frames in a
 * row — one frame sync alone is too easily found by chance (a UTF-16 text starts with FF FE).
 */
function isMp3(b: Buffer): boolean {
  if (ascii(b, 0, 3) === 'ID3')
    return b[3]! >= 2 && b[3]! <= 4 && b[4] !== 0xff && [6, 7, 8, 9].every((i) => b[i]! < 0x80);
  const first = mpegFrameLength(b, 0);
  return first > 0 && mpegFrameLength(b, first) > 0;
}

/** Ogg whose first packet opens a Vorbis, Opus or FLAC stream (not Theora video). */
function isOggAudio(b: Buffer): boolean {
  if (ascii(b, 0, 4) !== 'OggS' || b.length < 28) return false;
  const packet = 27 + b[26]!; // after the page header and its segment table
  return (
    ascii(b, packet, packet + 7) === '\x01vorbis' ||
    ascii(b, packet, packet + 8) === 'OpusHead' ||
    ascii(b, packet, packet + 5) === '\x7fFLAC'
  );
}

// Matroska element ids (with their length marker, as written).
const MKV_ID = {
  segment: 0x18538067,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackType: 0x83,
  cluster: 0x1f43b675,
};

/** An EBML variable-length number at `at`: an id keeps its marker bit, a size drops it. */
function readVint(b: Buffer, at: number, isId: boolean) {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23; // 1 for 1xxxxxxx, 2 for 01xxxxxx…
  if (at + length > b.length) return null;
  let value = isId ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + b[at + i]!;
  const unknown = !isId && value === 2 ** (7 * length) - 1; // all ones: size not known yet
  return { value, length, unknown };
}

/** The child elements of a Matroska element between `from` and `to`, as far as the head goes. */
function* ebmlChildren(b: Buffer, from: number, to: number) {
  let at = from;
  while (at < Math.min(to, b.length)) {
    const id = readVint(b, at, true);
    const size = id && readVint(b, at + id.length, false);
    if (!id || !size) return;
    const start = at + id.length + size.length;
    const end = size.unknown ? to : start + size.value;
    yield { id: id.value, start, end };
    at = end;
  }
}

/**
 * The track types (1 video, 2 audio…) of a WebM/Matroska file, when its track list lies within
 * the head (muxers write it before the first cluster), else null.
 */
function matroskaTrackTypes(b: Buffer): number[] | null {
  for (const top of ebmlChildren(b, 0, b.length)) {
    if (top.id !== MKV_ID.segment) continue;
    for (const el of ebmlChildren(b, top.start, top.end)) {
      if (el.id === MKV_ID.cluster) return null;
      if (el.id !== MKV_ID.tracks) continue;
      if (el.end > b.length) return null;
      const types: number[] = [];
      for (const entry of ebmlChildren(b, el.start, el.end)) {
        if (entry.id !== MKV_ID.trackEntry) continue;
        for (const f of ebmlChildren(b, entry.start, entry.end))
          if (f.id === MKV_ID.trackType) types.push(b[f.start]!);
      }
      return types;
    }
  }
  return null;
}

/**
 * Decides a file's type from its first bytes — the name and the declared Content-Type are never
 * trusted. Accepted: JPEG, PNG, GIF, WebP, AVIF, PDF, Word/Excel (zip or OLE, checked whole), MP4, WebM, MP3, M4A, Ogg (Vorbis, Opus),
 * WAV, FLAC, glTF (binary or JSON). An MP4 or WebM is a video unless its head shows sound alone;
 * ffprobe has the last word on those (process.ts).
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
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE')
    return audioType('wav', 'audio/wav', 'wav');
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    const types = matroskaTrackTypes(head);
    const soundOnly = !!types?.includes(2) && !types.includes(1);
    return avType('webm', soundOnly ? 'AUDIO' : 'VIDEO');
  }
  const brand = ftypBrand(head);
  if (brand) {
    if (brand === 'avif' || brand === 'avis')
      return { kind: 'IMAGE', mime: 'image/avif', ext: 'avif' };
    if (M4A_BRANDS.test(brand)) return avType('mp4', 'AUDIO');
    if (MP4_BRANDS.test(brand)) return avType('mp4', 'VIDEO');
    if (brand === 'qt  ') return { refused: 'QUICKTIME' };
    return { refused: 'UNKNOWN' };
  }
  if (isMp3(head)) return audioType('mp3', 'audio/mpeg', 'mp3');
  if (isOggAudio(head)) return audioType('ogg', 'audio/ogg', 'ogg');
  if (ascii(head, 0, 4) === 'fLaC') return audioType('flac', 'audio/flac', 'flac');
  if (ascii(head, 0, 4) === 'glTF' && head.readUInt32LE(4) === 2)
    return { kind: 'MODEL', mime: 'model/gltf-binary', ext: 'glb' };
  // A zip or OLE compound file may be a Word or Excel document: the processor reads it whole
  // (office.ts) and refuses any other archive.
  if (startsWith(head, ZIP_SIGNATURE))
    return { kind: 'DOCUMENT', mime: 'application/zip', ext: 'zip' };
  if (startsWith(head, CFB_SIGNATURE))
    return { kind: 'DOCUMENT', mime: 'application/x-cfb', ext: 'cfb' };
  if (startsWith(head, [0x1f, 0x8b])) return { refused: 'ARCHIVE' };

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
