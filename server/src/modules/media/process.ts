import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import type { Metadata } from 'sharp';
import type { MediaKind } from '#platform/db/schema.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { loadSharp } from '#platform/on-demand.ts';
import { officeTypeOf } from './office.ts';
import { avType, mayHoldVideo, type Sniffed } from './sniff.ts';

/** Images larger than this many pixels are refused (decompression bombs). */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** Video frames larger than 8K UHD are refused: a poster frame is decoded whole. */
export const MAX_VIDEO_WIDTH = 7680;
export const MAX_VIDEO_HEIGHT = 4320;
const THUMB_WIDTH = 480;
const DISPLAY_WIDTH = 1600;
const POSTER_WIDTH = 1280;
const TOOL_TIMEOUT_MS = 60_000;

export interface Processed {
  /** As sniffed, except an MP4 or WebM whose streams turn out to be sound alone (or a picture). */
  kind: MediaKind;
  /** Bytes that replace the upload (a re-encoded image without metadata), or null to keep it. */
  original: Buffer | null;
  mime: string;
  ext: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  derived: { thumb?: Buffer; display?: Buffer; poster?: Buffer };
}

const unreadable = (what: string, whatEn: string) =>
  ruleError(
    'RULE_BROKEN',
    `无法读取该${what}文件，可能已损坏`,
    `The ${whatEn} file cannot be read; it may be damaged`,
  );

/**
 * Re-encodes an image: applies the EXIF orientation, then writes it again without any metadata
 * (EXIF with GPS, XMP, comments), as the same format (AVIF becomes WebP). Thumbnails are WebP.
 */
async function processImage(file: string, s: Sniffed): Promise<Processed> {
  const sharp = await loadSharp();
  const input = () =>
    sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', animated: s.ext === 'gif' });
  let meta: Metadata;
  try {
    meta = await input().metadata();
  } catch (e) {
    if (/pixel limit/i.test(String(e)))
      throw ruleError(
        'RULE_BROKEN',
        `图片像素过多（上限 ${MAX_IMAGE_PIXELS / 10_000} 万像素），请缩小后再上传`,
        `The image has too many pixels (limit ${MAX_IMAGE_PIXELS / 1_000_000} megapixels)`,
      );
    throw unreadable('图片', 'image');
  }
  try {
    const base = input().rotate();
    let original: Buffer;
    let mime = s.mime;
    let ext = s.ext;
    if (s.ext === 'jpg') original = await base.jpeg({ quality: 90, mozjpeg: true }).toBuffer();
    else if (s.ext === 'png') original = await base.png({ compressionLevel: 9 }).toBuffer();
    else if (s.ext === 'gif') original = await base.gif().toBuffer();
    else {
      original = await base.webp({ quality: 90 }).toBuffer();
      mime = 'image/webp';
      ext = 'webp';
    }
    const still = () => sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS });
    const info = await still().metadata();
    const thumb = await still()
      .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    const display = await still()
      .resize({ width: DISPLAY_WIDTH, withoutEnlargement: true })
      .webp({ quality: 85 })
      .toBuffer();
    return {
      kind: s.kind,
      original,
      mime,
      ext,
      width: info.width ?? meta.width ?? null,
      height: (info.pageHeight ?? info.height) || null,
      durationMs: null,
      derived: { thumb, display },
    };
  } catch {
    throw unreadable('图片', 'image');
  }
}

function run(cmd: string, args: string[], binary = false): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      {
        timeout: TOOL_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        encoding: binary ? 'buffer' : 'buffer',
      },
      (err, stdout) => (err ? reject(err) : resolve(stdout as Buffer)),
    );
  });
}

let ffmpegMissingLogged = false;

/** Whether ffprobe and ffmpeg are on the PATH (Debian package `ffmpeg`). */
export async function hasFfmpeg(): Promise<boolean> {
  try {
    await run('ffprobe', ['-version']);
    return true;
  } catch {
    return false;
  }
}

interface Probe {
  format?: { format_name?: string; duration?: string };
  streams?: {
    codec_type?: string;
    width?: number;
    height?: number;
    duration?: string;
    /** A cover picture (MP3 APIC, M4A covr) is shown as a one-frame video stream. */
    disposition?: { attached_pic?: number };
  }[];
}

