import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { glb, onePagePdf } from '../src/platform/media-containers.ts';

const here = path.dirname(new URL(import.meta.url).pathname);

/** A JPEG photo carrying EXIF with a GPS position (北京) and a camera make. */
export function jpegWithGps(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a7f5c' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'KepuCam', Model: 'Field 1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '39/1 54/1 2700/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 23/1 2900/100',
      },
    })
    .toBuffer();
}

export function png(width = 32, height = 32): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: '#1d4ed8' } })
    .png()
    .toBuffer();
}

/** A one-page PDF with a line of text. */
export const pdf = (): Buffer => onePagePdf('BT /F1 18 Tf 20 70 Td (Kepu PDF) Tj ET', 300, 144);

/** A GLB with one coloured triangle. */
export function triangleGlb(): Buffer {
  const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]);
  const bin = Buffer.from(positions.buffer);
  const gltf = {
    asset: { version: '2.0', generator: 'kepu-test' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 }, material: 0 }] }],
    materials: [{ pbrMetallicRoughness: { baseColorFactor: [0.2, 0.5, 0.3, 1] } }],
    buffers: [{ byteLength: bin.length }],
    bufferViews: [{ buffer: 0, byteOffset: 0, byteLength: bin.length }],
    accessors: [
      {
        bufferView: 0,
        componentType: 5126,
        count: 3,
        type: 'VEC3',
        min: [0, 0, 0],
        max: [1, 1, 0],
      },
    ],
  };
  return glb(gltf, bin);
}

export const webm = () => fs.readFileSync(path.join(here, 'fixtures/clip.webm'));
export const mp4 = () => fs.readFileSync(path.join(here, 'fixtures/clip.mp4'));

/**
 * A 440 Hz tone made by ffmpeg at test time: `args` choose the codec and the muxer, `inputs` add
 * further inputs before them (a cover picture).
 */
function tone(ext: string, seconds: number, args: string[], inputs: string[] = []): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-tone-'));
  const out = path.join(dir, `tone.${ext}`);
  try {
    const sine = ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...sine, ...inputs, ...args, out]);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const mp3 = (seconds = 3) => tone('mp3', seconds, ['-c:a', 'libmp3lame']);
/** MP3 frames alone: no ID3 tag and no Xing frame, so the file starts with a frame sync. */
export const bareMp3 = (seconds = 3) =>
  tone('mp3', seconds, ['-c:a', 'libmp3lame', '-id3v2_version', '0', '-write_xing', '0']);
/** Opus in Ogg. */
export const ogg = (seconds = 3) => tone('ogg', seconds, ['-c:a', 'libopus']);
/** AAC in an MP4 of brand `M4A `. */
export const m4a = (seconds = 3) => tone('m4a', seconds, ['-c:a', 'aac']);
/** AAC in an MP4 of brand `isom` with its index at the end: only ffprobe sees it is sound alone. */
export const mp4Audio = (seconds = 3) => tone('mp4', seconds, ['-c:a', 'aac']);
export const wav = (seconds = 3) => tone('wav', seconds, ['-c:a', 'pcm_s16le']);
export const flac = (seconds = 3) => tone('flac', seconds, ['-c:a', 'flac']);
/** An M4A whose index is whole but whose sound (the `mdat` box) is wiped: nothing decodes. */
export function wipedM4a(): Buffer {
  const bytes = m4a();
  const at = bytes.indexOf('mdat', 0, 'latin1');
  const size = bytes.readUInt32BE(at - 4);
  bytes.fill(0, at + 4, at - 4 + size);
  return bytes;
}

/** Opus in WebM, no video track. */
export const webmAudio = (seconds = 3) => tone('webm', seconds, ['-c:a', 'libopus']);

/** An MP3 whose ID3 tag carries a cover picture, which ffprobe lists as a video stream. */
export function mp3WithCover(cover: Buffer, seconds = 3): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-cover-'));
  const file = path.join(dir, 'cover.png');
  try {
    fs.writeFileSync(file, cover);
    return tone(
      'mp3',
      seconds,
      ['-map', '0:a', '-map', '1:v', '-c:a', 'libmp3lame', '-c:v', 'png', '-id3v2_version', '3'],
      ['-i', file],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A zip of the given files, stored uncompressed (what a Word or Excel file is made of). */
export function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A minimal Word document: content types, the package relationship and the body. */
export function docx(text = '申报书模板'): Buffer {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  });
}
