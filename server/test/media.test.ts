import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';
import {
  bareMp3,
  docx,
  flac,
  jpegWithGps,
  m4a,
  mp3,
  mp3WithCover,
  mp4,
  mp4Audio,
  ogg,
  pdf,
  png,
  triangleGlb,
  wav,
  webm,
  webmAudio,
  wipedM4a,
  zip,
} from './media-fixtures.ts';

interface Media {
  id: string;
  kind: string;
  mime: string;
  name: string;
  size: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  url: string;
  thumbUrl: string | null;
  displayUrl: string | null;
  posterUrl: string | null;
}
type ErrorBody = {
  error: { code: string; message: string; details?: { fields?: { field: string }[] } };
};
const err = (r: { body: unknown }) => (r.body as ErrorBody).error;
const bin = (r: { body: unknown }) => r.body as Buffer;

/** Every stored file (originals, derived and scratch) under the test's data folder. */
function storedFiles(env: TestEnv): string[] {
  const root = path.join(env.config.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) =>
    fs.statSync(path.join(root, f)).isFile(),
  );
}

describe.each(DIALECTS)('media on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let unit: { id: string };
  let otherUnit: { id: string };
  let member: Agent;
  let editor: Agent;
  let outsider: Agent;
  let reviewer: Agent;
  const anonymous = () => new Agent(env.app);

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(admin, env.rootId, { type: 'BASE_HOST', name: '媒体测试馆' });
    otherUnit = await buildOrganisation(admin, env.rootId, { name: '媒体其他单位' });
    member = (await buildUserWithRole(env, admin, 'MEMBER', unit.id)).agent;
    editor = (await buildUserWithRole(env, admin, 'EDITOR', unit.id)).agent;
    outsider = (await buildUserWithRole(env, admin, 'MEMBER', otherUnit.id)).agent;
    reviewer = (await buildUserWithRole(env, admin, 'REVIEWER', otherUnit.id)).agent;
  });
  afterAll(() => env.close());

  const upload = (bytes: Buffer, name: string, agent = member, org = unit.id, extra = '') =>
    agent.upload<Media>(
      `/api/media?organisationId=${org}&name=${encodeURIComponent(name)}${extra}`,
      bytes,
    );

  it('re-encodes a photo without its EXIF GPS position and makes WebP thumbnails', async () => {
    const photo = await jpegWithGps(640, 480);
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await upload(photo, '野外考察.jpg', member, unit.id, '&alt=野外考察照片');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'IMAGE', mime: 'image/jpeg', width: 640, height: 480 });
    const file = await member.get(res.body.url);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(bin(file)).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.width).toBe(640);
    expect(bin(file).includes(Buffer.from('KepuCam'))).toBe(false);
    const thumb = await member.get(res.body.thumbUrl!);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect((await sharp(bin(thumb)).metadata()).width).toBe(480);
    expect(String(file.headers['content-security-policy'])).toContain('sandbox');
  });

  it('refuses an HTML page named .jpg, and an SVG, by their content; nothing is stored', async () => {
    const before = storedFiles(env).length;
    const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
    const res = await upload(html, 'photo.jpg');
    expect(res.status).toBe(415);
    expect(err(res).code).toBe('FILE_TYPE_REFUSED');
    expect(err(res).message).toContain('HTML');
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>');
    const s = await upload(svg, 'logo.png');
    expect(s.status).toBe(415);
    expect(err(s).message).toContain('SVG');
    const en = await member.upload(
      `/api/media?organisationId=${unit.id}&name=x.jpg`,
      Buffer.from('hello world, plain text'),
      { 'accept-language': 'en-US' },
    );
    expect(en.status).toBe(415);
    expect(err(en).message).toMatch(/Unrecognised file type/);
    expect(storedFiles(env).length).toBe(before);
  });

  it('leaves no scratch file behind when many refused uploads arrive at once', async () => {
    const before = storedFiles(env).length;
    const tiny = Buffer.from('<html>x</html>');
    // Each is refused while its scratch file's open is still in flight (on libuv's thread pool);
    // the clean-up must not run before that open has created the file.
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => upload(tiny, `p${i}.jpg`)));
    expect(all.map((r) => r.status)).toEqual(all.map(() => 415));
    expect(storedFiles(env).length).toBe(before);
  });

  it('answers 413 naming the limit for an oversized file, and leaves nothing behind', async () => {
    const before = storedFiles(env).length;
    const big = Buffer.concat([await png(8, 8), Buffer.alloc(21 * 1024 * 1024, 0)]);
    const res = await upload(big, '超大图片.png');
    expect(res.status).toBe(413);
    expect(err(res).code).toBe('FILE_TOO_LARGE');
    expect(err(res).message).toBe('文件过大：图片不能超过 20 MB');
    expect(storedFiles(env).length).toBe(before);
  });

  it('refuses a damaged image with 422 and keeps nothing', async () => {
    const before = storedFiles(env).length;
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 7)]);
    const res = await upload(broken, '损坏.jpg');
    expect(res.status).toBe(422);
    expect(err(res).message).toContain('图片');
    expect(storedFiles(env).length).toBe(before);
  });

  it('stores a PDF and serves it inline for the same-origin viewer', async () => {
    const res = await upload(pdf(), '科普手册.pdf');
    expect(res.status).toBe(201);
    expect(res.body.kind).toBe('PDF');
    const file = await member.get(res.body.url);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(String(file.headers['content-disposition'])).toContain('inline');
    expect(file.headers['x-frame-options']).toBe('SAMEORIGIN');
    const cut = await upload(pdf().subarray(0, 200), '残缺.pdf');
    expect(cut.status).toBe(422);
  });

  it('takes Word and Excel files by their content and serves them for download', async () => {
    const word = await upload(docx(), '申报书模板.docx');
    expect(word.status).toBe(201);
    expect(word.body).toMatchObject({ kind: 'DOCUMENT', mime: expect.stringContaining('word') });
    const file = await member.get(word.body.url);
    expect(bin(file).equals(docx())).toBe(true);
    expect(String(file.headers['content-disposition'])).toContain('attachment');

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('汇总表').addRow(['单位', '作品数']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    // Named .bin: the content decides, never the name.
    const sheet = await upload(xlsx, '汇总表.bin');
    expect(sheet.status).toBe(201);
    expect(sheet.body.mime).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(sheet.body.name).toBe('汇总表.bin');

    // A legacy Word file: an OLE compound file naming its WordDocument stream.
    const doc = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from('WordDocument', 'utf16le'),
      Buffer.alloc(512),
    ]);
    expect((await upload(doc, '旧模板.doc')).body.mime).toBe('application/msword');
  });

  it('refuses a renamed zip, a macro-enabled workbook and a program named .docx', async () => {
    const before = storedFiles(env).length;
    const plain = await upload(zip({ 'readme.txt': 'hello' }), '模板.docx');
    expect(plain.status).toBe(415);
    expect(err(plain).code).toBe('FILE_TYPE_REFUSED');
    expect(err(plain).message).toContain('Word');
    // The content-types part alone, without a document's main part.
    const hollow = zip({ '[Content_Types].xml': '<Types/>', 'word/other.xml': '<x/>' });
    expect((await upload(hollow, '空壳.docx')).status).toBe(415);
    const macros = zip({
      '[Content_Types].xml': '<Types/>',
      'xl/workbook.xml': '<workbook/>',
      'xl/vbaProject.bin': 'macro',
    });
    expect((await upload(macros, '宏.xlsx')).status).toBe(415);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    expect((await upload(exe, 'setup.docx')).status).toBe(415);
    expect(storedFiles(env).length).toBe(before);
  });

  it('takes MP4 and WebM videos with duration and a poster, and serves byte ranges', async () => {
    for (const [bytes, mime] of [
      [mp4(), 'video/mp4'],
      [webm(), 'video/webm'],
    ] as const) {
      const res = await upload(bytes, `短片.${mime.split('/')[1]}`);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'VIDEO', mime, width: 320, height: 180 });
      expect(res.body.durationMs).toBeGreaterThan(2500);
      expect(res.body.durationMs).toBeLessThan(3500);
      const poster = await member.get(res.body.posterUrl!);
      expect(poster.headers['content-type']).toBe('image/webp');
      const part = await member.get(res.body.url, { range: 'bytes=100-199' });
      expect(part.status).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 100-199/${bytes.length}`);
      expect(bin(part).equals(bytes.subarray(100, 200))).toBe(true);
      const tail = await member.get(res.body.url, { range: 'bytes=-10' });
      expect(bin(tail).equals(bytes.subarray(bytes.length - 10))).toBe(true);
      const bad = await member.get(res.body.url, { range: `bytes=${bytes.length + 5}-` });
      expect(bad.status).toBe(416);
      expect(bad.headers['content-range']).toBe(`bytes */${bytes.length}`);
    }
    const fake = Buffer.concat([mp4().subarray(0, 32), Buffer.alloc(4000, 1)]);
    expect((await upload(fake, '假视频.mp4')).status).toBe(422);
  });

  it('takes MP3, Ogg, M4A, WAV, FLAC and sound-only WebM/MP4 as audio with length and ranges', async () => {
    const ids: string[] = [];
    for (const [bytes, name, mime] of [
      [mp3(), '讲解.mp3', 'audio/mpeg'],
      [bareMp3(), '无标签.mp3', 'audio/mpeg'],
      [ogg(), '鸟鸣.ogg', 'audio/ogg'],
      [m4a(), '播客.m4a', 'audio/mp4'],
      // Brand isom, index at the end: the sniffer says video, ffprobe finds sound alone.
      [mp4Audio(), '录音.mp4', 'audio/mp4'],
      [wav(), '采样.wav', 'audio/wav'],
      [flac(), '无损.flac', 'audio/flac'],
      [webmAudio(), '录音.webm', 'audio/webm'],
    ] as const) {
      const res = await upload(bytes, name);
      expect(res.status, name).toBe(201);
      expect(res.body, name).toMatchObject({
        kind: 'AUDIO',
        mime,
        size: bytes.length,
        width: null,
        height: null,
        posterUrl: null,
        thumbUrl: null,
      });
      expect(res.body.durationMs, name).toBeGreaterThan(2900);
      expect(res.body.durationMs, name).toBeLessThan(3100);
      ids.push(res.body.id);
      const file = await member.get(res.body.url);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe(mime);
      expect(file.headers['accept-ranges']).toBe('bytes');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(String(file.headers['content-security-policy'])).toContain('sandbox');
      expect(bin(file).equals(bytes), name).toBe(true);
      const part = await member.get(res.body.url, { range: 'bytes=1000-1999' });
      expect(part.status).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 1000-1999/${bytes.length}`);
      expect(part.headers['content-length']).toBe('1000');
      expect(bin(part).equals(bytes.subarray(1000, 2000)), name).toBe(true);
    }
    const list = await member.get<{ items: Media[] }>('/api/media?kind=AUDIO&pageSize=50');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.id).sort()).toEqual([...ids].sort());
  });

  it('keeps an MP3 with a cover picture as audio: the picture is no video', async () => {
    const res = await upload(mp3WithCover(await png(64, 64)), '带封面.mp3');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'AUDIO', mime: 'audio/mpeg', posterUrl: null });
    expect(res.body.durationMs).toBeGreaterThan(2900);
  });

  it('refuses damaged audio with 422 naming it, and keeps nothing', async () => {
    const before = storedFiles(env).length;
    // An ID3v2.4 tag of no frames, then no sound: ffprobe still lists an "MP3" stream.
    const id3 = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
    const silence = Buffer.concat([id3, Buffer.alloc(200_000, 0)]);
    const res = await upload(silence, '损坏.mp3');
    expect(res.status).toBe(422);
    expect(err(res).message).toBe('无法读取该音频文件，可能已损坏');
    const noise = Buffer.concat([id3, Buffer.alloc(5000, 7)]);
    const en = await member.upload(`/api/media?organisationId=${unit.id}&name=x.mp3`, noise, {
      'accept-language': 'en-US',
    });
    expect(en.status).toBe(422);
    expect(err(en).message).toBe('The audio file cannot be read; it may be damaged');
    const cut = Buffer.concat([ogg().subarray(0, 200), Buffer.alloc(4000, 1)]);
    expect((await upload(cut, '残缺.ogg')).status).toBe(422);
    // Its index reads well (3 s of AAC); only decoding finds that no sound is left.
    const wiped = await upload(wipedM4a(), '无声.m4a');
    expect(wiped.status).toBe(422);
    expect(err(wiped).message).toBe('无法读取该音频文件，可能已损坏');
    expect(storedFiles(env).length).toBe(before);
  });

  it('refuses an HTML page named .mp3 by its content, and a lone frame sync', async () => {
    const before = storedFiles(env).length;
    const html = Buffer.from(
      '<!DOCTYPE html><html><body><audio src=x onerror=alert(1)></body></html>',
    );
    const res = await upload(html, 'song.mp3');
    expect(res.status).toBe(415);
    expect(err(res).message).toContain('HTML');
    // One MPEG frame header followed by text: no second frame where the first one ends.
    const fake = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(4000, 0x61)]);
    const f = await upload(fake, 'fake.mp3');
    expect(f.status).toBe(415);
    expect(err(f).message).toContain('MP3');
    expect(storedFiles(env).length).toBe(before);
  });

  it('answers 413 naming the audio limit for a declared length over it', async () => {
    const before = storedFiles(env).length;
    // The WebM's head lists its tracks: sound alone, so the audio limit holds, not the video one.
    for (const bytes of [mp3(), webmAudio()]) {
      const res = await member.upload(`/api/media?organisationId=${unit.id}&name=长录音`, bytes, {
        'content-length': String(300 * 1024 * 1024),
      });
      expect(res.status).toBe(413);
      expect(err(res).message).toBe('文件过大：音频不能超过 200 MB');
    }
    expect(storedFiles(env).length).toBe(before);
  });

  it('takes glTF models (GLB, or self-contained JSON) and refuses broken or external ones', async () => {
    const glb = triangleGlb();
    const ok = await upload(glb, '三角形.glb');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'MODEL', mime: 'model/gltf-binary' });
    const truncated = glb.subarray(0, glb.length - 4);
    expect((await upload(truncated, '坏模型.glb')).status).toBe(422);
    const external = Buffer.from(
      JSON.stringify({ asset: { version: '2.0' }, buffers: [{ uri: 'http://evil.test/x.bin' }] }),
    );
    const ext = await upload(external, '外链.gltf');
    expect(ext.status).toBe(422);
    expect(err(ext).message).toContain('GLB');
  });

  it('serves unpublished files only to the unit; a published work makes its files public', async () => {
    const cover = (await upload(await png(200, 100), '封面.png', member, unit.id, '&alt=封面'))
      .body;
    const video = (await upload(webm(), '讲解.webm')).body;
    expect((await anonymous().get(cover.url)).status).toBe(401);
    expect((await outsider.get(cover.url)).status).toBe(404);
    expect((await editor.get(cover.url)).status).toBe(200);

    const foreign = (await upload(await png(), '别人的.png', outsider, otherUnit.id)).body;
    const bad = await member.post('/api/works', {
      organisationId: unit.id,
      type: 'VIDEO',
      title: '用别人的封面',
      coverId: foreign.id,
    });
    expect(bad.status).toBe(400);
    expect(err(bad).details?.fields?.[0]?.field).toBe('coverId');
    const notImage = await member.post('/api/works', {
      organisationId: unit.id,
      type: 'VIDEO',
      title: '视频当封面',
      coverId: video.id,
    });
    expect(notImage.status).toBe(400);

    const inline = (await upload(await png(300, 200), '示意图.png')).body;
    const foreignInline = await member.post('/api/works', {
      organisationId: unit.id,
      type: 'VIDEO',
      title: '正文里用别人的图',
      body: `<p>图：</p><img src="${foreign.displayUrl}" alt="x">`,
    });
    expect(foreignInline.status).toBe(400);
    expect(err(foreignInline).details?.fields?.[0]?.field).toBe('body');
    const w = await member.post<{ id: string; cover: Media; media: Media[] }>('/api/works', {
      organisationId: unit.id,
      type: 'VIDEO',
      title: '滑坡避险微视频',
      summary: '三分钟看懂滑坡前兆。',
      body: `<p>看图：</p><img src="${inline.displayUrl}" alt="滑坡示意图">`,
      coverId: cover.id,
      mediaIds: [video.id],
    });
    expect(w.status).toBe(201);
    expect(w.body.cover.id).toBe(cover.id);
    expect(w.body.media.map((m) => m.id)).toEqual([video.id]);
    const id = w.body.id;
    expect((await member.post(`/api/works/${id}/submit`)).status).toBe(200);
    expect((await reviewer.post(`/api/works/${id}/check`, { decision: 'PASSED' })).status).toBe(
      200,
    );
    expect((await editor.post(`/api/works/${id}/publish`)).status).toBe(200);

    const pub = await anonymous().get<{ cover: Media; media: Media[] }>(`/api/public/works/${id}`);
    expect(pub.body.cover.thumbUrl).toBeTruthy();
    expect(pub.body.media[0]!.posterUrl).toBeTruthy();
    const open = await anonymous().get(video.url);
    expect(open.status).toBe(200);
    expect(String(open.headers['cache-control'])).toContain('public');
    expect((await anonymous().get(cover.thumbUrl!)).status).toBe(200);
    // An image inserted in the text is public with the work.
    expect((await anonymous().get(inline.displayUrl!)).status).toBe(200);

    // In use: cannot be deleted.
    const del = await editor.del(`/api/media/${cover.id}`);
    expect(del.status).toBe(409);

    expect((await editor.post(`/api/works/${id}/withdraw`)).status).toBe(200);
    expect((await anonymous().get(video.url)).status).toBe(401);
  });

  it('renames, lists with filters, exports and deletes unused files with their stored copies', async () => {
    const m = (await upload(await png(), '待删除.png')).body;
    const renamed = await member.patch<Media>(`/api/media/${m.id}`, {
      name: '改名.png',
      alt: '蓝色方块',
    });
    expect(renamed.body.name).toBe('改名.png');
    expect((await outsider.patch(`/api/media/${m.id}`, { name: 'x' })).status).toBe(404);
    const list = await editor.get<{ items: (Media & { uses: number })[]; total: number }>(
      '/api/media?kind=IMAGE&q=改名',
    );
    expect(list.body.items.map((i) => i.id)).toEqual([m.id]);
    const outsiderList = await outsider.get<{ items: Media[] }>('/api/media?q=改名');
    expect(outsiderList.body.items).toEqual([]);
    const xlsx = await editor.get('/api/media/export?kind=VIDEO');
    expect(xlsx.status).toBe(200);
    expect(bin(xlsx).subarray(0, 2).toString()).toBe('PK');

    // The uploader's own data export lists the file (and the works they wrote).
    const mine = await member.get<{ uploads: { id: string }[]; works: { title: string }[] }>(
      '/api/me/export',
    );
    expect(mine.body.uploads.map((u) => u.id)).toContain(m.id);
    expect(mine.body.works.map((w) => w.title)).toContain('滑坡避险微视频');
    const before = storedFiles(env).length;
    expect((await member.del(`/api/media/${m.id}`)).status).toBe(200);
    expect(storedFiles(env).length).toBe(before - 3);
    expect((await member.get(`/api/media/${m.id}`)).status).toBe(404);
  });

  it('a child unit cannot publish a parent unit’s private file by using its id', async () => {
    const parent = await buildOrganisation(admin, env.rootId, { name: '媒体上级单位' });
    const child = await buildOrganisation(admin, parent.id, { name: '媒体下级单位' });
    const parentEditor = (await buildUserWithRole(env, admin, 'EDITOR', parent.id)).agent;
    const parentMember = (await buildUserWithRole(env, admin, 'MEMBER', parent.id)).agent;
    const childEditor = (await buildUserWithRole(env, admin, 'EDITOR', child.id)).agent;
    const secret = (await upload(await png(), '内部资料.png', parentEditor, parent.id)).body;
    const work = (title: string, coverId: string) => ({
      organisationId: child.id,
      type: 'GRAPHIC',
      title,
      coverId,
    });

    // The child's editor cannot even read it: as for a file that does not exist.
    const asCover = await childEditor.post('/api/works', work('借用上级封面', secret.id));
    expect(asCover.status).toBe(400);
    expect(err(asCover).details?.fields?.map((f) => f.field)).toEqual(['coverId']);
    const own = await childEditor.post<{ id: string }>('/api/works', {
      organisationId: child.id,
      type: 'GRAPHIC',
      title: '下级单位的作品',
    });
    const later = await childEditor.patch(`/api/works/${own.body.id}`, { coverId: secret.id });
    expect(later.status).toBe(400);
    expect(err(later).details?.fields?.map((f) => f.field)).toEqual(['coverId']);
    const inText = await childEditor.patch(`/api/works/${own.body.id}`, {
      body: `<p><img src="${secret.displayUrl}" alt="x"></p>`,
    });
    expect(err(inText).details?.fields?.map((f) => f.field)).toEqual(['body']);
    const collection = await childEditor.post('/api/collections', {
      organisationId: child.id,
      kind: 'TOPIC',
      title: '借用上级封面的专题',
      coverId: secret.id,
    });
    expect(collection.status).toBe(400);
    expect(err(collection).details?.fields?.map((f) => f.field)).toEqual(['coverId']);

    // One of the parent's members may read it but not make it public: 422 naming the field.
    const member = await parentMember.post('/api/works', work('上级成员借用封面', secret.id));
    expect(member.status).toBe(422);
    expect(err(member).details?.fields?.map((f) => f.field)).toEqual(['coverId']);
    expect(err(member).message).toContain('无权将其公开');

    // Nothing made it public.
    expect((await anonymous().get(secret.url)).status).toBe(401);
    expect((await anonymous().get(secret.thumbUrl!)).status).toBe(401);
    expect((await childEditor.get(secret.url)).status).toBe(404);
    // The parent's editor may lend it to the child (their own decision).
    const lent = await parentEditor.post('/api/works', work('上级提供的封面', secret.id));
    expect(lent.status).toBe(201);
  });

  it('needs the right to upload for the unit, and a signed-in CSRF token', async () => {
    expect((await upload(await png(), 'x.png', outsider, unit.id)).status).toBe(403);
    const anon = await anonymous().upload(
      `/api/media?organisationId=${unit.id}&name=x.png`,
      await png(),
    );
    expect(anon.status).toBe(401);
    const json = await member.post(`/api/media?organisationId=${unit.id}&name=x.png`, { a: 1 });
    expect(json.status).toBe(415);
  });
});