/** The container and streams of a video or audio file (ffprobe), or null if it cannot read it. */
async function probeFile(file: string): Promise<Probe | null> {
  try {
    const out = await run('ffprobe', [
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      file,
    ]);
    return JSON.parse(out.toString('utf8')) as Probe;
  } catch {
    return null;
  }
}

const toMs = (seconds: number) =>
  Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null;

/**
 * Whether the first seconds of the first audio stream decode to samples: an index that reads well
 * (an M4A whose sound data is wiped still says "3 s of AAC") is no proof of sound.
 */
async function decodesAudio(file: string): Promise<boolean> {
  try {
    const out = await run('ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'a:0',
      '-read_intervals',
      '%+5',
      '-show_entries',
      'frame=nb_samples',
      '-of',
      'csv=p=0',
      file,
    ]);
    return out
      .toString('utf8')
      .split('\n')
      .some((line) => Number.parseInt(line, 10) > 0);
  } catch {
    return false;
  }
}

/** A frame a second in (a tenth of the way in for short clips), as a WebP poster. */
async function posterOf(file: string, seconds: number): Promise<Buffer | undefined> {
  const at = seconds > 2 ? 1 : seconds / 10;
  try {
    const frame = await run(
      'ffmpeg',
      [
        '-v',
        'error',
        '-ss',
        String(at),
        '-i',
        file,
        '-frames:v',
        '1',
        '-f',
        'image2pipe',
        '-vcodec',
        'png',
        '-',
      ],
      true,
    );
    if (!frame.length) return undefined;
    const sharp = await loadSharp();
    return await sharp(frame, { limitInputPixels: MAX_VIDEO_WIDTH * MAX_VIDEO_HEIGHT })
      .resize({ width: POSTER_WIDTH, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch {
    return undefined;
  }
}

const unreadableAs = (kind: 'VIDEO' | 'AUDIO') =>
  kind === 'VIDEO' ? unreadable('视频', 'video') : unreadable('音频', 'audio');

/**
 * Video and audio: ffprobe must find the sniffed container. In an MP4 or WebM the streams decide
 * the kind (a picture stream that is not a cover makes a video; sound alone, audio); the other
 * containers hold audio only. Video gives its size, duration and a poster frame; audio must decode
 * in its first seconds and gives its duration. Without ffmpeg on the machine the file is kept as
 * sniffed, without poster or duration (logged once).
 */
async function processTimed(
  file: string,
  s: Sniffed,
  log: (msg: string) => void,
): Promise<Processed> {
  const sniffedKind = s.kind === 'AUDIO' ? 'AUDIO' : 'VIDEO';
  const none = keptAsUploaded(s);
  if (!(await hasFfmpeg())) {
    if (!ffmpegMissingLogged)
      log(
        'ffmpeg is not installed: videos and audio are stored unchecked, without poster or duration (apt-get install ffmpeg)',
      );
    ffmpegMissingLogged = true;
    return none;
  }
  const probe = await probeFile(file);
  const formats = (probe?.format?.format_name ?? '').split(',');
  if (!probe || !s.container || !formats.includes(s.container)) throw unreadableAs(sniffedKind);
  const streams = probe.streams ?? [];
  const picture = streams.find((st) => st.codec_type === 'video' && !st.disposition?.attached_pic);
  const sound = streams.find((st) => st.codec_type === 'audio');
  const kind: 'VIDEO' | 'AUDIO' = picture ? 'VIDEO' : 'AUDIO';
  // A picture stream (not a cover) in an MP3, Ogg, WAV or FLAC file is nothing we can show.
  if ((!picture && !sound) || (picture && !mayHoldVideo(s.container)))
    throw unreadableAs(sniffedKind);
  const type = mayHoldVideo(s.container) ? avType(s.container, kind) : s;
  const seconds = Number(probe.format?.duration ?? (picture ?? sound)?.duration ?? 0);
  const timed: Processed = {
    ...none,
    kind,
    mime: type.mime,
    ext: type.ext,
    durationMs: toMs(seconds),
  };
  if (kind === 'AUDIO') {
    if (!(await decodesAudio(file))) throw unreadableAs('AUDIO');
    return timed;
  }
  // Upright or on its side, within 8K.
  const sides = [picture!.width ?? 0, picture!.height ?? 0];
  if (Math.max(...sides) > MAX_VIDEO_WIDTH || Math.min(...sides) > MAX_VIDEO_HEIGHT)
    throw ruleError(
      'RULE_BROKEN',
      `视频画面过大（${picture!.width}×${picture!.height}，上限 ${MAX_VIDEO_WIDTH}×${MAX_VIDEO_HEIGHT}），请压缩后再上传`,
      `The video frame is too large (${picture!.width}×${picture!.height}; the limit is ${MAX_VIDEO_WIDTH}×${MAX_VIDEO_HEIGHT})`,
    );
  const poster = await posterOf(file, seconds);
  return {
    ...timed,
    width: picture!.width ?? null,
    height: picture!.height ?? null,
    derived: poster ? { poster } : {},
  };
}

/** A file stored as it came: nothing re-encoded, no size, duration or derived files. */
function keptAsUploaded(s: Sniffed): Processed {
  return {
    kind: s.kind,
    original: null,
    mime: s.mime,
    ext: s.ext,
    width: null,
    height: null,
    durationMs: null,
    derived: {},
  };
}

/** PDF: the header is checked by the sniffer; the end-of-file marker must be there too. */
async function processPdf(file: string, s: Sniffed): Promise<Processed> {
  const fh = await fsp.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tail = Buffer.alloc(Math.min(2048, size));
    await fh.read(tail, 0, tail.length, size - tail.length);
    if (!tail.toString('latin1').includes('%%EOF')) throw unreadable('PDF ', 'PDF');
  } finally {
    await fh.close();
  }
  return keptAsUploaded(s);
}

/** Word or Excel: the zip or compound file must hold a document's parts (office.ts). */
async function processDocument(file: string, s: Sniffed): Promise<Processed> {
  const type = await officeTypeOf(file);
  if (!type)
    throw new AppError('FILE_TYPE_REFUSED', {
      reason: {
        'zh-CN': '压缩包或文件不是 Word、Excel 文档（或含有宏），请上传文件本身',
        'en-US':
          'The archive is not a Word or Excel document (or holds macros); upload the file itself',
      },
    });
  return keptAsUploaded({ ...s, ...type });
}

interface Gltf {
  asset?: { version?: string };
  buffers?: { uri?: string }[];
  images?: { uri?: string }[];
}

function checkGltf(json: unknown): void {
  const g = json as Gltf;
  if (typeof g !== 'object' || g === null || !String(g.asset?.version ?? '').startsWith('2'))
    throw ruleError('RULE_BROKEN', '不是有效的 glTF 2.0 模型', 'Not a valid glTF 2.0 model');
  const external = [...(g.buffers ?? []), ...(g.images ?? [])].some(
    (x) => typeof x.uri === 'string' && !x.uri.startsWith('data:'),
  );
  if (external)
    throw ruleError(
      'RULE_BROKEN',
      '模型引用了外部文件，请导出为 GLB 或内嵌资源的 glTF',
      'The model refers to external files; export it as GLB or a self-contained glTF',
    );
}

/** glTF 2.0: GLB (header, total length, JSON chunk) or a self-contained JSON file. */
async function processModel(file: string, s: Sniffed): Promise<Processed> {
  const buf = await fsp.readFile(file);
  let json: unknown;
  try {
    if (s.ext === 'glb') {
      const length = buf.readUInt32LE(8);
      const chunkLength = buf.readUInt32LE(12);
      const chunkType = buf.readUInt32LE(16);
      if (length !== buf.length || chunkType !== 0x4e4f534a || 20 + chunkLength > buf.length)
        throw new Error('bad glb');
      json = JSON.parse(buf.subarray(20, 20 + chunkLength).toString('utf8'));
    } else json = JSON.parse(buf.toString('utf8'));
  } catch {
    throw unreadable('模型', 'model');
  }
  checkGltf(json);
  return keptAsUploaded(s);
}

export function processUpload(
  file: string,
  s: Sniffed,
  log: (msg: string) => void,
): Promise<Processed> {
  switch (s.kind) {
    case 'IMAGE':
      return processImage(file, s);
    case 'VIDEO':
    case 'AUDIO':
      return processTimed(file, s, log);
    case 'PDF':
      return processPdf(file, s);
    case 'MODEL':
      return processModel(file, s);
    case 'DOCUMENT':
      return processDocument(file, s);
  }
}
